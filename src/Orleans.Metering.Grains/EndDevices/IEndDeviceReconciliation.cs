using Orleans.Metering.Abstractions;

namespace Orleans.Metering.Grains.EndDevices;

/// <summary>
/// The device grain's own callback for reconciliation: the head-end is asked outside the grain's turn,
/// so outcome reports and new controls are never queued behind a slow ping, and the answer comes back
/// as an ordinary call. Not for other callers.
/// </summary>
[Alias("metering.IEndDeviceReconciliation")]
public interface IEndDeviceReconciliation : IGrainWithStringKey
{
    /// <summary>The device's answer to one ping, applied to every control that awaited it.</summary>
    [Alias("ApplyDeviceAnswer")]
    Task ApplyDeviceAnswer(bool reachable, SwitchState switchNow);
}
