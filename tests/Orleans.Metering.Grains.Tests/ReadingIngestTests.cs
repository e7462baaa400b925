using Orleans.Metering.Abstractions;
using Orleans.Metering.Grains.Tests.Support;
using static Orleans.Metering.Grains.Tests.Support.TestData;

namespace Orleans.Metering.Grains.Tests;

/// <summary>IngestReadings: validated, stored (re-sends are no-ops, corrections keep the prior version), per part refused.</summary>
[Collection(MeteringClusterCollection.Name)]
public sealed class ReadingIngestTests(MeteringClusterFixture fixture)
{
    private const string Delta15 = "0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0";
    private const string Bulk = "0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0";

    private static readonly DateTimeOffset Day = new(2025, 1, 14, 0, 0, 0, TimeSpan.Zero);

    /// <summary>96 quarter-hour values ending at 00:15 ... 24:00 of <paramref name="day"/>, all clean.</summary>
    private static ReadingValue[] DayOfValues(DateTimeOffset day) =>
        [.. Enumerable.Range(1, 96).Select(i => new ReadingValue(day.AddMinutes(15 * i), Math.Round(0.25 + (0.01 * (i % 40)), 3)))];

    private static MeterReadingsIngest Ingest(IReadOnlyList<ReadingSeries> series, MessageKey? message = null, string? usagePoint = null) => new()
    {
        Message = message ?? Message(),
        UsagePointId = usagePoint,
        Series = series,
    };

    private static ReadingSeries Interval(IReadOnlyList<ReadingValue> values, string readingType = Delta15) => new(readingType, ReadingKind.Interval, values);

    private async Task<(string Id, IEndDeviceGrain Device)> NewMeter()
    {
        var id = NewId("MTR-");
        return (id, await fixture.Device(id).Registered(id));
    }

    [Fact]
    public async Task A_day_of_96_quarter_hours_is_stored_value_for_value()
    {
        var (id, meter) = await NewMeter();
        var values = DayOfValues(Day);

        var result = await meter.IngestReadings(Ingest([Interval(values)]));

        Assert.Equal(96, result.Stored);
        Assert.Equal(0, result.Unchanged);
        Assert.Equal(0, result.Replaced);
        Assert.Equal(0, result.Flagged);
        Assert.Empty(result.Problems);
        Assert.False(result.Duplicate);
        Assert.Equal(values, await fixture.StoredReadings(id, Delta15));
    }

    [Fact]
    public async Task Re_sending_the_same_values_in_a_new_message_changes_nothing()
    {
        var (id, meter) = await NewMeter();
        var values = DayOfValues(Day);
        await meter.IngestReadings(Ingest([Interval(values)]));

        var again = await meter.IngestReadings(Ingest([Interval(values)]));

        Assert.Equal(96, again.Unchanged);
        Assert.Equal(0, again.Stored);
        Assert.Equal(0, again.Replaced);
        Assert.False(again.Duplicate);
        Assert.Equal(values, await fixture.StoredReadings(id, Delta15));
        Assert.Single(await fixture.History(id, Delta15, values[10].TimeStamp));
    }

    [Fact]
    public async Task A_corrected_value_replaces_the_stored_one_and_keeps_it_as_prior_version()
    {
        var (id, meter) = await NewMeter();
        var values = DayOfValues(Day);
        await meter.IngestReadings(Ingest([Interval(values)]));
        var corrected = values.ToArray();
        var original = corrected[40];
        corrected[40] = original with { Value = original.Value + 0.125 };

        var result = await meter.IngestReadings(Ingest([Interval(corrected)]));

        Assert.Equal(1, result.Replaced);
        Assert.Equal(95, result.Unchanged);
        Assert.Equal(0, result.Stored);
        Assert.Equal(corrected, await fixture.StoredReadings(id, Delta15));
        var history = await fixture.History(id, Delta15, original.TimeStamp);
        Assert.Equal(2, history.Count);
        Assert.Equal(corrected[40].Value, history[0].Value);
        Assert.Null(history[0].ReplacedAt);
        Assert.Equal(original.Value, history[1].Value);
        Assert.NotNull(history[1].ReplacedAt);
    }

    [Fact]
    public async Task The_same_MessageID_and_digest_is_a_duplicate_with_the_first_answer()
    {
        var (id, meter) = await NewMeter();
        var message = Message(digest: "day-1");
        var first = await meter.IngestReadings(Ingest([Interval(DayOfValues(Day))], message));

        var again = await meter.IngestReadings(Ingest([Interval(DayOfValues(Day))], message));

        Assert.True(again.Duplicate);
        Assert.Equal(first.Stored, again.Stored);
        Assert.Empty(again.Problems);
        Assert.Equal(96, (await fixture.StoredReadings(id, Delta15)).Count);
        Assert.Single(await fixture.History(id, Delta15, Day.AddHours(1)));
    }

