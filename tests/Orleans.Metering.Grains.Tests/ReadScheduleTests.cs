using Orleans.Metering.Abstractions;
using Orleans.Metering.Grains.Tests.Support;
using Orleans.Metering.Storage;
using Orleans.Runtime;
using static Orleans.Metering.Grains.Tests.Support.TestData;

namespace Orleans.Metering.Grains.Tests;

/// <summary>
/// MeterReadSchedule on a fake clock: occurrences run when due (only the latest after a gap), their
/// results go to the outbox, meters are read by bucket grains. Every test cancels its schedule, so
/// <see cref="FakeClockClusterFixture.TickSchedules"/> counts only the schedule under test.
/// </summary>
[Collection(FakeClockClusterCollection.Name)]
public sealed class ReadScheduleTests(FakeClockClusterFixture fixture)
{
    private const string Bulk = "0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0";

    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private IReadScheduleGrain Schedule(string id) => fixture.Grains.GetGrain<IReadScheduleGrain>(id);

    private DateTimeOffset Now => fixture.Clock.GetUtcNow();

    private async Task<string[]> RegisteredMeters(int count)
    {
        var ids = Enumerable.Range(0, count).Select(_ => NewId("MTR-")).ToArray();
        foreach (var id in ids)
        {
            await fixture.Device(id).Registered(id);
        }

        return ids;
    }

    private static ReadScheduleDefinition Definition(string scheduleId, IReadOnlyList<string> meters, DateTimeOffset start, DateTimeOffset? end = null) => new()
    {
        ScheduleId = scheduleId,
        DeviceIds = [.. meters],
        ReadingTypes = [Bulk],
        Start = start,
        End = end,
        Recurrence = Hour,
        Subscriber = new ReplyRoute("http://subscriber.test/readings/" + scheduleId, "CORR-" + scheduleId, "soap"),
    };

    private async Task<IReadOnlyList<OutboxItem>> Notices(string scheduleId) => await fixture.OutboxItems(scheduleId + "@");

    private async Task<ReadScheduleDefinition> Created(ReadScheduleDefinition definition)
    {
        var outcome = await Schedule(definition.ScheduleId).Create(definition);
        Assert.True(outcome.Succeeded, outcome.Reason);
        Assert.False(outcome.Duplicate);
        return definition;
    }

    /// <summary>Keys of the bucket grains of <paramref name="scheduleId"/> that are active in the cluster.</summary>
    private async Task<IReadOnlyList<string>> ActiveBuckets(string scheduleId)
    {
        var stats = await fixture.Grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        return [.. stats.Select(s => s.GrainId.Key.ToString()!).Where(k => k.StartsWith(scheduleId + "/", StringComparison.Ordinal)).Distinct().Order()];
    }

    [Fact]
    public async Task A_schedule_runs_when_due_reads_every_meter_through_buckets_and_queues_one_notice()
    {
        var scheduleId = NewId("SCH-");
        var meters = await RegisteredMeters(7);
        var start = Now + Hour;
        var definition = await Created(Definition(scheduleId, meters, start));
        var schedule = Schedule(scheduleId);
        try
        {
            // before the start: nothing
            Assert.Equal(0, await schedule.Tick());
            Assert.Equal(0, await fixture.TickSchedules());
            Assert.Empty(await Notices(scheduleId));

            fixture.Clock.Advance(Hour + TimeSpan.FromMinutes(1));
            var readAt = Now;
            Assert.Equal(1, await fixture.TickSchedules());

            var item = Assert.Single(await Notices(scheduleId));
            Assert.Equal($"{scheduleId}@{start.UtcTicks}/1", item.Id);
            Assert.Equal(ScheduledReadingsNotice.Kind, item.Kind);
            Assert.Equal(definition.Subscriber.Address, item.Address);
            var notice = StoreJson.Deserialize<ScheduledReadingsNotice>(item.Body);
            Assert.Equal(scheduleId, notice.ScheduleId);
            Assert.Equal(start, notice.Occurrence);
            Assert.Equal(definition.Subscriber, notice.Route);
            Assert.Equal(meters.Order(), notice.Reads.Select(r => r.MeterId).Order());
            foreach (var read in notice.Reads)
            {
                Assert.Empty(read.Problems);
                var series = Assert.Single(read.Series);
                Assert.Equal(Bulk, series.ReadingType);
                var expected = new ReadingValue(readAt, ReadingTestHeadEnd.ValueOf(read.MeterId, Bulk, readAt));
                Assert.Equal([expected], series.Values);
                Assert.Equal([expected], await fixture.StoredReadings(read.MeterId, Bulk));
            }

            // 7 meters in buckets of 3: three bucket grains
            Assert.Equal([scheduleId + "/0", scheduleId + "/1", scheduleId + "/2"], await ActiveBuckets(scheduleId));

            var status = await schedule.GetStatus();
            Assert.NotNull(status);
            Assert.Equal(1, status.RunsCompleted);
            Assert.Equal(start, status.LastRun);
            Assert.Equal(start + Hour, status.NextRun);
            Assert.False(status.Cancelled);

            // the same time again: nothing more
            Assert.Equal(0, await fixture.TickSchedules());
            Assert.Equal(0, await schedule.Tick());
            Assert.Single(await Notices(scheduleId));
        }
        finally
        {
            await schedule.Cancel();
        }
    }

