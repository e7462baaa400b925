using Orleans.Metering.Abstractions.Options;

namespace Orleans.Metering.Storage.Postgres;

/// <summary>How the PostgreSQL readings writer groups callers' writes into transactions (one COPY each).</summary>
public sealed class PostgresReadingStoreOptions
{
    /// <summary>
    /// A transaction takes queued writes until it holds this many values. A single write larger
    /// than this still goes whole into one transaction: a caller's write is never split.
    /// </summary>
    [Positive]
    public int MaxBatchValues { get; set; } = 50_000;

    /// <summary>
    /// After the first write of a batch is taken, how long to wait for more writes to join it
    /// (zero: take only what is already queued). Zero by default: the writer pipelines its batches
    /// (the next one is written while the previous COMMIT is flushed), so writes arriving meanwhile
    /// form the next batch by themselves; a wait only adds latency (measured: 2 ms cost a third of
    /// the throughput of 32 writers of 96 values).
    /// </summary>
    [NotNegative]
    public TimeSpan MaxWait { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// How many series the writer remembers (id and latest stored timestamp, ~200 bytes each) before
    /// it forgets them all and learns them again (one query per batch for the series it does not know).
    /// </summary>
    [Positive]
    public int MaxCachedSeries { get; set; } = 1_000_000;
}
