using Orleans.Metering.Abstractions;
using Orleans.Metering.Storage.Readings;

namespace Orleans.Metering.Storage.Tests.Readings;

/// <summary>The behaviour every <see cref="IReadingStore"/> shares; one subclass per implementation.</summary>
public abstract class ReadingStoreContract
{
    protected const string Energy = "0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0";
    protected const string Demand = "0.0.2.4.1.1.37.0.0.0.0.0.0.0.0.3.38.0";
    protected static readonly DateTimeOffset T0 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    protected static readonly TimeSpan Interval = TimeSpan.FromMinutes(15);

    protected ManualTime Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));

    protected abstract Task<IReadingStore> CreateStore();

    /// <summary>Transactions committed so far, where the store counts them; null otherwise.</summary>
    protected virtual long? BatchesCommitted(IReadingStore store) => null;

    protected static SeriesKey Key(string device = "meter-1", string type = Energy) => new(device, type);

    protected static SeriesWrite Write(SeriesKey key, params ReadingValue[] values) => new(key, values);

    /// <summary>Interval values ending at T0 + (first+1..first+count) intervals, value = index * 1.5.</summary>
    protected static ReadingValue[] Intervals(int count, int first = 0, double offset = 0, string? qualities = null) =>
        [.. Enumerable.Range(first, count).Select(i => new ReadingValue(T0 + (Interval * (i + 1)), (i * 1.5) + offset, qualities))];

    protected static ReadingQuery For(params string[] devices) => new() { DeviceIds = devices };

    [SkippableFact]
    public async Task Values_qualities_and_timestamps_round_trip_exactly()
    {
        var store = await CreateStore();
        var odd = new DateTimeOffset(2026, 3, 1, 14, 30, 15, TimeSpan.FromHours(2)).AddTicks(1_234_567);
        ReadingValue[] values =
        [
            new(T0.AddTicks(1), 0.1 + 0.2, null),
            new(odd, -12345.678901234567, "1.0.0,2.5.259"),
            new(T0.AddDays(1), double.MaxValue, ""),
            new(T0.AddDays(2), 1e-300, "Ünïcode ✓ 'quoted'"),
        ];

        var outcome = await store.Write([Write(Key(), values)]);

        Assert.Equal(new WriteOutcome(4, 0, 0), outcome);
        var result = await store.Query(For("meter-1"));
        Assert.False(result.Truncated);
        var series = Assert.Single(result.Series);
        Assert.Equal(Key(), series.Series);
        Assert.Equal(values.OrderBy(v => v.TimeStamp.UtcTicks).Select(v => v.TimeStamp.UtcTicks), series.Values.Select(v => v.TimeStamp.UtcTicks));
        Assert.All(series.Values, v => Assert.Equal(TimeSpan.Zero, v.TimeStamp.Offset));
        Assert.Equal(values.OrderBy(v => v.TimeStamp.UtcTicks).Select(v => v.Value), series.Values.Select(v => v.Value));
        Assert.Equal(values.OrderBy(v => v.TimeStamp.UtcTicks).Select(v => v.Qualities), series.Values.Select(v => v.Qualities));
    }

    [SkippableFact]
    public async Task Series_lists_every_stored_series_of_the_devices_whatever_the_period()
    {
        var store = await CreateStore();
        await store.Write([Write(Key("meter-1", Energy), Intervals(2)), Write(Key("meter-1", Demand), Intervals(1)), Write(Key("meter-2", Energy), Intervals(1))]);

        var all = await store.Series(new ReadingQuery { DeviceIds = ["meter-1", "meter-3"], After = T0.AddYears(1) });
        var energy = await store.Series(new ReadingQuery { DeviceIds = ["meter-1", "meter-2"], ReadingTypes = [Energy] });

        Assert.Equal([Key("meter-1", Energy), Key("meter-1", Demand)], all.OrderBy(k => k.ReadingType, StringComparer.Ordinal));
        Assert.Equal([Key("meter-1", Energy), Key("meter-2", Energy)], energy);
    }

    [SkippableFact]
    public async Task An_empty_write_is_a_no_op_and_unknown_devices_return_nothing()
    {
        var store = await CreateStore();

        Assert.Equal(WriteOutcome.None, await store.Write([]));
        Assert.Equal(WriteOutcome.None, await store.Write([Write(Key())]));
        Assert.Empty((await store.Query(For("meter-1"))).Series);
        await store.Write([Write(Key(), Intervals(2))]);
        Assert.Empty((await store.Query(For("meter-2", "METER-1"))).Series);
        Assert.Empty((await store.Query(For())).Series);
        Assert.Empty(await store.History(Key("meter-2"), T0 + Interval));
        Assert.Empty(await store.History(Key(), T0));
    }

    [SkippableFact]
    public async Task A_NaN_value_is_refused_and_nothing_of_that_write_is_stored()
    {
        var store = await CreateStore();

        await Assert.ThrowsAsync<ArgumentException>(() => store.Write([Write(Key(), Intervals(3)), Write(Key("meter-2"), new ReadingValue(T0, double.NaN))]));

        Assert.Empty((await store.Query(For("meter-1", "meter-2"))).Series);
    }

    [SkippableFact]
    public async Task The_range_is_After_exclusive_and_Through_inclusive()
    {
        var store = await CreateStore();
        await store.Write([Write(Key(), Intervals(8))]); // ends at T0+1 .. T0+8 intervals

        async Task<long[]> Ends(DateTimeOffset? after, DateTimeOffset? through) =>
            [.. (await store.Query(For("meter-1") with { After = after, Through = through })).Series.SelectMany(s => s.Values).Select(v => (v.TimeStamp - T0) / Interval).Select(x => (long)x)];

        Assert.Equal(new long[] { 3L, 4L, 5L }, await Ends(T0 + (Interval * 2), T0 + (Interval * 5)));
        Assert.Equal(new long[] { 1L, 2L }, await Ends(T0, T0 + (Interval * 2)));
        Assert.Equal(new long[] { 7L, 8L }, await Ends(T0 + (Interval * 6), null));
        Assert.Equal(new long[] { 1L }, await Ends(null, T0 + Interval));
        Assert.Equal(new long[] { 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L }, await Ends(null, null));
        Assert.Empty(await Ends(T0 + (Interval * 3), T0 + (Interval * 3)));
        Assert.Empty(await Ends(T0 + (Interval * 5), T0 + (Interval * 2)));
        Assert.Equal(new long[] { 4L }, await Ends(T0 + (Interval * 4) - TimeSpan.FromTicks(1), T0 + (Interval * 4)));
        Assert.Empty(await Ends(T0 + (Interval * 4), T0 + (Interval * 5) - TimeSpan.FromTicks(1)));
        // Bounds in another offset compare as instants.
        Assert.Equal(new long[] { 3L, 4L }, await Ends((T0 + (Interval * 2)).ToOffset(TimeSpan.FromHours(5)), (T0 + (Interval * 4)).ToOffset(TimeSpan.FromHours(-3))));
    }

    [SkippableFact]
    public async Task Reading_types_filter_the_series_and_empty_means_all()
    {
        var store = await CreateStore();
        await store.Write([Write(Key(type: Energy), Intervals(2)), Write(Key(type: Demand), Intervals(3, offset: 100)), Write(Key(type: "other"), Intervals(1))]);

        var demand = await store.Query(For("meter-1") with { ReadingTypes = [Demand] });
        var two = await store.Query(For("meter-1") with { ReadingTypes = [Energy, Demand, "unknown"] });
        var all = await store.Query(For("meter-1"));

        Assert.Equal([Key(type: Demand)], demand.Series.Select(s => s.Series));
        Assert.Equal([100.0, 101.5, 103.0], demand.Series[0].Values.Select(v => v.Value));
        Assert.Equal(new[] { Key(type: Energy), Key(type: Demand) }.OrderBy(k => k.ReadingType, StringComparer.Ordinal), two.Series.Select(s => s.Series));
        Assert.Equal(3, all.Series.Count);
        Assert.Empty((await store.Query(For("meter-1") with { ReadingTypes = ["unknown"] })).Series);
    }

    [SkippableFact]
    public async Task Several_devices_come_back_ordered_by_device_then_reading_type_then_time()
    {
        var store = await CreateStore();
        await store.Write([Write(Key("meter-b", Energy), Intervals(2, first: 2)), Write(Key("meter-a", Demand), Intervals(1))]);
        await store.Write([Write(Key("meter-a", Energy), Intervals(2)), Write(Key("meter-b", Energy), Intervals(2)), Write(Key("meter-c"), Intervals(5))]);

        var result = await store.Query(For("meter-b", "meter-a", "meter-b"));

        Assert.Equal(
            [Key("meter-a", Energy), Key("meter-a", Demand), Key("meter-b", Energy)],
            result.Series.Select(s => s.Series));
        Assert.Equal([0.0, 1.5, 3.0, 4.5], result.Series[2].Values.Select(v => v.Value));
        Assert.Equal(7, result.Series.Sum(s => s.Values.Count));
    }

    [SkippableFact]
    public async Task Limit_caps_the_total_and_Truncated_says_more_matched()
    {
        var store = await CreateStore();
        await store.Write([Write(Key("meter-1"), Intervals(4)), Write(Key("meter-2"), Intervals(4))]);

        var exact = await store.Query(For("meter-1", "meter-2") with { Limit = 8 });
        var cut = await store.Query(For("meter-1", "meter-2") with { Limit = 6 });
        var atSeriesEnd = await store.Query(For("meter-1", "meter-2") with { Limit = 4 });
        var none = await store.Query(For("meter-1", "meter-2") with { Limit = 0 });
        var rangeFits = await store.Query(For("meter-1", "meter-2") with { Limit = 2, After = T0 + (Interval * 3) });

        Assert.False(exact.Truncated);
        Assert.Equal(8, exact.Series.Sum(s => s.Values.Count));
        Assert.True(cut.Truncated);
        Assert.Equal([4, 2], cut.Series.Select(s => s.Values.Count));
        Assert.Equal([0.0, 1.5], cut.Series[1].Values.Select(v => v.Value));
        Assert.True(atSeriesEnd.Truncated);
        Assert.Equal([Key("meter-1")], atSeriesEnd.Series.Select(s => s.Series));
        Assert.True(none.Truncated);
        Assert.Empty(none.Series);
        Assert.False(rangeFits.Truncated);
        Assert.Equal([1, 1], rangeFits.Series.Select(s => s.Values.Count));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.Query(For("meter-1") with { Limit = -1 }));
    }

    [SkippableFact]
    public async Task Resending_identical_values_is_Unchanged_and_keeps_no_version()
    {
        var store = await CreateStore();
        var recorded = Clock.Now;
        await store.Write([Write(Key(), Intervals(4, qualities: "1.0.0"))]);
        Clock.Now += TimeSpan.FromHours(1);

        var again = await store.Write([Write(Key(), Intervals(4, qualities: "1.0.0"))]);
        var overlap = await store.Write([Write(Key(), Intervals(4, first: 2, qualities: "1.0.0"))]);

        Assert.Equal(new WriteOutcome(0, 4, 0), again);
        Assert.Equal(new WriteOutcome(2, 2, 0), overlap);
        var history = Assert.Single(await store.History(Key(), T0 + Interval));
        Assert.Equal(new ReadingVersion(T0 + Interval, 0.0, "1.0.0", recorded, null), history);
        Assert.Equal(6, (await store.Query(For("meter-1"))).Series[0].Values.Count);
    }

    [SkippableFact]
    public async Task A_different_value_replaces_and_the_prior_versions_are_kept_newest_first()
    {
        var store = await CreateStore();
        var at = T0 + (Interval * 2);
        var first = Clock.Now;
        await store.Write([Write(Key(), Intervals(3))]);
        var second = Clock.Now += TimeSpan.FromHours(1);
        var replaced = await store.Write([Write(Key(), new ReadingValue(at, 42.0, "2.5.259"), new ReadingValue(T0 + Interval, 0.0))]);
        var third = Clock.Now += TimeSpan.FromHours(1);
        var again = await store.Write([Write(Key(), new ReadingValue(at.ToOffset(TimeSpan.FromHours(1)), 43.0, "2.5.259"))]);

        Assert.Equal(new WriteOutcome(0, 1, 1), replaced);
        Assert.Equal(new WriteOutcome(0, 0, 1), again);
        Assert.Equal([0.0, 43.0, 3.0], (await store.Query(For("meter-1"))).Series[0].Values.Select(v => v.Value));
        Assert.Equal(
            [
                new ReadingVersion(at, 43.0, "2.5.259", third, null),
                new ReadingVersion(at, 42.0, "2.5.259", second, third),
                new ReadingVersion(at, 1.5, null, first, second),
            ],
            await store.History(Key(), at.ToOffset(TimeSpan.FromHours(-4))));
        Assert.Single(await store.History(Key(), T0 + Interval));
    }

    [SkippableFact]
    public async Task A_change_of_qualities_alone_is_a_replacement()
    {
        var store = await CreateStore();
        var at = T0 + Interval;
        await store.Write([Write(Key(), new ReadingValue(at, 5.0))]);

        var marked = await store.Write([Write(Key(), new ReadingValue(at, 5.0, "3.8.0"))]);
        var same = await store.Write([Write(Key(), new ReadingValue(at, 5.0, "3.8.0"))]);
        var cleared = await store.Write([Write(Key(), new ReadingValue(at, 5.0))]);
        var empty = await store.Write([Write(Key(), new ReadingValue(at, 5.0, ""))]);

        Assert.Equal(new WriteOutcome(0, 0, 1), marked);
        Assert.Equal(new WriteOutcome(0, 1, 0), same);
        Assert.Equal(new WriteOutcome(0, 0, 1), cleared);
        Assert.Equal(new WriteOutcome(0, 0, 1), empty);
        Assert.Equal(["", null, "3.8.0", null], (await store.History(Key(), at)).Select(v => v.Qualities));
    }

    [SkippableFact]
    public async Task A_timestamp_twice_in_one_write_keeps_the_last_value_and_counts_once()
    {
        var store = await CreateStore();
        var at = T0 + Interval;

        var outcome = await store.Write(
        [
            Write(Key(), new ReadingValue(at, 1.0), new ReadingValue(at, 2.0), new ReadingValue(at + Interval, 7.0)),
            Write(Key(), new ReadingValue(at.ToOffset(TimeSpan.FromHours(2)), 3.0, "x")),
        ]);
        var resend = await store.Write([Write(Key(), new ReadingValue(at, 9.0), new ReadingValue(at, 3.0, "x"))]);

        Assert.Equal(new WriteOutcome(2, 0, 0), outcome);
        Assert.Equal(new WriteOutcome(0, 1, 0), resend);
        Assert.Equal([new ReadingValue(at, 3.0, "x"), new ReadingValue(at + Interval, 7.0)], (await store.Query(For("meter-1"))).Series[0].Values);
        Assert.Single(await store.History(Key(), at));
    }

    [SkippableFact]
    public async Task Values_out_of_order_in_one_write_are_stored_in_time_order_beside_a_series_in_order()
    {
        var store = await CreateStore();
        var values = Intervals(6);

        var outcome = await store.Write(
        [
            Write(Key("meter-1"), values[3], values[0], values[5], values[1], values[4], values[2]),
            Write(Key("meter-2"), values),
        ]);

        Assert.Equal(new WriteOutcome(12, 0, 0), outcome);
        var series = (await store.Query(For("meter-1", "meter-2"))).Series;
        Assert.Equal(values, series[0].Values);
        Assert.Equal(values, series[1].Values);
    }

    [SkippableFact]
    public async Task A_NaN_after_values_in_order_refuses_the_whole_write()
    {
        var store = await CreateStore();

        await Assert.ThrowsAsync<ArgumentException>(() => store.Write(
        [
            Write(Key("meter-1"), Intervals(4)),
            Write(Key("meter-2"), [.. Intervals(3), new ReadingValue(T0 + (Interval * 9), double.NaN)]),
        ]));

        Assert.Empty((await store.Query(For("meter-1", "meter-2"))).Series);
    }

    [SkippableFact]
    public async Task Many_concurrent_writers_each_get_their_own_outcome_and_all_values_are_stored()
    {
        const int Callers = 200;
        const int PerCaller = 96;
        var store = await CreateStore();
        // Callers 0, 4, 8... re-send what is stored; 1, 5, 9... send different values; the rest are new.
        await store.Write([.. Enumerable.Range(0, Callers).Where(i => i % 4 < 2).Select(i => Write(Key("meter-" + i), Intervals(PerCaller)))]);
        var before = BatchesCommitted(store);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, Callers).Select(i => Task.Run(() =>
            store.Write([Write(Key("meter-" + i), Intervals(PerCaller, offset: i % 4 == 0 ? 0 : i))]))));

        for (var i = 0; i < Callers; i++)
        {
            var expected = (i % 4) switch
            {
                0 => new WriteOutcome(0, PerCaller, 0),
                1 => new WriteOutcome(0, 0, PerCaller),
                _ => new WriteOutcome(PerCaller, 0, 0),
            };
            Assert.Equal(expected, outcomes[i]);
        }

        var result = await store.Query(For([.. Enumerable.Range(0, Callers).Select(i => "meter-" + i)]));
        Assert.False(result.Truncated);
        Assert.Equal(Callers, result.Series.Count);
        foreach (var series in result.Series)
        {
            var i = int.Parse(series.Series.DeviceId["meter-".Length..], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(Intervals(PerCaller, offset: i % 4 == 0 ? 0 : i), series.Values);
        }

        Assert.Equal(2, (await store.History(Key("meter-1"), T0 + Interval)).Count);
        if (before is { } start && BatchesCommitted(store) is { } end)
        {
            Assert.InRange(end - start, 1, Callers - 1);
        }
    }
}

public sealed class InMemoryReadingStoreTests : ReadingStoreContract
{
    protected override Task<IReadingStore> CreateStore() => Task.FromResult<IReadingStore>(new InMemoryReadingStore(Clock));
}
