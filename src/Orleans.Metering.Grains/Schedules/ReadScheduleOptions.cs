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

    /// <summary>
    /// Registry grains the live schedules are hashed over; each is ticked on its own. Raise it, never lower
    /// it: a partition above the count is no longer ticked (entries move to their new partition when raised).
    /// </summary>
    [Positive]
    public int RegistryPartitions { get; set; } = 64;

    /// <summary>
    /// Most reading values in one results message of an occurrence: not a setting of its own, the host
    /// gives Metering:Gateway:MaxReadingsPerReply, so scheduled results are paged like query results.
    /// </summary>
    public int MaxValuesPerMessage { get; private set; } = 100_000;

    public void LimitValuesPerMessage(int max)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        MaxValuesPerMessage = max;
    }
}
