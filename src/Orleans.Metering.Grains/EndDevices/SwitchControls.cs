using Orleans.Metering.Abstractions;
using Orleans.Metering.Cim.Codes;

namespace Orleans.Metering.Grains.EndDevices;

/// <summary>What a supported control does to the switch, and which EndDeviceEvent reports its outcome.</summary>
public sealed record SwitchControl(SwitchState Target, EndDeviceEventType Succeeded, EndDeviceEventType Failed);

/// <summary>
/// The RCDSwitch controls the platform executes (Annex F: domain RCDSwitch, subdomain NA), keyed by
/// action. Every number comes from the code tables (Annex E.2, E.4) by its name there. The
/// device-type part of the control is carried over to the events, so a control 3.31.0.23 ends in
/// 3.31.0.68 and a control 0.31.0.23 in 0.31.0.68.
/// </summary>
public static class SwitchControls
{
    private static readonly int RcdSwitch = EndDeviceCodeParts.Domains.CodeOf("RCDSwitch");
    private static readonly int NoSubdomain = EndDeviceCodeParts.Subdomains.CodeOf("NA");

    /// <summary>Action → (switch target, event on success, event on failure), as named in Annex E.4.</summary>
    private static readonly Dictionary<int, (SwitchState Target, int Succeeded, int Failed)> Actions = new()
    {
        [Action("Connect")] = (SwitchState.Connected, Action("Connected"), Action("ConnectFailed")),
        [Action("Disconnect")] = (SwitchState.Disconnected, Action("Disconnected"), Action("DisconnectFailed")),
        [Action("ArmForClosure")] = (SwitchState.ArmedForClosure, Action("ArmedForClosure"), Action("ArmForClosureFailed")),
        [Action("ArmForOpen")] = (SwitchState.ArmedForOpen, Action("ArmedForOpen"), Action("ArmForOpenFailed")),
    };

    /// <summary>The switch control for <paramref name="controlType"/>, or null when the platform does not execute it.</summary>
    public static SwitchControl? Find(string controlType)
    {
        if (!EndDeviceControlType.TryParse(controlType, out var code) || code.Domain != RcdSwitch || code.Subdomain != NoSubdomain
            || !Actions.TryGetValue(code.EventOrAction, out var action))
        {
            return null;
        }

        return new(action.Target, Event(action.Succeeded), Event(action.Failed));
        EndDeviceEventType Event(int eventOrAction) => new(code.Type, RcdSwitch, NoSubdomain, eventOrAction);
    }

    private static int Action(string name) => EndDeviceCodeParts.EventsOrActions.CodeOf(name);
}
