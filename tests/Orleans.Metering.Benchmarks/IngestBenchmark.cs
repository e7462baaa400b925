using System.Diagnostics;
using System.Text;
using Npgsql;
using Orleans.Metering.Simulation.Fleet;

namespace Orleans.Metering.Benchmarks;

/// <summary>
/// End-to-end durable ingest: pre-generated `created MeterReadings` messages (simulated fleet, 15-minute
/// intervals, no registers so that every value counted is an interval row) POSTed over HTTP by several
/// concurrent clients to the gateway, through the meter grains, to the PostgreSQL reading store. The
/// gateway answers a message only after the store acknowledged (committed) its rows. Readings/s = interval
/// values in messages answered OK / wall time from the first POST to the last answer. Afterwards the
/// rows of the run's period are counted in metering_reading and must all be there.
/// Each run pushes a new period (re-sending stored values is a no-op, which would measure another path).
/// </summary>
public sealed class IngestBenchmark(Platform platform, string connectionString, BenchOptions options, CpuMeter cpu)
{
    private static readonly DateTimeOffset WarmUpDay = new(2026, 9, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly byte[] IntervalTag = Encoding.UTF8.GetBytes("<m:IntervalReadings>");

    private readonly SimulatedFleet fleet = new(new FleetOptions { MeterCount = options.Meters, MeterIdPrefix = "ING-" });

    /// <summary>Interval rows of one run (meters x days x 96, before the fleet's ~0.2% missing intervals).</summary>
    public int NominalRows => options.Meters * options.Days * 96;

    /// <summary>CPU used per reading (microseconds) by each run: this process (HTTP clients, gateway, grains, store), the server.</summary>
    public List<CpuSample> CpuPerReading { get; } = [];

    public async Task Prepare(HttpClient http)
    {
        var clock = Stopwatch.StartNew();
        await CimRequests.Register(http, platform.CimUrl, fleet.MeterIds(options.Meters));
        Console.WriteLine($"  ingest: registered {options.Meters:N0} meters in {clock.Elapsed.TotalSeconds:F1} s");

        // Warm-up: one day for every meter (JIT, series rows, the month's partition, active grains).
        var warm = await Push(http, WarmUpDay, 1);
        Console.WriteLine($"  ingest: warm-up day {warm.Rows:N0} readings in {warm.Seconds:F1} s ({warm.Rows / warm.Seconds:N0}/s)");
    }

    /// <summary>One measured run (run index r pushes days after the warm-up day); returns readings/s.</summary>
    public async Task<double> RunOnce(HttpClient http, int run)
    {
        var from = WarmUpDay.AddDays(1 + (run * options.Days));
        var before = cpu.Sample();
        var result = await Push(http, from, options.Days);
        var used = cpu.Sample() - before;
        CpuPerReading.Add(new CpuSample(used.Self * 1e6 / result.Rows, used.Postgres * 1e6 / result.Rows));
        var stored = await CountRows(from, from.AddDays(options.Days));
        var rate = result.Rows / result.Seconds;
        Console.WriteLine($"  ingest run {run + 1}: {result.Messages} messages, {result.Rows:N0} readings acknowledged in {result.Seconds:F2} s = {rate:N0}/s; CPU {used.Self:F1} s here + {used.Postgres:F1} s PostgreSQL; rows in metering_reading for the period: {stored:N0}");
        if (stored != result.Rows)
        {
            throw new InvalidOperationException($"ingest run {run + 1}: {result.Rows} readings acknowledged but {stored} rows stored");
        }

        return rate;
    }

    private async Task<(int Messages, long Rows, double Seconds)> Push(HttpClient http, DateTimeOffset from, int days)
    {
        // Pre-generate every message of the run (in parallel; not timed).
        var messages = new FleetMessages(fleet);
        var ids = fleet.MeterIds(options.Meters);
        var batches = ids.Chunk(options.MetersPerMessage).ToArray();
        var work = Enumerable.Range(0, days).SelectMany(d => batches.Select(b => (Day: d, Meters: b))).ToArray();
        var bodies = new byte[work.Length][];
        var intervals = new int[work.Length];
        Parallel.For(0, work.Length, i =>
        {
            var start = from.AddDays(work[i].Day);
            bodies[i] = messages.MeterReadings(work[i].Meters, start, start.AddDays(1), includeRegister: false);
            intervals[i] = Count(bodies[i], IntervalTag);
        });

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        var next = -1;
        long acknowledged = 0;
        var failures = new List<string>();
        var clock = Stopwatch.StartNew();
        var clients = Enumerable.Range(0, options.Clients).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < bodies.Length)
            {
                var (status, result, answer) = await CimRequests.Post(http, platform.CimUrl, bodies[i]);
                if (status == 200 && result == "OK")
                {
                    Interlocked.Add(ref acknowledged, intervals[i]);
                }
                else
                {
                    lock (failures)
                    {
                        failures.Add($"HTTP {status} {result}: {CimRequests.Preview(answer)}");
                    }
                }
            }
        })).ToArray();
        await Task.WhenAll(clients);
        var seconds = clock.Elapsed.TotalSeconds;
        if (failures.Count > 0)
        {
            throw new InvalidOperationException($"{failures.Count} ingest messages were not answered OK; first: {failures[0]}");
        }

        return (bodies.Length, acknowledged, seconds);
    }

    private async Task<long> CountRows(DateTimeOffset from, DateTimeOffset to)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("""
            SELECT count(*) FROM metering_reading r JOIN metering_series s ON s.series_id = r.series_id
            WHERE s.reading_type = $1 AND s.device_id LIKE 'ING-%' AND r.ts > $2 AND r.ts <= $3
            """, connection);
        count.Parameters.AddWithValue(SimulatedFleet.IntervalReadingType);
        count.Parameters.AddWithValue(from.UtcTicks);
        count.Parameters.AddWithValue(to.UtcTicks);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private static int Count(ReadOnlySpan<byte> haystack, ReadOnlySpan<byte> needle)
    {
        var n = 0;
        int at;
        while ((at = haystack.IndexOf(needle)) >= 0)
        {
            n++;
            haystack = haystack[(at + needle.Length)..];
        }

        return n;
    }
}
