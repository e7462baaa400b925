using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Metering.Grains.EndDevices;
using Orleans.Metering.HeadEnd;

namespace Orleans.Metering.Grains;

public static class MeteringGrainsServiceCollectionExtensions
{
    /// <summary>
    /// Services the grains need in a silo: the time source, and the simulated head-end unless an
    /// adapter was registered before. Stores (IEventStore, IReplyOutbox) are registered by the host.
    /// </summary>
    public static IServiceCollection AddMeteringGrains(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<EndDeviceOptions>();
        services.AddOptions<Readings.ReadingValidationOptions>();
        services.AddOptions<Schedules.ReadScheduleOptions>();
        services.AddOptions<SimulatedHeadEndOptions>();
        services.TryAddSingleton<IHeadEndOutcomeSink, GrainOutcomeSink>();
        services.TryAddSingleton<SimulatedHeadEnd>();
        services.TryAddSingleton<IHeadEndAdapter>(sp => sp.GetRequiredService<SimulatedHeadEnd>());
        return services;
    }
}
