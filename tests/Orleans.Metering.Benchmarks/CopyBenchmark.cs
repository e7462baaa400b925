using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Metering.Storage.Postgres;

namespace Orleans.Metering.Benchmarks;

/// <summary>The raw baseline: <see cref="PostgresCopyBaseline"/> (binary COPY of narrow reading rows into an equivalent logged table, one transaction, committed).</summary>
public sealed class CopyBenchmark(string connectionString, CpuMeter cpu) : IAsyncDisposable
{
    private readonly PostgresDatabase database = new(connectionString, NullLogger<PostgresDatabase>.Instance);

    /// <summary>CPU used per row (microseconds) by each run: this process (Npgsql COPY writer), the server.</summary>
    public List<CpuSample> CpuPerRow { get; } = [];

    public async Task<double> RunOnce(int rows)
    {
        var before = cpu.Sample();
        var result = await PostgresCopyBaseline.Run(database, rows);
        var used = cpu.Sample() - before;
        CpuPerRow.Add(new CpuSample(used.Self * 1e6 / rows, used.Postgres * 1e6 / rows));
        return result.RowsPerSecond;
    }

    /// <summary>
    /// <see cref="PostgresCopyBaseline.RunLikeIngest"/>: the ingest run's rows (series x days x 96, day by
    /// day) COPYed into a table that already holds <paramref name="priorDays"/> days of the same series.
    /// </summary>
    public async Task<double> RunLikeIngestOnce(int series, int days, int priorDays) =>
        (await PostgresCopyBaseline.RunLikeIngest(database, series, days, priorDays)).RowsPerSecond;

    /// <summary>CPU used per row (microseconds) by each store run.</summary>
    public List<CpuSample> StoreCpuPerRow { get; } = [];

    /// <summary>
    /// The same number of rows through <see cref="PostgresCopyBaseline.RunStore"/>: the platform's
    /// PostgresReadingStore (group commit, COPY into metering_reading) fed by 32 concurrent writers of
    /// one series' 96 values each, as meter grains write, without HTTP, XML or grains. Run r writes
    /// its own day (with an untimed warm-up day before it).
    /// </summary>
    public async Task<double> RunStoreOnce(int rows, int run)
    {
        var before = cpu.Sample();
        var result = await PostgresCopyBaseline.RunStore(database, rows, day: new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero).AddDays(2 * run), devicePrefix: "bench-store-");
        var used = cpu.Sample() - before;
        // The CPU sample spans the untimed warm-up day too: the same number of rows again.
        StoreCpuPerRow.Add(new CpuSample(used.Self * 1e6 / (2.0 * rows), used.Postgres * 1e6 / (2.0 * rows)));
        return result.RowsPerSecond;
    }

    public static Metric Metric(IReadOnlyList<double> runs, int rows) =>
        new("copy_baseline_rows_per_s", "raw binary COPY baseline", "rows/s", runs, Note: $"({rows:N0} rows per run)");

    public ValueTask DisposeAsync() => database.DisposeAsync();
}