    [Fact]
    public async Task After_a_gap_only_the_latest_missed_occurrence_runs()
    {
        var scheduleId = NewId("SCH-");
        var meters = await RegisteredMeters(4);
        var start = Now + Hour;
        await Created(Definition(scheduleId, meters, start));
        var schedule = Schedule(scheduleId);
        try
        {
            fixture.Clock.Advance(Hour + TimeSpan.FromMinutes(1));
            Assert.Equal(1, await fixture.TickSchedules());

            fixture.Clock.Advance(TimeSpan.FromHours(5));
            Assert.Equal(1, await fixture.TickSchedules());
            Assert.Equal(0, await fixture.TickSchedules());

            var status = await schedule.GetStatus();
            Assert.NotNull(status);
            Assert.Equal(2, status.RunsCompleted);
            Assert.Equal(start + TimeSpan.FromHours(5), status.LastRun);
            Assert.Equal(start + TimeSpan.FromHours(6), status.NextRun);
            Assert.True(status.NextRun > Now);
            Assert.Equal(
                [$"{scheduleId}@{start.UtcTicks}/1", $"{scheduleId}@{(start + TimeSpan.FromHours(5)).UtcTicks}/1"],
                (await Notices(scheduleId)).Select(i => i.Id).Order());
            foreach (var meter in meters)
            {
                Assert.Equal(2, (await fixture.StoredReadings(meter, Bulk)).Count);
            }
        }
        finally
        {
            await schedule.Cancel();
        }
    }

