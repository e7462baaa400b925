using Orleans.Metering.Abstractions;

namespace Orleans.Metering.Grains.EndDevices;

/// <summary>
/// The control lifecycle's decisions over one device's controls (<see cref="EndDeviceState.Controls"/>),
/// apart from the grain so that each rule can be read and tested alone: no I/O, no clock of its own.
/// </summary>
public sealed class ControlBook(List<ControlStatus> controls, EndDeviceOptions options)
{
    public ControlStatus? Find(string controlId) => controls.Find(c => c.ControlId == controlId);

    public int OpenCount => controls.Count(c => !c.State.IsFinal());

    public bool AnyOpen => controls.Exists(c => !c.State.IsFinal());

    public IReadOnlyList<ControlStatus> Open => [.. controls.Where(c => !c.State.IsFinal())];

    public void Add(ControlStatus control) => controls.Add(control);

    public void Replace(ControlStatus control) => controls[controls.FindIndex(c => c.ControlId == control.ControlId)] = control;

    /// <summary>Scheduled controls whose start has come.</summary>
    public IReadOnlyList<ControlStatus> DueToStart(DateTimeOffset now) =>
        [.. controls.Where(c => c.State == ControlState.Scheduled && c.StartDateTime <= now)];

    /// <summary>
    /// True when the device must be asked about the control: it was accepted but is not known to be at
    /// the head-end (after a restart), or the head-end has not reported within the control timeout.
    /// </summary>
    public bool AwaitsDevice(ControlStatus control, DateTimeOffset now) => control.State switch
    {
        ControlState.Accepted => true,
        ControlState.Dispatched => now - (control.DispatchedAt ?? control.AcceptedAt) >= options.ControlTimeout,
        _ => false,
    };

    public bool AnyAwaitsDevice(DateTimeOffset now) => controls.Exists(c => AwaitsDevice(c, now));

    /// <summary>
    /// What one answer of the device means for a control that awaited it: executed when the switch is
    /// at the target, expired past the timeout, otherwise nothing yet (an Accepted one is sent again).
    /// </summary>
    public static ControlVerdict Judge(ControlStatus control, bool reachable, SwitchState switchNow, SwitchState target, DateTimeOffset now, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(control);
        if (reachable && switchNow == target)
        {
            return ControlVerdict.Executed;
        }

        if (now - control.AcceptedAt >= timeout)
        {
            return ControlVerdict.Expired;
        }

        return control.State == ControlState.Accepted ? ControlVerdict.SendAgain : ControlVerdict.Wait;
    }

    /// <summary>When the lifecycle next needs the grain: a scheduled start, a control to ask the device about, or a timeout.</summary>
    public DateTimeOffset? NextDue(DateTimeOffset now)
    {
        DateTimeOffset? next = null;
        foreach (var c in controls)
        {
            DateTimeOffset? due = c.State switch
            {
                ControlState.Scheduled => c.StartDateTime ?? now,
                ControlState.Accepted => now,
                ControlState.Dispatched => (c.DispatchedAt ?? c.AcceptedAt) + options.ControlTimeout,
                _ => null,
            };
            if (due < next || next is null)
            {
                next = due ?? next;
            }
        }

        return next;
    }

    /// <summary>Drops final controls beyond <see cref="EndDeviceOptions.FinalControlsKept"/> or older than <see cref="EndDeviceOptions.FinalControlRetention"/>, oldest first.</summary>
    public void TrimFinal(DateTimeOffset now)
    {
        var excess = controls.Count(c => c.State.IsFinal()) - options.FinalControlsKept;
        for (var i = 0; i < controls.Count; i++)
        {
            var c = controls[i];
            if (c.State.IsFinal() && (excess > 0 || now - (c.CompletedAt ?? c.AcceptedAt) > options.FinalControlRetention))
            {
                controls.RemoveAt(i--);
                excess--;
            }
        }
    }
}

/// <summary>What reconciliation decides for one control from the device's answer.</summary>
public enum ControlVerdict
{
    Wait,
    SendAgain,
    Executed,
    Expired,
}
