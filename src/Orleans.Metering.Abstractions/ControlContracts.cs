namespace Orleans.Metering.Abstractions;

/// <summary>The explicit life of an EndDeviceControl. Final states: Executed, Failed, Expired, Cancelled.</summary>
[GenerateSerializer, Alias("metering.ControlState")]
public enum ControlState
{
    Accepted = 0,
    Scheduled = 1,
    Dispatched = 2,
    Executed = 3,
    Failed = 4,
    Expired = 5,
    Cancelled = 6,
}

public static class ControlStates
{
    public static bool IsFinal(this ControlState state) =>
        state is ControlState.Executed or ControlState.Failed or ControlState.Expired or ControlState.Cancelled;
}

/// <summary>Where and how to deliver the asynchronous outcome of a request (Header.ReplyAddress).</summary>
[GenerateSerializer, Alias("metering.ReplyRoute")]
public sealed record ReplyRoute(
    [property: Id(0)] string Address,
    [property: Id(1)] string CorrelationId,
    [property: Id(2)] string Framing);

/// <summary>A control to apply to one EndDevice, as the gateway hands it to the device grain.</summary>
[GenerateSerializer, Alias("metering.ControlRequest")]
public sealed record ControlRequest
{
    /// <summary>mRID of the EndDeviceControl (from the message, or generated).</summary>
    [Id(0)] public required string ControlId { get; init; }

    /// <summary>EndDeviceControlType code, e.g. 3.31.0.23.</summary>
    [Id(1)] public required string ControlType { get; init; }
    [Id(2)] public required MessageKey Message { get; init; }
    [Id(3)] public string? Reason { get; init; }
    [Id(4)] public DateTimeOffset? StartDateTime { get; init; }
    [Id(5)] public string? IssuerID { get; init; }
    [Id(6)] public string? IssuerTrackingID { get; init; }
    [Id(7)] public ReplyRoute? ReplyTo { get; init; }
}

/// <summary>Where a control stands now.</summary>
[GenerateSerializer, Alias("metering.ControlStatus")]
public sealed record ControlStatus
{
    [Id(0)] public required string ControlId { get; init; }
    [Id(1)] public required string DeviceId { get; init; }
    [Id(2)] public required string ControlType { get; init; }
    [Id(3)] public ControlState State { get; init; }
    [Id(4)] public DateTimeOffset AcceptedAt { get; init; }
    [Id(5)] public DateTimeOffset? DispatchedAt { get; init; }
    [Id(6)] public DateTimeOffset? CompletedAt { get; init; }
    [Id(7)] public string? FailureReason { get; init; }

    /// <summary>mRID of the EndDeviceEvent that closed the control, when final.</summary>
    [Id(8)] public string? OutcomeEventId { get; init; }

    /// <summary>EndDeviceEventType of that event.</summary>
    [Id(9)] public string? OutcomeEventType { get; init; }
    [Id(10)] public string? Reason { get; init; }
    [Id(11)] public DateTimeOffset? StartDateTime { get; init; }
    [Id(12)] public ReplyRoute? ReplyTo { get; init; }
    [Id(13)] public string? IssuerTrackingID { get; init; }
}

/// <summary>The device grain's answer to a control: accepted (with its status) or refused.</summary>
[GenerateSerializer, Alias("metering.ControlAcceptance")]
public sealed record ControlAcceptance(
    [property: Id(0)] CommandOutcome Outcome,
    [property: Id(1)] ControlStatus? Control);

/// <summary>What the head-end reports back for a control it executed.</summary>
[GenerateSerializer, Alias("metering.ControlOutcome")]
public sealed record ControlOutcome(
    [property: Id(0)] string ControlId,
    [property: Id(1)] bool Succeeded,
    [property: Id(2)] SwitchState SwitchAfter,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] string? Reason = null);
