using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Metering.Grains.EndDevices;
using Orleans.Metering.Abstractions;

namespace Orleans.Metering.Grains;

public static class MeteringGrainsServiceCollectionExtensions
{
    /// <summary>
    /// Services the grains need in a silo: the time source and the outcome sink. The host registers
    /// the head-end (<see cref="IHeadEndAdapter"/>) and the stores (IEventStore, IReplyOutbox, IReadingStore).
    /// </summary>
    public static IServiceCollection AddMeteringGrains(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<EndDeviceOptions>();
        services.AddOptions<UsagePoints.UsagePointOptions>();
        services.AddOptions<Readings.ReadingValidationOptions>();
        services.AddOptions<Schedules.ReadScheduleOptions>();
        services.TryAddSingleton<IHeadEndOutcomeSink, GrainOutcomeSink>();
        return services;
    }
}
