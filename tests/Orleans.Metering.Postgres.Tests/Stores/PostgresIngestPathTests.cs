using Orleans.Metering.Abstractions;
using Orleans.Metering.Postgres.Tests.Support;
using Orleans.Metering.Storage.Postgres;
using Orleans.Metering.Storage.Readings;
using Orleans.Metering.Storage.Tests.Readings;

namespace Orleans.Metering.Postgres.Tests.Stores;

/// <summary>
/// The writer's two paths: values after their series' high-water mark are appended (COPY straight
/// into metering_reading), the others merged; a stale mark falls back to the merge, correctly.
/// </summary>
public sealed class PostgresIngestPathTests(PostgresDatabaseFixture fixture) : IClassFixture<PostgresDatabaseFixture>, IAsyncDisposable
{
    private const string Energy = "0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0";
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(15);
    private readonly StoreDatabase scope = new(fixture);
    private readonly ManualTime clock = new(new DateTimeOffset(2026, 3, 5, 8, 0, 0, TimeSpan.Zero));

    public ValueTask DisposeAsync() => scope.DisposeAsync();

    [PostgresFact]
    public async Task New_intervals_are_appended_and_only_re_sends_and_corrections_are_merged()
    {
        var store = await Create();

        Assert.Equal(new WriteOutcome(96, 0, 0), await store.Write([Day("meter-1", 0)]));
        Assert.Equal(new WriteOutcome(96, 0, 0), await store.Write([Day("meter-1", 1)]));
        Assert.Equal(new PostgresIngestPaths(192, 0, 0), store.Paths);

        Assert.Equal(new WriteOutcome(0, 96, 0), await store.Write([Day("meter-1", 1)]));
        Assert.Equal(new WriteOutcome(0, 0, 96), await store.Write([Day("meter-1", 0, offset: 1)]));
        // A block straddling the mark: the stored half is merged, the new half appended.
        Assert.Equal(new WriteOutcome(48, 48, 0), await store.Write([Write("meter-1", Intervals(96, first: 144))]));

        Assert.Equal(new PostgresIngestPaths(240, 240, 0), store.Paths);
        Assert.Equal(240L, await scope.Scalar<long>("SELECT count(*) FROM metering_reading"));
        Assert.Equal(96L, await scope.Scalar<long>("SELECT count(*) FROM metering_reading_version"));
        Assert.Equal([1.0, 0.0], (await store.History(Key("meter-1"), T0 + Interval)).Select(v => v.Value));
    }

    [PostgresFact]
    public async Task A_series_known_to_be_stored_is_merged_by_a_store_that_has_not_seen_it_yet()
    {
        var first = await Create();
        await first.Write([Day("meter-1", 0), Day("meter-1", 1)]);
        var second = await Create(database: scope.Open());

        // The second store reads the series' mark before planning: no append of stored keys.
        Assert.Equal(new WriteOutcome(96, 96, 0), await second.Write([Day("meter-1", 1), Day("meter-1", 2)]));

        Assert.Equal(new PostgresIngestPaths(96, 96, 0), second.Paths);
    }

    [PostgresFact]
    public async Task Two_stores_writing_one_series_alternately_fall_back_to_the_merge_on_a_stale_mark()
    {
        var a = await Create();
        var b = await Create(database: scope.Open());
        var recordedA = clock.Now;
        Assert.Equal(new WriteOutcome(96, 0, 0), await a.Write([Day("meter-1", 0)]));
        clock.Now += TimeSpan.FromHours(1);
        var recordedB = clock.Now;
        Assert.Equal(new WriteOutcome(96, 0, 0), await b.Write([Day("meter-1", 1, offset: 1000)]));
        clock.Now += TimeSpan.FromHours(1);

        // a still believes day 1 new: its append hits b's rows, and the whole batch is merged.
        Assert.Equal(new WriteOutcome(0, 0, 96), await a.Write([Day("meter-1", 1)]));
        Assert.Equal(1, a.Paths.Fallbacks);
        Assert.Equal(new ReadingVersion(T0 + (Interval * 97), 1000 + (96 * 1.5), null, recordedB, clock.Now), (await a.History(Key("meter-1"), T0 + (Interval * 97)))[1]);

        // a's mark was read afresh: the re-send is merged without a new fallback, day 2 appended.
        Assert.Equal(new WriteOutcome(96, 96, 0), await a.Write([Day("meter-1", 1), Day("meter-1", 2)]));
        Assert.Equal(1, a.Paths.Fallbacks);
        // b's mark is stale too (day 2 is a's): its re-send of day 2 falls back and is Unchanged.
        Assert.Equal(new WriteOutcome(0, 96, 0), await b.Write([Day("meter-1", 2)]));
        Assert.Equal(1, b.Paths.Fallbacks);

        var values = (await a.Query(new ReadingQuery { DeviceIds = ["meter-1"] })).Series.Single().Values;
        Assert.Equal(Intervals(96 * 3), values);
        Assert.Equal(recordedA, (await b.History(Key("meter-1"), T0 + Interval)).Single().RecordedAt);
        Assert.Equal(96L, await scope.Scalar<long>("SELECT count(*) FROM metering_reading_version"));
    }

