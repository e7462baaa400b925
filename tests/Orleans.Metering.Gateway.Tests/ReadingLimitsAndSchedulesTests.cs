using Orleans.Metering.Cim.Messages;
using static Orleans.Metering.Gateway.Tests.Messages;
using static Orleans.Metering.Gateway.Tests.ReadingMessages;

namespace Orleans.Metering.Gateway.Tests;

/// <summary>A platform with a small reply limit and a fast schedule clock, for query limits, async pages and scheduled reads.</summary>
public sealed class SmallLimitsFixture : IAsyncLifetime
{
    public PlatformHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await PlatformHost.Start(settings: new Dictionary<string, string>
    {
        ["Metering:Gateway:MaxReadingsPerReply"] = "40",
        ["Metering:Schedules:TickInterval"] = "00:00:00.200",
    });

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

public sealed class ReadingLimitsAndSchedulesTests(SmallLimitsFixture fixture) : IClassFixture<SmallLimitsFixture>
{
    private PlatformHost Host => fixture.Host;

    private async Task<string> MeterWithADay(int seed)
    {
        var meter = "MTR-" + NewId();
        await Host.Exchange(CreateMeter(meter, NewId()), "limits-create-meter");
        await Host.Exchange(Created(meter, DayValues(seed), NewId()), "limits-push-day");
        return meter;
    }

    [Fact]
    public async Task A_synchronous_answer_over_the_limit_is_PARTIAL_with_0_2()
    {
        var meter = await MeterWithADay(11);
        var answer = await Host.Exchange(Get(NewId(), [meter], start: Day, end: Day.AddDays(1)), "limits-sync-partial");
        Assert.Equal(ReplyResult.PARTIAL, answer.Reply!.Result);
        Assert.Contains(answer.Reply.Error, e => e.Code == "0.2");
        Assert.Equal(40, Intervals(answer, meter).Count);
    }

    [Fact]
    public async Task Prior_versions_over_the_limit_make_the_answer_PARTIAL_with_0_2()
    {
        // Five corrections of the day: 50 superseded values for the first 10 intervals, the limit is 40.
        var meter = await MeterWithADay(21);
        for (var seed = 22; seed < 27; seed++)
        {
            await Host.Exchange(Created(meter, DayValues(seed), NewId()), "limits-push-correction");
        }

        var answer = await Host.Exchange(Get(NewId(), [meter], start: Day, end: Day.AddMinutes(15 * 10), options: Option("IncludePriorVersions", "true")), "limits-prior-partial");

        Assert.Equal(ReplyResult.PARTIAL, answer.Reply!.Result);
        Assert.Contains(answer.Reply.Error, e => e.Code == "0.2" && e.Reason!.Contains("prior versions", StringComparison.Ordinal));
        var superseded = Document(answer).MeterReadings.SelectMany(r => r.IntervalBlocks).SelectMany(b => b.Readings).Count(r => r.Source == "superseded");
        Assert.Equal(40, superseded);
    }

    [Fact]
    public async Task Estimated_gap_values_count_against_the_limit()
    {
        // Two measured values a day apart: estimation would add 95 values, the limit is 40.
        var meter = "MTR-" + NewId();
        await Host.Exchange(CreateMeter(meter, NewId()), "limits-create-sparse");
        var values = DayValues(13);
        await Host.Exchange(Created(meter, values[..1], NewId()), "limits-push-first");
        await Host.Exchange(Created(meter, values[95..], NewId(), start: Day.AddMinutes(15 * 95)), "limits-push-last");

        var answer = await Host.Exchange(Get(NewId(), [meter], start: Day, end: Day.AddDays(1), options: Option("EstimateGaps", "true")), "limits-estimated-partial");

        Assert.Equal(ReplyResult.PARTIAL, answer.Reply!.Result);
        Assert.Contains(answer.Reply.Error, e => e.Code == "0.2");
        var back = Intervals(answer, meter);
        Assert.Equal(40, back.Count);
        Assert.Equal(Enumerable.Range(1, 40).Select(i => Day.AddMinutes(15 * i)), back.Select(r => r.TimeStamp));
    }

