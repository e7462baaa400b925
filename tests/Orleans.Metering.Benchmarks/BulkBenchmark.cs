using System.Diagnostics;
using Orleans.Metering.Simulation.Fleet;

namespace Orleans.Metering.Benchmarks;

/// <summary>
/// Single large requests, as a utility onboards meters and cuts off after a billing run: one
/// <c>create MeterConfig</c> of <see cref="Size"/> meters (time = POST to answer, every meter OK), then one
/// <c>create EndDeviceControls</c> disconnecting all of them (one EndDeviceControl per meter; dispatch
/// rate = meters / time from POST to the head-end's last Execute call, every control present; the
/// synchronous answer comes once their outcomes are in). Fresh meters each run.
/// </summary>
public sealed class BulkBenchmark(Platform platform, ControlClock clock, BenchOptions options, CpuMeter cpu)
{
    /// <summary>The gateway's default MaxDevicesPerRequest: the largest request it takes.</summary>
    private int Size => options.Quick ? 2000 : 10_000;

    public async Task<IReadOnlyList<Metric>> Run(HttpClient http)
    {
        var registers = new List<double>();
        var dispatches = new List<double>();
        var registerCpu = new List<CpuSample>();
        var controlCpu = new List<CpuSample>();
        for (var r = -1; r < options.Runs; r++) // one warm-up run
        {
            var meters = Enumerable.Range(1, Size).Select(i => $"BULK-{r + 1}-{i:00000}").ToList();
            var cpuBefore = cpu.Sample();
            var start = Stopwatch.GetTimestamp();
            var (status, result, answer) = await CimRequests.Post(http, platform.CimUrl, CimRequests.RegisterMeters(meters));
            var registerSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            var registerUsed = cpu.Sample() - cpuBefore;
            if (status != 200 || result != "OK")
            {
                throw new InvalidOperationException($"create MeterConfig of {Size} meters answered HTTP {status} {result}: {CimRequests.Preview(answer)}");
            }

            var prefix = $"BULKCTL-{r + 1}-";
            cpuBefore = cpu.Sample();
            start = Stopwatch.GetTimestamp();
            (status, result, answer) = await CimRequests.Post(http, platform.CimUrl, FleetRequests.Controls(prefix, meters, "3.31.0.23", CimRequests.Source));
            if (status != 200 || result is not ("OK" or "PARTIAL"))
            {
                throw new InvalidOperationException($"create EndDeviceControls on {Size} meters answered HTTP {status} {result}: {CimRequests.Preview(answer)}");
            }

            var controlUsed = cpu.Sample() - cpuBefore;
            var calls = meters.Select(m => clock.Calls.TryGetValue(prefix + m, out var at) ? at : (long?)null).ToList();
            if (calls.Any(c => c is null))
            {
                throw new InvalidOperationException($"{calls.Count(c => c is null)} of {Size} controls never reached the head-end (answer {result})");
            }

            var dispatchSeconds = Stopwatch.GetElapsedTime(start, calls.Max()!.Value).TotalSeconds;
            Console.WriteLine($"  run {r + 1}: {Size:N0} meters registered in {registerSeconds:N2} s ({Micros(registerUsed.Self)} + {Micros(registerUsed.Postgres)} PostgreSQL CPU-µs each), " +
                $"dispatched in {dispatchSeconds:N2} s ({Micros(controlUsed.Self)} + {Micros(controlUsed.Postgres)} CPU-µs each, until the answer) (answer {result})");
            if (r >= 0)
            {
                registers.Add(Size / registerSeconds);
                dispatches.Add(Size / dispatchSeconds);
                registerCpu.Add(registerUsed);
                controlCpu.Add(controlUsed);
            }
        }

        return
        [
            new Metric("bulk_register_meters_per_s", $"register {Size:N0} meters in one request", "meters/s", registers, TargetKind.AtLeast, 10_000),
            new Metric("bulk_controls_dispatched_per_s", $"disconnect {Size:N0} meters in one request", "controls/s", dispatches, TargetKind.AtLeast, 2_000),
            new Metric("bulk_register_cpu_us_per_meter_process", "bulk register: process CPU per meter", "µs", [.. registerCpu.Select(c => PerItem(c.Self))]),
            new Metric("bulk_register_cpu_us_per_meter_postgres", "bulk register: PostgreSQL CPU per meter", "µs", [.. registerCpu.Select(c => PerItem(c.Postgres))]),
            new Metric("bulk_control_cpu_us_per_control_process", "bulk disconnect: process CPU per control", "µs", [.. controlCpu.Select(c => PerItem(c.Self))]),
            new Metric("bulk_control_cpu_us_per_control_postgres", "bulk disconnect: PostgreSQL CPU per control", "µs", [.. controlCpu.Select(c => PerItem(c.Postgres))]),
        ];
    }

    private double PerItem(double seconds) => seconds * 1e6 / Size;

    private string Micros(double seconds) => PerItem(seconds).ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
}