    [PostgresFact]
    public async Task A_fallback_redoes_every_caller_of_the_batch_with_its_own_outcome()
    {
        var a = await Create(new PostgresReadingStoreOptions { MaxWait = TimeSpan.FromMilliseconds(300) });
        var b = await Create(database: scope.Open());
        await a.Write([Day("meter-1", 0), Day("meter-2", 0)]);
        await b.Write([Day("meter-1", 1, offset: 1000)]);

        var outcomes = await Task.WhenAll(
            a.Write([Day("meter-2", 1)]),
            a.Write([Day("meter-1", 1)]),
            a.Write([Day("meter-3", 0), Day("meter-2", 1, offset: 5)]));

        Assert.Equal([new WriteOutcome(96, 0, 0), new WriteOutcome(0, 0, 96), new WriteOutcome(96, 0, 96)], outcomes);
        Assert.Equal(1, a.Paths.Fallbacks);
        Assert.Equal(3, a.Stats.LargestBatchWrites);
        Assert.Equal([5.0 + (96 * 1.5), 96 * 1.5], (await a.History(Key("meter-2"), T0 + (Interval * 97))).Select(v => v.Value));
        Assert.Equal(96L * 5, await scope.Scalar<long>("SELECT count(*) FROM metering_reading"));
        Assert.Equal(96L * 2, await scope.Scalar<long>("SELECT count(*) FROM metering_reading_version"));
    }

    [PostgresFact]
    public async Task One_batch_mixing_new_values_re_sends_corrections_and_a_timestamp_twice_is_applied_in_queue_order()
    {
        var store = await Create(new PostgresReadingStoreOptions { MaxWait = TimeSpan.FromMilliseconds(300) });
        await store.Write([Day("meter-1", 0, qualities: "1.0.0"), Day("meter-2", 0)]);
        clock.Now += TimeSpan.FromHours(1);
        var before = store.Paths;

        var outcomes = await Task.WhenAll(
            store.Write([Day("meter-1", 0, qualities: "1.0.0"), Day("meter-1", 1)]), // re-send + new
            store.Write([Day("meter-1", 1, offset: 7)]),                              // corrects what the first appends
            store.Write([Day("meter-2", 0, qualities: "3.8.0")]),                     // quality change only
            store.Write([Day("meter-3", 0)]),                                          // a new series
            store.Write([Day("meter-1", 1)]));                                         // back to the first's values

        Assert.Equal(
            [new WriteOutcome(96, 96, 0), new WriteOutcome(0, 0, 96), new WriteOutcome(0, 0, 96), new WriteOutcome(96, 0, 0), new WriteOutcome(0, 0, 96)],
            outcomes);
        Assert.Equal(before with { AppendedValues = before.AppendedValues + 192, MergedValues = before.MergedValues + (96 * 4) }, store.Paths);
        Assert.Equal(2, store.Stats.BatchesCommitted);
        Assert.Equal(5, store.Stats.LargestBatchWrites);
        var at = T0 + (Interval * 100);
        Assert.Equal([99 * 1.5, 7 + (99 * 1.5), 99 * 1.5], (await store.History(Key("meter-1"), at)).Select(v => v.Value));
        Assert.Equal(["3.8.0", null], (await store.History(Key("meter-2"), T0 + Interval)).Select(v => v.Qualities));
        Assert.Equal(96L * 4, await scope.Scalar<long>("SELECT count(*) FROM metering_reading"));
        Assert.Equal(96L * 3, await scope.Scalar<long>("SELECT count(*) FROM metering_reading_version"));
    }

    [PostgresFact]
    public async Task A_small_series_cache_forgets_and_stays_correct()
    {
        var store = await Create(new PostgresReadingStoreOptions { MaxCachedSeries = 1 });

        for (var day = 0; day < 3; day++)
        {
            Assert.Equal(new WriteOutcome(192, 0, 0), await store.Write([Day("meter-1", day), Day("meter-2", day)]));
        }

        Assert.Equal(new WriteOutcome(0, 192, 0), await store.Write([Day("meter-1", 2), Day("meter-2", 2)]));
        Assert.Equal(new PostgresIngestPaths(576, 192, 0), store.Paths);
    }

    [PostgresFact]
    public async Task The_partitions_of_this_month_and_the_next_are_created_ahead_of_their_readings()
    {
        clock.Now = new DateTimeOffset(2035, 12, 31, 23, 0, 0, TimeSpan.Zero);
        var store = await Create();

        await store.Write([Write("meter-1", new ReadingValue(T0 + Interval, 1.0))]);

        Assert.Equal(1L, await scope.Scalar<long>("SELECT count(*) FROM pg_class WHERE relname = 'metering_reading_203512'"));
        Assert.Equal(1L, await scope.Scalar<long>("SELECT count(*) FROM pg_class WHERE relname = 'metering_reading_203601'"));
        Assert.Equal(0L, await scope.Scalar<long>("SELECT count(*) FROM pg_class WHERE relname = 'metering_reading_203602'"));
    }