    [Fact]
    public async Task An_asynchronous_get_for_unknown_meters_only_fails_at_once_and_sends_nothing()
    {
        await using var receiver = await ReplyReceiver.Start();
        var header = $"<msg:AsyncReplyFlag>true</msg:AsyncReplyFlag><msg:ReplyAddress>{receiver.Address}</msg:ReplyAddress>";

        var answer = await Host.Exchange(Get(NewId(), ["MTR-UNKNOWN-" + NewId()], start: Day, end: Day.AddDays(1), extraHeader: header), "limits-async-unknown");

        Assert.Equal(ReplyResult.FAILED, answer.Reply!.Result);
        Assert.Equal("2.4", Assert.Single(answer.Reply.Error).Code);
        await Task.Delay(600);
        Assert.Equal(0, receiver.Attempts);
    }

    [Fact]
    public async Task An_asynchronous_answer_delivers_everything_in_numbered_messages()
    {
        await using var receiver = await ReplyReceiver.Start();
        var meter = await MeterWithADay(12);
        var messageId = NewId();
        var header = $"<msg:AsyncReplyFlag>true</msg:AsyncReplyFlag><msg:ReplyAddress>{receiver.Address}</msg:ReplyAddress>";
        var ack = await Host.Exchange(Get(messageId, [meter], start: Day, end: Day.AddDays(1), extraHeader: header), "limits-async-ack");
        Assert.Equal("0.3", Assert.Single(ack.Reply!.Error).Code);

        var parts = (await ReceivedMessages(receiver, 3, "Gateway_limits-async-part")).OrderBy(m => m.Header!.GetProperty("MessageIndex"), StringComparer.Ordinal).ToList();
        Assert.Equal(["1/3", "2/3", "3/3"], parts.Select(p => p.Header!.GetProperty("MessageIndex")));
        Assert.All(parts, p => Assert.Equal(messageId, p.Header!.CorrelationID));
        Assert.Equal([ReplyResult.PARTIAL, ReplyResult.PARTIAL, ReplyResult.OK], parts.Select(p => p.Reply!.Result));
        Assert.Equal(DayValues(12), parts.SelectMany(p => Intervals(p, meter)).OrderBy(r => r.TimeStamp).Select(r => r.Value));
    }

    [Fact]
    public async Task More_than_nine_pages_arrive_in_page_order()
    {
        // 5 meters x 96 values in pages of 40 (each meter's day as 40 + 40 + 16): 15 pages, delivered in the
        // order of their numbers (not 1, 10, 11, ..., 15, 2 ...).
        await using var receiver = await ReplyReceiver.Start();
        var meters = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            meters.Add(await MeterWithADay(30 + i));
        }

        var header = $"<msg:AsyncReplyFlag>true</msg:AsyncReplyFlag><msg:ReplyAddress>{receiver.Address}</msg:ReplyAddress>";
        var ack = await Host.Exchange(Get(NewId(), meters, start: Day, end: Day.AddDays(1), extraHeader: header), "limits-async-15-ack");
        Assert.Equal("0.3", Assert.Single(ack.Reply!.Error).Code);

        var parts = await ReceivedMessages(receiver, 15, "Gateway_limits-async-15-part");
        Assert.Equal(Enumerable.Range(1, 15).Select(i => $"{i}/15"), parts.Select(p => p.Header!.GetProperty("MessageIndex")));
    }

