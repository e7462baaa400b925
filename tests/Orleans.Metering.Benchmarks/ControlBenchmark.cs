using System.Collections.Concurrent;
using System.Diagnostics;
using Orleans.Metering.Simulation.Fleet;

namespace Orleans.Metering.Benchmarks;

/// <summary>
/// Control dispatch latency inside the platform under a steady open-loop load: `create
/// EndDeviceControls` (one disconnect or connect of one device per message) started at a fixed rate
/// (default 1,000/s) over HTTP, whatever the answers do. Latency of a control = the head-end
/// adapter's Execute call minus the gateway's receipt of the request (first middleware of the
/// Kestrel pipeline, headers received, before the body is read), both Stopwatch stamps in this
/// process (<see cref="ControlClock"/>). Between the two: body read and parse, routing, the device
/// grain accepting the control and persisting it (PostgreSQL grain state, committed), then
/// dispatching. The timing head-end reports success at once, so each control's outcome (another
/// state write, the event stored and published, the synchronous reply) is part of the load too.
/// </summary>
public sealed class ControlBenchmark(Platform platform, ControlClock clock, BenchOptions options, CpuMeter cpu, string connectionString)
{
    private const string Disconnect = "3.31.0.23";
    private const string Connect = "3.31.0.18";

    private readonly int devices = options.Quick ? 500 : 2000;
    private readonly SimulatedFleet fleet = new(new FleetOptions { MeterCount = options.Quick ? 500 : 2000, MeterIdPrefix = "CTL-" });
    private long sequence;

    public async Task<IReadOnlyList<Metric>> Run(HttpClient http)
    {
        var ids = fleet.MeterIds(devices);
        await CimRequests.Register(http, platform.CimUrl, ids);
        // Warm-up, ramped: the JIT compiles the path un-optimized first and optimizes it in the background
        // only once no new method has been compiled for a while; un-optimized, the path cannot carry the
        // full rate, and a saturated machine starves the background compiler (measured: seconds of
        // queueing for several runs). A silo in production runs for days: the runs measure the steady state.
        foreach (var (seconds, rate) in options.Quick ? [(2, options.ControlRate)] : new[] { (5, options.ControlRate / 5), (10, options.ControlRate / 2), (10, options.ControlRate) })
        {
            var warm = await Load(http, ids, seconds, Math.Max(1, rate));
            Console.WriteLine($"  controls: warm-up {warm.Dispatched} dispatched at {warm.Rate:N0}/s, p50 {warm.P50:F2} ms, p99 {warm.P99:F2} ms");
        }

        var p99 = new List<double>();
        var p50 = new List<double>();
        var achieved = new List<double>();
        var cpuSelf = new List<double>();
        var cpuPostgres = new List<double>();
        var allocated = new List<double>();
        var collections = new List<double>();
        var paused = new List<double>();
        for (var r = 0; r < options.Runs; r++)
        {
            var before = cpu.Sample();
            var (bytesBefore, gcsBefore, pauseBefore) = (GC.GetTotalAllocatedBytes(), GC.CollectionCount(0), GC.GetTotalPauseDuration());
            var clock = Stopwatch.StartNew();
            var run = await Load(http, ids, options.ControlSeconds, options.ControlRate);
            var seconds = clock.Elapsed.TotalSeconds;
            var used = cpu.Sample() - before;
            cpuSelf.Add(used.Self * 1000 / run.Sent);
            cpuPostgres.Add(used.Postgres * 1000 / run.Sent);
            // The process's allocations (platform and benchmark client) and its GC pauses, which every request in flight waits out.
            allocated.Add((GC.GetTotalAllocatedBytes() - bytesBefore) / (double)run.Sent);
            collections.Add((GC.CollectionCount(0) - gcsBefore) / seconds);
            paused.Add((GC.GetTotalPauseDuration() - pauseBefore).TotalMilliseconds / seconds);
            Console.WriteLine($"  controls run {r + 1}: {run.Sent} sent at {run.Rate:N0}/s, {run.Dispatched} dispatched, {run.Ok} answered OK; " +
                $"dispatch latency p50 {run.P50:F2} ms, p99 {run.P99:F2} ms, max {run.Max:F2} ms; CPU per control {cpuSelf[^1]:F2} ms here + {cpuPostgres[^1]:F2} ms PostgreSQL; " +
                $"{allocated[^1] / 1024:N0} KB allocated per control, {collections[^1]:F1} GCs/s pausing {paused[^1]:F1} ms/s");
            p99.Add(run.P99);
            p50.Add(run.P50);
            achieved.Add(run.Rate);
        }

        var stateBytes = await StateBytes();
        Console.WriteLine($"  controls: stored state of the control devices (orleans_grain_state.payload, Orleans binary, written on each accept and outcome): {stateBytes:N0} bytes on average");
        return
        [
            new Metric("enddevice_state_bytes", "stored state of a control device, average", "bytes", [stateBytes]),
            new Metric("control_dispatch_p99_ms", $"control dispatch p99 at {options.ControlRate:N0}/s", "ms", p99, TargetKind.Below, 5),
            new Metric("control_dispatch_p50_ms", "control dispatch p50", "ms", p50),
            new Metric("control_rate_per_s", "controls started per second", "controls/s", achieved),
            new Metric("control_cpu_ms_per_control_dotnet", "controls: CPU per control in this process", "ms", cpuSelf),
            new Metric("control_allocated_bytes_per_control", "controls: bytes allocated per control in this process", "bytes", allocated),
            new Metric("control_gc_per_s", "controls: garbage collections per second", "GCs/s", collections),
            new Metric("control_gc_pause_ms_per_s", "controls: GC pause per second", "ms/s", paused),
            .. (cpu.SeesPostgres ? [new Metric("control_cpu_ms_per_control_postgres", "controls: CPU per control in PostgreSQL", "ms", cpuPostgres)] : Array.Empty<Metric>()),
        ];
    }