    [PostgresFact]
    public async Task A_commit_that_fails_fails_its_callers_and_the_batch_written_behind_it_is_redone()
    {
        var store = await Create(new PostgresReadingStoreOptions { MaxBatchValues = 1 });
        // Refused at COMMIT (a deferred constraint trigger), after the batch was written and the next one started.
        await scope.Execute("""
            CREATE FUNCTION refuse_777() RETURNS trigger LANGUAGE plpgsql AS
            $$ BEGIN IF NEW.value = 777 THEN RAISE EXCEPTION 'value 777 refused at commit'; END IF; RETURN NULL; END $$;
            CREATE CONSTRAINT TRIGGER refuse_777 AFTER INSERT ON metering_reading DEFERRABLE INITIALLY DEFERRED
                FOR EACH ROW EXECUTE FUNCTION refuse_777();
            """);
        try
        {
            var refused = store.Write([Write("meter-x", new ReadingValue(T0 + Interval, 777))]);
            var behind = store.Write([Write("meter-x", Intervals(2, first: 1))]);
            var other = store.Write([Write("meter-y", Intervals(1))]);

            var error = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => refused);
            Assert.Contains("value 777 refused at commit", error.MessageText, StringComparison.Ordinal);
            Assert.Equal(new WriteOutcome(2, 0, 0), await behind);
            Assert.Equal(new WriteOutcome(1, 0, 0), await other);
            Assert.Equal(new WriteOutcome(1, 0, 0), await store.Write([Write("meter-x", Intervals(1))]));
            var values = (await store.Query(new ReadingQuery { DeviceIds = ["meter-x"] })).Series.Single().Values;
            Assert.Equal(Intervals(3), values);
            Assert.Equal(0L, await scope.Scalar<long>("SELECT count(*) FROM metering_reading r WHERE NOT EXISTS (SELECT 1 FROM metering_series s WHERE s.series_id = r.series_id)"));
        }
        finally
        {
            await scope.Execute("DROP TRIGGER refuse_777 ON metering_reading; DROP FUNCTION refuse_777()");
        }
    }

    [PostgresFact]
    public async Task Small_pipelined_batches_of_writers_sharing_series_store_every_value_once()
    {
        const int Writers = 24;
        const int Series = 4;
        var store = await Create(new PostgresReadingStoreOptions { MaxBatchValues = 200 });

        // Writer w owns day w of series w % Series: appended or merged depending on who came first.
        Task<WriteOutcome[]> Round(double offset) => Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(() =>
            store.Write([Day("meter-" + (w % Series), w, offset)]))));

        Assert.All(await Round(0), o => Assert.Equal(new WriteOutcome(96, 0, 0), o));
        Assert.All(await Round(0), o => Assert.Equal(new WriteOutcome(0, 96, 0), o));
        clock.Now += TimeSpan.FromHours(1);
        Assert.All(await Round(0.5), o => Assert.Equal(new WriteOutcome(0, 0, 96), o));

        var result = await store.Query(new ReadingQuery { DeviceIds = [.. Enumerable.Range(0, Series).Select(s => "meter-" + s)] });
        Assert.Equal(Writers * 96, result.Series.Sum(s => s.Values.Count));
        Assert.All(result.Series.SelectMany(s => s.Values), v => Assert.Equal(0.5, v.Value % 1.5));
        Assert.Equal(Writers * 96L, await scope.Scalar<long>("SELECT count(*) FROM metering_reading_version"));
        Assert.Equal(0, store.Paths.Fallbacks);
        Assert.InRange(store.Stats.BatchesCommitted, 3 * Writers / 2, 3 * Writers);
    }

    private async Task<PostgresReadingStore> Create(PostgresReadingStoreOptions? options = null, PostgresDatabase? database = null) =>
        scope.Own(new PostgresReadingStore(database ?? await scope.Get(), options, clock));

    private static SeriesKey Key(string device) => new(device, Energy);

    private static SeriesWrite Write(string device, params ReadingValue[] values) => new(Key(device), values);

    /// <summary>Day <paramref name="day"/>'s 96 intervals of a device.</summary>
    private static SeriesWrite Day(string device, int day, double offset = 0, string? qualities = null) =>
        Write(device, Intervals(96, first: day * 96, offset, qualities));

    /// <summary>Interval values ending at T0 + (first+1..first+count) intervals, value = index * 1.5 + offset.</summary>
    private static ReadingValue[] Intervals(int count, int first = 0, double offset = 0, string? qualities = null) =>
        [.. Enumerable.Range(first, count).Select(i => new ReadingValue(T0 + (Interval * (i + 1)), (i * 1.5) + offset, qualities))];
}
