using System.Diagnostics;
using System.Globalization;

namespace Orleans.Metering.Benchmarks;

/// <summary>
/// Runs the metrics of issue 5 in one process: parse (no database), then with PostgreSQL the raw COPY
/// baseline interleaved with end-to-end ingest, the queries and the control dispatch latency on one
/// in-process platform (Metering:Storage=Postgres), then memory per grain on a Memory-storage platform.
/// </summary>
public static class Harness
{
    public static async Task<int> Run(string[] args)
    {
        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync((e.Message.Length > 0 ? e.Message + Environment.NewLine : "") + BenchOptions.Usage);
            return 2;
        }

        var report = new Report();
        Describe(report, options);
        var clock = Stopwatch.StartNew();

        var failures = 0;
        if (options.Wants("parse"))
        {
            Phase("parse");
            foreach (var metric in ParseBenchmark.Run(options))
            {
                report.Add(metric);
            }
        }

        if (options.Wants("copy") || options.Wants("ingest") || options.Wants("query") || options.Wants("controls") || options.Wants("bulk"))
        {
            failures += await Guard("PostgreSQL metrics", () => WithPostgres(options, report));
        }

        if (options.Wants("memory"))
        {
            Phase("memory");
            failures += await Guard("memory", async () =>
            {
                foreach (var metric in await new MemoryBenchmark(options).Run())
                {
                    report.Add(metric);
                }
            });
        }

        report.Fact("elapsed_s", Math.Round(clock.Elapsed.TotalSeconds));
        report.Fact("load_average_after", LoadAverage());
        report.PrintSummary();
        if (options.JsonFile is not null)
        {
            await report.WriteJson(options.JsonFile);
        }

