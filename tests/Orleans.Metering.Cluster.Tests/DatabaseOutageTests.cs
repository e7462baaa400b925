using System.Diagnostics;
using Orleans.Metering.Cluster.Tests.Support;
using Xunit.Abstractions;

namespace Orleans.Metering.Cluster.Tests;

/// <summary>
/// Issue 4: PostgreSQL stops (pg_ctl -m immediate, the cluster's own private server) while readings
/// flow and a control is pending at the head-end. While it is down, requests fail fast with FAILED
/// 5.2 (or 5.1) and readiness says the database is unreachable; nothing acknowledged before is lost;
/// when it returns the silos recover by themselves (no restart): ready again, new and retried
/// requests succeed, and the pending control's outcome, held by the head-end, is taken.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class DatabaseOutageTests(ClusterFixture cluster, ITestOutputHelper output)
{
    private static readonly TimeSpan FailFast = TimeSpan.FromSeconds(3);

    [SkippableFact]
    public async Task Database_outage_fails_requests_fast_with_5_2_reports_unready_loses_nothing_and_recovers_without_restart()
    {
        Skip.If(cluster.Unavailable is not null, cluster.Unavailable);
        await cluster.EnsureAllRunning();
        var clock = Stopwatch.StartNew();
        var http = cluster.Http;
        var silos = cluster.SiloUrls;
        var run = "O" + Guid.NewGuid().ToString("N")[..6];
        var meters = Enumerable.Range(1, 12).Select(i => $"{run}-{i:000}").ToList();
        var registered = await Cim.Send(http, silos[0], Cim.CreateMeters(run + "-register", meters));
        Assert.True(registered.Result == "OK", "create MeterConfig: " + registered);

        var day = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(-3), TimeSpan.Zero);
        var flow = new ReadingFlow(http, silos, meters, day, run);
        using var stopFlow = new CancellationTokenSource();
        var flowing = flow.Run(parallel: 3, stopFlow.Token);
        await Task.Delay(TimeSpan.FromSeconds(2));

        // An asynchronous answer waiting in the outbox: its receiver refuses it until after the outage.
        using var receiver = new ReplyReceiver { Refusing = true };
        var asyncGet = await Cim.Send(http, silos[0], Cim.GetReadings(run + "-async-get", meters.Take(2), day, day.AddDays(1), receiver.Address));
        Assert.True(asyncGet.Result == "OK" && asyncGet.Codes.Contains("0.3"), "asynchronous get MeterReadings: " + asyncGet);
        await ClusterFixture.WaitUntil(() => Task.FromResult(receiver.Refused > 0), TimeSpan.FromSeconds(10), "the asynchronous answer was never attempted");

        // A control pending at the head-end: its outcome will come back while the database is down.
        var control = Cim.DisconnectMeter(run + "-ctl", run + "-CTL", meters[0]);
        var accepted = await Cim.Send(http, silos[1], control);
        Assert.True(accepted.Result == "OK" && accepted.Codes.Contains("0.3"), "control: " + accepted);

        cluster.Postgres.StopImmediately();
        var downAt = clock.Elapsed;
        output.WriteLine($"PostgreSQL stopped at {downAt.TotalSeconds:0.0} s");

        // Readiness says so, naming the database, on every silo.
        for (var i = 0; i < silos.Count; i++)
        {
            var silo = silos[i];
            string ready = "";
            await ClusterFixture.WaitUntil(async () =>
            {
                using var response = await http.GetAsync(new Uri(silo, "/health/ready"));
                ready = await response.Content.ReadAsStringAsync();
                return (int)response.StatusCode == 503 && ready.Contains("PostgreSQL", StringComparison.Ordinal) && ready.Contains("unreachable", StringComparison.Ordinal);
            }, TimeSpan.FromSeconds(10), $"silo {i + 1} /health/ready did not report the database down: {ready}");
        }

        output.WriteLine($"all silos unready at {clock.Elapsed.TotalSeconds:0.0} s");

        // Requests fail fast: FAILED with 5.2 (nothing attempted) or 5.1, well before any client timeout.
        var refused = new List<(string What, string Body, CimReply Reply)>();
        var downPushes = new List<(string Meter, DateTimeOffset At, double Value)>();
        for (var i = 0; i < silos.Count; i++)
        {
            // The hour before the flow's day: values of their own, checked after the retry.
            var pushed = (meters[i], day.AddMinutes(-15 * (i + 1)), 0.5 + i);
            downPushes.Add(pushed);
            var pushBody = Cim.PushReadings($"{run}-down-push-{i}", [pushed]);
            var registerBody = Cim.CreateMeters($"{run}-down-register-{i}", [$"{run}-NEW-{i}"]);
            var controlBody = Cim.DisconnectMeter($"{run}-down-ctl-{i}", $"{run}-DOWN-CTL-{i}", meters[i + 1]);
            foreach (var (what, body) in new[] { ("created MeterReadings", pushBody), ("create MeterConfig", registerBody), ("create EndDeviceControls", controlBody) })
            {
                var reply = await Cim.Send(http, silos[i], body, TimeSpan.FromSeconds(30));
                refused.Add((what, body, reply));
                Assert.True(reply.Result == "FAILED" && reply.Codes.Count > 0 && reply.Codes.All(c => c is "5.2" or "5.1"), $"{what} on silo {i + 1} during the outage: {reply}");
                Assert.True(reply.Elapsed < FailFast, $"{what} on silo {i + 1} took {reply.Elapsed.TotalSeconds:0.0} s to fail");
                Assert.Contains("PostgreSQL", reply.Body, StringComparison.Ordinal);
            }
        }

        await Task.Delay(TimeSpan.FromSeconds(5) - (clock.Elapsed - downAt) is { Ticks: > 0 } rest ? rest : TimeSpan.Zero);
        cluster.Postgres.StartAgain();
        var upAt = clock.Elapsed;
        output.WriteLine($"PostgreSQL started again at {upAt.TotalSeconds:0.0} s (down {(upAt - downAt).TotalSeconds:0.0} s)");

        // The silos recover by themselves.
        for (var i = 0; i < silos.Count; i++)
        {
            await cluster.WaitReady(i, TimeSpan.FromSeconds(30));
        }

        output.WriteLine($"all silos ready again at {clock.Elapsed.TotalSeconds:0.0} s");
        await Task.Delay(TimeSpan.FromSeconds(1));
        await stopFlow.CancelAsync();
        await flowing;
        var duringOutage = flow.Messages.Where(m => !m.Reply.Acknowledged).ToList();
        output.WriteLine($"{flow.Messages.Count} reading messages pushed across the outage: {flow.Messages.Count - duringOutage.Count} acknowledged, " +
            $"{duringOutage.Count} refused (codes {string.Join(", ", duringOutage.SelectMany(m => m.Reply.Codes).Distinct())}), slowest reply {flow.Messages.Max(m => m.Reply.Elapsed).TotalSeconds:0.0} s");

        // What was refused during the outage succeeds when retried with the same MessageID.
        foreach (var (what, body, _) in refused)
        {
            var retried = await Cim.Send(http, silos[0], body);
            Assert.True(retried.Result == "OK", $"{what} retried after the outage: {retried}");
        }

        foreach (var m in duringOutage)
        {
            var retried = await flow.Retry(m, silos[2]);
            Assert.True(retried.Acknowledged, $"retry of {m.MessageId} after the outage: {retried}");
        }

        // The pending control's outcome, reported while the database was down, was taken once it returned.
        CimReply final;
        var wait = Stopwatch.StartNew();
        do
        {
            final = await Cim.Send(http, silos[2], control);
            if (final.Result == "OK" && !final.Codes.Contains("0.3"))
            {
                break;
            }

            await Task.Delay(500);
        }
        while (wait.Elapsed < TimeSpan.FromSeconds(45));

        Assert.True(final.Result == "OK" && final.Codes.Count == 0 && final.Payload?.Contains(run + "-CTL:" + Cim.Disconnected, StringComparison.Ordinal) == true,
            "the control pending during the outage: " + final);

        // The outbox delivery survived the outage: the answer refused before it is delivered now.
        receiver.Refusing = false;
        await ClusterFixture.WaitUntil(() => Task.FromResult(receiver.Received.Any(b => b.Contains(run + "-async-get", StringComparison.Ordinal))), TimeSpan.FromSeconds(20),
            $"the asynchronous answer was not delivered after the outage ({receiver.Refused} refused attempts)");
        output.WriteLine($"asynchronous answer delivered after {receiver.Refused} refused attempts, at {clock.Elapsed.TotalSeconds:0.0} s");

        // Nothing acknowledged is lost: every value of every acknowledged (or now retried) message is stored.
        var stored = (await Cim.Send(http, silos[1], Cim.GetReadings(run + "-get", meters, flow.Period.From.AddHours(-1), flow.Period.To))).IntervalReadings();
        var missing = flow.Messages.SelectMany(m => m.Readings).Concat(downPushes).Where(r => !stored.TryGetValue((r.Meter, r.At), out var v) || v != r.Value).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} acknowledged readings missing or different, e.g. {string.Join("; ", missing.Take(5))}");
        output.WriteLine($"{flow.Messages.Sum(m => m.Readings.Count) + downPushes.Count} readings checked at {clock.Elapsed.TotalSeconds:0.0} s");
    }
}
