using Orleans.Metering.Abstractions;
using Orleans.Metering.Grains.Schedules;
using Orleans.Metering.Grains.Tests.Support;
using Orleans.Metering.Storage;
using static Orleans.Metering.Grains.Tests.Support.TestData;

namespace Orleans.Metering.Grains.Tests;

/// <summary>An occurrence's results cut into outbox rows of at most a page of values, numbered and in order.</summary>
[Collection(FakeClockClusterCollection.Name)]
public sealed class ScheduledReadPagesTests(FakeClockClusterFixture fixture)
{
    private const string Bulk = "0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0";

    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);

    private static ScheduledMeterRead Read(string meter, int values, params IngestProblem[] problems) =>
        new(meter, values < 0 ? [] : [new ReadingSeries(Bulk, ReadingKind.Register, [.. Enumerable.Range(0, values).Select(i => new ReadingValue(T0.AddMinutes(i), i))])], problems);

    private static IEnumerable<(string Meter, ReadingValue Value)> Values(IEnumerable<ScheduledMeterRead> reads) =>
        reads.SelectMany(r => r.Series.SelectMany(s => s.Values.Select(v => (r.MeterId, v))));

    [Fact]
    public void Pages_hold_at_most_the_limit_split_long_series_and_keep_every_value_once_in_order()
    {
        var failed = new IngestProblem("2.4", "unknown");
        IReadOnlyList<ScheduledMeterRead> reads = [Read("A", 4), Read("B", 25), Read("C", -1, failed), Read("D", 3)];

        var pages = ScheduledReadPages.Cut(reads, 10);

        Assert.Equal([10, 10, 10, 2], pages.Select(p => Values(p).Count()));
        Assert.Equal(Values(reads), pages.SelectMany(Values));
        Assert.Equal(["A", "B"], pages[0].Select(r => r.MeterId));
        Assert.Equal(["B", "C", "D"], pages[2].Select(r => r.MeterId));
        Assert.Equal([failed], pages.SelectMany(p => p).Single(r => r.MeterId == "C").Problems);
        Assert.Single(ScheduledReadPages.Cut([], 10)); // nothing read: still one message
    }

    [Fact]
    public async Task Pages_are_queued_numbered_and_delivered_in_their_order()
    {
        var outbox = new InMemoryReplyOutbox();
        var schedule = new ReadScheduleDefinition
        {
            ScheduleId = "SCH-pages",
            DeviceIds = ["A"],
            ReadingTypes = [Bulk],
            Start = T0,
            Recurrence = TimeSpan.FromHours(1),
            Subscriber = new ReplyRoute("http://subscriber.test/pages", "CORR", "soap"),
        };

        await ScheduledReadPages.Enqueue(outbox, schedule, T0, [Read("A", 115), Read("B", -1, new IngestProblem("5.3", "failed"))], 10, T0);

        var due = await outbox.Due(DateTimeOffset.MaxValue, 100);
        Assert.Equal(Enumerable.Range(1, 12).Select(i => $"SCH-pages@{T0.UtcTicks}/{i:D2}"), due.Select(i => i.Id));
        var notices = due.Select(i => StoreJson.Deserialize<ScheduledReadingsNotice>(i.Body)).ToList();
        Assert.Equal(Enumerable.Range(1, 12), notices.Select(n => n.Page));
        Assert.All(notices, n => Assert.Equal((12, 2, 1), (n.Pages, n.Meters!.Value, n.MetersRead!.Value)));
        Assert.Equal(Enumerable.Range(0, 115).Select(i => (double)i), notices.SelectMany(n => Values(n.Reads)).Select(v => v.Value.Value));
    }

    [Fact]
    public async Task An_occurrence_with_more_values_than_a_page_is_queued_as_several_pages()
    {
        var meters = new List<string>();
        for (var i = 0; i < 25; i++)
        {
            meters.Add(NewId("MTR-"));
            await fixture.Device(meters[^1]).Registered(meters[^1]);
        }

        var scheduleId = NewId("SCH-");
        var start = fixture.Clock.GetUtcNow() + TimeSpan.FromHours(1);
        var schedule = fixture.Grains.GetGrain<IReadScheduleGrain>(scheduleId);
        var created = await schedule.Create(new ReadScheduleDefinition
        {
            ScheduleId = scheduleId,
            DeviceIds = meters,
            ReadingTypes = [Bulk],
            Start = start,
            Recurrence = TimeSpan.FromHours(1),
            Subscriber = new ReplyRoute("http://subscriber.test/" + scheduleId, "CORR-" + scheduleId, "soap"),
        });
        Assert.True(created.Succeeded, created.Reason);
        try
        {
            fixture.Clock.Advance(TimeSpan.FromHours(1));
            Assert.Equal(1, await fixture.TickSchedules());

            var items = (await fixture.OutboxItems(scheduleId + "@")).OrderBy(i => i.Id, StringComparer.Ordinal).ToList();
            Assert.Equal(["1", "2", "3"], items.Select(i => i.Id[(i.Id.LastIndexOf('/') + 1)..]));
            var notices = items.Select(i => StoreJson.Deserialize<ScheduledReadingsNotice>(i.Body)).ToList();
            Assert.Equal([(1, 3), (2, 3), (3, 3)], notices.Select(n => (n.Page, n.Pages)));
            Assert.Equal([10, 10, 5], notices.Select(n => Values(n.Reads).Count()));
            Assert.Equal(meters, notices.SelectMany(n => n.Reads).Select(r => r.MeterId));
        }
        finally
        {
            await schedule.Cancel();
        }
    }
}
