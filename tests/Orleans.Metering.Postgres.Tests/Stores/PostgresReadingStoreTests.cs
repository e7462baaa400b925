using Npgsql;
using Orleans.Metering.Abstractions;
using Orleans.Metering.Benchmarks;
using Orleans.Metering.Postgres.Tests.Support;
using Orleans.Metering.Storage.Postgres;
using Orleans.Metering.Storage.Readings;
using Orleans.Metering.Storage.Tests.Readings;
using Xunit.Abstractions;

namespace Orleans.Metering.Postgres.Tests.Stores;

public sealed class PostgresReadingStoreTests(PostgresDatabaseFixture fixture, ITestOutputHelper output)
    : ReadingStoreContract, IClassFixture<PostgresDatabaseFixture>, IAsyncDisposable
{
    private readonly StoreDatabase scope = new(fixture);

    public ValueTask DisposeAsync() => scope.DisposeAsync();

    protected override async Task<IReadingStore> CreateStore() => await Create();

    protected override long? BatchesCommitted(IReadingStore store)
    {
        var stats = ((PostgresReadingStore)store).Stats;
        output.WriteLine(stats.ToString());
        return stats.BatchesCommitted;
    }

    private async Task<PostgresReadingStore> Create(PostgresReadingStoreOptions? options = null, PostgresDatabase? database = null) =>
        scope.Own(new PostgresReadingStore(database ?? await scope.Get(), options, Clock));

    [PostgresFact]
    public async Task A_partition_is_created_for_each_month_written_and_the_default_partition_stays_empty()
    {
        var store = await Create();
        var march = new ReadingValue(new DateTimeOffset(2031, 3, 31, 23, 45, 0, TimeSpan.Zero), 1.0);
        var april = new ReadingValue(new DateTimeOffset(2031, 4, 1, 0, 0, 0, TimeSpan.Zero), 2.0);
        var june = new ReadingValue(new DateTimeOffset(2031, 6, 30, 23, 0, 0, TimeSpan.FromHours(-5)), 3.0); // July 1st UTC

        Assert.Equal(new WriteOutcome(3, 0, 0), await store.Write([Write(Key(), march, april, june)]));

        var partitions = await Partitions();
        Assert.Contains("metering_reading_203103", partitions);
        Assert.Contains("metering_reading_203104", partitions);
        Assert.Contains("metering_reading_203107", partitions);
        Assert.DoesNotContain("metering_reading_203105", partitions);
        Assert.Equal(0L, await scope.Scalar<long>("SELECT count(*) FROM metering_reading_default"));
        Assert.Equal(1L, await scope.Scalar<long>("SELECT count(*) FROM metering_reading_203103"));
        Assert.Equal(1L, await scope.Scalar<long>("SELECT count(*) FROM metering_reading_203104"));
        Assert.Equal(1L, await scope.Scalar<long>("SELECT count(*) FROM metering_reading_203107"));
    }

    [PostgresFact]
    public async Task A_batch_spanning_two_months_is_stored_and_read_back_across_the_boundary()
    {
        var store = await Create(new PostgresReadingStoreOptions { MaxWait = TimeSpan.FromMilliseconds(200) });
        var end = new DateTimeOffset(2032, 1, 31, 22, 0, 0, TimeSpan.Zero);
        ReadingValue[] Around(int count, double offset) => [.. Enumerable.Range(1, count).Select(i => new ReadingValue(end + (Interval * i), i + offset))];

        var outcomes = await Task.WhenAll(
            store.Write([Write(Key("meter-a"), Around(16, 0))]),
            store.Write([Write(Key("meter-b"), Around(16, 0))]));
        Clock.Now += TimeSpan.FromHours(1);
        var corrected = await store.Write([Write(Key("meter-a"), Around(16, 100))]);

        Assert.All(outcomes, o => Assert.Equal(new WriteOutcome(16, 0, 0), o));
        Assert.Equal(new WriteOutcome(0, 0, 16), corrected);
        Assert.Equal(2, store.Stats.LargestBatchWrites);
        var result = await store.Query(For("meter-a", "meter-b") with { After = end + (Interval * 4), Through = end + (Interval * 12) });
        Assert.Equal([8, 8], result.Series.Select(s => s.Values.Count));
        Assert.Equal([.. Enumerable.Range(5, 8).Select(i => i + 100.0)], result.Series[0].Values.Select(v => v.Value));
        // 22:15 .. 23:45 are January's; midnight and after are February's.
        Assert.Equal(14L, await scope.Scalar<long>("SELECT count(*) FROM metering_reading_203201"));
        Assert.Equal(18L, await scope.Scalar<long>("SELECT count(*) FROM metering_reading_203202"));
        Assert.Equal(16, (await store.PriorVersions(For("meter-a"))).Single().Versions.Count);
    }

    [PostgresFact]
    public async Task Queries_are_pruned_to_the_partitions_of_the_window()
    {
        var store = await Create();
        await store.Write([Write(Key(), new ReadingValue(new DateTimeOffset(2033, 1, 15, 0, 0, 0, TimeSpan.Zero), 1.0), new ReadingValue(new DateTimeOffset(2033, 2, 15, 0, 0, 0, TimeSpan.Zero), 2.0))]);
        var after = new DateTimeOffset(2033, 2, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;
        var through = new DateTimeOffset(2033, 2, 28, 0, 0, 0, TimeSpan.Zero).UtcTicks;

        await using var connection = new NpgsqlConnection(scope.ConnectionString);
        await connection.OpenAsync();
        await using var explain = new NpgsqlCommand($"EXPLAIN SELECT ts, value, qualities FROM metering_reading WHERE series_id = 1 AND ts > {after} AND ts <= {through} ORDER BY ts LIMIT 10", connection);
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0));
            }
        }

        output.WriteLine(string.Join('\n', plan));
        Assert.Contains(plan, p => p.Contains("metering_reading_203302", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, p => p.Contains("metering_reading_203301", StringComparison.Ordinal) || p.Contains("metering_reading_default", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, p => p.Contains("Seq Scan", StringComparison.Ordinal));
    }

    [PostgresFact]
    public async Task A_failed_batch_fails_every_caller_in_it_and_stores_none_of_their_values()
    {
        var store = await Create(new PostgresReadingStoreOptions { MaxWait = TimeSpan.FromMilliseconds(300) });
        await store.Write([Write(Key(), Intervals(2))]);
        await scope.Execute("""
            CREATE FUNCTION refuse_666() RETURNS trigger LANGUAGE plpgsql AS
            $$ BEGIN IF NEW.value = 666 THEN RAISE EXCEPTION 'value 666 refused'; END IF; RETURN NEW; END $$;
            CREATE TRIGGER refuse_666 BEFORE INSERT ON metering_reading FOR EACH ROW EXECUTE FUNCTION refuse_666();
            """);
        try
        {
            var good = store.Write([Write(Key("meter-new"), Intervals(3)), Write(Key(), new ReadingValue(T0 + Interval, 5.0))]);
            var bad = store.Write([Write(Key("meter-bad"), new ReadingValue(T0 + Interval, 666))]);

            var goodError = await Assert.ThrowsAsync<PostgresException>(() => good);
            var badError = await Assert.ThrowsAsync<PostgresException>(() => bad);
            Assert.Same(goodError, badError);
            Assert.Contains("value 666 refused", badError.MessageText, StringComparison.Ordinal);
            Assert.Equal(1, store.Stats.BatchesFailed);
            var after = await store.Query(For("meter-1", "meter-new", "meter-bad"));
            Assert.Equal([Key()], after.Series.Select(s => s.Series));
            Assert.Equal([0.0, 1.5], after.Series[0].Values.Select(v => v.Value));
            Assert.Single(await store.History(Key(), T0 + Interval));
            Assert.Equal(0L, await scope.Scalar<long>("SELECT count(*) FROM metering_reading_version"));
            Assert.Equal(1L, await scope.Scalar<long>("SELECT count(*) FROM metering_series"));
        }
        finally
        {
            await scope.Execute("DROP TRIGGER refuse_666 ON metering_reading; DROP FUNCTION refuse_666()");
        }

        // The writer recovers, and series first seen in the failed batch are created afresh.
        Assert.Equal(new WriteOutcome(3, 0, 0), await store.Write([Write(Key("meter-new"), Intervals(3))]));
        Assert.Equal([Key("meter-new")], (await store.Query(For("meter-new"))).Series.Select(s => s.Series));
    }

    [PostgresFact]
    public async Task Concurrent_writers_share_transactions_and_each_gets_its_own_outcome()
    {
        const int Callers = 300;
        var store = await Create();
        await store.Write([Write(Key("warm-up"), Intervals(1))]);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, Callers).Select(i => Task.Run(() => store.Write([Write(Key("meter-" + i), Intervals(96))]))));

        output.WriteLine($"{Callers} callers x 96 new values in {clock.Elapsed.TotalMilliseconds:F1} ms");
        clock.Restart();
        var again = await Task.WhenAll(Enumerable.Range(0, Callers).Select(i => Task.Run(() => store.Write([Write(Key("meter-" + i), Intervals(96, offset: i % 2))]))));
        output.WriteLine($"{Callers} callers x 96 re-sent (half corrected) values in {clock.Elapsed.TotalMilliseconds:F1} ms");
        Assert.All(outcomes, o => Assert.Equal(new WriteOutcome(96, 0, 0), o));
        Assert.Equal(Enumerable.Range(0, Callers).Select(i => i % 2 == 0 ? new WriteOutcome(0, 96, 0) : new WriteOutcome(0, 0, 96)), again);
        var stats = store.Stats;
        output.WriteLine(stats.ToString());
        Assert.Equal((Callers * 2) + 1, stats.WritesAcknowledged);
        Assert.InRange(stats.BatchesCommitted, 2, Callers);
        Assert.True(stats.LargestBatchWrites > 1);
        Assert.Equal((Callers * 96L) + 1, await scope.Scalar<long>("SELECT count(*) FROM metering_reading"));
        Assert.Equal(Callers / 2 * 96L, await scope.Scalar<long>("SELECT count(*) FROM metering_reading_version"));
    }

    [PostgresFact]
    public async Task Writes_queued_together_are_merged_in_queue_order_in_one_transaction()
    {
        var store = await Create(new PostgresReadingStoreOptions { MaxWait = TimeSpan.FromMilliseconds(300) });
        var at = T0 + Interval;
        await store.Write([Write(Key("meter-2"), new ReadingValue(at, 7.0))]);
        Clock.Now += TimeSpan.FromHours(1);

        var outcomes = await Task.WhenAll(
            store.Write([Write(Key(), new ReadingValue(at, 1.0)), Write(Key("meter-2"), new ReadingValue(at, 8.0))]),
            store.Write([Write(Key(), new ReadingValue(at, 1.0)), Write(Key("meter-2"), new ReadingValue(at, 8.0))]),
            store.Write([Write(Key(), new ReadingValue(at, 2.0)), Write(Key("meter-2"), new ReadingValue(at, 7.0)), Write(Key("meter-3"), Intervals(5))]));

        Assert.Equal([new WriteOutcome(1, 0, 1), new WriteOutcome(0, 2, 0), new WriteOutcome(5, 0, 2)], outcomes);
        Assert.Equal(new ReadingWriterStats(2, 0, 4, 12, 3, 11, 3), store.Stats);
        Assert.Equal([2.0, 1.0], (await store.History(Key(), at)).Select(v => v.Value));
        Assert.Equal([7.0, 8.0, 7.0], (await store.History(Key("meter-2"), at)).Select(v => v.Value));
        Assert.Equal([1, 2], await Versions("meter-2"));
    }

    [PostgresFact]
    public async Task A_batch_holds_at_most_MaxBatchValues_but_never_splits_a_write()
    {
        var store = await Create(new PostgresReadingStoreOptions { MaxBatchValues = 100, MaxWait = TimeSpan.FromMilliseconds(50) });

        var outcomes = await Task.WhenAll(
            store.Write([Write(Key("big"), Intervals(250))]),
            store.Write([Write(Key("a"), Intervals(60))]),
            store.Write([Write(Key("b"), Intervals(60))]),
            store.Write([Write(Key("c"), Intervals(30))]));

        Assert.Equal([250, 60, 60, 30], outcomes.Select(o => o.Inserted));
        Assert.Equal(3, store.Stats.BatchesCommitted);
        Assert.Equal(400, store.Stats.ValuesWritten);
        Assert.Equal(2, store.Stats.LargestBatchWrites);
    }

    [PostgresFact]
    public async Task Readings_and_versions_survive_a_new_store_and_database_instance()
    {
        var store = await Create();
        await store.Write([Write(Key(), Intervals(96, qualities: "1.0.0")), Write(Key("meter-2", Demand), Intervals(3))]);
        Clock.Now += TimeSpan.FromHours(1);
        await store.Write([Write(Key(), new ReadingValue(T0 + Interval, 99.0))]);
        await store.DisposeAsync();

        var reopened = await Create(database: scope.Open());

        var result = await reopened.Query(For("meter-1", "meter-2"));
        Assert.Equal([96, 3], result.Series.Select(s => s.Values.Count));
        Assert.Equal(new ReadingValue(T0 + Interval, 99.0), result.Series[0].Values[0]);
        Assert.Equal([99.0, 0.0], (await reopened.History(Key(), T0 + Interval)).Select(v => v.Value));
        Assert.Equal(new WriteOutcome(1, 3, 0), await reopened.Write([Write(Key("meter-2", Demand), Intervals(4))]));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.Write([Write(Key(), Intervals(1))]));
    }

    [PostgresFact]
    public async Task Dispose_commits_the_writes_already_queued()
    {
        var store = await Create(new PostgresReadingStoreOptions { MaxBatchValues = 960 });
        var pending = Enumerable.Range(0, 50).Select(i => store.Write([Write(Key("meter-" + i), Intervals(96))])).ToList();

        await store.DisposeAsync();

        Assert.All(pending, p => Assert.Equal(TaskStatus.RanToCompletion, p.Status));
        Assert.Equal(50 * 96L, await scope.Scalar<long>("SELECT count(*) FROM metering_reading"));
    }

    [PostgresFact]
    public async Task The_COPY_baseline_writes_exactly_N_rows_into_a_logged_table()
    {
        var database = await scope.Get();

        var result = await PostgresCopyBaseline.Run(database, 10_000);

        output.WriteLine($"{result.Rows} rows in {result.Elapsed.TotalMilliseconds:F1} ms ({result.RowsPerSecond:F0} rows/s)");
        Assert.Equal(10_000, result.Rows);
        Assert.Equal(10_000L, await scope.Scalar<long>("SELECT count(*) FROM metering_copy_baseline"));
        Assert.Equal(10_000L, await scope.Scalar<long>("SELECT count(DISTINCT (series_id, ts)) FROM metering_copy_baseline"));
        Assert.Equal('p', await scope.Scalar<char>("SELECT relpersistence FROM pg_class WHERE relname = 'metering_copy_baseline'"));
        Assert.Equal(1L, await scope.Scalar<long>("SELECT count(*) FROM pg_index WHERE indrelid = 'metering_copy_baseline'::regclass AND indisprimary"));
        Assert.Equal(0, (await PostgresCopyBaseline.Run(database, 0)).Rows);
        Assert.Equal(0L, await scope.Scalar<long>("SELECT count(*) FROM metering_copy_baseline"));
    }

    [PostgresFact]
    public async Task The_like_for_like_COPY_times_the_new_days_on_top_of_the_earlier_ones()
    {
        var database = await scope.Get();

        var result = await PostgresCopyBaseline.RunLikeIngest(database, series: 20, days: 2, priorDays: 3);

        Assert.Equal(20 * 2 * 96, result.Rows);
        Assert.Equal(20 * 5 * 96L, await scope.Scalar<long>("SELECT count(*) FROM metering_copy_baseline_like_ingest"));
        Assert.Equal(5 * 96L, await scope.Scalar<long>("SELECT count(DISTINCT ts) FROM metering_copy_baseline_like_ingest"));
        Assert.Equal(20L, await scope.Scalar<long>("SELECT count(DISTINCT series_id) FROM metering_copy_baseline_like_ingest"));
    }

    [PostgresFact]
    public async Task The_store_run_of_the_COPY_baseline_writes_the_same_rows_through_the_append_path()
    {
        var database = await scope.Get();
        var day = new DateTimeOffset(2034, 5, 1, 0, 0, 0, TimeSpan.Zero);

        var result = await PostgresCopyBaseline.RunStore(database, 1000, writers: 4, day: day);
        var again = await PostgresCopyBaseline.RunStore(database, 1000, writers: 4, day: day, warmUp: false);

        output.WriteLine($"{result.Rows} rows by {result.Writers} writers in {result.Elapsed.TotalMilliseconds:F1} ms ({result.RowsPerSecond:F0} rows/s); {result.Stats}; {result.Paths}");
        Assert.Equal(new WriteOutcome(1000, 0, 0), result.Outcome);
        Assert.Equal(new PostgresIngestPaths(1000, 0, 0), result.Paths);
        Assert.Equal(new WriteOutcome(0, 1000, 0), again.Outcome);
        Assert.Equal(1000, again.Paths.MergedValues);
        Assert.Equal(11L, await scope.Scalar<long>("SELECT count(*) FROM metering_series WHERE device_id LIKE 'copy-baseline-%'"));
        Assert.Equal(2000L, await scope.Scalar<long>("SELECT count(*) FROM metering_reading"));
        Assert.Equal(1000L, await scope.Scalar<long>($"SELECT count(*) FROM metering_reading WHERE ts > {day.UtcTicks}"));
        Assert.Equal(999 * 0.5, await scope.Scalar<double>($"SELECT max(value) FROM metering_reading WHERE ts > {day.UtcTicks}"));
    }

    private async Task<List<string>> Partitions()
    {
        await using var connection = new NpgsqlConnection(scope.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT inhrelid::regclass::text FROM pg_inherits WHERE inhparent = 'metering_reading'::regclass", connection);
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private async Task<List<int>> Versions(string device)
    {
        await using var connection = new NpgsqlConnection(scope.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT v.version FROM metering_reading_version v JOIN metering_series s USING (series_id) WHERE s.device_id = @d ORDER BY v.version", connection);
        command.Parameters.AddWithValue("d", device);
        var versions = new List<int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            versions.Add(reader.GetInt32(0));
        }

        return versions;
    }
}
