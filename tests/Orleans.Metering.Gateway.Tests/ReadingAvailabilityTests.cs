using Orleans.Metering.Cim.Messages;
using static Orleans.Metering.Gateway.Tests.Messages;
using static Orleans.Metering.Gateway.Tests.ReadingMessages;

namespace Orleans.Metering.Gateway.Tests;

/// <summary>get MeterReadings for data that is not there: 5.7 (nothing in the period), 5.5 (never stored), 5.6 (the head-end cannot read it).</summary>
[Collection(PlatformCollection.Name)]
public sealed class ReadingAvailabilityTests(PlatformFixture fixture)
{
    /// <summary>Voltage: a valid code the simulated (energy-only) meters have no register for.</summary>
    private const string Voltage = "0.0.0.6.0.1.54.0.0.0.0.0.0.0.0.0.29.0";

    private PlatformHost Host => fixture.Host;

    private async Task<string> MeterWithADay(int seed)
    {
        var meter = "MTR-" + NewId();
        Assert.Equal(ReplyResult.OK, (await Host.Exchange(CreateMeter(meter, NewId()), "availability-create-meter")).Reply!.Result);
        Assert.Equal(ReplyResult.OK, (await Host.Exchange(Created(meter, DayValues(seed), NewId()), "availability-push-day")).Reply!.Result);
        return meter;
    }

    [Fact]
    public async Task A_stored_reading_type_without_values_in_the_period_is_FAILED_with_5_7_naming_meter_type_and_period()
    {
        var meter = await MeterWithADay(41);

        var answer = await Host.Exchange(Get(NewId(), [meter], start: Day.AddDays(1), end: Day.AddDays(2), readingType: Interval15), "availability-5-7");

        Assert.Equal(ReplyResult.FAILED, answer.Reply!.Result);
        var error = Assert.Single(answer.Reply.Error);
        Assert.Equal("5.7", error.Code);
        Assert.Equal(meter, error.Object!.MRID);
        Assert.Equal("Meter", error.Object.ObjectType);
        Assert.Contains(Interval15, error.Reason!, StringComparison.Ordinal);
        Assert.Contains("2026-11-03T00:00:00.0000000+00:00", error.Reason!, StringComparison.Ordinal);
        Assert.Empty(Document(answer).MeterReadings);
    }

    [Fact]
    public async Task One_meter_with_data_and_one_without_is_PARTIAL_with_one_5_7_and_the_found_data()
    {
        var full = await MeterWithADay(42);
        var empty = "MTR-" + NewId();
        await Host.Exchange(CreateMeter(empty, NewId()), "availability-create-empty");
        await Host.Exchange(Created(empty, DayValues(43), NewId(), start: Day.AddDays(-1)), "availability-push-day-before");

        var answer = await Host.Exchange(Get(NewId(), [full, empty], start: Day, end: Day.AddDays(1), readingType: Interval15), "availability-mixed");

        Assert.Equal(ReplyResult.PARTIAL, answer.Reply!.Result);
        var error = Assert.Single(answer.Reply.Error);
        Assert.Equal("5.7", error.Code);
        Assert.Equal(empty, error.Object!.MRID);
        Assert.Equal(DayValues(42), Intervals(answer, full).Select(r => r.Value));
        Assert.Empty(Intervals(answer, empty));
    }

    [Fact]
    public async Task A_usage_point_without_a_meter_installed_in_the_period_is_5_7_naming_the_usage_point()
    {
        var meter = "MTR-" + NewId();
        var usagePoint = "UP-" + NewId();
        await Host.Exchange(CreateMeter(meter, NewId()), "availability-create-up-meter");
        await Host.Exchange(Created(meter, DayValues(46), NewId(), usagePoint: usagePoint), "availability-push-up");

        var answer = await Host.Exchange(Get(NewId(), usagePoints: [usagePoint], start: Day.AddDays(-2), end: Day.AddDays(-1)), "availability-5-7-usagepoint");

        Assert.Equal(ReplyResult.FAILED, answer.Reply!.Result);
        var error = Assert.Single(answer.Reply.Error);
        Assert.Equal("5.7", error.Code);
        Assert.Equal(usagePoint, error.Object!.MRID);
        Assert.Equal("UsagePoint", error.Object.ObjectType);
    }

