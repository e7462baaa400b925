using Microsoft.Extensions.Logging;
using Orleans.Metering.Abstractions;
using Orleans.Metering.Cim.Codes;
using Orleans.Metering.Storage;
using Orleans.Runtime;

namespace Orleans.Metering.Grains.EndDevices;

/// <summary>
/// The control lifecycle: accept (persisted before it is dispatched), dispatch to the head-end, and
/// end with exactly one outcome event, reply and state write, whichever path ends it.
/// </summary>
public sealed partial class EndDeviceGrain
{
    private readonly Dictionary<string, List<TaskCompletionSource<ControlStatus>>> waiters = new(StringComparer.Ordinal);

    public async Task<ControlAcceptance> SubmitControl(ControlRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (S.Memo.Find(request.Message) is { } seen)
        {
            var outcome = seen.ContentDigest == request.Message.ContentDigest
                ? seen.Outcome with { Duplicate = true }
                : ConflictingReplay(request.Message);
            return new ControlAcceptance(outcome, seen.ControlId is null ? null : Controls.Find(seen.ControlId));
        }

        if (Refusal(request) is { } refused)
        {
            return new(refused, null);
        }

        var now = time.GetUtcNow();
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
        Controls.Add(control);
        var accepted = CommandOutcome.Ok(ReplyCode.Acknowledged.Code, $"EndDeviceControl {control.ControlId} accepted for EndDevice {DeviceId}");
        RememberOnly(request.Message, accepted, control.ControlId);

        // The durable wake-up is registered beside the state write, so no persisted open control is without one.
        await Task.WhenAll(WriteState(), EnsureReminder(scheduled ? request.StartDateTime!.Value : now + Options.ControlTimeout));
        if (!scheduled)
        {
            await Dispatch(control);
        }

        await ArmForNext();
        return new(accepted, Controls.Find(control.ControlId));
    }

    public Task<CommandOutcome> CheckControl(ControlRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Task.FromResult(Refusal(request)
            ?? CommandOutcome.Ok(ReplyCode.NoErrors.Code, $"EndDeviceControl {request.ControlId} would be accepted for EndDevice {DeviceId}; not executed (Header/Context TESTING)"));
    }

    /// <summary>Why the device cannot take <paramref name="request"/>, or null when it can.</summary>
    private CommandOutcome? Refusal(ControlRequest request)
    {
        if (S.Registration is null)
        {
            return NotRegistered(DeviceId);
        }

        if (SwitchControls.Find(request.ControlType) is null)
        {
            return CommandOutcome.Fail(ReplyCode.RefusedByBusinessRule.Code, $"EndDeviceControlType {request.ControlType} is not supported for EndDevice {DeviceId}");
        }

        if (Controls.Find(request.ControlId) is not null)
        {
            return CommandOutcome.Fail(ReplyCode.RefusedByBusinessRule.Code, $"EndDeviceControl {request.ControlId} already exists for EndDevice {DeviceId}");
        }

        if (Controls.OpenCount >= Options.MaxOpenControls)
        {
            return CommandOutcome.Fail(ReplyCode.TooManyPendingRequests.Code,
                $"EndDevice {DeviceId} already has {Options.MaxOpenControls} controls in progress; EndDeviceControl {request.ControlId} refused, send it again when they end");
        }

        return request.StartDateTime > time.GetUtcNow() + Options.MaxScheduleAhead
            ? CommandOutcome.Fail(ReplyCode.RefusedByBusinessRule.Code,
                $"EndDeviceControl {request.ControlId} starts {request.StartDateTime:O}, more than {Options.MaxScheduleAhead.TotalDays:0} days ahead")
            : null;
    }

    public async Task<ControlStatus?> WaitForControl(string controlId, TimeSpan timeout)
    {
        var control = Controls.Find(controlId);
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
        if (list.Count == 0)
        {
            waiters.Remove(controlId);
        }

        return finished == done.Task ? await done.Task : Controls.Find(controlId);
    }

    public Task<ControlStatus?> GetControl(string controlId) => Task.FromResult(Controls.Find(controlId));

    public async Task ReportOutcome(ControlOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var control = Controls.Find(outcome.ControlId);
        if (control is { State: ControlState.Expired } && outcome.Succeeded)
        {
            // The control stays expired (it ends once), but the device did move: the switch follows the device.
            S.Switch = outcome.SwitchAfter == SwitchState.Unknown ? SwitchControls.Find(control.ControlType)!.Target : outcome.SwitchAfter;
            await WriteState();
            LogLateOutcome(logger, control.ControlId, DeviceId, S.Switch);
            return;
        }

        if (control is null || control.State.IsFinal())
        {
            return; // unknown or already final: a late or repeated report changes nothing
        }

        await Complete(control, outcome.Succeeded ? ControlState.Executed : ControlState.Failed, outcome.SwitchAfter, outcome.At, outcome.Reason);
        await ArmForNext();
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
        Controls.Replace(control with { State = ControlState.Dispatched, DispatchedAt = dispatchedAt });
    }

    /// <summary>Ends a control: event stored first, reply queued, state written, then the event published and waiters released.</summary>
    private async Task Complete(ControlStatus control, ControlState final, SwitchState switchAfter, DateTimeOffset at, string? reason)
    {
        var mapping = SwitchControls.Find(control.ControlType)!;
        var closing = ControlEvents.Closing(control, mapping, final, at, reason);
        await eventStore.Append([closing]);

        var finished = ControlEvents.Finished(control, final, at, reason, closing);
        if (control.ReplyTo is { } route)
        {
            var notice = new ControlOutcomeNotice(route, finished, closing);
            await outbox.Enqueue(new OutboxItem($"{DeviceId}/{finished.ControlId}:reply", route.Address, ControlOutcomeNotice.Kind, StoreJson.Serialize(notice), 0, at, time.GetUtcNow()));
        }

        Controls.Replace(finished);
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

        Controls.TrimFinal(time.GetUtcNow());
        await WriteState();
        await Publish(closing);

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dispatch of control {ControlId} to {DeviceId} failed")]
    private static partial void LogDispatchFailed(ILogger logger, Exception e, string controlId, string deviceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Control {ControlId} of {DeviceId} succeeded after it expired; switch now {Switch}")]
    private static partial void LogLateOutcome(ILogger logger, string controlId, string deviceId, SwitchState @switch);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing event {EventId} failed; it is stored and can be read back")]
    private static partial void LogPublishFailed(ILogger logger, Exception e, string eventId);
}
