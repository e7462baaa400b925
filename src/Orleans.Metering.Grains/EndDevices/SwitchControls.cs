using Orleans.Metering.Abstractions;
using Orleans.Metering.Cim.Codes;

namespace Orleans.Metering.Grains.EndDevices;

/// <summary>What a supported control does to the switch, and which EndDeviceEvent reports its outcome.</summary>
public sealed record SwitchControl(SwitchState Target, EndDeviceEventType Succeeded, EndDeviceEventType Failed);

/// <summary>
/// The RCDSwitch controls the platform executes (Annex F: domain 31, subdomain 0), keyed by
/// action. The device-type part of the control is carried over to the events, so a control
/// 3.31.0.23 ends in 3.31.0.68 and a control 0.31.0.23 in 0.31.0.68.
/// </summary>
public static class SwitchControls
{
    private const int RcdSwitch = 31;

    // EndDeviceEventOrAction numbers (Annex E.4).
    private const int Connect = 18, Disconnect = 23, ArmForClosure = 5, ArmForOpen = 6;
    private const int Connected = 42, Disconnected = 68, ConnectFailed = 67, DisconnectFailed = 84;
    private const int ArmedForClosure = 11, ArmedForOpen = 12, Failed = 85;

    /// <summary>The switch control for <paramref name="controlType"/>, or null when the platform does not execute it.</summary>
    public static SwitchControl? Find(string controlType)
    {
        if (!EndDeviceControlType.TryParse(controlType, out var code) || code.Domain != RcdSwitch || code.Subdomain != 0)
        {
            return null;
        }

        EndDeviceEventType Event(int action) => new(code.Type, RcdSwitch, 0, action);
        return code.EventOrAction switch
        {
            Connect => new(SwitchState.Connected, Event(Connected), Event(ConnectFailed)),
            Disconnect => new(SwitchState.Disconnected, Event(Disconnected), Event(DisconnectFailed)),
            ArmForClosure => new(SwitchState.ArmedForClosure, Event(ArmedForClosure), Event(Failed)),
            ArmForOpen => new(SwitchState.ArmedForOpen, Event(ArmedForOpen), Event(Failed)),
            _ => null,
        };
    }
}
