using Microsoft.Extensions.Logging;
using Orleans.Metering.Abstractions;
using Orleans.Runtime;

namespace Orleans.Metering.Grains.EndDevices;

/// <summary>
/// Reconciliation: scheduled controls start on time and controls without an outcome are checked
/// against the device, then executed or expired. A grain timer keeps the exact time while the device
/// is active; an Orleans reminder (durable: ADO.NET on PostgreSQL and SQLite) backs it, so the work
/// happens on another silo when this one dies and nobody calls the device again. The device may
/// deactivate meanwhile: the timer does not keep it alive.
/// </summary>
public sealed partial class EndDeviceGrain
{
    private const string ReminderName = "reconcile";

    /// <summary>How soon the timer comes back while the device is being asked (the answer normally re-arms it first).</summary>
    private static readonly TimeSpan AskAgainAfter = TimeSpan.FromSeconds(5);

    /// <summary>Longest timer due: longer waits are the reminder's (System.Threading timers stop at about 49 days).</summary>
    private static readonly TimeSpan LongestTimer = TimeSpan.FromDays(1);

    /// <summary>A reminder due this much later than needed is left as it is (saves a write per control).</summary>
    private static readonly TimeSpan ReminderSlack = TimeSpan.FromSeconds(2);

    private IGrainTimer? timer;
    private IGrainReminder? reminder;
    private DateTimeOffset? reminderDueAt;
    private bool reminderMayExist;
    private Task? asking;

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ReminderName)
        {
            return;
        }

        reminderMayExist = true;
        reminderDueAt = time.GetUtcNow() + Options.ReminderPeriod;
        await ReconcilePass();
    }

    public async Task ApplyDeviceAnswer(bool reachable, SwitchState switchNow)
    {
        var now = time.GetUtcNow();
        foreach (var control in Controls.Open.Where(c => Controls.AwaitsDevice(c, now)))
        {
            var target = SwitchControls.Find(control.ControlType)!.Target;
            switch (ControlBook.Judge(control, reachable, switchNow, target, now, Options.ControlTimeout))
            {
                case ControlVerdict.Executed:
                    await Complete(control, ControlState.Executed, target, now, "Reconciled: the device reports the switch in the requested state");
                    break;
                case ControlVerdict.Expired:
                    await Complete(control, ControlState.Expired, reachable ? switchNow : SwitchState.Unknown, now,
                        $"No outcome from the head-end within {Options.ControlTimeout}; the control expired");
                    break;
                case ControlVerdict.SendAgain:
                    await Dispatch(control);
                    break;
            }
        }

        await ArmForNext();
    }

    /// <summary>Starts due scheduled controls and asks the device about the controls that await it.</summary>
    private async Task ReconcilePass()
    {
        foreach (var control in Controls.DueToStart(time.GetUtcNow()))
        {
            await Dispatch(control);
        }

        if (Controls.AnyAwaitsDevice(time.GetUtcNow()))
        {
            AskDevice();
        }

        await ArmForNext();
    }

    /// <summary>One ping per pass, run outside the grain's turn; its answer returns through <see cref="ApplyDeviceAnswer"/>.</summary>
    private void AskDevice()
    {
        if (asking is { IsCompleted: false })
        {
            return;
        }

        var self = this.AsReference<IEndDeviceReconciliation>();
        var deviceId = DeviceId;
        asking = Task.Run(async () =>
        {
            var ping = await PingOrUnreachable(deviceId);
            try
            {
                await self.ApplyDeviceAnswer(ping.Reachable, ping.Switch);
            }
#pragma warning disable CA1031 // the timer or the reminder asks again
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogAnswerFailed(logger, e, deviceId);
            }
        });
    }

    /// <summary>The device as the head-end sees it; a head-end that cannot be asked counts as "device unreachable".</summary>
    private async Task<DevicePing> PingOrUnreachable(string deviceId)
    {
        try
        {
            return await headEnd.Ping(deviceId);
        }
#pragma warning disable CA1031 // a failing head-end must not stop reconciliation: controls still expire on time
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogPingFailed(logger, e, deviceId);
            return new DevicePing(deviceId, false, SwitchState.Unknown);
        }
    }

    /// <summary>Sets the timer and the reminder for the next thing the controls need, or drops both when none is open.</summary>
    private async Task ArmForNext()
    {
        var now = time.GetUtcNow();
        if (Controls.NextDue(now) is not { } next)
        {
            timer?.Dispose();
            timer = null;
            await DropReminder();
            return;
        }

        var wake = asking is { IsCompleted: false } && next < now + AskAgainAfter ? now + AskAgainAfter : next;
        ArmTimer(wake - now);
        await EnsureReminder(wake > now + AskAgainAfter ? wake : now + AskAgainAfter);
    }

    private void ArmTimer(TimeSpan due)
    {
        due = due < TimeSpan.Zero ? TimeSpan.Zero : due > LongestTimer ? LongestTimer : due;
        if (timer is null)
        {
            timer = this.RegisterGrainTimer(_ => ReconcilePass(), new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan) { KeepAlive = false });
        }
        else
        {
            timer.Change(due, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Makes the reminder fire no later than <paramref name="due"/> (a write only when it would come later).</summary>
    private async Task EnsureReminder(DateTimeOffset due)
    {
        if (reminderDueAt is { } at && at <= due + ReminderSlack)
        {
            return;
        }

        var now = time.GetUtcNow();
        var dueIn = due > now ? due - now : TimeSpan.Zero;
        try
        {
            reminder = await this.RegisterOrUpdateReminder(ReminderName, dueIn, Options.ReminderPeriod);
            reminderDueAt = now + dueIn;
            reminderMayExist = true;
        }
#pragma warning disable CA1031 // the timer still covers this activation; the next pass registers again
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogReminderFailed(logger, e, DeviceId);
        }
    }

    private async Task DropReminder()
    {
        if (!reminderMayExist)
        {
            return;
        }

        try
        {
            if ((reminder ?? await this.GetReminder(ReminderName)) is { } existing)
            {
                await this.UnregisterReminder(existing);
            }

            reminder = null;
            reminderDueAt = null;
            reminderMayExist = false;
        }
#pragma warning disable CA1031 // it fires later, finds nothing open and tries again
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogReminderFailed(logger, e, DeviceId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Head-end ping of {DeviceId} failed; reconciling as unreachable")]
    private static partial void LogPingFailed(ILogger logger, Exception e, string deviceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The device answer of {DeviceId} could not be applied; the next reconcile pass asks again")]
    private static partial void LogAnswerFailed(ILogger logger, Exception e, string deviceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The reconcile reminder of {DeviceId} could not be written; the timer covers this activation and the next pass tries again")]
    private static partial void LogReminderFailed(ILogger logger, Exception e, string deviceId);
}