    [Fact]
    public async Task The_same_MessageID_with_another_digest_is_refused_with_6_1_and_stores_nothing()
    {
        var (id, meter) = await NewMeter();
        var message = Message(digest: "day-1");
        await meter.IngestReadings(Ingest([Interval(DayOfValues(Day))], message));

        var refused = await meter.IngestReadings(Ingest([Interval(DayOfValues(Day.AddDays(1)))], message with { ContentDigest = "day-2" }));

        Assert.False(refused.Duplicate);
        Assert.Equal("6.1", Assert.Single(refused.Problems).Code);
        Assert.Equal(0, refused.Stored);
        var stored = await fixture.StoredReadings(id, Delta15);
        Assert.Equal(96, stored.Count);
        Assert.All(stored, v => Assert.True(v.TimeStamp <= Day.AddDays(1)));
    }

    [Fact]
    public async Task An_unknown_meter_is_refused_with_2_4_and_nothing_is_stored()
    {
        var id = NewId("MTR-");

        var result = await fixture.Device(id).IngestReadings(Ingest([Interval(DayOfValues(Day))]));

        Assert.Equal("2.4", Assert.Single(result.Problems).Code);
        Assert.Equal(0, result.Stored);
        Assert.Equal(0, await fixture.StoredCount(id));
    }

    [Fact]
    public async Task An_invalid_reading_type_is_refused_with_2_6_and_the_other_series_are_stored()
    {
        var (id, meter) = await NewMeter();
        var values = DayOfValues(Day);
        var register = new ReadingSeries(Bulk, ReadingKind.Register, [new(Day.AddHours(24), 12_345.678)]);

        var result = await meter.IngestReadings(Ingest([Interval(values, "1.2.3"), Interval(values), register]));

        var problem = Assert.Single(result.Problems);
        Assert.Equal("2.6", problem.Code);
        Assert.Equal("1.2.3", problem.ReadingType);
        Assert.Equal(97, result.Stored);
        Assert.Equal(values, await fixture.StoredReadings(id, Delta15));
        Assert.Equal(register.Values, await fixture.StoredReadings(id, Bulk));
        Assert.Empty(await fixture.StoredReadings(id, "1.2.3"));
    }

    [Fact]
    public async Task A_reading_type_with_unknown_codes_is_refused_with_2_6()
    {
        var (id, meter) = await NewMeter();
        const string unknownUnit = "0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.999.0";

        var result = await meter.IngestReadings(Ingest([Interval(DayOfValues(Day), unknownUnit)]));

        var problem = Assert.Single(result.Problems);
        Assert.Equal("2.6", problem.Code);
        Assert.Equal(unknownUnit, problem.ReadingType);
        Assert.Equal(0, await fixture.StoredCount(id));
    }

    [Fact]
    public async Task An_interval_block_of_a_reading_type_without_interval_length_is_refused_with_2_10()
    {
        var (id, meter) = await NewMeter();
        var values = DayOfValues(Day);

        var result = await meter.IngestReadings(Ingest([Interval(values, Bulk), Interval(values)]));

        var problem = Assert.Single(result.Problems);
        Assert.Equal("2.10", problem.Code);
        Assert.Equal(Bulk, problem.ReadingType);
        Assert.Equal(96, result.Stored);
        Assert.Empty(await fixture.StoredReadings(id, Bulk));
    }

    [Fact]
    public async Task Values_that_are_not_finite_are_refused_with_1_8_and_the_rest_is_stored()
    {
        var (id, meter) = await NewMeter();
        var values = DayOfValues(Day);
        values[5] = values[5] with { Value = double.NaN };
        values[6] = values[6] with { Value = double.PositiveInfinity };

        var result = await meter.IngestReadings(Ingest([Interval(values)]));

        var problem = Assert.Single(result.Problems);
        Assert.Equal("1.8", problem.Code);
        Assert.Equal(Delta15, problem.ReadingType);
        Assert.Equal(94, result.Stored);
        var stored = await fixture.StoredReadings(id, Delta15);
        Assert.Equal(values.Where(v => double.IsFinite(v.Value)), stored);
    }

    [Fact]
    public async Task A_negative_value_is_stored_flagged_with_3_6_4()
    {
        var (id, meter) = await NewMeter();
        var values = DayOfValues(Day);
        values[20] = values[20] with { Value = -0.4 };
        values[21] = values[21] with { Value = -0.2, Qualities = "1.2.32" };

        var result = await meter.IngestReadings(Ingest([Interval(values)]));

        Assert.Equal(96, result.Stored);
        Assert.Equal(2, result.Flagged);
        Assert.Empty(result.Problems);
        var stored = await fixture.StoredReadings(id, Delta15);
        Assert.Equal("3.6.4", stored[20].Qualities);
        Assert.Equal(-0.4, stored[20].Value);
        Assert.Equal("1.2.32,3.6.4", stored[21].Qualities);
        Assert.Equal(94, stored.Count(v => v.Qualities is null));
    }

