using Orleans.Metering.Cim.Messages;
using Orleans.Metering.Storage.Readings;
using static Orleans.Metering.Gateway.Tests.Messages;
using static Orleans.Metering.Gateway.Tests.ReadingMessages;

namespace Orleans.Metering.Gateway.Tests;

/// <summary>Readings end to end: push, query, re-send, correct, usage points, on-demand, bad parts.</summary>
[Collection(PlatformCollection.Name)]
public sealed class MeterReadingsTests(PlatformFixture fixture)
{
    private PlatformHost Host => fixture.Host;

    private async Task<string> NewMeter()
    {
        var meter = "MTR-" + NewId();
        var created = await Host.Exchange(CreateMeter(meter, NewId()), "readings-create-meter");
        Assert.Equal(ReplyResult.OK, created.Reply!.Result);
        return meter;
    }

    [Fact]
    public async Task A_day_of_15_minute_data_comes_back_value_for_value()
    {
        var meter = await NewMeter();
        var values = DayValues(1);
        var pushed = await Host.Exchange(Created(meter, values, NewId()), "readings-push-day");
        Assert.Equal(ReplyResult.OK, pushed.Reply!.Result);

        var answer = await Host.Exchange(Get(NewId(), [meter], start: Day, end: Day.AddDays(1)), "readings-get-day");
        Assert.Equal(ReplyResult.OK, answer.Reply!.Result);
        var back = Intervals(answer, meter);
        Assert.Equal(96, back.Count);
        Assert.Equal(values, back.Select(r => r.Value));
        Assert.Equal(Enumerable.Range(1, 96).Select(i => Day.AddMinutes(15 * i)), back.Select(r => r.TimeStamp));
    }

    [Fact]
    public async Task Several_meters_in_one_get_each_come_back_with_their_own_values()
    {
        var meters = new List<string>();
        for (var seed = 21; seed < 24; seed++)
        {
            var meter = await NewMeter();
            await Host.Exchange(Created(meter, DayValues(seed), NewId()), "readings-push-many");
            meters.Add(meter);
        }

        var unknown = "MTR-UNKNOWN-" + NewId();
        var answer = await Host.Exchange(Get(NewId(), [.. meters, unknown], start: Day, end: Day.AddDays(1)), "readings-get-many");

        Assert.Equal(ReplyResult.PARTIAL, answer.Reply!.Result);
        Assert.Equal(unknown, Assert.Single(answer.Reply.Error, e => e.Code == "2.4").Object!.MRID);
        for (var i = 0; i < meters.Count; i++)
        {
            Assert.Equal(DayValues(21 + i), Intervals(answer, meters[i]).Select(r => r.Value));
        }
    }

    [Fact]
    public async Task A_MessageID_resent_with_other_values_is_refused_with_6_1_and_the_first_values_stay()
    {
        var meter = await NewMeter();
        var messageId = NewId();
        var values = DayValues(31);
        Assert.Equal(ReplyResult.OK, (await Host.Exchange(Created(meter, values, messageId), "readings-push-first")).Reply!.Result);
        var again = await Host.Exchange(Created(meter, values, messageId), "readings-push-replay");
        var changed = values.ToArray();
        changed[5] += 1;

        var reused = await Host.Exchange(Created(meter, changed, messageId), "readings-push-reused-id");

        Assert.Equal(ReplyResult.OK, again.Reply!.Result);
        Assert.Equal(ReplyResult.FAILED, reused.Reply!.Result);
        Assert.Equal("6.1", Assert.Single(reused.Reply.Error).Code);
        var back = await Host.Exchange(Get(NewId(), [meter], start: Day, end: Day.AddDays(1)), "readings-get-after-reuse");
        Assert.Equal(values, Intervals(back, meter).Select(r => r.Value));
    }

    [Fact]
    public async Task The_period_is_half_open_on_the_interval_ends()
    {
        var meter = await NewMeter();
        await Host.Exchange(Created(meter, DayValues(2), NewId()), "readings-push-halfopen");
        var answer = await Host.Exchange(Get(NewId(), [meter], start: Day.AddHours(1), end: Day.AddHours(2)), "readings-get-hour");
        var back = Intervals(answer, meter);
        Assert.Equal([Day.AddMinutes(75), Day.AddMinutes(90), Day.AddMinutes(105), Day.AddMinutes(120)], back.Select(r => r.TimeStamp));
    }

