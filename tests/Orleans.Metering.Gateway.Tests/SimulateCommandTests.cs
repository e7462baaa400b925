using System.Globalization;
using Orleans.Metering.Simulation.Fleet;
using Orleans.Metering.Tools;

namespace Orleans.Metering.Gateway.Tests;

/// <summary><c>simulate</c> against the running platform: it says what it sent, to which meters.</summary>
[Collection(PlatformCollection.Name)]
public sealed class SimulateCommandTests(PlatformFixture fixture)
{
    private static readonly DateTimeOffset Day = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Simulate_with_events_reports_meters_readings_and_events_it_sent()
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        const int seed = 61968;

        var code = await SimulateCommand.Run(
            ["--url", fixture.Host.BaseAddress.ToString(), "--meters", "100", "--days", "1", "--from", "2026-01-05", "--events", "--seed", seed.ToString(CultureInfo.InvariantCulture)],
            output, error);

        Assert.True(code == 0, output + "\n" + error);
        var fleet = new SimulatedFleet(new FleetOptions { Seed = seed, MeterCount = 100, OutageRatePerDay = SimulateCommand.EventsOutageRate });
        var ids = fleet.MeterIds(100);
        var readings = ids.Sum(id => fleet.Intervals(id, Day, Day.AddDays(1)).Count + 1); // and the register
        var events = fleet.Events(ids, Day, Day.AddDays(1)).Count();
        Assert.True(events > 0, "--events should give events at a visible rate");
        var text = output.ToString();
        Assert.Contains($"meters: 100, {ids[0]} to {ids[^1]}", text, StringComparison.Ordinal);
        Assert.Contains($"sent {readings} readings and {events} events for 100 meters, 2026-01-05 to 2026-01-06 (outage rate 0.05 per meter and day)", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_do_not_go_with_the_drill_journal()
    {
        var (output, error) = (new StringWriter(), new StringWriter());

        var code = await SimulateCommand.Run(["--url", fixture.Host.BaseAddress.ToString(), "--journal", Path.GetTempFileName(), "--events"], output, error);

        Assert.Equal(2, code);
        Assert.Contains("--events and --outage-rate do not go with --journal", error.ToString(), StringComparison.Ordinal);
    }
}