        return failures == 0 ? 0 : 1;
    }

    /// <summary>Runs a phase; a failure is printed and the run goes on with the next phase (exit code 1 at the end).</summary>
    private static async Task<int> Guard(string phase, Func<Task> run)
    {
        try
        {
            await run();
            return 0;
        }
#pragma warning disable CA1031 // a failed phase is reported; the others still run
        catch (Exception e)
#pragma warning restore CA1031
        {
            Console.WriteLine($"!! {phase} FAILED: {e}");
            return 1;
        }
    }

    private static async Task WithPostgres(BenchOptions options, Report report)
    {
        Phase("PostgreSQL");
        await using var postgres = await PrivatePostgres.Start(RepositoryRoot(), options.Connection);
        var settings = await postgres.Settings();
        Console.WriteLine("  " + string.Join(", ", settings.Select(kv => $"{kv.Key}={kv.Value}")));
        foreach (var (key, value) in settings)
        {
            report.Fact("postgres_" + key, value);
        }

        report.Fact("postgres_private", postgres.IsPrivate);
        var cpu = new CpuMeter(postgres.PostmasterPid);
        await using var copy = new CopyBenchmark(postgres.ConnectionString, cpu);
        var rows = options.Meters * options.Days * 96;
        if (!options.Wants("ingest") && options.Wants("copy"))
        {
            Phase("copy");
            await copy.RunOnce(rows); // warm-up
            var runs = new List<double>();
            for (var r = 0; r < options.Runs; r++)
            {
                runs.Add(await copy.RunOnce(rows));
            }

            report.Add(CopyBenchmark.Metric(runs, rows));
            AddCpu(report, "copy", copy.CpuPerRow.Skip(1).ToList(), cpu); // not the warm-up
        }

        if (!options.Wants("ingest") && !options.Wants("query") && !options.Wants("controls") && !options.Wants("bulk"))
        {
            return;
        }

        var controlClock = new ControlClock();
        await using var platform = await Platform.Start(
            new Dictionary<string, string>
            {
                ["Metering:Storage"] = "Postgres",
                ["ConnectionStrings:Metering"] = postgres.ConnectionString,
                // The controls benchmark puts its timing head-end in place of the simulated one.
                ["Metering:HeadEnd:Mode"] = "Simulated",
                // The 1,000-meter day (96,000 values) must fit one synchronous answer.
                ["Metering:Gateway:MaxReadingsPerReply"] = "200000",
            },
            controlClock.Register);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 2048, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            Timeout = TimeSpan.FromMinutes(5),
        };
        var failed = 0;

        if (options.Wants("ingest"))
        {
            Phase("ingest" + (options.Wants("copy") ? " (interleaved with the COPY baseline)" : ""));
            failed += await Guard("ingest", () => Ingest(options, report, platform, postgres, copy, cpu, http));
        }

        if (options.Wants("query"))
        {
            Phase("query");
            failed += await Guard("query", async () =>
            {
                foreach (var metric in await new QueryBenchmark(platform, options).Run(http))
                {
                    report.Add(metric);
                }
            });
        }

        if (options.Wants("controls"))
        {
            Phase("controls");
            failed += await Guard("controls", async () =>
            {
                foreach (var metric in await new ControlBenchmark(platform, controlClock, options, cpu, postgres.ConnectionString).Run(http))
                {
                    report.Add(metric);
                }
            });
        }

        if (options.Wants("bulk"))
        {
            Phase("bulk");
            failed += await Guard("bulk", async () =>
            {
                foreach (var metric in await new BulkBenchmark(platform, controlClock, options, cpu).Run(http))
                {
                    report.Add(metric);
                }
            });
        }

        if (failed > 0)
        {
            throw new InvalidOperationException($"{failed} PostgreSQL phase(s) failed (see above)");
        }
    }

    private static async Task Ingest(BenchOptions options, Report report, Platform platform, PrivatePostgres postgres, CopyBenchmark copy, CpuMeter cpu, HttpClient http)
    {
        var ingest = new IngestBenchmark(platform, postgres.ConnectionString, options, cpu);
        await ingest.Prepare(http);
        var copyRuns = new List<double>();
        var ingestRuns = new List<double>();
        var ratios = new List<double>();
        var storeRuns = new List<double>();
        var likeRuns = new List<double>();
        var likeRatios = new List<double>();
        if (options.Wants("copy"))
        {
            await copy.RunOnce(ingest.NominalRows); // warm-up
        }

        for (var r = 0; r < options.Runs; r++)
        {
            double? baseline = null;
            if (options.Wants("copy"))
            {
                baseline = await copy.RunOnce(ingest.NominalRows);
                copyRuns.Add(baseline.Value);
                Console.WriteLine($"  COPY run {r + 1}: {ingest.NominalRows:N0} rows at {baseline:N0} rows/s");
            }

            var rate = await ingest.RunOnce(http, r);
            ingestRuns.Add(rate);
            if (options.Wants("copy"))
            {
                var store = await copy.RunStoreOnce(ingest.NominalRows, r);
                storeRuns.Add(store);
                Console.WriteLine($"  reading store run {r + 1}: {ingest.NominalRows:N0} rows through PostgresReadingStore (32 writers) at {store:N0} rows/s");

                // As many days before as metering_reading held for this run: the warm-up day and the earlier runs.
                var like = await copy.RunLikeIngestOnce(options.Meters, options.Days, priorDays: 1 + (r * options.Days));
                likeRuns.Add(like);
                likeRatios.Add(rate / like);
                Console.WriteLine($"  like-for-like COPY run {r + 1}: {ingest.NominalRows:N0} rows, day by day, into a table holding {1 + (r * options.Days)} earlier days at {like:N0} rows/s");
            }
            if (baseline is double b)
            {
                ratios.Add(rate / b);
            }
        }

        if (options.Wants("copy"))
        {
            report.Add(CopyBenchmark.Metric(copyRuns, ingest.NominalRows));
            AddCpu(report, "copy", copy.CpuPerRow.Skip(1).ToList(), cpu);
            report.Add(new Metric("store_rows_per_s", "reading store alone (RunStore, 32 writers)", "rows/s", storeRuns,
                Note: "(PostgresReadingStore without HTTP, XML or grains)"));
            AddCpu(report, "store", copy.StoreCpuPerRow, cpu);
            report.Add(new Metric("store_ratio", "reading store / COPY baseline", "ratio", [.. storeRuns.Zip(copyRuns, (a, b) => a / b)]));
            report.Add(new Metric("copy_like_ingest_rows_per_s", "like-for-like COPY (arrival order, earlier days present)", "rows/s", likeRuns));
            report.Add(new Metric("ingest_ratio_like_for_like", "ingest / like-for-like COPY (per run pair)", "ratio", likeRatios));
        }

        report.Add(new Metric("ingest_readings_per_s", "end-to-end durable ingest (HTTP)", "readings/s", ingestRuns, TargetKind.AtLeast, 150_000,
            $"({options.Meters:N0} meters x {options.Days} days, {options.MetersPerMessage} meters/message, {options.Clients} clients)"));
        AddCpu(report, "ingest", ingest.CpuPerReading, cpu);
        if (ratios.Count > 0)
        {
            report.Add(new Metric("ingest_ratio", "ingest / COPY baseline (per run pair)", "ratio", ratios, TargetKind.AtLeast, 0.85));
        }
    }

    /// <summary>
    /// CPU microseconds per row here and in PostgreSQL, and the rate those costs allow when the run has
    /// the machine's cores to itself (cores / CPU seconds per row): a figure that holds on a busy machine.
    /// </summary>
    private static void AddCpu(Report report, string what, IReadOnlyList<CpuSample> perRow, CpuMeter cpu)
    {
        report.Add(new Metric($"{what}_cpu_us_per_row_dotnet", $"{what}: CPU per row in this process", "us", [.. perRow.Select(c => c.Self)]));
        if (cpu.SeesPostgres)
        {
            report.Add(new Metric($"{what}_cpu_us_per_row_postgres", $"{what}: CPU per row in PostgreSQL", "us", [.. perRow.Select(c => c.Postgres)]));
            report.Add(new Metric($"{what}_cpu_bound_rows_per_s", $"{what}: CPU-bound rate on {Environment.ProcessorCount} idle cores", "rows/s",
                [.. perRow.Select(c => Environment.ProcessorCount * 1e6 / c.Total)]));
        }
    }

    private static void Phase(string name) =>
        Console.WriteLine($"== {name}  [{DateTime.UtcNow:HH:mm:ss} UTC, load average {LoadAverage()}]");

    private static void Describe(Report report, BenchOptions options)
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?"
            : "?";
        var memory = File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?"
            : "?";
        Console.WriteLine($"Orleans.Metering benchmarks: {Environment.ProcessorCount} cores ({cpu}), {memory} memory, .NET {Environment.Version}, " +
            $"{(options.Quick ? "QUICK mode (small sizes, not comparable with the targets)" : "full mode")}, {options.Runs} runs per metric; load average {LoadAverage()}");
#if DEBUG
        Console.WriteLine("WARNING: a Debug build; use -c Release for figures");
        report.Fact("configuration", "Debug");
#else
        report.Fact("configuration", "Release");
#endif
        report.Fact("cores", Environment.ProcessorCount);
        report.Fact("cpu", cpu);
        report.Fact("memory", memory);
        report.Fact("quick", options.Quick);
        report.Fact("runs", options.Runs);
        report.Fact("load_average_before", LoadAverage());
        report.Fact("started_utc", DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture));
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    /// <summary>The checkout (for deploy/postgres/start-private.sh).</summary>
    private static string RepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Orleans.Metering.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("run from the repository checkout: Orleans.Metering.sln not found above the working directory");
    }
}
