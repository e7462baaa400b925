using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Metering.Abstractions;
using Orleans.Metering.Grains.EndDevices;
using Orleans.Metering.Storage;
using Orleans.Runtime;
using Orleans.TestingHost;

namespace Orleans.Metering.Grains.Tests.Support;

/// <summary>A silo as the platform runs it, with memory storage and streams, in-memory stores and <see cref="TestHeadEnd"/>.</summary>
public class MeteringSiloConfigurator : ISiloConfigurator
{
    protected virtual TimeSpan ControlTimeout => TimeSpan.FromMinutes(2);

    public void Configure(ISiloBuilder siloBuilder)
    {
        siloBuilder
            .AddMemoryGrainStorage(MeteringStreams.GrainStorage)
            .AddMemoryGrainStorage(MeteringStreams.PubSubStorage)
            .AddMemoryStreams(MeteringStreams.Provider)
            .UseInMemoryReminderService();

        var services = siloBuilder.Services;
        services.AddSingleton<InMemoryEventStore>();
        services.AddSingleton<IEventStore>(sp => sp.GetRequiredService<InMemoryEventStore>());
        services.AddSingleton<InMemoryReplyOutbox>();
        services.AddSingleton<IReplyOutbox>(sp => sp.GetRequiredService<InMemoryReplyOutbox>());
        services.AddSingleton<Orleans.Metering.Storage.Readings.InMemoryReadingStore>();
        services.AddSingleton<Orleans.Metering.Storage.Readings.IReadingStore>(sp => sp.GetRequiredService<Orleans.Metering.Storage.Readings.InMemoryReadingStore>());

        // Registered before AddMeteringGrains, so it replaces the simulated head-end.
        services.AddSingleton<TestHeadEnd>();
        services.AddSingleton<IHeadEndAdapter>(sp => sp.GetRequiredService<TestHeadEnd>());
        services.AddMeteringGrains();
        services.Configure<EndDeviceOptions>(o => o.ControlTimeout = ControlTimeout);
    }
}

public sealed class ShortTimeoutSiloConfigurator : MeteringSiloConfigurator
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    protected override TimeSpan ControlTimeout => Timeout;
}

public sealed class MeteringClientConfigurator : IClientBuilderConfigurator
{
    public void Configure(Microsoft.Extensions.Configuration.IConfiguration configuration, IClientBuilder clientBuilder) =>
        clientBuilder.AddMemoryStreams(MeteringStreams.Provider);
}

/// <summary>One test cluster shared by a test collection, with helpers to look into its silos.</summary>
public abstract class ClusterFixtureBase<TSiloConfigurator>(int silos) : IAsyncLifetime
    where TSiloConfigurator : ISiloConfigurator, new()
{
    private TestCluster? cluster;

    public TestCluster Cluster => cluster ?? throw new InvalidOperationException("The cluster is not deployed");

    public IGrainFactory Grains => Cluster.Client;

    public IEndDeviceGrain Device(string deviceId) => Cluster.Client.GetGrain<IEndDeviceGrain>(deviceId);

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder((short)silos);
        builder.AddSiloBuilderConfigurator<TSiloConfigurator>();
        builder.AddClientBuilderConfigurator<MeteringClientConfigurator>();
        cluster = builder.Build();
        await cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        if (cluster is not null)
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }

    /// <summary>The service of type <typeparamref name="T"/> of every silo (each silo has its own singletons).</summary>
    public IReadOnlyList<T> SiloServices<T>()
        where T : notnull =>
        [.. Cluster.Silos.Select(s => Cluster.GetSiloServiceProvider(s.SiloAddress).GetRequiredService<T>())];

    public int ExecuteCount(string controlId) => SiloServices<TestHeadEnd>().Sum(h => h.ExecuteCount(controlId));

    public int PingCount(string deviceId) => SiloServices<TestHeadEnd>().Sum(h => h.PingCount(deviceId));

    public async Task<IReadOnlyList<DeviceEvent>> EventsOf(string deviceId)
    {
        var all = new List<DeviceEvent>();
        foreach (var store in SiloServices<InMemoryEventStore>())
        {
            all.AddRange(await store.Query(new EventQuery { DeviceIds = [deviceId] }));
        }

        return all;
    }

    /// <summary>Every outbox item whose id starts with <paramref name="idPrefix"/>, delivered or not.</summary>
    public async Task<IReadOnlyList<OutboxItem>> OutboxItems(string idPrefix)
    {
        var all = new List<OutboxItem>();
        foreach (var outbox in SiloServices<InMemoryReplyOutbox>())
        {
            all.AddRange((await outbox.Due(DateTimeOffset.MaxValue, int.MaxValue)).Where(i => i.Id.StartsWith(idPrefix, StringComparison.Ordinal)));
        }

        return all;
    }

    /// <summary>True while the device grain has an activation anywhere in the cluster.</summary>
    public async Task<bool> IsActive(string deviceId)
    {
        var id = Device(deviceId).GetGrainId();
        var stats = await Cluster.Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        return stats.Any(s => s.GrainId == id);
    }

    /// <summary>Deactivates every idle activation and checks that the device's activation is gone.</summary>
    public async Task Deactivate(string deviceId)
    {
        var management = Cluster.Client.GetGrain<IManagementGrain>(0);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        do
        {
            await management.ForceActivationCollection(TimeSpan.Zero);
            if (!await IsActive(deviceId))
            {
                return;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);

        throw new InvalidOperationException($"EndDevice {deviceId} was not deactivated");
    }
}

/// <summary>The main cluster: two silos, controls time out after the default two minutes.</summary>
public sealed class MeteringClusterFixture() : ClusterFixtureBase<MeteringSiloConfigurator>(2);

/// <summary>A cluster whose controls time out after <see cref="ShortTimeoutSiloConfigurator.Timeout"/>, for expiry and reconciliation.</summary>
public sealed class ShortTimeoutClusterFixture() : ClusterFixtureBase<ShortTimeoutSiloConfigurator>(1);

[CollectionDefinition(Name)]
public sealed class MeteringClusterCollection : ICollectionFixture<MeteringClusterFixture>
{
    public const string Name = "Metering cluster";
}

[CollectionDefinition(Name)]
public sealed class ShortTimeoutClusterCollection : ICollectionFixture<ShortTimeoutClusterFixture>
{
    public const string Name = "Metering cluster, short control timeout";
}
