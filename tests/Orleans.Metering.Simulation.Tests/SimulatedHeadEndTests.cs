using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Orleans.Metering.Abstractions;
using Orleans.Metering.Simulation.Fleet;

namespace Orleans.Metering.Simulation.Tests;

public sealed class SimulatedHeadEndTests
{
    private static readonly DateTimeOffset Now = new(2024, 6, 3, 14, 37, 12, TimeSpan.Zero);

    private sealed class NullSink : IHeadEndOutcomeSink
    {
        public Task Report(string deviceId, ControlOutcome outcome) => Task.CompletedTask;
    }

    private static SimulatedHeadEnd HeadEnd(int? fleetSeed) =>
        new(new NullSink(), Options.Create(new SimulatedHeadEndOptions { FleetSeed = fleetSeed }), new FakeTimeProvider(Now), NullLogger<SimulatedHeadEnd>.Instance);

    [Fact]
    public async Task ReadNow_agrees_with_the_fleet_when_a_fleet_seed_is_set()
    {
        var headEnd = HeadEnd(99);
        var fleet = new SimulatedFleet(new FleetOptions { Seed = 99 });
        var reads = await headEnd.ReadNow("SIM-000005", [SimulatedFleet.RegisterReadingType, SimulatedFleet.IntervalReadingType]);

        Assert.Equal(fleet.Register("SIM-000005", Now), reads[0].Value);
        Assert.Equal(Now, reads[0].TimeStamp);
        Assert.Equal(new DateTimeOffset(2024, 6, 3, 14, 30, 0, TimeSpan.Zero), reads[1].TimeStamp);
        Assert.Equal(fleet.IntervalValue("SIM-000005", reads[1].TimeStamp), reads[1].Value);
        // The register counts the last interval.
        Assert.Equal(
            fleet.Register("SIM-000005", reads[1].TimeStamp) - fleet.Register("SIM-000005", reads[1].TimeStamp.AddMinutes(-15)),
            reads[1].Value,
            1e-9);
    }

    [Fact]
    public async Task ReadNow_keeps_the_old_register_without_a_fleet_and_for_other_reading_types()
    {
        var plain = await HeadEnd(null).ReadNow("M-1", [SimulatedFleet.RegisterReadingType, "0.0.0.1.19.1.12.0.0.0.0.0.0.0.0.3.72.0"]);
        var withFleet = await HeadEnd(99).ReadNow("M-1", [SimulatedFleet.RegisterReadingType, "0.0.0.1.19.1.12.0.0.0.0.0.0.0.0.3.72.0"]);
        Assert.Equal(plain[0].Value, plain[1].Value);
        Assert.Equal(plain[1], withFleet[1]);
        Assert.NotEqual(plain[0].Value, withFleet[0].Value);
        Assert.Null(HeadEnd(null).Fleet);
    }

    [Fact]
    public async Task ReadNow_leaves_out_reading_types_that_are_not_electricity_energy()
    {
        const string voltage = "0.0.0.6.0.1.54.0.0.0.0.0.0.0.0.0.29.0";
        const string water = "0.0.0.1.1.4.58.0.0.0.0.0.0.0.0.0.42.0";

        var reads = await HeadEnd(null).ReadNow("M-1", [voltage, SimulatedFleet.RegisterReadingType, water, "not-a-code"]);

        Assert.Equal([SimulatedFleet.RegisterReadingType], reads.Select(r => r.ReadingType));
    }

    [Fact]
    public async Task Dependency_injection_builds_it_with_or_without_a_registered_fleet()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IHeadEndOutcomeSink, NullSink>();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
        services.AddOptions<SimulatedHeadEndOptions>();
        services.AddSingleton<SimulatedHeadEnd>();
        await using (var provider = services.BuildServiceProvider(validateScopes: true))
        {
            Assert.Null(provider.GetRequiredService<SimulatedHeadEnd>().Fleet);
        }

        var fleet = new SimulatedFleet(new FleetOptions { Seed = 3 });
        services.AddSingleton(fleet);
        await using (var provider = services.BuildServiceProvider(validateScopes: true))
        {
            var headEnd = provider.GetRequiredService<SimulatedHeadEnd>();
            Assert.Same(fleet, headEnd.Fleet);
            var reads = await headEnd.ReadNow("SIM-000001", [SimulatedFleet.RegisterReadingType]);
            Assert.Equal(fleet.Register("SIM-000001", Now), reads[0].Value);
        }

        services.Configure<SimulatedHeadEndOptions>(o => o.FleetSeed = 4);
        services.RemoveAll<SimulatedFleet>();
        await using (var provider = services.BuildServiceProvider(validateScopes: true))
        {
            Assert.Equal(4, provider.GetRequiredService<SimulatedHeadEnd>().Fleet!.Options.Seed);
        }
    }

    [Fact]
    public async Task Controls_behave_as_before()
    {
        var sink = new RecordingSink();
        var headEnd = new SimulatedHeadEnd(sink, Options.Create(new SimulatedHeadEndOptions { Delay = TimeSpan.Zero, FleetSeed = 1 }), TimeProvider.System, NullLogger<SimulatedHeadEnd>.Instance);
        await headEnd.Execute(new HeadEndCommand("SIM-000001", "C-1", "3.31.0.23", SwitchState.Disconnected));
        var outcome = await sink.First.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(outcome.Succeeded);
        Assert.Equal(SwitchState.Disconnected, headEnd.SwitchOf("SIM-000001"));
    }

    [Fact]
    public async Task A_control_sent_again_while_it_executes_runs_and_is_reported_once()
    {
        var sink = new RecordingSink();
        var headEnd = new SimulatedHeadEnd(sink, Options.Create(new SimulatedHeadEndOptions { Delay = TimeSpan.FromMilliseconds(300) }), TimeProvider.System, NullLogger<SimulatedHeadEnd>.Instance);
        var command = new HeadEndCommand("SIM-000002", "C-2", "3.31.0.23", SwitchState.Disconnected);

        await headEnd.Execute(command);
        await headEnd.Execute(command);
        await sink.First.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Task.Delay(600);

        Assert.Equal(1, sink.Count);

        // once finished, the same id is a new execution (the device is asked again, e.g. after a lost outcome)
        await headEnd.Execute(command);
        await Task.Delay(900);
        Assert.Equal(2, sink.Count);
    }

    private sealed class RecordingSink : IHeadEndOutcomeSink
    {
        private int count;

        public TaskCompletionSource<ControlOutcome> First { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Count => Volatile.Read(ref count);

        public Task Report(string deviceId, ControlOutcome outcome)
        {
            Interlocked.Increment(ref count);
            First.TrySetResult(outcome);
            return Task.CompletedTask;
        }
    }
}
