using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using Orleans.Metering.Abstractions;
using Orleans.Metering.Storage;
using Orleans.Metering.Storage.Postgres;
using Orleans.Metering.Storage.Readings;

namespace Orleans.Metering.Benchmarks;

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
        await CreateTable(connection, name, cancellationToken).ConfigureAwait(false);

        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;
        var interval = TimeSpan.FromMinutes(15).Ticks;
        IEnumerable<(long, long, double)> KeyOrder()
        {
            for (var i = 0; i < rows; i++)
            {
                yield return (i / 96, start + (((i % 96) + 1) * interval), i * 0.5);
            }
        }

        var clock = Stopwatch.StartNew();
        await CopyRows(connection, name, KeyOrder(), cancellationToken).ConfigureAwait(false);
        return new CopyBaselineResult(table, rows, clock.Elapsed);
    }

    /// <summary>
    /// A like-for-like COPY: the rows an ingest run writes, in the order it receives them, into a table
    /// that already holds the days before, as <c>metering_reading</c> does. <paramref name="series"/>
    /// series of 96 quarter-hour values a day; <paramref name="priorDays"/> days are COPYed untimed
    /// first; then <paramref name="days"/> new days, day by day and series by series within a day, in
    /// ONE transaction, committed: Elapsed covers that COPY and commit. Unlike <see cref="Run"/> (rows in
    /// key order into an empty table, COPY's best case) each series' new day lands in the middle of the
    /// primary-key index, as it does for the platform.
    /// </summary>
    public static async Task<CopyBaselineResult> RunLikeIngest(
        PostgresDatabase database, int series, int days, int priorDays, string table = DefaultTable + "_like_ingest", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentOutOfRangeException.ThrowIfLessThan(series, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(priorDays);
        ArgumentException.ThrowIfNullOrWhiteSpace(table);
        var name = new NpgsqlCommandBuilder().QuoteIdentifier(table);
        await using var connection = await database.Open(cancellationToken).ConfigureAwait(false);
        await CreateTable(connection, name, cancellationToken).ConfigureAwait(false);

        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;
        var interval = TimeSpan.FromMinutes(15).Ticks;
        IEnumerable<(long, long, double)> ArrivalOrder(int fromDay, int dayCount)
        {
            for (var d = fromDay; d < fromDay + dayCount; d++)
            {
                for (var s = 0; s < series; s++)
                {
                    for (var i = 1; i <= 96; i++)
                    {
                        yield return (s, start + ((((long)d * 96) + i) * interval), i * 0.5);
                    }
                }
            }
        }

        Task Copy(int fromDay, int dayCount) => CopyRows(connection, name, ArrivalOrder(fromDay, dayCount), cancellationToken);

        if (priorDays > 0)
        {
            await Copy(0, priorDays).ConfigureAwait(false);
        }

        var clock = Stopwatch.StartNew();
        await Copy(priorDays, days).ConfigureAwait(false);
        return new CopyBaselineResult(table, series * days * 96, clock.Elapsed);
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

    /// <summary>The rows (series_id, ts, value; no qualities; recorded now) in one binary COPY, in one transaction, committed.</summary>
    private static async Task CopyRows(NpgsqlConnection connection, string quotedName, IEnumerable<(long Series, long Ts, double Value)> rows, CancellationToken cancellationToken)
    {
        var recorded = StoreJson.ToTicks(DateTimeOffset.UtcNow);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var importer = await connection.BeginBinaryImportAsync(
            $"COPY {quotedName} (series_id, ts, value, qualities, recorded) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false))
        {
            foreach (var (series, ts, value) in rows)
            {
                await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(series, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(ts, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(value, NpgsqlDbType.Double, cancellationToken).ConfigureAwait(false);
                await importer.WriteNullAsync(cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(recorded, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
            }

            await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A fresh, logged, unpartitioned table with metering_reading's columns, defaults and primary key,
    /// taken from the migrated schema itself (005) so that the baseline cannot drift from it.
    /// </summary>
    private static async Task CreateTable(NpgsqlConnection connection, string quotedName, CancellationToken cancellationToken)
    {
        await using var create = new NpgsqlCommand($"""
            DROP TABLE IF EXISTS {quotedName};
            CREATE TABLE {quotedName} (LIKE metering_reading INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES);
            """, connection);
        await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
