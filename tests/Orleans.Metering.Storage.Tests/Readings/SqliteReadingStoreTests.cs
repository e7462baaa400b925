using Microsoft.Data.Sqlite;
using Orleans.Metering.Abstractions;
using Orleans.Metering.Storage.Readings;
using Orleans.Metering.Storage.Sqlite;
using Xunit.Abstractions;

namespace Orleans.Metering.Storage.Tests.Readings;

public sealed class SqliteReadingStoreTests(ITestOutputHelper output) : ReadingStoreContract, IDisposable
{
    private readonly TempDatabase temp = new();
    private readonly List<SqliteReadingStore> stores = [];

    public void Dispose()
    {
        foreach (var store in stores)
        {
            store.Dispose();
        }

        temp.Dispose();
    }

    protected override async Task<IReadingStore> CreateStore() => await Create();

    protected override long? BatchesCommitted(IReadingStore store)
    {
        var stats = ((SqliteReadingStore)store).Stats;
        output.WriteLine(stats.ToString());
        return stats.BatchesCommitted;
    }

    private async Task<SqliteReadingStore> Create(SqliteReadingStoreOptions? options = null, SqliteDatabase? database = null)
    {
        database ??= temp.Database;
        await database.Migrate();
        var store = new SqliteReadingStore(database, options, Clock);
        stores.Add(store);
        return store;
    }

    [Fact]
    public async Task Readings_and_versions_survive_reopening_the_database()
    {
        var store = await Create();
        await store.Write([Write(Key(), Intervals(96, qualities: "1.0.0")), Write(Key("meter-2", Demand), Intervals(3))]);
        await store.Write([Write(Key(), new ReadingValue(T0 + Interval, 99.0))]);
        await store.DisposeAsync();

        var reopened = await Create(database: temp.Open());

        var result = await reopened.Query(For("meter-1", "meter-2"));
        Assert.Equal([96, 3], result.Series.Select(s => s.Values.Count));
        Assert.Equal(new ReadingValue(T0 + Interval, 99.0), result.Series[0].Values[0]);
        Assert.Equal([99.0, 0.0], (await reopened.History(Key(), T0 + Interval)).Select(v => v.Value));
        Assert.Equal(new WriteOutcome(1, 3, 0), await reopened.Write([Write(Key("meter-2", Demand), Intervals(4))]));
    }

    [Fact]
    public async Task A_write_after_dispose_fails_clearly()
    {
        var store = await Create();
        await store.Write([Write(Key(), Intervals(1))]);

        await store.DisposeAsync();
        await store.DisposeAsync();

        var error = await Assert.ThrowsAsync<ObjectDisposedException>(() => store.Write([Write(Key(), Intervals(2))]));
        Assert.Contains(nameof(SqliteReadingStore), error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.Query(For("meter-1")));
    }

    [Fact]
    public async Task Dispose_commits_the_writes_already_queued()
    {
        var store = await Create(new SqliteReadingStoreOptions { MaxBatchValues = 96 });
        var pending = Enumerable.Range(0, 50).Select(i => store.Write([Write(Key("meter-" + i), Intervals(96))])).ToList();

        await store.DisposeAsync();

        Assert.All(pending, p => Assert.Equal(TaskStatus.RanToCompletion, p.Status));
        var reopened = await Create();
        var result = await reopened.Query(For([.. Enumerable.Range(0, 50).Select(i => "meter-" + i)]));
        Assert.Equal(50 * 96, result.Series.Sum(s => s.Values.Count));
    }

    [Fact]
    public async Task Writes_queued_together_are_committed_in_one_transaction_in_queue_order()
    {
        var store = await Create(new SqliteReadingStoreOptions { MaxWait = TimeSpan.FromMilliseconds(300) });
        var at = T0 + Interval;

        var first = store.Write([Write(Key(), new ReadingValue(at, 1.0))]);
        var second = store.Write([Write(Key(), new ReadingValue(at, 1.0))]);
        var third = store.Write([Write(Key(), new ReadingValue(at, 2.0)), Write(Key("meter-2"), Intervals(5))]);
        var outcomes = await Task.WhenAll(first, second, third);

        Assert.Equal([new WriteOutcome(1, 0, 0), new WriteOutcome(0, 1, 0), new WriteOutcome(5, 0, 1)], outcomes);
        Assert.Equal(new ReadingWriterStats(1, 0, 3, 8, 3, 8, 3), store.Stats);
        Assert.Equal([2.0, 1.0], (await store.History(Key(), at)).Select(v => v.Value));
    }