    [Fact]
    public async Task A_resent_message_changes_nothing_and_a_correction_keeps_the_prior_version()
    {
        var meter = await NewMeter();
        var values = DayValues(3);
        await Host.Exchange(Created(meter, values, NewId()), "readings-push-original");
        var again = await Host.Exchange(Created(meter, values, NewId()), "readings-push-resent");
        Assert.Equal(ReplyResult.OK, again.Reply!.Result);

        var store = Host.Services.GetRequiredService<IReadingStore>();
        var at = Day.AddMinutes(15 * 10);
        Assert.Single(await store.History(new SeriesKey(meter, Interval15), at));

        var corrected = (double[])values.Clone();
        corrected[9] = 9.875;
        await Host.Exchange(Created(meter, corrected, NewId()), "readings-push-corrected");

        var answer = await Host.Exchange(Get(NewId(), [meter], start: Day, end: Day.AddDays(1)), "readings-get-corrected");
        Assert.Equal(corrected, Intervals(answer, meter).Select(r => r.Value));
        var history = await store.History(new SeriesKey(meter, Interval15), at);
        Assert.Equal([9.875, values[9]], history.Select(v => v.Value));
        Assert.NotNull(history[1].ReplacedAt);

        // Over the gateway: the prior version is shown on request, marked as superseded.
        var withHistory = await Host.Exchange(Get(NewId(), [meter], start: Day, end: Day.AddDays(1), options: Option("IncludePriorVersions", "true")), "readings-get-prior-versions");
        var superseded = Document(withHistory).MeterReadings.SelectMany(r => r.IntervalBlocks).SelectMany(b => b.Readings).Where(r => r.Source == "superseded").ToList();
        var prior = Assert.Single(superseded);
        Assert.Equal(at, prior.TimeStamp);
        Assert.Equal(values[9], prior.Value);
        Assert.NotNull(prior.ReportedDateTime);
    }

    [Fact]
    public async Task Readings_can_be_asked_for_by_usage_point()
    {
        var meter = await NewMeter();
        var usagePoint = "UP-" + NewId();
        var values = DayValues(4);
        await Host.Exchange(Created(meter, values, NewId(), usagePoint: usagePoint), "readings-push-usagepoint");

        var answer = await Host.Exchange(Get(NewId(), usagePoints: [usagePoint], start: Day, end: Day.AddDays(1)), "readings-get-usagepoint");
        Assert.Equal(ReplyResult.OK, answer.Reply!.Result);
        var reading = Assert.Single(Document(answer).MeterReadings);
        Assert.Equal(usagePoint, reading.UsagePoint?.MRID);
        Assert.Equal(values, Intervals(answer, meter).Select(r => r.Value));

        var unknown = await Host.Exchange(Get(NewId(), usagePoints: ["UP-NONE-" + NewId()]), "readings-get-unknown-usagepoint");
        Assert.Equal("2.12", Assert.Single(unknown.Reply!.Error).Code);
    }

    [Fact]
    public async Task A_message_with_bad_parts_is_PARTIAL_and_keeps_the_good_parts()
    {
        var good = await NewMeter();
        var unknown = "NOPE-" + NewId();
        var xml = Created(good, DayValues(5), NewId());
        var badMeter = Created(unknown, DayValues(5), "x");
        var badType = Created(good, DayValues(5), "y", readingType: "1.2.3");
        string Inner(string message) => message[message.IndexOf("<m:MeterReading>", StringComparison.Ordinal)..(message.IndexOf("</m:MeterReading>", StringComparison.Ordinal) + "</m:MeterReading>".Length)];
        xml = xml.Replace("</m:MeterReadings>", Inner(badMeter) + Inner(badType) + "</m:MeterReadings>", StringComparison.Ordinal);

        var answer = await Host.Exchange(xml, "readings-push-partial");
        Assert.Equal(ReplyResult.PARTIAL, answer.Reply!.Result);
        Assert.Contains(answer.Reply.Error, e => e.Code == "2.4" && e.Object?.MRID == unknown);
        Assert.Contains(answer.Reply.Error, e => e.Code == "2.6" && e.Object?.MRID == good && e.Reason!.Contains("1.2.3", StringComparison.Ordinal));

        var stored = await Host.Exchange(Get(NewId(), [good], start: Day, end: Day.AddDays(1)), "readings-get-partial-good");
        Assert.Equal(96, Intervals(stored, good).Count);
    }

    [Fact]
    public async Task A_negative_interval_is_stored_and_marked_with_its_quality_code()
    {
        var meter = await NewMeter();
        var values = DayValues(6);
        values[3] = -0.5;
        await Host.Exchange(Created(meter, values, NewId()), "readings-push-negative");
        var answer = await Host.Exchange(Get(NewId(), [meter], start: Day, end: Day.AddDays(1)), "readings-get-negative");
        var back = Intervals(answer, meter);
        Assert.Equal(-0.5, back[3].Value);
        Assert.Contains("3.6.4", back[3].Qualities);
        Assert.Empty(back[2].Qualities);
    }