    [Fact]
    public async Task A_usage_point_in_the_ingest_installs_the_meter_since_its_earliest_value()
    {
        var (id, meter) = await NewMeter();
        var usagePoint = NewId("UP-");
        var values = DayOfValues(Day);
        var register = new ReadingSeries(Bulk, ReadingKind.Register, [new(Day.AddMinutes(-30), 10_000)]);

        await meter.IngestReadings(Ingest([Interval(values), register], usagePoint: usagePoint));

        var installation = Assert.Single(await fixture.Grains.GetGrain<IUsagePointGrain>(usagePoint).GetInstallations());
        Assert.Equal(id, installation.MeterId);
        Assert.Equal(Day.AddMinutes(-30), installation.From);
        Assert.Null(installation.To);

        // more data for the same usage point changes nothing
        await meter.IngestReadings(Ingest([Interval(DayOfValues(Day.AddDays(1)))], usagePoint: usagePoint));
        Assert.Equal(installation, Assert.Single(await fixture.Grains.GetGrain<IUsagePointGrain>(usagePoint).GetInstallations()));
    }

    [Fact]
    public async Task A_second_meter_at_the_usage_point_closes_the_first_installation()
    {
        var (first, firstMeter) = await NewMeter();
        var (second, secondMeter) = await NewMeter();
        var usagePoint = NewId("UP-");
        await firstMeter.IngestReadings(Ingest([Interval(DayOfValues(Day))], usagePoint: usagePoint));

        var exchange = Day.AddDays(3);
        await secondMeter.IngestReadings(Ingest([Interval(DayOfValues(exchange))], usagePoint: usagePoint));

        var installations = await fixture.Grains.GetGrain<IUsagePointGrain>(usagePoint).GetInstallations();
        Assert.Equal(2, installations.Count);
        Assert.Equal(new MeterInstallation(first, Day.AddMinutes(15), exchange.AddMinutes(15)), installations[0]);
        Assert.Equal(new MeterInstallation(second, exchange.AddMinutes(15), null), installations[1]);
    }

    [Fact]
    public async Task Backfilled_readings_older_than_the_installation_widen_it()
    {
        // Late data is common: day 2 arrives first, day 1 afterwards, both for the same usage point.
        // UsagePointGrain.Install widens an open installation of the same meter to earlier data, and the
        // gateway's usage-point query only returns readings inside an installation.
        var (id, meter) = await NewMeter();
        var usagePoint = NewId("UP-");
        await meter.IngestReadings(Ingest([Interval(DayOfValues(Day.AddDays(1)))], usagePoint: usagePoint));

        await meter.IngestReadings(Ingest([Interval(DayOfValues(Day))], usagePoint: usagePoint));

        var installation = Assert.Single(await fixture.Grains.GetGrain<IUsagePointGrain>(usagePoint).GetInstallations());
        Assert.Equal(id, installation.MeterId);
        Assert.Equal(Day.AddMinutes(15), installation.From);
    }

    [Fact]
    public async Task Back_fill_naming_an_earlier_usage_point_is_stored_but_does_not_move_the_meter()
    {
        // The meter moved from usage point A to B; late data from its time at A arrives afterwards.
        var (id, meter) = await NewMeter();
        var (before, now) = (NewId("UP-"), NewId("UP-"));
        await meter.IngestReadings(Ingest([Interval(DayOfValues(Day.AddDays(10)))], usagePoint: now));

        var result = await meter.IngestReadings(Ingest([Interval(DayOfValues(Day))], usagePoint: before));

        Assert.Equal(96, result.Stored);
        var current = Assert.Single(await fixture.Grains.GetGrain<IUsagePointGrain>(now).GetInstallations());
        Assert.Equal(new MeterInstallation(id, Day.AddDays(10).AddMinutes(15), null), current);
        Assert.Empty(await fixture.Grains.GetGrain<IUsagePointGrain>(before).GetInstallations());

        // newer data for the current usage point still changes nothing
        await meter.IngestReadings(Ingest([Interval(DayOfValues(Day.AddDays(11)))], usagePoint: now));
        Assert.Equal(current, Assert.Single(await fixture.Grains.GetGrain<IUsagePointGrain>(now).GetInstallations()));
    }

    [Fact]
    public async Task Only_the_latest_reading_messages_are_remembered_and_an_older_resend_is_still_a_no_op()
    {
        var (id, meter) = await NewMeter();
        var messages = Enumerable.Range(0, new EndDevices.EndDeviceOptions().ReadingsMemoCapacity + 4).Select(_ => Message()).ToList();
        for (var i = 0; i < messages.Count; i++)
        {
            await meter.IngestReadings(Ingest([Interval(DayOfValues(Day.AddDays(i)))], messages[i]));
        }

        var latest = await meter.IngestReadings(Ingest([Interval(DayOfValues(Day.AddDays(messages.Count - 1)))], messages[^1]));
        var oldest = await meter.IngestReadings(Ingest([Interval(DayOfValues(Day))], messages[0]));

        Assert.True(latest.Duplicate);
        Assert.False(oldest.Duplicate); // forgotten by the memo, so checked against the store:
        Assert.Equal((0, 96, 0), (oldest.Stored, oldest.Unchanged, oldest.Replaced));
        Assert.Equal(96 * messages.Count, await fixture.StoredCount(id));
    }

    [Fact]
    public async Task A_usage_point_without_readings_is_unknown()
    {
        Assert.Empty(await fixture.Grains.GetGrain<IUsagePointGrain>(NewId("UP-")).GetInstallations());
    }
}
