using Orleans.Metering.Abstractions;
using Orleans.Metering.Storage.Readings;

namespace Orleans.Metering.Storage.Tests.Readings;

/// <summary>
/// <see cref="IReadingStore.PriorVersions"/>, the same for every store; one subclass per implementation.
/// </summary>
public abstract class PriorVersionsContract
{
    protected const string Energy = "0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0";
    protected const string Demand = "0.0.2.4.1.1.37.0.0.0.0.0.0.0.0.3.38.0";
    protected static readonly DateTimeOffset T0 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    protected static readonly TimeSpan Interval = TimeSpan.FromMinutes(15);

    protected ManualTime Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));

    protected abstract Task<IReadingStore> CreateStore();

    protected static SeriesKey Key(string device = "meter-1", string type = Energy) => new(device, type);

    protected static SeriesWrite Write(SeriesKey key, params ReadingValue[] values) => new(key, values);

    /// <summary>The end of interval n: T0 + n intervals.</summary>
    protected static DateTimeOffset End(int n) => T0 + (Interval * n);

    /// <summary>Interval values ending at End(1..count), value = n + offset.</summary>
    protected static ReadingValue[] Intervals(int count, double offset = 0, string? qualities = null) =>
        [.. Enumerable.Range(1, count).Select(n => new ReadingValue(End(n), n + offset, qualities))];

    protected static ReadingQuery For(params string[] devices) => new() { DeviceIds = devices };

    /// <summary>Each version as (interval number, value), in answer order.</summary>
    protected static (long Interval, double Value)[] Flat(SeriesPriorVersions series) =>
        [.. series.Versions.Select(v => ((long)((v.TimeStamp - T0) / Interval), v.Value))];

    /// <summary>Writes the intervals, then writes them twice more with different values, an hour apart each time.</summary>
    protected async Task Corrected(IReadingStore store, SeriesKey key, int count)
    {
        await store.Write([Write(key, Intervals(count))]);
        Clock.Now += TimeSpan.FromHours(1);
        await store.Write([Write(key, Intervals(count, offset: 100))]);
        Clock.Now += TimeSpan.FromHours(1);
        await store.Write([Write(key, Intervals(count, offset: 200))]);
    }

    [SkippableFact]
    public async Task Without_prior_versions_the_answer_is_empty()
    {
        var store = await CreateStore();

        Assert.Empty(await store.PriorVersions(For("meter-1")));
        await store.Write([Write(Key(), Intervals(4, qualities: "1.0.0")), Write(Key("meter-2"), Intervals(2))]);
        Clock.Now += TimeSpan.FromHours(1);
        Assert.Equal(new WriteOutcome(0, 4, 0), await store.Write([Write(Key(), Intervals(4, qualities: "1.0.0"))]));

        Assert.Empty(await store.PriorVersions(For("meter-1", "meter-2")));
        Assert.Empty(await store.PriorVersions(For()));
        Assert.Empty(await store.PriorVersions(For("meter-3", "METER-1")));
        await Assert.ThrowsAsync<ArgumentNullException>(() => store.PriorVersions(null!));
    }

    [SkippableFact]
    public async Task Two_corrections_of_one_value_give_two_versions_newest_first()
    {
        var store = await CreateStore();
        var at = End(2);
        var first = Clock.Now;
        await store.Write([Write(Key(), Intervals(3, qualities: "1.0.0"))]);
        var second = Clock.Now += TimeSpan.FromHours(1);
        await store.Write([Write(Key(), new ReadingValue(at.ToOffset(TimeSpan.FromHours(2)), 42.0, "2.5.259"))]);
        var third = Clock.Now += TimeSpan.FromHours(1);
        await store.Write([Write(Key(), new ReadingValue(at, 43.0), new ReadingValue(End(3), 3.0, "1.0.0"))]);

        var answer = await store.PriorVersions(For("meter-1"));

        var series = Assert.Single(answer);
        Assert.Equal(Key(), series.Series);
        // The current value (43.0) is not a prior version; the unchanged neighbours have none.
        Assert.Equal(
            [
                new ReadingVersion(at, 42.0, "2.5.259", second, third),
                new ReadingVersion(at, 2.0, "1.0.0", first, second),
            ],
            series.Versions);
        Assert.All(series.Versions, v => Assert.Equal(TimeSpan.Zero, v.TimeStamp.Offset));
        Assert.Equal(series.Versions, (await store.History(Key(), at)).Skip(1));
    }

    [SkippableFact]
    public async Task Versions_are_ordered_by_timestamp_then_newest_first()
    {
        var store = await CreateStore();
        await Corrected(store, Key(), 3);

        var series = Assert.Single(await store.PriorVersions(For("meter-1")));

        Assert.Equal([(1L, 101.0), (1L, 1.0), (2L, 102.0), (2L, 2.0), (3L, 103.0), (3L, 3.0)], Flat(series));
        Assert.All(series.Versions, v => Assert.True(v.RecordedAt < v.ReplacedAt));
    }

    [SkippableFact]
    public async Task The_window_is_After_exclusive_and_Through_inclusive()
    {
        var store = await CreateStore();
        await store.Write([Write(Key(), Intervals(8))]);
        Clock.Now += TimeSpan.FromHours(1);
        await store.Write([Write(Key(), Intervals(8, offset: 100))]);

        async Task<long[]> Ends(DateTimeOffset? after, DateTimeOffset? through) =>
            [.. (await store.PriorVersions(For("meter-1") with { After = after, Through = through })).SelectMany(Flat).Select(v => v.Interval)];

        Assert.Equal(new long[] { 3L, 4L, 5L }, await Ends(End(2), End(5)));
        Assert.Equal(new long[] { 1L, 2L }, await Ends(T0, End(2)));
        Assert.Equal(new long[] { 7L, 8L }, await Ends(End(6), null));
        Assert.Equal(new long[] { 1L }, await Ends(null, End(1)));
        Assert.Equal(new long[] { 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L }, await Ends(null, null));
        Assert.Empty(await Ends(End(3), End(3)));
        Assert.Empty(await Ends(End(5), End(2)));
        Assert.Empty(await Ends(End(8), null));
        Assert.Equal(new long[] { 4L }, await Ends(End(4) - TimeSpan.FromTicks(1), End(4)));
        Assert.Empty(await Ends(End(4), End(5) - TimeSpan.FromTicks(1)));
        // Bounds in another offset compare as instants.
        Assert.Equal(new long[] { 3L, 4L }, await Ends(End(2).ToOffset(TimeSpan.FromHours(5)), End(4).ToOffset(TimeSpan.FromHours(-3))));
    }

    [SkippableFact]
    public async Task Reading_types_filter_the_series_and_empty_means_all()
    {
        var store = await CreateStore();
        await store.Write([Write(Key(type: Energy), Intervals(2)), Write(Key(type: Demand), Intervals(3)), Write(Key(type: "other"), Intervals(1))]);
        Clock.Now += TimeSpan.FromHours(1);
        // "other" is re-sent unchanged: it has no prior versions and is left out.
        await store.Write([Write(Key(type: Energy), Intervals(2, offset: 10)), Write(Key(type: Demand), Intervals(3, offset: 20)), Write(Key(type: "other"), Intervals(1))]);

        var demand = await store.PriorVersions(For("meter-1") with { ReadingTypes = [Demand] });
        var two = await store.PriorVersions(For("meter-1") with { ReadingTypes = [Energy, Demand, "unknown"] });
        var all = await store.PriorVersions(For("meter-1"));

        var only = Assert.Single(demand);
        Assert.Equal(Key(type: Demand), only.Series);
        Assert.Equal([1.0, 2.0, 3.0], only.Versions.Select(v => v.Value));
        var expected = new[] { Key(type: Energy), Key(type: Demand) }.OrderBy(k => k.ReadingType, StringComparer.Ordinal).ToArray();
        Assert.Equal(expected, two.Select(s => s.Series));
        Assert.Equal(expected, all.Select(s => s.Series));
        Assert.Empty(await store.PriorVersions(For("meter-1") with { ReadingTypes = ["other"] }));
        Assert.Empty(await store.PriorVersions(For("meter-1") with { ReadingTypes = ["unknown"] }));
    }

    [SkippableFact]
    public async Task Several_devices_come_back_ordered_by_device_then_reading_type_and_without_version_free_series()
    {
        var store = await CreateStore();
        await store.Write([Write(Key("meter-b"), Intervals(2)), Write(Key("meter-a", Demand), Intervals(1)), Write(Key("meter-a"), Intervals(2)), Write(Key("meter-c"), Intervals(2)), Write(Key("meter-d"), Intervals(2))]);
        Clock.Now += TimeSpan.FromHours(1);
        await store.Write([Write(Key("meter-b"), new ReadingValue(End(2), 5.0)), Write(Key("meter-a", Demand), Intervals(1, offset: 1)), Write(Key("meter-a"), Intervals(2, offset: 1)), Write(Key("meter-c"), Intervals(2, offset: 1))]);
        Clock.Now += TimeSpan.FromHours(1);
        await store.Write([Write(Key("meter-b"), new ReadingValue(End(2), 6.0))]);

        var answer = await store.PriorVersions(For("meter-d", "meter-b", "meter-a", "meter-b"));

        Assert.Equal([Key("meter-a", Energy), Key("meter-a", Demand), Key("meter-b")], answer.Select(s => s.Series));
        Assert.Equal([(1L, 1.0), (2L, 2.0)], Flat(answer[0]));
        Assert.Equal([(1L, 1.0)], Flat(answer[1]));
        Assert.Equal([(2L, 5.0), (2L, 2.0)], Flat(answer[2]));
    }

    [SkippableFact]
    public async Task Limit_caps_the_total_number_of_versions()
    {
        var store = await CreateStore();
        await Corrected(store, Key("meter-1"), 2);
        await Corrected(store, Key("meter-2"), 2);
        var both = For("meter-1", "meter-2");

        var exact = await store.PriorVersions(both with { Limit = 8 });
        var cut = await store.PriorVersions(both with { Limit = 5 });
        var atSeriesEnd = await store.PriorVersions(both with { Limit = 4 });
        var inATimestamp = await store.PriorVersions(both with { Limit = 3 });
        var none = await store.PriorVersions(both with { Limit = 0 });
        var windowFits = await store.PriorVersions(both with { Limit = 4, After = End(1) });

        Assert.Equal([4, 4], exact.Select(s => s.Versions.Count));
        Assert.Equal([4, 1], cut.Select(s => s.Versions.Count));
        Assert.Equal([(1L, 101.0)], Flat(cut[1]));
        Assert.Equal([Key("meter-1")], atSeriesEnd.Select(s => s.Series));
        // The Limit may end between two versions of one timestamp: the newest come first.
        Assert.Equal([(1L, 101.0), (1L, 1.0), (2L, 102.0)], Flat(Assert.Single(inATimestamp)));
        Assert.Empty(none);
        Assert.Equal([(2L, 102.0), (2L, 2.0)], Flat(windowFits[0]));
        Assert.Equal([(2L, 102.0), (2L, 2.0)], Flat(windowFits[1]));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.PriorVersions(For("meter-1") with { Limit = -1 }));
    }
}

