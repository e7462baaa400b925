using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Orleans.Metering.Cluster.Tests.Support;
using Xunit.Abstractions;

namespace Orleans.Metering.Cluster.Tests;

/// <summary>
/// Issue 4: a silo is killed (SIGKILL) while controls are pending at the head-end and readings are
/// flowing through the other silos' gateways. Afterwards every acknowledged reading is stored, every
/// accepted control ends in one final state, reconciled with the device rather than re-sent after
/// the device executed it, and a client that retries with the same MessageID gets the same reply.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class SiloKillTests(ClusterFixture cluster, ITestOutputHelper output)
{
    private const int Victim = 2;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    [SkippableFact]
    public async Task Killed_silo_loses_no_acknowledged_reading_and_every_accepted_control_ends_once_without_blind_resend()
    {
        Skip.If(cluster.Unavailable is not null, cluster.Unavailable);
        await cluster.EnsureAllRunning();
        var clock = Stopwatch.StartNew();
        var run = "K" + Guid.NewGuid().ToString("N")[..6];
        // The first 8 meters' outcomes reach the platform late (ClusterFixture.LateReportPrefix).
        var meters = Enumerable.Range(1, 30).Select(i => (i <= 8 ? ClusterFixture.LateReportPrefix : "") + $"{run}-{i:000}").ToList();
        var survivors = new[] { cluster.SiloUrls[0], cluster.SiloUrls[1] };
        var http = cluster.Http;

        var registered = await Cim.Send(http, survivors[0], Cim.CreateMeters(run + "-register", meters));
        Assert.True(registered.Result == "OK", "create MeterConfig: " + registered);

        // Readings flow through the survivors' gateways (their grains live on all three silos).
        var day = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(-2), TimeSpan.Zero);
        var flow = new ReadingFlow(http, survivors, meters, day, run);
        using var stopFlow = new CancellationTokenSource();
        var flowing = flow.Run(parallel: 4, stopFlow.Token);

        // Controls: the devices take ClusterFixture.DeviceDelay, so they are still pending when the silo dies.
        var controlled = meters.Take(15).ToList();
        var controls = controlled.Select((m, i) => (Meter: m, ControlId: $"{run}-CTL-{i:00}", Body: Cim.DisconnectMeter($"{run}-ctl-{i:00}", $"{run}-CTL-{i:00}", m))).ToList();
        output.WriteLine($"meters registered, readings flowing at {clock.Elapsed.TotalSeconds:0.0} s");
        var accepted = await Task.WhenAll(controls.Select((c, i) => Cim.Send(http, survivors[i % 2], c.Body)));
        for (var i = 0; i < controls.Count; i++)
        {
            Assert.True(accepted[i].Result == "OK" && accepted[i].Codes.Contains("0.3"), $"control {controls[i].ControlId} not accepted as pending: {accepted[i]}");
        }

        cluster.Kill(Victim);
        var killedAt = clock.Elapsed;
        var killedAtUtc = DateTimeOffset.UtcNow;
        output.WriteLine($"silo {Victim + 1} killed at {killedAt.TotalSeconds:0.0} s with {controls.Count} controls pending");

        // Every accepted control reaches a final state: the client retries its request (same MessageID),
        // from right after the kill, until the reply no longer says 0.3; a second retry must then give the
        // same reply, byte for byte.
        var finals = new CimReply[controls.Count];
        var finishing = Task.WhenAll(controls.Select(async (c, i) =>
        {
            var deadline = Stopwatch.StartNew();
            CimReply reply;
            do
            {
                reply = await Cim.Send(http, survivors[i % 2], c.Body);
                if (reply.Result is "OK" && !reply.Codes.Contains("0.3"))
                {
                    break;
                }

                await Task.Delay(500);
            }
            while (deadline.Elapsed < TimeSpan.FromSeconds(60));

            finals[i] = reply;
        }));
        await Task.Delay(TimeSpan.FromSeconds(8));
        await stopFlow.CancelAsync();
        await flowing;
        var firstRefusal = flow.Messages.FirstOrDefault(m => !m.Reply.Acknowledged)?.Reply.ToString() ?? "none";
        output.WriteLine($"{flow.Messages.Count} reading messages pushed: {flow.Messages.Count(m => m.Reply.Acknowledged)} acknowledged, " +
            $"{flow.Messages.Count(m => !m.Reply.Acknowledged)} not (first: {firstRefusal[..Math.Min(200, firstRefusal.Length)]})");

        await finishing;
        output.WriteLine($"all controls final at {clock.Elapsed.TotalSeconds:0.0} s");
        for (var i = 0; i < controls.Count; i++)
        {
            Assert.True(finals[i].Result == "OK" && finals[i].Codes.Count == 0 && finals[i].Payload?.Contains(controls[i].ControlId + ":" + Cim.Disconnected, StringComparison.Ordinal) == true,
                $"control {controls[i].ControlId} on {controls[i].Meter} did not end Executed (disconnected): {finals[i]}");
            var again = await Cim.Send(http, survivors[(i + 1) % 2], controls[i].Body);
            Assert.Equal(finals[i].Result, again.Result);
            Assert.Equal(finals[i].Payload, again.Payload);
        }

        // Exactly once: one outcome event per control in the store.
        await using (var db = new NpgsqlConnection(cluster.ConnectionString))
        {
            await db.OpenAsync();
            await using var query = new NpgsqlCommand("SELECT event_id, body::text FROM metering_event WHERE device_id = ANY($1)", db);
            query.Parameters.AddWithValue(controlled.ToArray());
            var events = new List<string>();
            var reconciled = 0;
            await using (var reader = await query.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    events.Add(reader.GetString(0));
                    reconciled += reader.GetString(1).Contains("Reconciled", StringComparison.Ordinal) ? 1 : 0;
                }
            }

            output.WriteLine($"{reconciled} controls closed by reconciliation with the device (Ping), {controls.Count - reconciled} by the head-end's report");

            foreach (var c in controls)
            {
                var outcomes = events.Where(e => e.StartsWith(c.ControlId + ":", StringComparison.Ordinal)).ToList();
                Assert.True(outcomes.Count == 1, $"control {c.ControlId}: outcome events {string.Join(", ", outcomes)}");
            }
        }

        // The head-end executed each control, and never got it again after the device had executed it.
        var log = await http.GetFromJsonAsync<List<CommandEntry>>(new Uri(cluster.HeadEndUrl, "/headend/commands"), Json) ?? [];
        var executedAfterKill = controls.Count(c => log.Where(e => e.ControlId == c.ControlId).Min(e => e.CompletedAt) > killedAtUtc);
        output.WriteLine($"{executedAfterKill} of {controls.Count} controls executed by the device after the kill");
        Assert.True(executedAfterKill > 0, "no control was still pending at the head-end when the silo was killed");
        foreach (var c in controls)
        {
            var sentToDevice = log.Where(e => e.ControlId == c.ControlId).OrderBy(e => e.ReceivedAt).ToList();
            Assert.True(sentToDevice.Count >= 1, $"control {c.ControlId} never reached the head-end");
            var executedAt = sentToDevice[0].CompletedAt;
            Assert.NotNull(executedAt);
            var blind = sentToDevice.Skip(1).Where(e => e.ReceivedAt >= executedAt).ToList();
            Assert.True(blind.Count == 0, $"control {c.ControlId} executed at {executedAt:O} was sent again at {string.Join(", ", blind.Select(b => b.ReceivedAt.ToString("O")))}");
            if (sentToDevice.Count > 1)
            {
                output.WriteLine($"control {c.ControlId} re-dispatched while still in flight ({sentToDevice.Count} sends, none after execution)");
            }
        }

        // Readings: what failed around the kill is retried by the client (same MessageID) and now stored;
        // a retry of an acknowledged message gets the same reply.
        var failed = flow.Messages.Where(m => !m.Reply.Acknowledged).ToList();
        foreach (var m in failed)
        {
            var retried = await flow.Retry(m, survivors[0]);
            Assert.True(retried.Acknowledged, $"retry of {m.MessageId} after the kill: {retried}");
        }

        foreach (var m in flow.Messages.Where(m => m.Reply.Acknowledged).Take(20))
        {
            var again = await flow.Retry(m, survivors[1]);
            Assert.Equal(m.Reply.Result, again.Result);
            Assert.Equal(m.Reply.Payload, again.Payload);
        }

        var stored = (await Cim.Send(http, survivors[0], Cim.GetReadings(run + "-get", meters, flow.Period.From, flow.Period.To))).IntervalReadings();
        var missing = flow.Messages.SelectMany(m => m.Readings).Where(r => !stored.TryGetValue((r.Meter, r.At), out var v) || v != r.Value).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} acknowledged readings missing or different, e.g. {string.Join("; ", missing.Take(5))}");
        output.WriteLine($"{flow.Messages.Sum(m => m.Readings.Count)} readings checked ({failed.Count} messages retried) at {clock.Elapsed.TotalSeconds:0.0} s");

        await cluster.Restart(Victim);
        output.WriteLine($"silo {Victim + 1} restarted at {clock.Elapsed.TotalSeconds:0.0} s");
    }

    private sealed record CommandEntry(string DeviceId, string ControlId, string ControlType, DateTimeOffset ReceivedAt, DateTimeOffset? CompletedAt, bool? Succeeded);
}
