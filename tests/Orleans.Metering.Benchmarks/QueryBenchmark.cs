using System.Diagnostics;
using Orleans.Metering.Simulation.Fleet;

namespace Orleans.Metering.Benchmarks;

/// <summary>
/// `get MeterReadings` over HTTP, synchronous answer: one meter for one month of 15-minute data
/// (June 2026, 2,880 intervals less the fleet's missing ones), and 1,000 meters for one day (96,000).
/// Time = POST sent to the whole answer read by the client; each answer is checked afterwards (Result
/// OK, every stored interval present). The data is pushed first through the gateway (not timed).
/// </summary>
public sealed class QueryBenchmark(Platform platform, BenchOptions options)
{
    private static readonly DateTimeOffset Month = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Day = new(2026, 6, 15, 0, 0, 0, TimeSpan.Zero);
    private const int DayMeters = 1000;

    private readonly SimulatedFleet fleet = new(new FleetOptions { MeterCount = DayMeters, MeterIdPrefix = "QRY-" });

    public async Task<IReadOnlyList<Metric>> Run(HttpClient http)
    {
        var ids = fleet.MeterIds(DayMeters);
        await CimRequests.Register(http, platform.CimUrl, ids);
        var messages = new FleetMessages(fleet);
        // One meter, the whole month (one message per day), then the other meters' day.
        for (var d = Month; d < Month.AddMonths(1); d = d.AddDays(1))
        {
            await PushOk(http, messages.MeterReadings([ids[0]], d, d.AddDays(1), includeRegister: false));
        }

        foreach (var chunk in ids.Skip(1).Chunk(100))
        {
            await PushOk(http, messages.MeterReadings(chunk, Day, Day.AddDays(1), includeRegister: false));
        }

        var monthExpected = fleet.Intervals(ids[0], Month, Month.AddMonths(1)).Count;
        var dayExpected = ids.Sum(id => id == ids[0] ? 0 : fleet.Intervals(id, Day, Day.AddDays(1)).Count) + fleet.Intervals(ids[0], Day, Day.AddDays(1)).Count;
        var month = await Time(http, () => CimRequests.GetMeterReadings([ids[0]], SimulatedFleet.IntervalReadingType, Month, Month.AddMonths(1)), monthExpected);
        var day = await Time(http, () => CimRequests.GetMeterReadings(ids, SimulatedFleet.IntervalReadingType, Day, Day.AddDays(1)), dayExpected);
        return
        [
            new Metric("query_meter_month_ms", "query one meter-month (15 min)", "ms", month, TargetKind.Below, 20, $"({monthExpected:N0} readings)"),
            new Metric("query_1000_meters_day_ms", "query 1,000 meters x one day", "ms", day, TargetKind.Below, 1000, $"({dayExpected:N0} readings)"),
        ];
    }

    private async Task<List<double>> Time(HttpClient http, Func<byte[]> request, int expected)
    {
        var repetitions = Math.Max(options.Runs, 5);
        var times = new List<double>();
        for (var r = -2; r < repetitions; r++) // two warm-up queries
        {
            var body = request();
            var clock = Stopwatch.StartNew();
            var (status, result, answer) = await CimRequests.Post(http, platform.CimUrl, body);
            var ms = clock.Elapsed.TotalMilliseconds;
            if (status != 200 || result != "OK")
            {
                throw new InvalidOperationException($"get MeterReadings answered HTTP {status} {result}: {CimRequests.Preview(answer)}");
            }

            var found = CimRequests.CountIntervals(answer);
            if (found != expected)
            {
                throw new InvalidOperationException($"get MeterReadings returned {found} interval readings, {expected} expected");
            }

            if (r >= 0)
            {
                times.Add(ms);
            }
        }

        return times;
    }

    private async Task PushOk(HttpClient http, byte[] body)
    {
        var (status, result, answer) = await CimRequests.Post(http, platform.CimUrl, body);
        if (status != 200 || result != "OK")
        {
            throw new InvalidOperationException($"created MeterReadings answered HTTP {status} {result}: {CimRequests.Preview(answer)}");
        }
    }
}
