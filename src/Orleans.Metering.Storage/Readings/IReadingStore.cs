using Orleans.Metering.Abstractions;

namespace Orleans.Metering.Storage.Readings;

/// <summary>A reading series: one device (or usage point) and one ReadingType code.</summary>
public sealed record SeriesKey(string DeviceId, string ReadingType);

/// <summary>Values to store for one series.</summary>
public sealed record SeriesWrite(SeriesKey Series, IReadOnlyList<ReadingValue> Values);

/// <summary>What a write did: new values, identical re-sent values, and values that replaced a different one.</summary>
public sealed record WriteOutcome(int Inserted, int Unchanged, int Replaced)
{
    public static readonly WriteOutcome None = new(0, 0, 0);

    public WriteOutcome Add(WriteOutcome other) => new(Inserted + other.Inserted, Unchanged + other.Unchanged, Replaced + other.Replaced);
}

/// <summary>
/// Readings of devices (empty ReadingTypes = all of them) whose timestamp t lies in (After, Through]:
/// with the end-of-interval convention, exactly the intervals inside [start, end) for After = start,
/// Through = end. At most Limit values in all.
/// </summary>
public sealed record ReadingQuery
{
    public required IReadOnlyList<string> DeviceIds { get; init; }
    public IReadOnlyList<string> ReadingTypes { get; init; } = [];
    public DateTimeOffset? After { get; init; }
    public DateTimeOffset? Through { get; init; }
    public int Limit { get; init; } = 100_000;
}

public sealed record SeriesReadings(SeriesKey Series, IReadOnlyList<ReadingValue> Values);

/// <summary>The answer to a query; Truncated when more values matched than the Limit.</summary>
public sealed record ReadingQueryResult(IReadOnlyList<SeriesReadings> Series, bool Truncated);

/// <summary>One version of a stored value; the current one has no ReplacedAt.</summary>
public sealed record ReadingVersion(DateTimeOffset TimeStamp, double Value, string? Qualities, DateTimeOffset RecordedAt, DateTimeOffset? ReplacedAt);

/// <summary>The superseded versions of one series' values, ordered by timestamp, then newest version first.</summary>
public sealed record SeriesPriorVersions(SeriesKey Series, IReadOnlyList<ReadingVersion> Versions);

/// <summary>
/// The durable home of meter readings. Writes from many grains are group-committed: one database
/// transaction carries many callers' values, and each caller's task completes only when its values
/// are durable. Re-sending a value is a no-op; a different value for a stored timestamp replaces it
/// and keeps the earlier one as a prior version.
/// </summary>
public interface IReadingStore
{
    Task<WriteOutcome> Write(IReadOnlyList<SeriesWrite> writes, CancellationToken cancellationToken = default);

    Task<ReadingQueryResult> Query(ReadingQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// The series ever stored for the devices and reading types (empty = all) of <paramref name="query"/>,
    /// in the order of <see cref="Query"/>, whatever their values: its period and Limit are ignored. It tells
    /// "never stored" from "nothing in this period" without reading any value.
    /// </summary>
    Task<IReadOnlyList<SeriesKey>> Series(ReadingQuery query, CancellationToken cancellationToken = default);

    /// <summary>Every version of the value at <paramref name="timeStamp"/>, current first.</summary>
    Task<IReadOnlyList<ReadingVersion>> History(SeriesKey series, DateTimeOffset timeStamp, CancellationToken cancellationToken = default);

    /// <summary>
    /// What changed over a period: every superseded version (one with ReplacedAt set; current values
    /// are not included) of the series and (After, Through] window of <paramref name="query"/>, with
    /// the same device, reading type (empty = all) and window semantics as <see cref="Query"/>.
    /// Series come in the order of <see cref="Query"/> (device, then reading type) and those without
    /// prior versions in the window are left out; within a series, versions are ordered by timestamp,
    /// then newest version first. <see cref="ReadingQuery.Limit"/> bounds the total number of versions
    /// returned: when more matched, the answer is silently cut there, possibly between two versions
    /// of one timestamp. There is no Truncated flag: a caller that gets exactly Limit versions must
    /// treat the answer as possibly incomplete.
    /// </summary>
    Task<IReadOnlyList<SeriesPriorVersions>> PriorVersions(ReadingQuery query, CancellationToken cancellationToken = default);
}
