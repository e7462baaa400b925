using System.Diagnostics;
using Orleans.Metering.Cim.Documents;
using Orleans.Metering.Cim.Messages;
using Orleans.Metering.Simulation.Fleet;

namespace Orleans.Metering.Benchmarks;

/// <summary>
/// MeterReadings parse rate on one core: bytes of a realistic `created MeterReadings` message (100
/// meters, one day of 15-minute intervals plus a register each, from the simulated fleet) to the
/// parsed <see cref="MeterReadingsDocument"/>, with the gateway's own reader (CimMessageReader, hardened
/// XML, default limits), single-threaded, repeated; interval readings per second.
/// </summary>
public static class ParseBenchmark
{
    public static IReadOnlyList<Metric> Run(BenchOptions options)
    {
        var fleet = new SimulatedFleet(new FleetOptions { MeterCount = 100 });
        var from = new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.Zero);
        var bytes = new FleetMessages(fleet).MeterReadings(fleet.MeterIds(100), from, from.AddDays(1));
        var intervals = Parse(bytes);
        var seconds = options.Quick ? 0.5 : 3;
        Measure(bytes, intervals, seconds); // warm-up (JIT, tiering)
        var runs = new List<double>();
        var perCpuSecond = new List<double>();
        for (var r = 0; r < options.Runs; r++)
        {
            using var process = Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var rate = Measure(bytes, intervals, seconds);
            var wall = clock.Elapsed.TotalSeconds;
            process.Refresh();
            var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
            runs.Add(rate);
            perCpuSecond.Add(rate * wall / cpu);
        }

        Breakdown(bytes, seconds);
        return
        [
            new Metric("parse_readings_per_s_per_core", "parse MeterReadings XML, one core", "readings/s", runs, TargetKind.AtLeast, 1_000_000,
                $"({intervals} intervals, {bytes.Length / 1024} KiB per message)"),
            new Metric("parse_readings_per_cpu_s", "parse: readings per CPU second of the process", "readings/s", perCpuSecond,
                Note: "(parse thread + GC threads; steadier than wall time on a busy machine)"),
        ];
    }

    private static double Measure(byte[] bytes, int intervals, double seconds)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var clock = Stopwatch.StartNew();
        long parsed = 0;
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            parsed += Parse(bytes);
        }

        var elapsed = clock.Elapsed.TotalSeconds;
        if (parsed % intervals != 0)
        {
            throw new InvalidOperationException("the parse result changed between iterations");
        }

        return parsed / elapsed;
    }

    /// <summary>Where a parse goes: the hardened reader (XML to an XElement tree, envelope checks) and the profile document mapping.</summary>
    private static void Breakdown(byte[] bytes, double seconds)
    {
        var reader = PerMessage(seconds, () =>
        {
            using var stream = new MemoryStream(bytes, writable: false);
            CimMessageReader.Read(stream);
        });
        var root = CimMessageReader.Read(new MemoryStream(bytes, writable: false)).Message!.Payload!.Documents[0];
        var document = PerMessage(seconds, () => MeterReadingsDocument.FromXml(root));
        Console.WriteLine($"  parse breakdown per message: CimMessageReader.Read (hardened XmlReader to XElement tree + envelope) {reader:F0} us, " +
            $"MeterReadingsDocument.FromXml {document:F0} us ({100 * reader / (reader + document):F0}% / {100 * document / (reader + document):F0}%)");
    }

    private static double PerMessage(double seconds, Action action)
    {
        var clock = Stopwatch.StartNew();
        var n = 0;
        while (clock.Elapsed.TotalSeconds < seconds / 2)
        {
            action();
            n++;
        }

        return clock.Elapsed.TotalMilliseconds * 1000 / n;
    }

    /// <summary>Bytes to the parsed document, as the gateway does it; returns the interval readings found.</summary>
    public static int Parse(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        var read = CimMessageReader.Read(stream);
        if (!read.Success)
        {
            throw new InvalidOperationException("the fleet's message did not parse: " + read.Error?.Message);
        }

        var document = MeterReadingsDocument.FromXml(read.Message!.Payload!.Documents[0]);
        return CimRequests.CountIntervals(document);
    }
}