    [Fact]
    public async Task The_queue_depth_metric_counts_values_until_they_are_committed()
    {
        var seen = new System.Collections.Concurrent.ConcurrentQueue<long>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == MeteringMetrics.MeterName && instrument.Name == "metering.readings.queue")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => seen.Enqueue(value));
        listener.Start();
        // The cancelled write cannot join the first batch (777 + 555 > 1,000): it waits, untaken, for the next one.
        var store = await Create(new SqliteReadingStoreOptions { MaxWait = TimeSpan.FromMilliseconds(200), MaxBatchValues = 1000 });
        const int values = 777; // a count no other test writes at once, as the meter is shared

        // Another connection holds the write lock, so the first batch cannot commit (and the next write
        // cannot be taken) until the cancellation below has happened, however slow the machine.
        await using var blocker = new SqliteConnection(temp.Database.ConnectionString);
        await blocker.OpenAsync();
        await using (var begin = new SqliteCommand("BEGIN IMMEDIATE", blocker))
        {
            await begin.ExecuteNonQueryAsync();
        }

        var write = store.Write([Write(Key("meter-queue"), Intervals(values))]);
        Assert.Contains(values, seen);
        Assert.DoesNotContain(-values, seen); // queued, not committed yet

        // a write cancelled while it waits behind the batch leaves the depth without being written
        const int cancelledValues = 555;
        using var cancel = new CancellationTokenSource();
        var cancelled = store.Write([Write(Key("meter-queue-cancelled"), Intervals(cancelledValues))], cancel.Token);
        await cancel.CancelAsync();
        await using (var rollback = new SqliteCommand("ROLLBACK", blocker))
        {
            await rollback.ExecuteNonQueryAsync();
        }

        await write;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);

        Assert.Contains(-values, seen);
        Assert.Contains(cancelledValues, seen);
        Assert.Contains(-cancelledValues, seen);
    }

    [Fact]
    public async Task A_batch_holds_at_most_MaxBatchValues_but_never_splits_a_write()
    {
        var store = await Create(new SqliteReadingStoreOptions { MaxBatchValues = 100, MaxWait = TimeSpan.FromMilliseconds(50) });

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

    [Fact]
    public async Task A_failed_transaction_fails_every_caller_in_it_and_stores_none_of_their_values()
    {
        var store = await Create(new SqliteReadingStoreOptions { MaxWait = TimeSpan.FromMilliseconds(300) });
        await store.Write([Write(Key(), Intervals(2))]);
        await Execute("CREATE TRIGGER refuse_666 BEFORE INSERT ON metering_reading WHEN NEW.value = 666 BEGIN SELECT RAISE(ABORT, 'value 666 refused'); END");

        var good = store.Write([Write(Key("meter-new"), Intervals(3)), Write(Key(), new ReadingValue(T0 + Interval, 5.0))]);
        var bad = store.Write([Write(Key("meter-bad"), new ReadingValue(T0, 666))]);

        var goodError = await Assert.ThrowsAsync<SqliteException>(() => good);
        var badError = await Assert.ThrowsAsync<SqliteException>(() => bad);
        Assert.Same(goodError, badError);
        Assert.Contains("value 666 refused", badError.Message, StringComparison.Ordinal);
        Assert.Equal(1, store.Stats.BatchesFailed);
        var after = await store.Query(For("meter-1", "meter-new", "meter-bad"));
        Assert.Equal([Key()], after.Series.Select(s => s.Series));
        Assert.Equal([0.0, 1.5], after.Series[0].Values.Select(v => v.Value));
        Assert.Single(await store.History(Key(), T0 + Interval));

        // The writer recovers, and series first seen in the failed transaction are created afresh.
        await Execute("DROP TRIGGER refuse_666");
        Assert.Equal(new WriteOutcome(3, 0, 0), await store.Write([Write(Key("meter-new"), Intervals(3))]));
        Assert.Equal([Key("meter-new")], (await store.Query(For("meter-new"))).Series.Select(s => s.Series));
    }

    [Fact]
    public async Task A_write_cancelled_before_it_is_queued_is_not_stored()
    {
        var store = await Create();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.Write([Write(Key(), Intervals(2))], cancelled.Token));

        Assert.Empty((await store.Query(For("meter-1"))).Series);
    }

    [Fact]
    public async Task Rows_are_stored_narrow_with_one_series_row_per_device_and_reading_type()
    {
        var store = await Create();
        await store.Write([Write(Key(), Intervals(10)), Write(Key(type: Demand), Intervals(10))]);
        await store.Write([Write(Key(), Intervals(10, offset: 1))]);

        Assert.Equal(2L, await Scalar("SELECT count(*) FROM metering_series"));
        Assert.Equal(20L, await Scalar("SELECT count(*) FROM metering_reading"));
        Assert.Equal(10L, await Scalar("SELECT count(*) FROM metering_reading_version"));
        Assert.Equal(1L, await Scalar("SELECT min(version) FROM metering_reading_version"));
        Assert.Equal((T0 + Interval).UtcTicks, await Scalar("SELECT min(ts) FROM metering_reading"));
    }

    private async Task Execute(string sql)
    {
        await using var connection = await temp.Database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private async Task<long> Scalar(string sql)
    {
        await using var connection = await temp.Database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
