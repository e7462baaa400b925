namespace Orleans.Metering.Abstractions;

/// <summary>
/// The body of an outbox item that reports a control's final state to the requester's
/// ReplyAddress; the gateway renders it as a 61968-100 message when it delivers it.
/// </summary>
public sealed record ControlOutcomeNotice(ReplyRoute Route, ControlStatus Control, DeviceEvent Event)
{
    public const string Kind = "EndDeviceControlOutcome";
}
