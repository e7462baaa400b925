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

    /// <summary>
    /// How many series the writer remembers (id and latest stored timestamp, ~200 bytes each) before
    /// it forgets them all and learns them again (one query per batch for the series it does not know).
    /// </summary>
    public int MaxCachedSeries { get; set; } = 1_000_000;
}
