namespace Orleans.Metering.Abstractions;

/// <summary>
/// One reading value: for interval data the timestamp is the END of the interval (IEC 61968-9);
/// for register data it is the time of the read. Qualities are ReadingQualityType codes
/// (system.category.index) separated by commas; null means none (valid as delivered).
/// </summary>
[GenerateSerializer, Alias("metering.ReadingValue")]
public readonly record struct ReadingValue(
    [property: Id(0)] DateTimeOffset TimeStamp,
    [property: Id(1)] double Value,
    [property: Id(2)] string? Qualities = null);

/// <summary>Interval data (an IntervalBlock) or register data (Readings).</summary>
[GenerateSerializer, Alias("metering.ReadingKind")]
public enum ReadingKind
{
    Interval = 0,
    Register = 1,
}

/// <summary>
/// The values of one reading type for one meter, as one message carried them. Immutable (never
/// changed once built): a call inside the silo passes it without the deep copy Orleans makes otherwise,
/// which for a day of 15-minute values per meter was a second copy of every value ingested.
/// </summary>
[GenerateSerializer, Immutable, Alias("metering.ReadingSeries")]
public sealed record ReadingSeries(
    [property: Id(0)] string ReadingType,
    [property: Id(1)] ReadingKind Kind,
    [property: Id(2)] IReadOnlyList<ReadingValue> Values);

/// <summary>What one message brings for one meter: one grain call per meter per message. Immutable, as <see cref="ReadingSeries"/>.</summary>
[GenerateSerializer, Immutable, Alias("metering.MeterReadingsIngest")]
public sealed record MeterReadingsIngest
{
    [Id(0)] public required MessageKey Message { get; init; }
    [Id(1)] public string? UsagePointId { get; init; }
    [Id(2)] public required IReadOnlyList<ReadingSeries> Series { get; init; }
}

/// <summary>A part of an ingest that was refused or flagged, naming its reading type.</summary>
[GenerateSerializer, Alias("metering.IngestProblem")]
public sealed record IngestProblem(
    [property: Id(0)] string Code,
    [property: Id(1)] string Reason,
    [property: Id(2)] string? ReadingType = null);

/// <summary>The outcome of an ingest, after the readings store acknowledged it.</summary>
[GenerateSerializer, Alias("metering.IngestResult")]
public sealed record IngestResult
{
    /// <summary>Values new to the store.</summary>
    [Id(0)] public int Stored { get; init; }

    /// <summary>Values identical to what was stored (re-sent data: no-op).</summary>
    [Id(1)] public int Unchanged { get; init; }

    /// <summary>Values that replaced a different stored value (the earlier one is kept as a prior version).</summary>
    [Id(2)] public int Replaced { get; init; }

    /// <summary>Values kept but marked by a validation rule.</summary>
    [Id(3)] public int Flagged { get; init; }

    /// <summary>Parts refused (unknown meter, bad reading type...): one per part.</summary>
    [Id(4)] public IReadOnlyList<IngestProblem> Problems { get; init; } = [];

    [Id(5)] public bool Duplicate { get; init; }
}
