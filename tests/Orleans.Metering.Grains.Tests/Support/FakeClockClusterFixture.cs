using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Hosting;
using Orleans.Metering.Abstractions;
using Orleans.Metering.Grains.Schedules;
using Orleans.Metering.Storage;
using Orleans.Metering.Storage.Readings;
using Orleans.TestingHost;

namespace Orleans.Metering.Grains.Tests.Support;

/// <summary>
/// A silo whose grains run on a <see cref="FakeTimeProvider"/> (registered before AddMeteringGrains),
/// with schedule buckets of <see cref="BucketSize"/> meters, <see cref="RegistryPartitions"/> registry
/// partitions, results pages of <see cref="ValuesPerMessage"/> values and a head-end that answers register reads
/// (<see cref="ReadingTestHeadEnd"/>). No schedule clock runs: tests tick the schedules themselves.
/// </summary>
public sealed class FakeClockSiloConfigurator : ISiloConfigurator
{
    public const int BucketSize = 3;

    public const int RegistryPartitions = 4;

    public const int ValuesPerMessage = 10;

    public void Configure(ISiloBuilder siloBuilder)
    {
        siloBuilder
            .AddMemoryGrainStorage(MeteringStreams.GrainStorage)
            .AddMemoryGrainStorage(MeteringStreams.PubSubStorage)
            .AddMemoryStreams(MeteringStreams.Provider)
            .UseInMemoryReminderService();

        var services = siloBuilder.Services;

        // Whole minutes near the real time, so the clock reads like a real one and arithmetic stays simple.
        var start = DateTimeOffset.UtcNow;
        services.AddSingleton(new FakeTimeProvider(new DateTimeOffset(start.Year, start.Month, start.Day, start.Hour, start.Minute, 0, TimeSpan.Zero)));
        services.AddSingleton<TimeProvider>(sp => sp.GetRequiredService<FakeTimeProvider>());

        services.AddSingleton<InMemoryEventStore>();
        services.AddSingleton<IEventStore>(sp => sp.GetRequiredService<InMemoryEventStore>());
        services.AddSingleton<InMemoryReplyOutbox>();
        services.AddSingleton<IReplyOutbox>(sp => sp.GetRequiredService<InMemoryReplyOutbox>());
        services.AddSingleton<InMemoryReadingStore>();
        services.AddSingleton<IReadingStore>(sp => sp.GetRequiredService<InMemoryReadingStore>());
        services.AddSingleton<TestHeadEnd>();
        services.AddSingleton<ReadingTestHeadEnd>();
        services.AddSingleton<IHeadEndAdapter>(sp => sp.GetRequiredService<ReadingTestHeadEnd>());
        services.AddMeteringGrains();
        services.Configure<ReadScheduleOptions>(o =>
        {
            o.BucketSize = BucketSize;
            o.RegistryPartitions = RegistryPartitions;
            o.LimitValuesPerMessage(ValuesPerMessage);
        });
    }
}

/// <summary>One silo on a fake clock, for on-demand reads and read schedules.</summary>
public sealed class FakeClockClusterFixture() : ClusterFixtureBase<FakeClockSiloConfigurator>(1)
{
    public FakeTimeProvider Clock => SiloServices<FakeTimeProvider>().Single();

    public InMemoryReadingStore Store => SiloServices<InMemoryReadingStore>().Single();

    public IReadScheduleRegistryGrain Partition(int partition) => Grains.GetGrain<IReadScheduleRegistryGrain>(partition);

    /// <summary>Ticks every registry partition as the schedule clock does, then waits until the ticks ended; returns the occurrences they ran.</summary>
    public async Task<int> TickSchedules()
    {
        var partitions = Enumerable.Range(0, FakeClockSiloConfigurator.RegistryPartitions).Select(Partition).ToList();
        foreach (var partition in partitions)
        {
            await partition.TickAll();
        }

        var ran = 0;
        foreach (var partition in partitions)
        {
            ran += await partition.Idle();
        }

        return ran;
    }
}

[CollectionDefinition(Name)]
public sealed class FakeClockClusterCollection : ICollectionFixture<FakeClockClusterFixture>
{
    public const string Name = "Metering cluster, fake clock";
}
