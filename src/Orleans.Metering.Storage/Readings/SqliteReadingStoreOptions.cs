using Orleans.Metering.Abstractions.Options;

namespace Orleans.Metering.Storage.Readings;

/// <summary>How the SQLite readings writer groups callers' writes into transactions.</summary>
public sealed class SqliteReadingStoreOptions
{
    /// <summary>
    /// A transaction takes queued writes until it holds this many values. A single write larger
    /// than this still goes whole into one transaction: a caller's write is never split.
    /// </summary>
    [Positive]
    public int MaxBatchValues { get; set; } = 50_000;

    /// <summary>
    /// After the first write of a batch is taken, how long to wait for more writes to join it
    /// (zero: take only what is already queued).
    /// </summary>
    [NotNegative]
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromMilliseconds(2);
}

/// <summary>What the group-commit writer has done so far (for benchmarks and diagnostics).</summary>
public sealed record ReadingWriterStats(
    long BatchesCommitted,
    long BatchesFailed,
    long WritesAcknowledged,
    long ValuesWritten,
    int LastBatchWrites,
    int LastBatchValues,
    int LargestBatchWrites)
{
    public static readonly ReadingWriterStats Empty = new(0, 0, 0, 0, 0, 0, 0);
}
