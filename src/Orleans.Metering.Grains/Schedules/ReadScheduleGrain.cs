using Microsoft.Extensions.Options;
using Orleans.Metering.Abstractions;
using Orleans.Metering.Cim.Codes;
using Orleans.Metering.Storage;

namespace Orleans.Metering.Grains.Schedules;

[GenerateSerializer, Alias("metering.ReadScheduleState")]
public sealed class ReadScheduleState
{
    [Id(0)] public ReadScheduleDefinition? Definition { get; set; }
    [Id(1)] public DateTimeOffset? NextRun { get; set; }
    [Id(2)] public int RunsCompleted { get; set; }
    [Id(3)] public bool Cancelled { get; set; }
    [Id(4)] public DateTimeOffset? LastRun { get; set; }
}

/// <summary>
/// A MeterReadSchedule. No reminder per meter: the schedule clock ticks the live schedules; a due
/// occurrence is read by bucket grains in parallel, and its results are queued in the outbox for
/// the subscriber, in pages like an asynchronous query's, before the schedule moves on. After downtime only the latest missed occurrence runs.
/// </summary>
public sealed class ReadScheduleGrain(
    [PersistentState("schedule", MeteringStreams.GrainStorage)] IPersistentState<ReadScheduleState> state,
    IReplyOutbox outbox,
    TimeProvider time,
    IOptions<ReadScheduleOptions> options) : Grain, IReadScheduleGrain
{
    private ReadScheduleState S => state.State;

    private IReadScheduleRegistryGrain Registry(string scheduleId) =>
        GrainFactory.GetGrain<IReadScheduleRegistryGrain>(ReadSchedulePartitions.Of(scheduleId, options.Value.RegistryPartitions));

    public async Task<CommandOutcome> Create(ReadScheduleDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (definition.Recurrence <= TimeSpan.Zero)
        {
            return CommandOutcome.Fail(ReplyCode.RefusedByBusinessRule.Code, $"MeterReadSchedule {definition.ScheduleId}: the recurrence must be positive, not {definition.Recurrence}");
        }

        if (S.Definition is { } existing)
        {
            if (!SameAs(existing, definition))
            {
                return CommandOutcome.Fail(ReplyCode.RefusedByBusinessRule.Code, $"MeterReadSchedule {definition.ScheduleId} exists with other content");
            }

            if (!S.Cancelled)
            {
                // A create retried after a failure may not have reached the registry the first time.
                await Registry(definition.ScheduleId).Add(definition.ScheduleId);
            }

            return CommandOutcome.Ok(ReplyCode.NoErrors.Code, $"MeterReadSchedule {definition.ScheduleId} exists already") with { Duplicate = true };
        }

        S.Definition = definition;
        S.NextRun = definition.Start;
        await state.WriteStateAsync();
        await Registry(definition.ScheduleId).Add(definition.ScheduleId);
        return CommandOutcome.Ok(ReplyCode.NoErrors.Code, $"MeterReadSchedule {definition.ScheduleId} created; first run {definition.Start:O}");
    }

    public async Task<CommandOutcome> Cancel()
    {
        if (S.Definition is null)
        {
            return CommandOutcome.Fail(ReplyCode.InvalidRequestId.Code, $"MeterReadSchedule {this.GetPrimaryKeyString()} does not exist");
        }

        if (!S.Cancelled)
        {
            S.Cancelled = true;
            S.NextRun = null;
            await state.WriteStateAsync();
            await Registry(S.Definition.ScheduleId).Remove(S.Definition.ScheduleId);
        }

        return CommandOutcome.Ok(ReplyCode.NoErrors.Code, $"MeterReadSchedule {S.Definition.ScheduleId} cancelled");
    }

    public Task<ReadScheduleStatus?> GetStatus() => Task.FromResult(
        S.Definition is { } d ? new ReadScheduleStatus(d, S.NextRun, S.RunsCompleted, S.Cancelled, S.LastRun) : null);

    public async Task<ScheduleTick> TickDue()
    {
        var ran = await Tick();
        var next = S.Definition is { Disabled: false } && !S.Cancelled ? S.NextRun : null;
        return new ScheduleTick(ran, next, Finished: S.Definition is null || S.Cancelled || S.NextRun is null);
    }

    public async Task<int> Tick()
    {
        var now = time.GetUtcNow();
        if (S.Definition is not { } d || S.Cancelled || d.Disabled || S.NextRun is not { } next || next > now)
        {
            return 0;
        }

        // The latest occurrence that is due; older missed ones are skipped.
        var behind = (now - next).Ticks / d.Recurrence.Ticks;
        var occurrence = next + TimeSpan.FromTicks(behind * d.Recurrence.Ticks);
        if (d.End is { } end && occurrence > end)
        {
            S.NextRun = null;
            await state.WriteStateAsync();
            return 0;
        }

        var buckets = d.DeviceIds.Chunk(Math.Max(1, options.Value.BucketSize)).Select((devices, i) =>
            GrainFactory.GetGrain<IReadScheduleBucketGrain>($"{d.ScheduleId}/{i}").Read(devices, d.ReadingTypes, occurrence));
        var reads = (await Task.WhenAll(buckets)).SelectMany(r => r).ToList();
        await ScheduledReadPages.Enqueue(outbox, d, occurrence, reads, options.Value.MaxValuesPerMessage, now);

        S.LastRun = occurrence;
        S.RunsCompleted++;
        S.NextRun = occurrence + d.Recurrence;
        await state.WriteStateAsync();
        return 1;
    }

    private static bool SameAs(ReadScheduleDefinition a, ReadScheduleDefinition b) =>
        a with { DeviceIds = [], ReadingTypes = [] } == b with { DeviceIds = [], ReadingTypes = [] }
        && a.DeviceIds.SequenceEqual(b.DeviceIds) && a.ReadingTypes.SequenceEqual(b.ReadingTypes);
}
