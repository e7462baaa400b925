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
/// One EndDevice. Its responsibilities live in one file each: master data (.MasterData), the control
/// lifecycle (.Controls, with its rules in <see cref="ControlBook"/>), reconciliation on durable
/// reminders (.Reconcile), reading ingest (.Readings) and the link to its usage point (.UsagePoint).
/// This file holds what they share: the state, the message memo and the state write. Every effect is
/// written together with the memo of the message that caused it.
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
    ILogger<EndDeviceGrain> logger) : Grain, IEndDeviceGrain, IEndDeviceReconciliation, IRemindable
{
    private DateTimeOffset lastStateWrite;
    private bool stateDirty;

    private string DeviceId => this.GetPrimaryKeyString();

    private EndDeviceState S => state.State;

    private EndDeviceOptions Options => options.Value;

    private ControlBook Controls => new(S.Controls, Options);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Open controls found in the stored state are reconciled at once (their Dispatched state lived in the old activation).
        if (Controls.AnyOpen)
        {
            reminderMayExist = true;
            ArmTimer(TimeSpan.FromSeconds(1));
        }

        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (stateDirty)
        {
            await WriteState();
        }
    }

    private CommandOutcome? Replayed(MessageKey message) =>
        S.Memo.Find(message) is { } seen
            ? seen.ContentDigest == message.ContentDigest ? seen.Outcome with { Duplicate = true } : ConflictingReplay(message)
            : null;

    private static CommandOutcome ConflictingReplay(MessageKey message) =>
        CommandOutcome.Fail(ReplyCode.RefusedByBusinessRule.Code,
            $"MessageID {message.MessageId} from {message.Source} was already used for a different request; refused");

    private void RememberOnly(MessageKey message, CommandOutcome outcome, string? controlId) =>
        S.Memo.Remember(new MemoEntry(message.Source, message.MessageId, message.ContentDigest, outcome, controlId, time.GetUtcNow()),
            Options.MemoCapacity, Options.MemoRetention);

    private async Task<CommandOutcome> Remember(MessageKey message, CommandOutcome outcome)
    {
        RememberOnly(message, outcome, null);
        await WriteState();
        return outcome;
    }

    private async Task WriteState()
    {
        await state.WriteStateAsync();
        lastStateWrite = time.GetUtcNow();
        stateDirty = false;
    }

    private static CommandOutcome NotRegistered(string deviceId) =>
        CommandOutcome.Fail(ReplyCode.InvalidEndDevice.Code, $"EndDevice {deviceId} is not registered");
}
