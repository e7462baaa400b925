using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using Orleans.Metering.Abstractions;
using Orleans.Metering.Storage.Readings;

namespace Orleans.Metering.Storage.Postgres;

/// <summary>What one <see cref="PostgresCopyBaseline.Run"/> did.</summary>
public sealed record CopyBaselineResult(string Table, int Rows, TimeSpan Elapsed)
{
    public double RowsPerSecond => Rows / Math.Max(Elapsed.TotalSeconds, 1e-9);
}

/// <summary>What one <see cref="PostgresCopyBaseline.RunStore"/> did (Elapsed: the timed writes only).</summary>
public sealed record StoreIngestResult(int Rows, int Writers, TimeSpan Elapsed, WriteOutcome Outcome, ReadingWriterStats Stats, PostgresIngestPaths Paths)
{
    public double RowsPerSecond => Rows / Math.Max(Elapsed.TotalSeconds, 1e-9);
}

/// <summary>
/// The physical limit the readings ingest is compared with: N synthetic narrow reading rows
/// (series_id, ts, value, qualities, recorded; 96 quarter-hour intervals per series) binary-COPYed
/// in ONE transaction into a fresh, normal LOGGED table with the readings' primary key
/// (series_id, ts), then committed (WAL flushed, with the server's fsync setting). The table is
/// dropped and created before the clock starts; Elapsed covers COPY + commit only.
/// </summary>
public static class PostgresCopyBaseline
{
    public const string DefaultTable = "metering_copy_baseline";

    public static async Task<CopyBaselineResult> Run(PostgresDatabase database, int rows, string table = DefaultTable, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentException.ThrowIfNullOrWhiteSpace(table);
        var name = new NpgsqlCommandBuilder().QuoteIdentifier(table);
        await using var connection = await database.Open(cancellationToken).ConfigureAwait(false);
        await using (var create = new NpgsqlCommand($"""
            DROP TABLE IF EXISTS {name};
            CREATE TABLE {name}
            (
                series_id bigint           NOT NULL,
                ts        bigint           NOT NULL,
                value     double precision NOT NULL,
                qualities text             NULL,
                recorded  bigint           NOT NULL,
                PRIMARY KEY (series_id, ts)
            );
            """, connection))
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;
        var interval = TimeSpan.FromMinutes(15).Ticks;
        var recorded = StoreJson.ToTicks(DateTimeOffset.UtcNow);
        var clock = Stopwatch.StartNew();
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
        {
            await using (var importer = await connection.BeginBinaryImportAsync(
                $"COPY {name} (series_id, ts, value, qualities, recorded) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false))
            {
                for (var i = 0; i < rows; i++)
                {
                    await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                    await importer.WriteAsync((long)(i / 96), NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                    await importer.WriteAsync(start + (((i % 96) + 1) * interval), NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                    await importer.WriteAsync(i * 0.5, NpgsqlDbType.Double, cancellationToken).ConfigureAwait(false);
                    await importer.WriteNullAsync(cancellationToken).ConfigureAwait(false);
                    await importer.WriteAsync(recorded, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                }

                await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        return new CopyBaselineResult(table, rows, clock.Elapsed);
    }

    /// <summary>
    /// The same rows as <see cref="Run"/> (rows / 96 series of 96 quarter-hour values ending on
    /// <paramref name="day"/>, 2026-01-01 UTC by default), written through a new
    /// <see cref="PostgresReadingStore"/> into metering_reading (the schema must be migrated) the way
    /// meter grains write: <paramref name="writers"/> concurrent writers, each writing one series'
    /// 96 values per call and waiting for the acknowledgement (durable commit) before the next.
    /// Series are named <paramref name="devicePrefix"/> + number. With <paramref name="warmUp"/>
    /// the day before is written first, untimed, so that the timed day is the steady state (series
    /// known, the store's high-water marks cached, the partition there); without it the series are
    /// created while timed. Days already stored are re-sends (the merge path), so call it with a
    /// new day (or prefix) each time.
    /// </summary>
    public static async Task<StoreIngestResult> RunStore(
        PostgresDatabase database,
        int rows,
        int writers = 32,
        DateTimeOffset? day = null,
        string devicePrefix = "copy-baseline-",
        bool warmUp = true,
        PostgresReadingStoreOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(writers, 1);
        ArgumentException.ThrowIfNullOrEmpty(devicePrefix);
        const string ReadingType = "0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0";
        var start = (day ?? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)).ToUniversalTime();
        var interval = TimeSpan.FromMinutes(15);
        var series = (rows + 95) / 96;

        SeriesWrite Block(int s, DateTimeOffset from)
        {
            var values = new ReadingValue[Math.Min(96, rows - (s * 96))];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = new ReadingValue(from + (interval * (i + 1)), ((s * 96) + i) * 0.5);
            }

            return new SeriesWrite(new SeriesKey(devicePrefix + s.ToString(System.Globalization.CultureInfo.InvariantCulture), ReadingType), values);
        }

        async Task<WriteOutcome> Pass(PostgresReadingStore store, DateTimeOffset from)
        {
            var outcomes = await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(
                async () =>
                {
                    var total = WriteOutcome.None;
                    for (var s = w; s < series; s += writers)
                    {
                        total = total.Add(await store.Write([Block(s, from)], cancellationToken).ConfigureAwait(false));
                    }

                    return total;
                },
                cancellationToken))).ConfigureAwait(false);
            return outcomes.Aggregate(WriteOutcome.None, (a, b) => a.Add(b));
        }

        var store = new PostgresReadingStore(database, options);
        await using (store.ConfigureAwait(false))
        {
            if (warmUp)
            {
                await Pass(store, start.AddDays(-1)).ConfigureAwait(false);
            }

            var before = store.Paths;
            var clock = Stopwatch.StartNew();
            var outcome = await Pass(store, start).ConfigureAwait(false);
            var elapsed = clock.Elapsed;
            var after = store.Paths;
            return new StoreIngestResult(rows, writers, elapsed, outcome, store.Stats, new PostgresIngestPaths(
                after.AppendedValues - before.AppendedValues, after.MergedValues - before.MergedValues, after.Fallbacks - before.Fallbacks));
        }
    }
}