    [Fact]
    public async Task A_reading_type_never_stored_for_the_meter_is_5_5_and_one_with_values_still_comes_back()
    {
        var meter = await MeterWithADay(44);
        var query = Get(NewId(), [meter], start: Day, end: Day.AddDays(1), readingType: Interval15)
            .Replace("</m:ReadingType>", $"</m:ReadingType><m:ReadingType><m:mRID>{Register}</m:mRID></m:ReadingType>", StringComparison.Ordinal);

        var answer = await Host.Exchange(query, "availability-5-5");

        Assert.Equal(ReplyResult.PARTIAL, answer.Reply!.Result);
        var error = Assert.Single(answer.Reply.Error);
        Assert.Equal("5.5", error.Code);
        Assert.Equal(meter, error.Object!.MRID);
        Assert.Contains(Register, error.Reason!, StringComparison.Ordinal);
        Assert.Equal(96, Intervals(answer, meter).Count);
    }

    [Fact]
    public async Task An_on_demand_read_of_a_type_the_head_end_cannot_read_is_5_6()
    {
        var meter = "MTR-" + NewId();
        await Host.Exchange(CreateMeter(meter, NewId()), "availability-create-ondemand");
        var both = Get(NewId(), [meter], reason: "inquiry", readingType: Register)
            .Replace("</m:ReadingType>", $"</m:ReadingType><m:ReadingType><m:mRID>{Voltage}</m:mRID></m:ReadingType>", StringComparison.Ordinal);

        var partial = await Host.Exchange(both, "availability-5-6-partial");
        var failed = await Host.Exchange(Get(NewId(), [meter], reason: "inquiry", readingType: Voltage), "availability-5-6-failed");

        Assert.Equal(ReplyResult.PARTIAL, partial.Reply!.Result);
        var error = Assert.Single(partial.Reply.Error);
        Assert.Equal("5.6", error.Code);
        Assert.Equal(meter, error.Object!.MRID);
        Assert.Contains(Voltage, error.Reason!, StringComparison.Ordinal);
        Assert.Equal(Register, Assert.Single(Assert.Single(Document(partial).MeterReadings).Readings).ReadingTypeRef);
        Assert.Equal(ReplyResult.FAILED, failed.Reply!.Result);
        Assert.Equal("5.6", Assert.Single(failed.Reply.Error).Code);
    }

    [Fact]
    public async Task An_asynchronous_get_carries_the_5_7_in_the_page_it_sends()
    {
        await using var receiver = await ReplyReceiver.Start();
        var full = await MeterWithADay(45);
        var empty = "MTR-" + NewId();
        await Host.Exchange(CreateMeter(empty, NewId()), "availability-create-async-empty");
        var header = $"<msg:AsyncReplyFlag>true</msg:AsyncReplyFlag><msg:ReplyAddress>{receiver.Address}</msg:ReplyAddress>";

        var ack = await Host.Exchange(Get(NewId(), [full, empty], start: Day, end: Day.AddDays(1), extraHeader: header), "availability-async-ack");
        var page = CimMessageReader.Read(await receiver.WaitForReply(TimeSpan.FromSeconds(30))).Message!;

        Assert.Equal("0.3", Assert.Single(ack.Reply!.Error).Code);
        Assert.Equal(ReplyResult.PARTIAL, page.Reply!.Result);
        var error = Assert.Single(page.Reply.Error);
        Assert.Equal("5.7", error.Code);
        Assert.Equal(empty, error.Object!.MRID);
        Assert.Equal(DayValues(45), Intervals(page, full).Select(r => r.Value));
    }
}
