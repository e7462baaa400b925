namespace Orleans.Metering.Storage.Postgres;

/// <summary>How the PostgreSQL readings writer groups callers' writes into transactions (one COPY each).</summary>
public sealed class PostgresReadingStoreOptions
{
    /// <summary>
    /// A transaction takes queued writes until it holds this many values. A single write larger
    /// than this still goes whole into one transaction: a caller's write is never split.
    /// </summary>
    public int MaxBatchValues { get; set; } = 50_000;

    /// <summary>
    /// After the first write of a batch is taken, how long to wait for more writes to join it
    /// (zero: take only what is already queued).
    /// </summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromMilliseconds(2);
}
