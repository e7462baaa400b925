using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Metering.Abstractions;
using Orleans.Metering.Cim.Codes;
using Orleans.Metering.Grains.Readings;
using Orleans.Metering.Storage;
using Orleans.Metering.Storage.Readings;
using Orleans.Runtime;

namespace Orleans.Metering.Grains.EndDevices;

/// <summary>
/// One EndDevice: master data, switch state and the controls applied to it. Every effect is
/// written together with the memo of the message that caused it; controls are persisted before
/// they are dispatched and reconciled with the device after a restart.
/// </summary>
public sealed partial class EndDeviceGrain(
    [PersistentState("device", MeteringStreams.GrainStorage)] IPersistentState<EndDeviceState> state,
    IHeadEndAdapter headEnd,
    IEventStore eventStore,
    IReplyOutbox outbox,
    IReadingStore readings,
    TimeProvider time,
    IOptions<EndDeviceOptions> options,
    IOptions<ReadingValidationOptions> validation,
    ILogger<EndDeviceGrain> logger) : Grain, IEndDeviceGrain
{
    private readonly Dictionary<string, List<TaskCompletionSource<ControlStatus>>> waiters = new(StringComparer.Ordinal);
    private IGrainTimer? reconcileTimer;
    private DateTimeOffset reconcileDueAt;
    private DateTimeOffset lastStateWrite;
    private bool stateDirty;

    private string DeviceId => this.GetPrimaryKeyString();

    private EndDeviceState S => state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (S.Controls.Any(c => !c.State.IsFinal()))
        {
            EnsureReconcileTimer(TimeSpan.FromSeconds(1));
        }

        return Task.CompletedTask;
    }

    public async Task<CommandOutcome> Create(EndDeviceRegistration registration, MessageKey message)
    {
        ArgumentNullException.ThrowIfNull(registration);
        if (Replayed(message) is { } replay)
        {
            return replay;
        }

        if (S.Registration is { } existing)
        {
            return SameData(existing, registration with { MRID = DeviceId })
                ? await Remember(message, CommandOutcome.Ok(ReplyCode.NoErrors.Code, $"EndDevice {DeviceId} is already registered with the same data"))
                : CommandOutcome.Fail(ReplyCode.InvalidEndDevice.Code, $"EndDevice {DeviceId} already exists; use change MeterConfig to modify it");
        }

        S.Registration = registration with { MRID = DeviceId };
        S.RegisteredAt = time.GetUtcNow();
        S.Switch = SwitchState.Unknown;
        return await Remember(message, CommandOutcome.Ok(ReplyCode.NoErrors.Code, $"EndDevice {DeviceId} registered"));
    }

    public async Task<CommandOutcome> Change(EndDeviceRegistration registration, MessageKey message)
    {
        ArgumentNullException.ThrowIfNull(registration);
        if (Replayed(message) is { } replay)
        {
            return replay;
        }

        if (S.Registration is not { } existing)
        {
            return CommandOutcome.Fail(ReplyCode.InvalidEndDevice.Code, $"EndDevice {DeviceId} is not registered");
        }

        S.Registration = Merge(existing, registration);
        S.ChangedAt = time.GetUtcNow();
        return await Remember(message, CommandOutcome.Ok(ReplyCode.NoErrors.Code, $"EndDevice {DeviceId} changed"));
    }

    public Task<EndDeviceSnapshot?> GetSnapshot() => Task.FromResult(
        S.Registration is { } r ? new EndDeviceSnapshot(r, S.Switch, S.RegisteredAt, S.ChangedAt, [.. S.Controls]) : null);

    public async Task<ControlAcceptance> SubmitControl(ControlRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (S.Memo.Find(request.Message) is { } seen)
        {
            var outcome = seen.ContentDigest == request.Message.ContentDigest
                ? seen.Outcome with { Duplicate = true }
                : ConflictingReplay(request.Message);
            return new ControlAcceptance(outcome, seen.ControlId is null ? null : FindControl(seen.ControlId));
        }

        if (S.Registration is null)
        {
            return new(CommandOutcome.Fail(ReplyCode.InvalidEndDevice.Code, $"EndDevice {DeviceId} is not registered"), null);
        }

        if (SwitchControls.Find(request.ControlType) is null)
        {
            return new(CommandOutcome.Fail(ReplyCode.InvalidValue.Code, $"EndDeviceControlType {request.ControlType} is not supported for EndDevice {DeviceId}"), null);
        }

        if (FindControl(request.ControlId) is not null)
        {
            return new(CommandOutcome.Fail(ReplyCode.InvalidValue.Code, $"EndDeviceControl {request.ControlId} already exists for EndDevice {DeviceId}"), null);
        }

        var now = time.GetUtcNow();
        if (S.Controls.Count(c => !c.State.IsFinal()) >= options.Value.MaxOpenControls)
        {
            return new(CommandOutcome.Fail(ReplyCode.TooManyPendingRequests.Code,
                $"EndDevice {DeviceId} already has {options.Value.MaxOpenControls} controls in progress; EndDeviceControl {request.ControlId} refused, send it again when they end"), null);
        }

        if (request.StartDateTime > now + options.Value.MaxScheduleAhead)
        {
            return new(CommandOutcome.Fail(ReplyCode.InvalidValue.Code,
                $"EndDeviceControl {request.ControlId} starts {request.StartDateTime:O}, more than {options.Value.MaxScheduleAhead.TotalDays:0} days ahead"), null);
        }

        var scheduled = request.StartDateTime is { } start && start > now;
        var control = new ControlStatus
        {
            ControlId = request.ControlId,
            DeviceId = DeviceId,
            ControlType = request.ControlType,
            State = scheduled ? ControlState.Scheduled : ControlState.Accepted,
            AcceptedAt = now,
            Reason = request.Reason,
            StartDateTime = request.StartDateTime,
            ReplyTo = request.ReplyTo,
            IssuerTrackingID = request.IssuerTrackingID,
        };
        S.Controls.Add(control);
        var accepted = CommandOutcome.Ok(ReplyCode.Acknowledged.Code, $"EndDeviceControl {control.ControlId} accepted for EndDevice {DeviceId}");
        S.Memo.Remember(new MemoEntry(request.Message.Source, request.Message.MessageId, request.Message.ContentDigest, accepted, control.ControlId, now));
        await WriteState();

        if (scheduled)
        {
            EnsureReconcileTimer(request.StartDateTime!.Value - now);
        }
        else
        {
            await Dispatch(control);
        }

        EnsureReconcileTimer(options.Value.ControlTimeout);
        return new(accepted, FindControl(control.ControlId));
    }

    public async Task<ControlStatus?> WaitForControl(string controlId, TimeSpan timeout)
    {
        var control = FindControl(controlId);
        if (control is null || control.State.IsFinal() || timeout <= TimeSpan.Zero)
        {
            return control;
        }

        var done = new TaskCompletionSource<ControlStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!waiters.TryGetValue(controlId, out var list))
        {
            waiters[controlId] = list = [];
        }

        list.Add(done);
        using var cts = new CancellationTokenSource();
        var finished = await Task.WhenAny(done.Task, Task.Delay(timeout, time, cts.Token));
        await cts.CancelAsync();
        list.Remove(done);
        return finished == done.Task ? await done.Task : FindControl(controlId);
    }

    public Task<ControlStatus?> GetControl(string controlId) => Task.FromResult(FindControl(controlId));

    public async Task ReportOutcome(ControlOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var control = FindControl(outcome.ControlId);
        if (control is { State: ControlState.Expired } && outcome.Succeeded)
        {
            // The control stays expired (it ends once), but the device did move: the switch follows the device.
            var target = SwitchControls.Find(control.ControlType)!.Target;
            S.Switch = outcome.SwitchAfter == SwitchState.Unknown ? target : outcome.SwitchAfter;
            await WriteState();
            LogLateOutcome(logger, control.ControlId, DeviceId, S.Switch);
            return;
        }

        if (control is null || control.State.IsFinal())
        {
            return; // unknown or already final: a late or repeated report changes nothing
        }

        await Complete(control, outcome.Succeeded ? ControlState.Executed : ControlState.Failed, outcome.SwitchAfter, outcome.At, outcome.Reason);
    }

    private async Task Dispatch(ControlStatus control)
    {
        var target = SwitchControls.Find(control.ControlType)!.Target;
        try
        {
            await headEnd.Execute(new HeadEndCommand(DeviceId, control.ControlId, control.ControlType, target));
        }
#pragma warning disable CA1031 // any head-end failure ends the control as Failed, with the reason
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogDispatchFailed(logger, e, control.ControlId, DeviceId);
            await Complete(control, ControlState.Failed, S.Switch, time.GetUtcNow(), "Head-end refused the command: " + e.Message);
            return;
        }

        // Dispatched is kept in memory; after a restart the persisted Accepted state is reconciled with the device.
        var dispatchedAt = time.GetUtcNow();
        MeteringMetrics.ControlDispatch.Record((dispatchedAt - control.AcceptedAt).TotalMilliseconds);
        Replace(control with { State = ControlState.Dispatched, DispatchedAt = dispatchedAt });
    }

    /// <summary>Ends a control: event stored first, reply queued, state written, then the event published.</summary>
    private async Task Complete(ControlStatus control, ControlState final, SwitchState switchAfter, DateTimeOffset at, string? reason)
    {
        var mapping = SwitchControls.Find(control.ControlType)!;
        var eventType = (final == ControlState.Executed ? mapping.Succeeded : mapping.Failed).ToString();
        var deviceEvent = new DeviceEvent
        {
            EventId = control.ControlId + ":" + eventType,
            DeviceId = DeviceId,
            EventType = eventType,
            CreatedDateTime = at,
            Reason = reason ?? EventTypeDescription(eventType),
            Severity = final == ControlState.Executed ? "info" : "warning",
            IssuerID = "Orleans.Metering",
            IssuerTrackingID = control.IssuerTrackingID ?? control.ControlId,
            Details = [new EventDetail("ControlId", control.ControlId), new EventDetail("ControlType", control.ControlType), new EventDetail("ControlState", final.ToString())],
        };
        await eventStore.Append([deviceEvent]);

        var finished = control with
        {
            State = final,
            CompletedAt = at,
            FailureReason = final == ControlState.Executed ? null : reason,
            OutcomeEventId = deviceEvent.EventId,
            OutcomeEventType = eventType,
        };
        if (control.ReplyTo is { } route)
        {
            var notice = new ControlOutcomeNotice(route, finished, deviceEvent);
            await outbox.Enqueue(new OutboxItem($"{DeviceId}/{finished.ControlId}:reply", route.Address, ControlOutcomeNotice.Kind, StoreJson.Serialize(notice), 0, at, time.GetUtcNow()));
        }

        Replace(finished);
        MeteringMetrics.Controls.Add(1, new KeyValuePair<string, object?>("state", final.ToString()));
        if (final == ControlState.Executed)
        {
            // A head-end that reports success without the switch position still moved it to the target.
            S.Switch = switchAfter == SwitchState.Unknown ? mapping.Target : switchAfter;
        }
        else if (switchAfter != SwitchState.Unknown)
        {
            S.Switch = switchAfter;
        }

        TrimFinalControls();
        await WriteState();
        await Publish(deviceEvent);

        if (waiters.Remove(control.ControlId, out var list))
        {
            foreach (var waiter in list)
            {
                waiter.TrySetResult(finished);
            }
        }
    }

    private async Task Publish(DeviceEvent deviceEvent)
    {
        try
        {
            var stream = this.GetStreamProvider(MeteringStreams.Provider)
                .GetStream<DeviceEvent>(StreamId.Create(MeteringStreams.EndDeviceEvents, DeviceId));
            await stream.OnNextAsync(deviceEvent);
        }
#pragma warning disable CA1031 // the event is already durable; live fan-out failing must not fail the control
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogPublishFailed(logger, e, deviceEvent.EventId);
        }
    }

    /// <summary>
    /// Brings open controls to a true state: due scheduled controls are dispatched; controls with
    /// no outcome are checked against the device (switch already at target = executed) and
    /// re-dispatched or, past the timeout, expired.
    /// </summary>
    private async Task Reconcile()
    {
        var now = time.GetUtcNow();
        foreach (var control in S.Controls.Where(c => !c.State.IsFinal()).ToList())
        {
            var target = SwitchControls.Find(control.ControlType)!.Target;
            switch (control.State)
            {
                case ControlState.Scheduled when control.StartDateTime <= now:
                    await Dispatch(control);
                    break;
                case ControlState.Accepted:
                case ControlState.Dispatched when now - (control.DispatchedAt ?? control.AcceptedAt) >= options.Value.ControlTimeout:
                    var ping = await PingOrUnreachable();
                    if (ping.Reachable && ping.Switch == target)
                    {
                        await Complete(control, ControlState.Executed, target, now, "Reconciled: the device reports the switch in the requested state");
                    }
                    else if (now - control.AcceptedAt >= options.Value.ControlTimeout)
                    {
                        await Complete(control, ControlState.Expired, ping.Reachable ? ping.Switch : SwitchState.Unknown, now,
                            $"No outcome from the head-end within {options.Value.ControlTimeout}; the control expired");
                    }
                    else if (control.State == ControlState.Accepted)
                    {
                        await Dispatch(control);
                    }

                    break;
            }
        }

        if (S.Controls.All(c => c.State.IsFinal()))
        {
            reconcileTimer?.Dispose();
            reconcileTimer = null;
            return;
        }

        // A tick before a scheduled start (the periodic tick, or a timer firing a little early) must not
        // leave that control waiting for the next period: the timer comes back at the start.
        // Any control still Scheduled starts after the loop's "now"; the delay counts from the time after
        // the loop (which may have waited for the head-end), and a start that passed meanwhile fires at once.
        if (S.Controls.Where(c => c.State == ControlState.Scheduled).Min(c => c.StartDateTime) is { } next)
        {
            EnsureReconcileTimer(next - time.GetUtcNow());
        }
    }

    /// <summary>The device as the head-end sees it; a head-end that cannot be asked counts as "device unreachable".</summary>
    private async Task<DevicePing> PingOrUnreachable()
    {
        try
        {
            return await headEnd.Ping(DeviceId);
        }
#pragma warning disable CA1031 // a failing head-end must not stop reconciliation: controls still expire on time
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogPingFailed(logger, e, DeviceId);
            return new DevicePing(DeviceId, false, SwitchState.Unknown);
        }
    }

    /// <summary>Makes the reconcile timer fire no later than <paramref name="due"/> from now (never postpones it).</summary>
    private void EnsureReconcileTimer(TimeSpan due)
    {
        var period = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(250).Ticks, options.Value.ControlTimeout.Ticks / 4));
        due = due < TimeSpan.Zero ? TimeSpan.Zero : due < period ? due : period;
        var dueAt = time.GetUtcNow() + due;
        if (reconcileTimer is null)
        {
            reconcileTimer = this.RegisterGrainTimer(_ => OnReconcileTimer(period), new GrainTimerCreationOptions(due, period) { KeepAlive = true });
            reconcileDueAt = dueAt;
        }
        else if (dueAt < reconcileDueAt)
        {
            reconcileTimer.Change(due, period);
            reconcileDueAt = dueAt;
        }
    }

    private Task OnReconcileTimer(TimeSpan period)
    {
        reconcileDueAt = time.GetUtcNow() + period;
        return Reconcile();
    }

    private CommandOutcome? Replayed(MessageKey message) =>
        S.Memo.Find(message) is { } seen
            ? seen.ContentDigest == message.ContentDigest ? seen.Outcome with { Duplicate = true } : ConflictingReplay(message)
            : null;

    private static CommandOutcome ConflictingReplay(MessageKey message) =>
        CommandOutcome.Fail(ReplyCode.InvalidValue.Code,
            $"MessageID {message.MessageId} from {message.Source} was already used for a different request; refused");

    private async Task<CommandOutcome> Remember(MessageKey message, CommandOutcome outcome)
    {
        S.Memo.Remember(new MemoEntry(message.Source, message.MessageId, message.ContentDigest, outcome, null, time.GetUtcNow()));
        await WriteState();
        return outcome;
    }

    private async Task WriteState()
    {
        await state.WriteStateAsync();
        lastStateWrite = time.GetUtcNow();
        stateDirty = false;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (stateDirty)
        {
            await WriteState();
        }
    }

    private ControlStatus? FindControl(string controlId) => S.Controls.Find(c => c.ControlId == controlId);

    private void Replace(ControlStatus control)
    {
        var index = S.Controls.FindIndex(c => c.ControlId == control.ControlId);
        S.Controls[index] = control;
    }

    private void TrimFinalControls()
    {
        var excess = S.Controls.Count(c => c.State.IsFinal()) - options.Value.FinalControlsKept;
        for (var i = 0; i < S.Controls.Count && excess > 0; i++)
        {
            if (S.Controls[i].State.IsFinal())
            {
                S.Controls.RemoveAt(i--);
                excess--;
            }
        }
    }

    /// <summary>Value equality of registrations, Names compared by content (records compare lists by reference).</summary>
    private static bool SameData(EndDeviceRegistration a, EndDeviceRegistration b) =>
        a with { Names = [] } == b with { Names = [] } && a.Names.SequenceEqual(b.Names);

    private static string EventTypeDescription(string code) =>
        EndDeviceEventType.TryParse(code, out var type) ? type.Description : code;

    private static EndDeviceRegistration Merge(EndDeviceRegistration old, EndDeviceRegistration change) => old with
    {
        Names = change.Names.Count > 0 ? change.Names : old.Names,
        SerialNumber = change.SerialNumber ?? old.SerialNumber,
        Type = change.Type ?? old.Type,
        AmrSystem = change.AmrSystem ?? old.AmrSystem,
        Status = change.Status ?? old.Status,
        InstallationDate = change.InstallationDate ?? old.InstallationDate,
        RemovalDate = change.RemovalDate ?? old.RemovalDate,
        RetiredDate = change.RetiredDate ?? old.RetiredDate,
        ManufacturedDate = change.ManufacturedDate ?? old.ManufacturedDate,
        ModelNumber = change.ModelNumber ?? old.ModelNumber,
        Manufacturer = change.Manufacturer ?? old.Manufacturer,
        TimeZoneOffsetMinutes = change.TimeZoneOffsetMinutes ?? old.TimeZoneOffsetMinutes,
        FormNumber = change.FormNumber ?? old.FormNumber,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dispatch of control {ControlId} to {DeviceId} failed")]
    private static partial void LogDispatchFailed(ILogger logger, Exception e, string controlId, string deviceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Head-end ping of {DeviceId} failed; reconciling as unreachable")]
    private static partial void LogPingFailed(ILogger logger, Exception e, string deviceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Control {ControlId} of {DeviceId} succeeded after it expired; switch now {Switch}")]
    private static partial void LogLateOutcome(ILogger logger, string controlId, string deviceId, SwitchState @switch);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing event {EventId} failed; it is stored and can be read back")]
    private static partial void LogPublishFailed(ILogger logger, Exception e, string eventId);
}
