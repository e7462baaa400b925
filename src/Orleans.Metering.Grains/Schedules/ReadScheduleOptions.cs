using Orleans.Metering.Abstractions.Options;

namespace Orleans.Metering.Grains.Schedules;

/// <summary>The <c>Metering:Schedules</c> settings.</summary>
public sealed class ReadScheduleOptions
{
    /// <summary>Meters per bucket grain: one occurrence is read by DeviceIds / BucketSize buckets in parallel.</summary>
    [Positive]
    public int BucketSize { get; set; } = 500;

    /// <summary>How often the schedule clock asks the schedules whether an occurrence is due.</summary>
    [Positive]
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromSeconds(5);
}
