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

/// <summary>Outbox body: one occurrence's results for the subscriber; rendered as created MeterReadings when delivered.</summary>
public sealed record ScheduledReadingsNotice(ReplyRoute Route, string ScheduleId, DateTimeOffset Occurrence, IReadOnlyList<ScheduledMeterRead> Reads)
{
    public const string Kind = "ScheduledMeterReadings";
}

/// <summary>A MeterReadSchedule, keyed by its id (the MessageID of the request that created it).</summary>
[Alias("metering.IReadScheduleGrain")]
public interface IReadScheduleGrain : IGrainWithStringKey
{
    [Alias("Create")]
    Task<CommandOutcome> Create(ReadScheduleDefinition definition);

    [Alias("Cancel")]
    Task<CommandOutcome> Cancel();

    [Alias("GetStatus")]
    Task<ReadScheduleStatus?> GetStatus();

    /// <summary>Runs the occurrences that are due now (by the platform clock); returns how many ran.</summary>
    [Alias("Tick")]
    Task<int> Tick();
}

/// <summary>A slice of a schedule's meters (at most a few hundred), read in parallel for one occurrence.</summary>
[Alias("metering.IReadScheduleBucketGrain")]
public interface IReadScheduleBucketGrain : IGrainWithStringKey
{
    [Alias("Read")]
    Task<IReadOnlyList<ScheduledMeterRead>> Read(IReadOnlyList<string> deviceIds, IReadOnlyList<string> readingTypes, DateTimeOffset occurrence);
}

/// <summary>The list of live schedules, so that they resume after a restart.</summary>
[Alias("metering.IReadScheduleRegistryGrain")]
public interface IReadScheduleRegistryGrain : IGrainWithIntegerKey
{
    [Alias("Add")]
    Task Add(string scheduleId);

    [Alias("Remove")]
    Task Remove(string scheduleId);

    /// <summary>
    /// Activates every live schedule and runs what is due; returns the number of occurrences run.
    /// Interleaved: while it waits for the schedules, a schedule being created can still call Add
    /// (otherwise the two grains wait for each other until the call times out).
    /// </summary>
    [Alias("TickAll")]
    [Orleans.Concurrency.AlwaysInterleave]
    Task<int> TickAll();
}