    [Fact]
    public async Task Gaps_stay_gaps_unless_estimation_is_asked_for_and_then_are_marked_3_8_0()
    {
        var meter = await NewMeter();
        var values = DayValues(7);
        await Host.Exchange(Created(meter, values[..10], NewId()), "readings-push-gap-1");
        await Host.Exchange(Created(meter, values[12..], NewId(), start: Day.AddMinutes(15 * 12)), "readings-push-gap-2");

        var plain = await Host.Exchange(Get(NewId(), [meter], start: Day, end: Day.AddDays(1)), "readings-get-gap");
        Assert.Equal(94, Intervals(plain, meter).Count);

        var estimated = await Host.Exchange(Get(NewId(), [meter], start: Day, end: Day.AddDays(1), options: Option("EstimateGaps", "true")), "readings-get-estimated");
        var back = Intervals(estimated, meter);
        Assert.Equal(96, back.Count);
        Assert.Equal(["3.8.0"], back[10].Qualities);
        Assert.Equal(values[9] + ((values[12] - values[9]) / 3), back[10].Value, 9);
        Assert.Empty(back[9].Qualities);
    }

    [Fact]
    public async Task An_on_demand_read_returns_a_register_value_and_stores_it()
    {
        var meter = await NewMeter();
        var answer = await Host.Exchange(Get(NewId(), [meter], reason: "inquiry"), "readings-on-demand");
        Assert.Equal(ReplyResult.OK, answer.Reply!.Result);
        var reading = Assert.Single(Assert.Single(Document(answer).MeterReadings).Readings);
        Assert.Equal(Register, reading.ReadingTypeRef);
        Assert.True(reading.NumericValue > 0);

        var stored = await Host.Services.GetRequiredService<IReadingStore>().Query(new ReadingQuery { DeviceIds = [meter], ReadingTypes = [Register] });
        Assert.Equal(reading.NumericValue, Assert.Single(Assert.Single(stored.Series).Values).Value);
    }

    [Fact]
    public async Task An_on_demand_read_in_Context_TESTING_reads_nothing_and_stores_nothing()
    {
        var meter = await NewMeter();
        static string Testing(string get) => get.Replace("</msg:Noun>", "</msg:Noun><msg:Context>TESTING</msg:Context>", StringComparison.Ordinal);

        var answer = await Host.Exchange(Testing(Get(NewId(), [meter], reason: "inquiry")), "readings-on-demand-testing");

        Assert.Equal(ReplyResult.OK, answer.Reply!.Result);
        var note = Assert.Single(answer.Reply.Error);
        Assert.Equal(("0.0", meter), (note.Code, note.Object!.MRID));
        Assert.Contains("not read", note.Reason, StringComparison.Ordinal);
        Assert.Null(answer.Payload);
        var stored = await Host.Services.GetRequiredService<IReadingStore>().Query(new ReadingQuery { DeviceIds = [meter], ReadingTypes = [Register] });
        Assert.Empty(stored.Series);

        var unknown = await Host.Exchange(Testing(Get(NewId(), ["NOPE-" + NewId()], reason: "inquiry")), "readings-on-demand-testing-unknown");
        Assert.Equal("2.4", Assert.Single(unknown.Reply!.Error).Code);
    }

    [Fact]
    public async Task A_realistic_simulated_day_for_many_meters_is_stored_completely()
    {
        var fleet = new Orleans.Metering.Simulation.Fleet.SimulatedFleet(new Orleans.Metering.Simulation.Fleet.FleetOptions { Seed = 7, MeterCount = 20, MeterIdPrefix = "FLEET-" + NewId()[..8] + "-", MissingIntervalRate = 0, OutageRatePerDay = 0 });
        var meters = Enumerable.Range(1, 20).Select(fleet.MeterId).ToList();
        foreach (var meter in meters)
        {
            await Host.Exchange(CreateMeter(meter, NewId()), "readings-fleet-create");
        }

        var xml = new Orleans.Metering.Simulation.Fleet.FleetMessages(fleet).MeterReadingsXml(meters, Day, Day.AddDays(1));
        var pushed = await Host.Exchange(xml, "readings-fleet-push");
        Assert.Equal(ReplyResult.OK, pushed.Reply!.Result);
        var answer = await Host.Exchange(Get(NewId(), meters, start: Day, end: Day.AddDays(1), readingType: Interval15), "readings-fleet-get");
        foreach (var meter in meters)
        {
            var expected = fleet.Intervals(meter, Day, Day.AddDays(1));
            Assert.Equal(expected.Select(v => Math.Round(v.Value, 4)), Intervals(answer, meter).Select(r => Math.Round(r.Value, 4)));
        }
    }
}
