using Orleans.Metering.Abstractions;
using Orleans.Metering.Cim.Codes;

namespace Orleans.Metering.Grains.EndDevices;

/// <summary>The one place that builds the EndDeviceEvent closing a control, whichever path ends it.</summary>
public static class ControlEvents
{
    public const string Issuer = "Orleans.Metering";

    /// <summary>
    /// The event of <paramref name="control"/> ending in <paramref name="final"/>: the mapping's success
    /// or failure code, keyed by control so that a repeated close stores nothing new.
    /// </summary>
    public static DeviceEvent Closing(ControlStatus control, SwitchControl mapping, ControlState final, DateTimeOffset at, string? reason)
    {
        ArgumentNullException.ThrowIfNull(control);
        ArgumentNullException.ThrowIfNull(mapping);
        var eventType = (final == ControlState.Executed ? mapping.Succeeded : mapping.Failed).ToString();
        return new DeviceEvent
        {
            EventId = control.ControlId + ":" + eventType,
            DeviceId = control.DeviceId,
            EventType = eventType,
            CreatedDateTime = at,
            Reason = reason ?? Description(eventType),
            Severity = final == ControlState.Executed ? "info" : "warning",
            IssuerID = Issuer,
            IssuerTrackingID = control.IssuerTrackingID ?? control.ControlId,
            Details = [new EventDetail("ControlId", control.ControlId), new EventDetail("ControlType", control.ControlType), new EventDetail("ControlState", final.ToString())],
        };
    }

    /// <summary>The control as it ends: final state, times and the event that closed it.</summary>
    public static ControlStatus Finished(ControlStatus control, ControlState final, DateTimeOffset at, string? reason, DeviceEvent closing)
    {
        ArgumentNullException.ThrowIfNull(control);
        ArgumentNullException.ThrowIfNull(closing);
        return control with
        {
            State = final,
            CompletedAt = at,
            FailureReason = final == ControlState.Executed ? null : reason,
            OutcomeEventId = closing.EventId,
            OutcomeEventType = closing.EventType,
        };
    }

    private static string Description(string code) =>
        EndDeviceEventType.TryParse(code, out var type) ? type.Description : code;
}