    [Fact]
    public async Task Creating_and_cancelling_schedules_does_not_wait_for_a_slow_tick_of_other_schedules()
    {
        // A tick of a schedule whose head-end is slow is still running (the partitions are not idle);
        // creating or cancelling a schedule registers it with a registry partition meanwhile.
        ReadingTestHeadEnd.HeldReads = new(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = NewId(ReadingTestHeadEnd.HeldPrefix);
        await fixture.Device(held).Registered(held);
        var slow = await Created(Definition(NewId("SCH-"), [held], Now));
        var tick = fixture.TickSchedules();
        await Task.Delay(300);

        try
        {
            var other = Definition(NewId("SCH-"), await RegisteredMeters(1), Now + Hour);
            var created = await Schedule(other.ScheduleId).Create(other).WaitAsync(TimeSpan.FromSeconds(5));
            var cancelled = await Schedule(other.ScheduleId).Cancel().WaitAsync(TimeSpan.FromSeconds(5));

            Assert.True(created.Succeeded, created.Reason);
            Assert.True(cancelled.Succeeded, cancelled.Reason);
            Assert.False(tick.IsCompleted);
        }
        finally
        {
            ReadingTestHeadEnd.HeldReads.TrySetResult();
            await tick;
            await Schedule(slow.ScheduleId).Cancel();
        }
    }

    [Fact]
    public async Task A_cancelled_schedule_runs_no_more()
    {
        var scheduleId = NewId("SCH-");
        var meters = await RegisteredMeters(2);
        await Created(Definition(scheduleId, meters, Now + Hour));
        var schedule = Schedule(scheduleId);
        fixture.Clock.Advance(Hour);
        var ran = await fixture.TickSchedules();

        var cancelled = await schedule.Cancel();
        Assert.Equal(1, ran);
        fixture.Clock.Advance(TimeSpan.FromHours(3));

        Assert.True(cancelled.Succeeded, cancelled.Reason);
        Assert.Equal(0, await fixture.TickSchedules());
        Assert.Equal(0, await schedule.Tick());
        var status = await schedule.GetStatus();
        Assert.NotNull(status);
        Assert.True(status.Cancelled);
        Assert.Null(status.NextRun);
        Assert.Equal(1, status.RunsCompleted);
        Assert.Single(await Notices(scheduleId));
        Assert.True((await schedule.Cancel()).Succeeded); // cancelling again is harmless
    }

    [Fact]
    public async Task Creating_the_same_schedule_again_is_a_duplicate_and_other_content_under_its_id_is_refused()
    {
        var scheduleId = NewId("SCH-");
        var meters = await RegisteredMeters(2);
        var definition = await Created(Definition(scheduleId, meters, Now + Hour));
        var schedule = Schedule(scheduleId);
        try
        {
            // equal content in new list instances
            var again = await schedule.Create(definition with { DeviceIds = [.. meters], ReadingTypes = [Bulk] });
            var other = await schedule.Create(definition with { Recurrence = TimeSpan.FromMinutes(15) });
            var otherMeters = await schedule.Create(definition with { DeviceIds = [meters[0]] });

            Assert.True(again.Succeeded, again.Reason);
            Assert.True(again.Duplicate);
            Assert.False(other.Succeeded);
            Assert.Equal("6.1", other.Code);
            Assert.False(otherMeters.Succeeded);
            Assert.Equal("6.1", otherMeters.Code);
            var status = await schedule.GetStatus();
            Assert.NotNull(status);
            Assert.Equal(Hour, status.Definition.Recurrence);
            Assert.Equal(meters, status.Definition.DeviceIds);
        }
        finally
        {
            await schedule.Cancel();
        }
    }

    [Fact]
    public async Task A_schedule_whose_end_has_passed_does_not_run()
    {
        var scheduleId = NewId("SCH-");
        var meters = await RegisteredMeters(2);
        var schedule = Schedule(scheduleId);
        await Created(Definition(scheduleId, meters, Now - TimeSpan.FromHours(3), end: Now - TimeSpan.FromMinutes(150)));
        try
        {
            Assert.Equal(0, await fixture.TickSchedules());
            Assert.Equal(0, await schedule.Tick());

            var status = await schedule.GetStatus();
            Assert.NotNull(status);
            Assert.Null(status.NextRun);
            Assert.Equal(0, status.RunsCompleted);
            Assert.Empty(await Notices(scheduleId));
            foreach (var meter in meters)
            {
                Assert.Equal(0, await fixture.StoredCount(meter));
            }
        }
        finally
        {
            await schedule.Cancel();
        }
    }

    [Fact]
    public async Task A_schedule_without_a_positive_recurrence_is_refused_and_cannot_break_the_others()
    {
        var scheduleId = NewId("SCH-");
        var meters = await RegisteredMeters(1);
        var schedule = Schedule(scheduleId);
        try
        {
            var outcome = await schedule.Create(Definition(scheduleId, meters, Now - Hour) with { Recurrence = TimeSpan.Zero });
            var ran = await fixture.TickSchedules();

            Assert.False(outcome.Succeeded);
            Assert.Equal(0, ran);
        }
        finally
        {
            await schedule.Cancel();
        }
    }

    [Fact]
    public async Task Meters_that_cannot_be_read_are_reported_in_the_notice_and_the_others_are_read()
    {
        var scheduleId = NewId("SCH-");
        var good = await RegisteredMeters(2);
        var unknown = NewId("MTR-");
        var unreadable = NewId(TestHeadEnd.ThrowPrefix);
        await fixture.Device(unreadable).Registered(unreadable);
        var start = Now + Hour;
        await Created(Definition(scheduleId, [good[0], unknown, unreadable, good[1]], start));
        var schedule = Schedule(scheduleId);
        try
        {
            fixture.Clock.Advance(Hour);
            Assert.Equal(1, await fixture.TickSchedules());

            var notice = StoreJson.Deserialize<ScheduledReadingsNotice>(Assert.Single(await Notices(scheduleId)).Body);
            Assert.Equal([good[0], unknown, unreadable, good[1]], notice.Reads.Select(r => r.MeterId));
            Assert.Equal("2.4", Assert.Single(notice.Reads[1].Problems).Code);
            Assert.Empty(notice.Reads[1].Series);
            Assert.Equal("5.3", Assert.Single(notice.Reads[2].Problems).Code);
            Assert.Empty(notice.Reads[2].Series);
            foreach (var meter in good)
            {
                Assert.Single(await fixture.StoredReadings(meter, Bulk));
            }
        }
        finally
        {
            await schedule.Cancel();
        }
    }
}
