using Orleans.Metering.Abstractions;

namespace Orleans.Metering.Grains;

/// <summary>Delivers outcomes to the device grain.</summary>
public sealed class GrainOutcomeSink(IGrainFactory grains) : IHeadEndOutcomeSink
{
    public Task Report(string deviceId, ControlOutcome outcome) =>
        grains.GetGrain<IEndDeviceGrain>(deviceId).ReportOutcome(outcome);
}
