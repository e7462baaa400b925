using Orleans.Metering.Abstractions;
using Orleans.Metering.Cim.Codes;
using Orleans.Metering.Cim.Documents;
using Orleans.Metering.Storage;

namespace Orleans.Metering.Gateway;

/// <summary>
/// What a reply says about a control, in one place for the synchronous answer of create
/// EndDeviceControls and the asynchronous reply from the outbox: the same Result, Error and event for
/// the same outcome. The event is the one the device grain stored when the control ended (what get
/// EndDeviceEvents returns too), never one rebuilt from the control's status.
/// </summary>
public static class ControlOutcomes
{
    /// <summary>
    /// Adds <paramref name="control"/> to <paramref name="replies"/> (executed: success; failed: 5.3;
    /// expired without an outcome: 4.1, request timed out; cancelled: 6.5; each naming the EndDevice;
    /// not final yet: 0.3, the outcome follows) and, when final,
    /// <paramref name="closingEvent"/> to <paramref name="events"/>.
    /// </summary>
    public static void Report(ControlStatus control, DeviceEvent? closingEvent, ReplyCollector replies, EndDeviceEventsDocument events)
    {
        ArgumentNullException.ThrowIfNull(control);
        ArgumentNullException.ThrowIfNull(replies);
        ArgumentNullException.ThrowIfNull(events);
        var about = $"EndDeviceControl {control.ControlId} ({control.ControlType}) for EndDevice {control.DeviceId}";
        switch (control.State)
        {
            case ControlState.Executed:
                replies.Succeeded();
                break;
            case ControlState.Failed or ControlState.Expired or ControlState.Cancelled:
                var code = control.State switch
                {
                    ControlState.Expired => ReplyCode.TimedOut,
                    ControlState.Cancelled => ReplyCode.CancelledByUser,
                    _ => ReplyCode.AttemptedAndFailed,
                };
                replies.Fail(code, $"{about} {control.State.ToString().ToLowerInvariant()}: {control.FailureReason}", control.DeviceId, "EndDevice");
                break;
            default:
                replies.Inform(ReplyCode.Acknowledged.Code, $"{about} is {control.State}; the outcome follows as an EndDeviceEvent", control.DeviceId, "EndDevice");
                return;
        }

        if (closingEvent is not null)
        {
            events.Events.Add(CimMapping.ToDocument(closingEvent));
        }
    }

    /// <summary>
    /// The stored event that closed a final control (the grain stores it before the control counts as
    /// final), or null when the control is not final or the event is not found.
    /// </summary>
    public static async Task<DeviceEvent?> ClosingEvent(IEventStore store, ControlStatus control, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(control);
        if (control is not { OutcomeEventId: { } eventId, OutcomeEventType: { } eventType, CompletedAt: { } at })
        {
            return null;
        }

        // The event is created at the completion time; the store's period is [From, To).
        var found = await store.Query(new EventQuery { DeviceIds = [control.DeviceId], EventTypes = [eventType], From = at, To = at.AddTicks(1), Limit = 100 }, cancellationToken);
        return found.FirstOrDefault(e => e.EventId == eventId);
    }
}