    private async Task<double> StateBytes()
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var query = new Npgsql.NpgsqlCommand(
            "SELECT coalesce(avg(octet_length(payload)), 0)::float8 FROM orleans_grain_state WHERE payload IS NOT NULL AND position(convert_to('CTL-', 'UTF8') in payload) > 0", connection);
        return (double)(await query.ExecuteScalarAsync())!;
    }

    private async Task<(int Sent, int Dispatched, int Ok, double Rate, double P50, double P99, double Max)> Load(HttpClient http, IReadOnlyList<string> ids, int seconds, int rate)
    {
        var total = rate * seconds;
        // Pre-built requests: control k goes to device k mod N; a device alternates disconnect / connect.
        var requests = new (string ControlId, byte[] Body)[total];
        for (var k = 0; k < total; k++)
        {
            var n = Interlocked.Increment(ref sequence) - 1;
            var device = ids[(int)(n % ids.Count)];
            var type = (n / ids.Count) % 2 == 0 ? Disconnect : Connect;
            var id = $"BENCH-CTL-{n}";
            requests[k] = (id, CimRequests.Control(id, device, type));
        }

        clock.Receipts.Clear();
        clock.Calls.Clear();
        var results = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var inFlight = new List<Task>(total);
        var started = Stopwatch.StartNew();
        var sent = 0;
        while (sent < total)
        {
            // Open loop: start every control that is due by now, then sleep about a millisecond.
            var due = Math.Min(total, (int)(started.Elapsed.TotalSeconds * rate) + 1);
            for (; sent < due; sent++)
            {
                var (id, body) = requests[sent];
                inFlight.Add(Task.Run(async () =>
                {
                    try
                    {
                        var (status, result, _) = await CimRequests.Post(http, platform.CimUrl, body, id);
                        results.AddOrUpdate(status == 200 ? result ?? "none" : "HTTP " + status, 1, (_, c) => c + 1);
                    }
                    catch (HttpRequestException e)
                    {
                        results.AddOrUpdate("error " + e.Message, 1, (_, c) => c + 1);
                    }
                }));
            }

            await Task.Delay(1);
        }

        var sendSeconds = started.Elapsed.TotalSeconds;
        await Task.WhenAll(inFlight);
        var latencies = new List<double>(total);
        foreach (var (id, _) in requests)
        {
            if (clock.Receipts.TryGetValue(id, out var received) && clock.Calls.TryGetValue(id, out var called))
            {
                latencies.Add(Stopwatch.GetElapsedTime(received, called).TotalMilliseconds);
            }
        }

        if (latencies.Count < total)
        {
            Console.WriteLine($"  controls: {total - latencies.Count} of {total} were not dispatched; answers: {string.Join(", ", results.Select(kv => $"{kv.Key}={kv.Value}"))}");
        }

        return (total, latencies.Count, results.GetValueOrDefault("OK"), total / sendSeconds,
            Stats.Percentile(latencies, 50), Stats.Percentile(latencies, 99), latencies.Count > 0 ? latencies.Max() : double.NaN);
    }
}