    [Fact]
    public async Task A_schedule_reads_its_meters_on_time_and_sends_created_MeterReadings_until_cancelled()
    {
        await using var receiver = await ReplyReceiver.Start();
        var meters = new[] { "MTR-" + NewId(), "MTR-" + NewId() };
        foreach (var meter in meters)
        {
            await Host.Exchange(CreateMeter(meter, NewId()), "schedule-create-meter");
        }

        var scheduleId = NewId();
        var create = CreateSchedule(scheduleId, meters, receiver.Address);
        var created = await Host.Exchange(create, "schedule-create");
        Assert.Equal(ReplyResult.OK, created.Reply!.Result);
        Assert.Equal(scheduleId, Assert.Single(created.Reply.ID).Value);

        var first = await receiver.WaitForReply(TimeSpan.FromSeconds(20));
        Orleans.Metering.Cim.Tests.Support.CimOutput.Save("Gateway_schedule-result", first);
        var result = CimMessageReader.Read(first).Message!;
        Assert.Equal(MessageKind.Event, result.Kind);
        Assert.Equal("created", result.Header!.Verb);
        Assert.Equal("MeterReadings", result.Header.Noun);
        Assert.Equal(scheduleId, result.Header.CorrelationID);
        Assert.Equal(meters.Order(StringComparer.Ordinal), Document(result).MeterReadings.Select(r => r.Meter!.MRID!).Order(StringComparer.Ordinal));

        var cancel = ScheduleRequest("cancel", scheduleId, "MDM");
        Assert.Equal(ReplyResult.OK, (await Host.Exchange(cancel, "schedule-cancel")).Reply!.Result);
        await Task.Delay(1500);
        var count = receiver.Received.Count;
        await Task.Delay(2500);
        Assert.Equal(count, receiver.Received.Count);

        var get = ScheduleRequest("get", scheduleId, "MDM");
        var status = await Host.Exchange(get, "schedule-get");
        Assert.Equal(ReplyResult.OK, status.Reply!.Result);
        Assert.Contains("cancelled", status.Reply.Error[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_occurrence_with_more_values_than_a_page_is_sent_as_numbered_pages_within_the_limit()
    {
        // 85 meters with one register value each, pages of 40: 40, 40 and 5, in that order.
        await using var receiver = await ReplyReceiver.Start();
        var meters = Enumerable.Range(0, 85).Select(i => $"MTR-{i:D2}-{NewId()}").ToList();
        foreach (var meter in meters)
        {
            await Host.Exchange(CreateMeter(meter, NewId()), "schedule-pages-create-meter");
        }

        var scheduleId = NewId();
        Assert.Equal(ReplyResult.OK, (await Host.Exchange(CreateSchedule(scheduleId, meters, receiver.Address, recurrence: 3600), "schedule-pages-create")).Reply!.Result);
        try
        {
            var pages = await ReceivedMessages(receiver, 3, "Gateway_schedule-page");
            Assert.Equal(["1/3", "2/3", "3/3"], pages.Select(p => p.Header!.GetProperty("MessageIndex")));
            Assert.All(pages, p => Assert.Equal((MessageKind.Event, "created", "MeterReadings", scheduleId), (p.Kind, p.Header!.Verb, p.Header.Noun, p.Header.CorrelationID)));
            Assert.Equal(3, pages.Select(p => p.Header!.MessageID).Distinct().Count());
            var values = pages.Select(p => Document(p).MeterReadings.SelectMany(r => r.Readings.Select(_ => r.Meter!.MRID!)).ToList()).ToList();
            Assert.Equal([40, 40, 5], values.Select(v => v.Count));
            Assert.Equal(meters, values.SelectMany(v => v));
        }
        finally
        {
            await Host.Exchange(ScheduleRequest("cancel", scheduleId, "MDM"), "schedule-pages-cancel");
        }
    }

    [Fact]
    public async Task Two_sources_with_the_same_MessageID_get_two_schedules_and_a_retried_create_is_a_duplicate()
    {
        await using var receiver = await ReplyReceiver.Start();
        var meter = "MTR-" + NewId();
        await Host.Exchange(CreateMeter(meter, NewId()), "schedule-create-meter");
        var scheduleId = NewId();

        var mdm = await Host.Exchange(CreateSchedule(scheduleId, [meter], receiver.Address, recurrence: 3600), "schedule-create-mdm");
        await Task.Delay(50); // the retry is later: a start taken from "now" would differ
        var retried = await Host.Exchange(CreateSchedule(scheduleId, [meter], receiver.Address, recurrence: 3600), "schedule-create-retry");
        var billing = await Host.Exchange(CreateSchedule(scheduleId, [meter], receiver.Address, recurrence: 7200, source: "BILLING"), "schedule-create-billing");

        Assert.Equal(ReplyResult.OK, mdm.Reply!.Result);
        Assert.Equal(ReplyResult.OK, retried.Reply!.Result);
        Assert.Equal(ReplyResult.OK, billing.Reply!.Result);
        Assert.Equal(scheduleId, Assert.Single(billing.Reply.ID).Value);
        Assert.Equal("3600", Recurrence(await Host.Exchange(ScheduleRequest("get", scheduleId, "MDM"), "schedule-get-mdm")));
        Assert.Equal("7200", Recurrence(await Host.Exchange(ScheduleRequest("get", scheduleId, "BILLING"), "schedule-get-billing")));
        Assert.Equal(ReplyResult.FAILED, (await Host.Exchange(ScheduleRequest("get", scheduleId, "OMS"), "schedule-get-other")).Reply!.Result);
    }

    [Fact]
    public async Task A_schedule_without_start_starts_at_the_request_Timestamp()
    {
        await using var receiver = await ReplyReceiver.Start();
        var meter = "MTR-" + NewId();
        await Host.Exchange(CreateMeter(meter, NewId()), "schedule-create-meter");
        var scheduleId = NewId();
        var created = await Host.Exchange(CreateSchedule(scheduleId, [meter], receiver.Address, recurrence: 3600, timestamp: "2026-11-02T06:00:00Z"), "schedule-create-timestamp");
        Assert.Equal(ReplyResult.OK, created.Reply!.Result);

        var status = await Host.Exchange(ScheduleRequest("get", scheduleId, "MDM"), "schedule-get-timestamp");

        var start = status.Payload!.Documents.Single().Descendants().First(e => e.Name.LocalName == "start").Value;
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 6, 0, 0, TimeSpan.Zero), DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture));
        await Host.Exchange(ScheduleRequest("cancel", scheduleId, "MDM"), "schedule-cancel-timestamp");
    }

