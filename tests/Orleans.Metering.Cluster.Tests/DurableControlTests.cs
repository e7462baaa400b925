using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Orleans.Metering.Cluster.Tests.Support;
using Xunit.Abstractions;

namespace Orleans.Metering.Cluster.Tests;

/// <summary>
/// Issue 10: the silo that holds devices with a control scheduled 20 s ahead and a control awaiting its
/// outcome is killed (SIGKILL), and nothing is sent to those devices again. Their durable reminders
/// bring them back on a surviving silo: the scheduled control is dispatched at its start, the control
/// nobody answers expires at its timeout, each ending exactly once (one event, one reply).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class DurableControlTests(ClusterFixture cluster, ITestOutputHelper output)
{
    /// <summary>The silo whose gateway takes the requests (placement then favours it, but does not promise it).</summary>
    private const int Gateway = 2;
    private const string Unreachable = "UNREACHABLE-";
    private const string DisconnectFailed = "3.31.0.84";
    private static readonly TimeSpan StartAhead = TimeSpan.FromSeconds(20);

    /// <summary>How late "on time" may be: failure detection of the killed silo plus the reminder service taking its range over.</summary>
    private static readonly TimeSpan Lateness = TimeSpan.FromSeconds(20);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    [SkippableFact]
    public async Task Controls_held_by_a_killed_silo_end_on_time_on_a_survivor_without_anyone_calling_the_devices()
    {
        Skip.If(cluster.Unavailable is not null, cluster.Unavailable);
        await cluster.EnsureAllRunning();
        using var receiver = new ReplyReceiver();
        var run = "D" + Guid.NewGuid().ToString("N")[..6];
        var scheduledMeters = Enumerable.Range(1, 12).Select(i => $"{run}-S-{i:00}").ToList();
        var waitingMeters = Enumerable.Range(1, 12).Select(i => $"{Unreachable}{run}-W-{i:00}").ToList();
        var gatewayUrl = cluster.SiloUrls[Gateway];

        // Through one gateway, so that its silo tends to activate (hold) most of the devices.
        var registered = await Cim.Send(cluster.Http, gatewayUrl, Cim.CreateMeters(run + "-register", [.. scheduledMeters, .. waitingMeters]));
        Assert.True(registered.Result == "OK", "create MeterConfig: " + registered);
        var start = DateTimeOffset.UtcNow + StartAhead;
        start = start.AddTicks(-(start.UtcTicks % TimeSpan.TicksPerSecond)); // the message carries whole seconds
        var controls = scheduledMeters.Select(m => (Meter: m, ControlId: m + "-CTL", Scheduled: true))
            .Concat(waitingMeters.Select(m => (Meter: m, ControlId: m + "-CTL", Scheduled: false))).ToList();
        var acceptedAt = DateTimeOffset.UtcNow;
        var accepted = await Task.WhenAll(controls.Select(c => Cim.Send(cluster.Http, gatewayUrl,
            Cim.DisconnectMeterAsync(c.ControlId + "-msg", c.ControlId, c.Meter, receiver.Address, c.Scheduled ? start : null))));
        Assert.All(accepted, a => Assert.True(a.Result == "OK", "control not accepted: " + a));

        // The victim is the silo that holds the most of both kinds (placement varies from run to run).
        var held = await cluster.SilosOfDevices(controls.Select(c => c.Meter), askAround: -1);
        var victim = Enumerable.Range(0, cluster.SiloUrls.Count)
            .MaxBy(silo => Math.Min(controls.Count(c => c.Scheduled && held.GetValueOrDefault(c.Meter, -1) == silo), controls.Count(c => !c.Scheduled && held.GetValueOrDefault(c.Meter, -1) == silo)));
        var onVictim = controls.Where(c => held.GetValueOrDefault(c.Meter, -1) == victim).ToList();
        output.WriteLine($"{onVictim.Count(c => c.Scheduled)} scheduled and {onVictim.Count(c => !c.Scheduled)} waiting controls on silo {victim + 1}");
        Assert.Contains(onVictim, c => c.Scheduled);
        Assert.Contains(onVictim, c => !c.Scheduled);

        cluster.Kill(victim);
        output.WriteLine($"silo {victim + 1} killed {(DateTimeOffset.UtcNow - acceptedAt).TotalSeconds:0.0} s after acceptance");

        // Nothing more goes to these devices: only the store, the head-end's log and the receiver are read.
        var deadline = acceptedAt + ClusterFixture.ControlTimeout + Lateness + TimeSpan.FromSeconds(10);
        Dictionary<string, List<(string Type, DateTimeOffset At)>> events;
        do
        {
            await Task.Delay(1000);
            events = await OutcomeEvents(controls.Select(c => c.Meter).ToArray());
        }
        while (events.Count < controls.Count && DateTimeOffset.UtcNow < deadline);

        var commands = await cluster.Http.GetFromJsonAsync<List<CommandEntry>>(new Uri(cluster.HeadEndUrl, "/headend/commands"), Json) ?? [];
        foreach (var c in controls)
        {
            Assert.True(events.TryGetValue(c.Meter, out var closing), $"control {c.ControlId} on {c.Meter} (silo {held.GetValueOrDefault(c.Meter, -1) + 1}) did not end");
            var only = Assert.Single(closing);
            if (c.Scheduled)
            {
                Assert.Equal(Cim.Disconnected, only.Type);
                var sent = commands.Where(e => e.ControlId == c.ControlId).Min(e => e.ReceivedAt);
                Assert.True(sent >= start && sent <= start + Lateness, $"scheduled control {c.ControlId} for {start:O} reached the head-end at {sent:O}");
            }
            else
            {
                Assert.Equal(DisconnectFailed, only.Type);
                Assert.True(only.At >= acceptedAt + ClusterFixture.ControlTimeout - TimeSpan.FromSeconds(1) && only.At <= acceptedAt + ClusterFixture.ControlTimeout + Lateness,
                    $"control {c.ControlId} accepted at {acceptedAt:O} expired at {only.At:O}");
            }
        }

        // One reply per control: wait for the outbox to deliver, then a little longer for any second delivery.
        await ClusterFixture.WaitUntil(() => Task.FromResult(controls.All(c => receiver.Received.Any(r => r.Contains(c.ControlId, StringComparison.Ordinal)))),
            TimeSpan.FromSeconds(30), "not every control's reply was delivered");
        await Task.Delay(TimeSpan.FromSeconds(3));
        foreach (var c in controls)
        {
            Assert.Equal(1, receiver.Received.Count(r => r.Contains(c.ControlId + ":", StringComparison.Ordinal)));
        }

        await cluster.Restart(victim);
    }

    /// <summary>Outcome events in the store, by device: (type, created).</summary>
    private async Task<Dictionary<string, List<(string Type, DateTimeOffset At)>>> OutcomeEvents(string[] devices)
    {
        await using var db = new NpgsqlConnection(cluster.ConnectionString);
        await db.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT device_id, event_type, created_ticks FROM metering_event WHERE device_id = ANY($1)", db);
        query.Parameters.AddWithValue(devices);
        var result = new Dictionary<string, List<(string, DateTimeOffset)>>(StringComparer.Ordinal);
        await using var reader = await query.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var device = reader.GetString(0);
            if (!result.TryGetValue(device, out var list))
            {
                result[device] = list = [];
            }

            list.Add((reader.GetString(1), new DateTimeOffset(reader.GetInt64(2), TimeSpan.Zero)));
        }

        return result;
    }

    private sealed record CommandEntry(string DeviceId, string ControlId, string ControlType, DateTimeOffset ReceivedAt, DateTimeOffset? CompletedAt, bool? Succeeded);
}
