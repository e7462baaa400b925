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

    public static Metric Metric(IReadOnlyList<double> runs, int rows) =>
        new("copy_baseline_rows_per_s", "raw binary COPY baseline", "rows/s", runs, Note: $"({rows:N0} rows per run)");

    public ValueTask DisposeAsync() => database.DisposeAsync();
}
