namespace Orleans.Metering.Abstractions;

/// <summary>An EndDeviceEvent as the platform stores and streams it.</summary>
[GenerateSerializer, Alias("metering.DeviceEvent")]
public sealed record DeviceEvent
{
    /// <summary>mRID of the event; unique, so that storing it twice is a no-op.</summary>
    [Id(0)] public required string EventId { get; init; }
    [Id(1)] public required string DeviceId { get; init; }

    /// <summary>EndDeviceEventType code, e.g. 3.31.0.68.</summary>
    [Id(2)] public required string EventType { get; init; }
    [Id(3)] public required DateTimeOffset CreatedDateTime { get; init; }
    [Id(4)] public string? Reason { get; init; }
    [Id(5)] public string? Severity { get; init; }
    [Id(6)] public string? IssuerID { get; init; }
    [Id(7)] public string? IssuerTrackingID { get; init; }
    [Id(8)] public string? UserID { get; init; }
    [Id(9)] public IReadOnlyList<EventDetail> Details { get; init; } = [];
    [Id(10)] public string? UsagePointId { get; init; }
}

[GenerateSerializer, Alias("metering.EventDetail")]
public sealed record EventDetail([property: Id(0)] string Name, [property: Id(1)] string? Value);

/// <summary>A query over stored events; empty lists mean "any".</summary>
[GenerateSerializer, Alias("metering.EventQuery")]
public sealed record EventQuery
{
    [Id(0)] public IReadOnlyList<string> DeviceIds { get; init; } = [];
    [Id(1)] public IReadOnlyList<string> EventTypes { get; init; } = [];
    [Id(2)] public DateTimeOffset? From { get; init; }
    [Id(3)] public DateTimeOffset? To { get; init; }
    [Id(4)] public int Limit { get; init; } = 10_000;
}
