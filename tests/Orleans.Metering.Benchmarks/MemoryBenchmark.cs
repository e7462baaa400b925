using System.Diagnostics;
using Orleans.Metering.Abstractions;
using Orleans.Runtime;

namespace Orleans.Metering.Benchmarks;

/// <summary>
/// Memory per active meter grain: a platform with Metering:Storage=Memory (persisting a million grain
/// states to PostgreSQL would measure the database, not the grain), N EndDevice grains created through
/// the grain interface (IEndDeviceGrain.Create, as `create MeterConfig` does, 1,000 per MessageID) by the
/// in-process cluster client in concurrent batches. Managed heap (GC.GetTotalMemory(true)) and working
/// set are taken before and after. The Memory storage keeps a copy of every written state in its own
/// storage grains, which a database-backed silo does not hold; so all grains are then deactivated
/// (IManagementGrain.ForceActivationCollection) and the heap measured again: the grain's own share is
/// (active - after deactivation) / N. Gross = (active - before) / N includes the storage copies.
/// </summary>
public sealed class MemoryBenchmark(BenchOptions options)
{
    private const int Batch = 5000;

    public async Task<IReadOnlyList<Metric>> Run()
    {
        await using var platform = await Platform.Start(new Dictionary<string, string> { ["Metering:Storage"] = "Memory" });
        var grains = platform.Grains;
        await Create(grains, "MEMW-", 2 * Batch); // warm-up: JIT, storage grains, thread pool

        var (heap0, ws0) = Measure();
        var clock = Stopwatch.StartNew();
        await Create(grains, "MEM-", options.Grains);
        var createSeconds = clock.Elapsed.TotalSeconds;
        var (heap1, ws1) = Measure();
        var active = await EndDeviceActivations(grains);
        Console.WriteLine($"  memory: {options.Grains:N0} grains created in {createSeconds:F1} s ({options.Grains / createSeconds:N0}/s); " +
            $"{active:N0} EndDevice activations; heap {heap0 / 1048576.0:N0} -> {heap1 / 1048576.0:N0} MiB, working set {ws0 / 1048576.0:N0} -> {ws1 / 1048576.0:N0} MiB");

        var gross = (heap1 - heap0) / (double)options.Grains;
        var wsPerGrain = (ws1 - ws0) / (double)options.Grains;
        var metrics = new List<Metric>
        {
            new("bytes_per_meter_grain_gross", "heap per grain incl. Memory storage copy", "bytes", [gross]),
            new("working_set_per_meter_grain", "working set per grain (gross)", "bytes", [wsPerGrain]),
        };

        // Deactivate every grain; what stays is the storage's copy of the states (and anything leaked).
        clock.Restart();
        var management = grains.GetGrain<IManagementGrain>(0);
        await Collect(management);
        var remaining = active;
        while (clock.Elapsed < TimeSpan.FromMinutes(options.Quick ? 1 : 10) && (remaining = await EndDeviceActivations(grains)) > active / 100)
        {
            await Task.Delay(5000);
            await Collect(management);
        }

        var (heap2, _) = Measure();
        Console.WriteLine($"  memory: deactivation left {remaining:N0} activations after {clock.Elapsed.TotalSeconds:F1} s; heap {heap2 / 1048576.0:N0} MiB");
        if (remaining <= active / 100)
        {
            var net = (heap1 - heap2) / (double)(active - remaining);
            metrics.Insert(0, new Metric("bytes_per_meter_grain", $"heap per active meter grain ({options.Grains:N0})", "bytes", [net], TargetKind.AtMost, 4096,
                $"(gross incl. storage copy {gross:N0})"));
        }
        else
        {
            metrics.Insert(0, new Metric("bytes_per_meter_grain", $"heap per active meter grain ({options.Grains:N0}), gross", "bytes", [gross], TargetKind.AtMost, 4096,
                "(grains did not deactivate in time: gross figure, includes the Memory storage copy)"));
        }

        return metrics;
    }

    /// <summary>Asks the silo to deactivate every idle grain; with a million grains the call outlives the response timeout while the collection goes on.</summary>
    private static async Task Collect(IManagementGrain management)
    {
        try
        {
            await management.ForceActivationCollection(TimeSpan.Zero);
        }
        catch (TimeoutException)
        {
            // still collecting
        }
    }

    private static async Task Create(IGrainFactory grains, string prefix, int count)
    {
        var clock = Stopwatch.StartNew();
        for (var start = 0; start < count; start += Batch)
        {
            if (start > 0 && start % 100_000 == 0)
            {
                Console.WriteLine($"  memory: {start:N0} grains created ({start / clock.Elapsed.TotalSeconds:N0}/s)");
            }

            var tasks = new List<Task<CommandOutcome>>(Batch);
            string? messageId = null;
            for (var i = start; i < Math.Min(count, start + Batch); i++)
            {
                if (i % 1000 == 0 || messageId is null)
                {
                    messageId = Guid.NewGuid().ToString("D");
                }

                var id = $"{prefix}{i + 1:D7}";
                var registration = new EndDeviceRegistration { MRID = id, SerialNumber = "SN-" + id, Type = "ElectricMeter", AmrSystem = "SimulatedHeadEnd" };
                tasks.Add(grains.GetGrain<IEndDeviceGrain>(id).Create(registration, new MessageKey(CimRequests.Source, messageId, "bench-" + (i / 1000))));
            }

            var outcomes = await Task.WhenAll(tasks);
            if (outcomes.FirstOrDefault(o => !o.Succeeded) is { } failed)
            {
                throw new InvalidOperationException($"IEndDeviceGrain.Create failed: {failed}");
            }
        }
    }

    private static async Task<long> EndDeviceActivations(IGrainFactory grains)
    {
        var stats = await grains.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        return stats.Where(s => s.GrainType.Contains("EndDevice", StringComparison.OrdinalIgnoreCase)).Sum(s => (long)s.ActivationCount);
    }

    private static (long Heap, long WorkingSet) Measure()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        var heap = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        return (heap, process.WorkingSet64);
    }
}
