using Microsoft.Extensions.DependencyInjection;
using Orleans.Metering.Abstractions;
using Orleans.Metering.Grains.EndDevices;
using Orleans.Metering.Grains.Tests.Support;
using Orleans.Serialization;
using Orleans.Storage;
using Xunit.Abstractions;
using static Orleans.Metering.Grains.Tests.Support.TestData;

namespace Orleans.Metering.Grains.Tests;

/// <summary>
/// A device's stored state stays bounded whatever its history: after 1,000 controls and 10,000
/// reading messages over 100 reading types it is no larger than after the caps were first reached.
/// The figure is in docs/benchmarks.md ("State size of one device").
/// </summary>
[Collection(MeteringClusterCollection.Name)]
public sealed class StateBoundsTests(MeteringClusterFixture fixture, ITestOutputHelper output)
{
    private const int ReadingTypes = 100;

    [Fact]
    public async Task The_state_of_a_device_stops_growing_at_its_caps()
    {
        var id = NewId("MTR-");
        var device = await fixture.Device(id).Registered(id);
        var options = new EndDeviceOptions();

        // Past every cap: 64 memo entries, 32 final controls, 16 reading messages, 64 levels.
        await Controls(device, 300);
        await Readings(device, 0, 200);
        var atCaps = await StoredSize(id);

        await Controls(device, 700);
        await Readings(device, 200, 10_000);
        var after = await StoredSize(id);
        var state = await Stored(id);

        var serializer = fixture.Cluster.GetSiloServiceProvider(fixture.Cluster.Primary!.SiloAddress).GetRequiredService<Serializer>();
        output.WriteLine($"memo {serializer.SerializeToArray(state.Memo).Length} B, controls {serializer.SerializeToArray(state.Controls).Length} B, " +
            $"readings memo {serializer.SerializeToArray(state.ReadingsMemo).Length} B, levels {serializer.SerializeToArray(state.Levels).Length} B");
        output.WriteLine($"stored state: {atCaps} bytes at the caps, {after} bytes after 1,000 controls and 10,000 reading messages");
        Assert.Equal(options.MemoCapacity, state.Memo.Entries.Count);
        Assert.Equal(options.FinalControlsKept, state.Controls.Count);
        Assert.Equal(options.ReadingsMemoCapacity, state.ReadingsMemo.Entries.Count);
        Assert.Equal(options.MaxSeriesLevels, state.Levels.Count);
        Assert.True(after <= atCaps + 512, $"state grew from {atCaps} to {after} bytes");
        Assert.True(after < 40 * 1024, $"state is {after} bytes");
    }

    [Fact]
    public async Task A_usage_point_keeps_its_latest_installations_when_meters_flap()
    {
        var usagePoint = fixture.Grains.GetGrain<IUsagePointGrain>(NewId("UP-"));
        var cap = new Grains.UsagePoints.UsagePointOptions().MaxInstallations;
        var start = DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

        // A head-end that alternates two meters on one usage point, an installation per hour.
        for (var i = 0; i < cap + 40; i++)
        {
            await usagePoint.Install(i % 2 == 0 ? "MTR-A" : "MTR-B", start.AddHours(i));
        }

        var installations = await usagePoint.GetInstallations();
        Assert.Equal(cap, installations.Count);
        Assert.Equal(start.AddHours(40), installations[0].From); // the oldest 40 went
        Assert.Equal(new MeterInstallation("MTR-B", start.AddHours(cap + 39), null), installations[^1]);
        Assert.All(installations.Zip(installations.Skip(1)), p => Assert.Equal(p.Second.From, p.First.To));
    }

    /// <summary>Connects and disconnects in rounds of at most MaxOpenControls, each round ended before the next.</summary>
    private static async Task Controls(IEndDeviceGrain device, int count)
    {
        for (var done = 0; done < count; done += 16)
        {
            var round = Enumerable.Range(done, Math.Min(16, count - done)).Select(i => Control(i % 2 == 0 ? Disconnect : Connect)).ToList();
            foreach (var request in round)
            {
                Assert.Equal("0.3", (await device.SubmitControl(request)).Outcome.Code);
            }

            foreach (var request in round)
            {
                Assert.True((await device.WaitForControl(request.ControlId, Wait))!.State.IsFinal());
            }
        }
    }

    /// <summary>One message per quarter hour, each for one of <see cref="ReadingTypes"/> reading types (the time-of-use part varies).</summary>
    private static async Task Readings(IEndDeviceGrain device, int from, int to)
    {
        var day = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = from; i < to; i++)
        {
            var readingType = $"0.0.2.4.1.1.12.0.0.0.0.{i % ReadingTypes}.0.0.0.3.72.0";
            var result = await device.IngestReadings(new MeterReadingsIngest
            {
                Message = Message(),
                Series = [new ReadingSeries(readingType, ReadingKind.Interval, [new ReadingValue(day.AddMinutes(15 * (i + 1)), 0.25)])],
            });
            Assert.True(result.Problems.Count == 0, string.Join("; ", result.Problems.Select(p => p.Reason)));
        }

        // Reading ingests write the state lazily: a control forces the write, as any later one would.
        await Controls(device, 1);
    }

    private async Task<EndDeviceState> Stored(string id)
    {
        var services = fixture.Cluster.GetSiloServiceProvider(fixture.Cluster.Primary!.SiloAddress);
        var storage = services.GetRequiredKeyedService<IGrainStorage>(MeteringStreams.GrainStorage);
        var state = new GrainState<EndDeviceState>(new EndDeviceState());
        await storage.ReadStateAsync("device", fixture.Device(id).GetGrainId(), state);
        return state.State ?? throw new InvalidOperationException($"no stored state for {id}");
    }

    private async Task<int> StoredSize(string id)
    {
        var services = fixture.Cluster.GetSiloServiceProvider(fixture.Cluster.Primary!.SiloAddress);
        return services.GetRequiredService<Serializer>().SerializeToArray(await Stored(id)).Length;
    }
}
