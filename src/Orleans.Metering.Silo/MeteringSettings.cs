using Microsoft.Extensions.Options;
using Orleans.Metering.Gateway;
using Orleans.Metering.Grains.EndDevices;
using Orleans.Metering.Grains.Readings;
using Orleans.Metering.Grains.Schedules;
using Orleans.Metering.Grains.UsagePoints;
using Orleans.Metering.HeadEnd;
using Orleans.Metering.Simulation;
using Orleans.Metering.Storage;
using Orleans.Metering.Storage.Postgres;
using Orleans.Metering.Storage.Readings;

namespace Orleans.Metering.Silo;

/// <summary>
/// Every option class of the platform with its configuration section: the one list that binds them,
/// validates them at start-up and that the README's configuration table is checked against.
/// A new option class is one line here.
/// </summary>
public static class MeteringSettings
{
    public static IReadOnlyList<OptionsSection> Sections { get; } =
    [
        OptionsSection.Of<MeteringStorageOptions>("Metering"),
        OptionsSection.Of<MeteringHostOptions>("Metering"),
        OptionsSection.Of<OrleansHostingOptions>("Orleans"),
        OptionsSection.Of<GatewayOptions>("Metering:Gateway"),
        OptionsSection.Of<EndDeviceOptions>("Metering:EndDevice"),
        OptionsSection.Of<UsagePointOptions>("Metering:UsagePoint"),
        OptionsSection.Of<ReadingValidationOptions>("Metering:Validation"),
        OptionsSection.Of<ReadScheduleOptions>("Metering:Schedules"),
        OptionsSection.Of<HeadEndOptions>("Metering:HeadEnd"),
        OptionsSection.Of<SimulatedHeadEndOptions>("Metering:SimulatedHeadEnd"),
        OptionsSection.Of<SqliteReadingStoreOptions>("Metering:ReadingStore", "SQLite"),
        OptionsSection.Of<PostgresReadingStoreOptions>("Metering:ReadingStore", "PostgreSQL"),
        OptionsSection.Of<HealthOptions>("Metering:Health"),
        OptionsSection.Of<DashboardOptions>("Metering:Dashboard"),
        OptionsSection.Of<MetricsOptions>("Metering:Metrics"),
    ];

    /// <summary>Binds every option class to its section, validated when the host starts.</summary>
    public static void AddMeteringSettings(this IServiceCollection services, IConfiguration configuration)
    {
        foreach (var section in Sections)
        {
            section.Register(services, configuration);
        }
    }

    /// <summary>
    /// The settings the host needs while it is being built (before validation at start would run),
    /// validated now: invalid ones throw an <see cref="OptionsValidationException"/> naming the keys.
    /// </summary>
    public static T Read<T>(IConfiguration configuration)
        where T : class, new()
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = Sections.Single(s => s.Type == typeof(T)).Section;
        var options = configuration.GetSection(section).Get<T>() ?? new T();
        if (OptionsSection.Validate(section, options) is { Count: > 0 } errors)
        {
            throw new OptionsValidationException(section, typeof(T), errors);
        }

        return options;
    }
}