    /// <summary>What the receiver got once it has <paramref name="count"/> messages (or after 30 s), in the order received, each kept for the schema check.</summary>
    private static async Task<List<CimMessage>> ReceivedMessages(ReplyReceiver receiver, int count, string name)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (receiver.Received.Count < count && DateTime.UtcNow < until)
        {
            await Task.Delay(50);
        }

        return [.. receiver.Received.Select(body =>
        {
            Orleans.Metering.Cim.Tests.Support.CimOutput.Save(name, body);
            return CimMessageReader.Read(body).Message!;
        })];
    }

    private static string? Recurrence(CimMessage answer) =>
        answer.Payload!.Documents.Single().Descendants().First(e => e.Name.LocalName == "recurrencePeriod").Value;

    private static string ScheduleRequest(string verb, string scheduleId, string source) => $"""
        <msg:RequestMessage xmlns:msg="http://iec.ch/TC57/2011/schema/message">
          <msg:Header><msg:Verb>{verb}</msg:Verb><msg:Noun>MeterReadSchedule</msg:Noun><msg:Source>{source}</msg:Source><msg:MessageID>{NewId()}</msg:MessageID></msg:Header>
          <msg:Request><msg:ID>{scheduleId}</msg:ID></msg:Request>
        </msg:RequestMessage>
        """;

    private static string CreateSchedule(string scheduleId, IEnumerable<string> meters, Uri replyAddress, int recurrence = 1, string source = "MDM", string timestamp = "") => $"""
        <msg:RequestMessage xmlns:msg="http://iec.ch/TC57/2011/schema/message">
          <msg:Header><msg:Verb>create</msg:Verb><msg:Noun>MeterReadSchedule</msg:Noun>{(timestamp.Length > 0 ? $"<msg:Timestamp>{timestamp}</msg:Timestamp>" : "")}<msg:Source>{source}</msg:Source>
            <msg:ReplyAddress>{replyAddress}</msg:ReplyAddress><msg:MessageID>{scheduleId}</msg:MessageID></msg:Header>
          <msg:Payload>
            <m:MeterReadSchedule xmlns:m="http://iec.ch/TC57/2011/MeterReadSchedule#">
              {string.Concat(meters.Select(m => $"<m:EndDevice><m:mRID>{m}</m:mRID></m:EndDevice>"))}
              <m:ReadingType><m:mRID>{Register}</m:mRID></m:ReadingType>
              <m:TimeSchedule><m:recurrencePeriod>{recurrence}</m:recurrencePeriod></m:TimeSchedule>
            </m:MeterReadSchedule>
          </msg:Payload>
        </msg:RequestMessage>
        """;
}
