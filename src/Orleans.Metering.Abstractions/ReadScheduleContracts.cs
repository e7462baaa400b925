namespace Orleans.Metering.Abstractions;

/// <summary>A MeterReadSchedule as the platform runs it: which meters, which reading types, how often, for whom.</summary>
[GenerateSerializer, Alias("metering.ReadScheduleDefinition")]
public sealed record ReadScheduleDefinition
{
    [Id(0)] public required string ScheduleId { get; init; }
    [Id(1)] public required IReadOnlyList<string> DeviceIds { get; init; }
    [Id(2)] public required IReadOnlyList<string> ReadingTypes { get; init; }

    /// <summary>First occurrence.</summary>
    [Id(3)] public required DateTimeOffset Start { get; init; }

    /// <summary>No occurrence after this (open when null).</summary>
    [Id(4)] public DateTimeOffset? End { get; init; }
    [Id(5)] public required TimeSpan Recurrence { get; init; }

    /// <summary>Where the results go, as <c>created MeterReadings</c> messages correlated with the create request.</summary>
    [Id(6)] public required ReplyRoute Subscriber { get; init; }
    [Id(7)] public bool Disabled { get; init; }
}

[GenerateSerializer, Alias("metering.ReadScheduleStatus")]
public sealed record ReadScheduleStatus(
    [property: Id(0)] ReadScheduleDefinition Definition,
    [property: Id(1)] DateTimeOffset? NextRun,
    [property: Id(2)] int RunsCompleted,
    [property: Id(3)] bool Cancelled,
    [property: Id(4)] DateTimeOffset? LastRun);

/// <summary>The readings one scheduled occurrence produced for one meter.</summary>
[GenerateSerializer, Alias("metering.ScheduledMeterRead")]
public sealed record ScheduledMeterRead(
    [property: Id(0)] string MeterId,
    [property: Id(1)] IReadOnlyList<ReadingSeries> Series,
    [property: Id(2)] IReadOnlyList<IngestProblem> Problems);

/// <summary>
/// Outbox body: one page of one occurrence's results for the subscriber, rendered as created MeterReadings
/// numbered <see cref="Page"/>/<see cref="Pages"/> when delivered. Rows queued before results were paged
/// read as page 1 of 1 without totals.
/// </summary>
public sealed record ScheduledReadingsNotice(ReplyRoute Route, string ScheduleId, DateTimeOffset Occurrence, IReadOnlyList<ScheduledMeterRead> Reads)
{
    public const string Kind = "ScheduledMeterReadings";

    public int Page { get; init; } = 1;

    public int Pages { get; init; } = 1;

    /// <summary>Meters of the whole occurrence (all pages).</summary>
    public int? Meters { get; init; }

    /// <summary>Meters of the whole occurrence read without a problem.</summary>
    public int? MetersRead { get; init; }
}

/// <summary>What a schedule's tick did and when it wants the next one.</summary>
[GenerateSerializer, Immutable, Alias("metering.ScheduleTick")]
public sealed record ScheduleTick(
    [property: Id(0)] int Ran,
    [property: Id(1)] DateTimeOffset? NextRun,
    [property: Id(2)] bool Finished);

/// <summary>A MeterReadSchedule, keyed by its id (the MessageID of the request that created it).</summary>
[Alias("metering.IReadScheduleGrain")]
public interface IReadScheduleGrain : IGrainWithStringKey
{
    [Alias("Create")]
    Task<CommandOutcome> Create(ReadScheduleDefinition definition);

    [Alias("Cancel")]
    Task<CommandOutcome> Cancel();

    [Alias("GetStatus"), Orleans.Concurrency.ReadOnly]
    Task<ReadScheduleStatus?> GetStatus();

    /// <summary>Runs the occurrences that are due now (by the platform clock); returns how many ran.</summary>
    [Alias("Tick")]
    Task<int> Tick();

    /// <summary>
    /// <see cref="Tick"/>, telling the registry when to ask again: <see cref="ScheduleTick.NextRun"/> (null:
    /// not before the schedule is registered again), or <see cref="ScheduleTick.Finished"/> when no
    /// occurrence can follow (cancelled, ended, never created).
    /// </summary>
    [Alias("TickDue")]
    Task<ScheduleTick> TickDue();
}

/// <summary>A slice of a schedule's meters (at most a few hundred), read in parallel for one occurrence.</summary>
[Alias("metering.IReadScheduleBucketGrain")]
public interface IReadScheduleBucketGrain : IGrainWithStringKey
{
    [Alias("Read")]
    Task<IReadOnlyList<ScheduledMeterRead>> Read(IReadOnlyList<string> deviceIds, IReadOnlyList<string> readingTypes, DateTimeOffset occurrence);
}

/// <summary>
/// One partition of the live schedules (key 0 to <c>RegistryPartitions</c> - 1), so that they resume after
/// a restart. A schedule belongs to the partition its id hashes to; key 0 was the single registry before.
/// </summary>
[Alias("metering.IReadScheduleRegistryGrain")]
public interface IReadScheduleRegistryGrain : IGrainWithIntegerKey
{
    [Alias("Add")]
    Task Add(string scheduleId);

    [Alias("Remove")]
    Task Remove(string scheduleId);

    [Alias("AddRange")]
    Task AddRange(IReadOnlyList<string> scheduleIds);

    [Alias("RemoveRange")]
    Task RemoveRange(IReadOnlyList<string> scheduleIds);

    /// <summary>
    /// Starts the ticks of the schedules that may be due (a bounded number at a time) and returns how many
    /// it started, without waiting for them. Moves schedules that belong to another partition there first.
    /// Interleaved: a schedule being created or cancelled can call Add or Remove meanwhile.
    /// </summary>
    [Alias("TickAll")]
    [Orleans.Concurrency.AlwaysInterleave]
    Task<int> TickAll();

    /// <summary>Completes when the ticks started so far have ended; returns the occurrences they ran since the last call.</summary>
    [Alias("Idle")]
    [Orleans.Concurrency.AlwaysInterleave]
    Task<int> Idle();

    /// <summary>The schedule ids in this partition, in ordinal order.</summary>
    [Alias("List")]
    [Orleans.Concurrency.ReadOnly]
    Task<IReadOnlyList<string>> List();
}