public sealed class InMemoryPriorVersionsTests : PriorVersionsContract
{
    protected override Task<IReadingStore> CreateStore() => Task.FromResult<IReadingStore>(new InMemoryReadingStore(Clock));
}

public sealed class SqlitePriorVersionsTests : PriorVersionsContract, IDisposable
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

    protected override async Task<IReadingStore> CreateStore()
    {
        await temp.Database.Migrate();
        var store = new SqliteReadingStore(temp.Database, time: Clock);
        stores.Add(store);
        return store;
    }

    [SkippableFact]
    public async Task The_range_scan_is_served_by_the_primary_key_of_metering_reading_version()
    {
        await CreateStore();
        await using var connection = await temp.Database.Open();
        await using var command = connection.CreateCommand();
        // The statement SqliteReadingReader.PriorVersions runs for each series.
        command.CommandText = """
            EXPLAIN QUERY PLAN
            SELECT ts, value, qualities, recorded, replaced FROM metering_reading_version
            WHERE series_id = 1 AND ts > 0 AND ts <= 100
            ORDER BY ts, version DESC LIMIT 10
            """;
        var plan = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(3));
            }
        }

        Assert.Contains("SEARCH metering_reading_version USING PRIMARY KEY (series_id=? AND ts>? AND ts<?)", plan);
        Assert.DoesNotContain(plan, p => p.StartsWith("SCAN", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task A_query_after_dispose_fails_clearly()
    {
        var store = (SqliteReadingStore)await CreateStore();

        await store.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.PriorVersions(For("meter-1")));
    }
}
