using Orleans.Metering.Abstractions;
using Orleans.Metering.Grains.Schedules;
using Orleans.Metering.Grains.Tests.Support;
using Orleans.Runtime;
using static Orleans.Metering.Grains.Tests.Support.TestData;

namespace Orleans.Metering.Grains.Tests;

/// <summary>
/// The schedule registry in <see cref="FakeClockSiloConfigurator.RegistryPartitions"/> partitions on a fake
/// clock: every schedule once per occurrence however often the partitions are ticked, a slow schedule
/// holding back no other, and the single registry of earlier versions (key 0) moved into the partitions.
/// </summary>
[Collection(FakeClockClusterCollection.Name)]
public sealed class ReadSchedulePartitionTests(FakeClockClusterFixture fixture)
{
    private const int Partitions = FakeClockSiloConfigurator.RegistryPartitions;

    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private IReadScheduleGrain Schedule(string id) => fixture.Grains.GetGrain<IReadScheduleGrain>(id);

    private DateTimeOffset Now => fixture.Clock.GetUtcNow();

    private static int Home(string scheduleId) => ReadSchedulePartitions.Of(scheduleId, Partitions);

    private async Task<string> CreatedSchedule(DateTimeOffset start, string? scheduleId = null, string meterPrefix = "MTR-")
    {
        var meter = NewId(meterPrefix);
        await fixture.Device(meter).Registered(meter);
        var id = scheduleId ?? NewId("SCH-");
        var outcome = await Schedule(id).Create(new ReadScheduleDefinition
        {
            ScheduleId = id,
            DeviceIds = [meter],
            ReadingTypes = ["0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0"],
            Start = start,
            Recurrence = Hour,
            Subscriber = new ReplyRoute("http://subscriber.test/" + id, "CORR-" + id, "soap"),
        });
        Assert.True(outcome.Succeeded, outcome.Reason);
        return id;
    }

    private async Task<int> RunsOf(string scheduleId) => (await Schedule(scheduleId).GetStatus())?.RunsCompleted ?? -1;

    private async Task<IReadOnlyList<string>> ListOf(int partition) => await fixture.Partition(partition).List();

    private async Task CancelAll(IEnumerable<string> scheduleIds)
    {
        foreach (var id in scheduleIds)
        {
            await Schedule(id).Cancel();
        }
    }

    [Fact]
    public async Task Schedules_are_spread_over_the_partitions_and_each_runs_once_per_occurrence_however_often_it_is_ticked()
    {
        var start = Now + Hour;
        var ids = new List<string>();
        for (var i = 0; i < 24; i++)
        {
            ids.Add(await CreatedSchedule(start));
        }

        try
        {
            await fixture.TickSchedules(); // not due yet; also takes what earlier tests left in the counters
            for (var partition = 0; partition < Partitions; partition++)
            {
                var listed = await ListOf(partition);
                Assert.Equal(ids.Where(id => Home(id) == partition).Order(StringComparer.Ordinal), listed.Where(ids.Contains));
            }

            Assert.True(ids.Select(Home).Distinct().Count() > 1);
            for (var occurrence = 0; occurrence < 3; occurrence++)
            {
                fixture.Clock.Advance(Hour);

                // Three silos' clocks ticking every partition at once, twice.
                for (var round = 0; round < 2; round++)
                {
                    await Task.WhenAll(Enumerable.Range(0, Partitions * 3).Select(p => fixture.Partition(p % Partitions).TickAll()));
                }

                Assert.Equal(ids.Count, await fixture.TickSchedules());
                Assert.Equal(0, await fixture.TickSchedules());
            }

            foreach (var id in ids)
            {
                Assert.Equal(3, await RunsOf(id));
                Assert.Equal(
                    Enumerable.Range(0, 3).Select(k => $"{id}@{(start + (k * Hour)).UtcTicks}/1"),
                    (await fixture.OutboxItems(id + "@")).Select(i => i.Id).Order(StringComparer.Ordinal));
            }
        }
        finally
        {
            await CancelAll(ids);
        }
    }

    [Fact]
    public async Task A_slow_schedule_holds_back_neither_the_tick_nor_the_other_schedules_of_its_partition()
    {
        ReadingTestHeadEnd.HeldReads = new(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = await CreatedSchedule(Now, meterPrefix: ReadingTestHeadEnd.HeldPrefix);
        string fast;
        do
        {
            fast = NewId("SCH-");
        }
        while (Home(fast) != Home(slow));

        await CreatedSchedule(Now, fast);
        var partition = fixture.Partition(Home(slow));
        try
        {
            Assert.True(await partition.TickAll().WaitAsync(TimeSpan.FromSeconds(10)) >= 2);
            await Eventually(async () => await RunsOf(fast) == 1);

            // The next occurrence of the fast one runs while the slow one is still reading.
            fixture.Clock.Advance(Hour);
            await partition.TickAll().WaitAsync(TimeSpan.FromSeconds(10));
            await Eventually(async () => await RunsOf(fast) == 2);
        }
        finally
        {
            ReadingTestHeadEnd.HeldReads.TrySetResult();
        }

        // Had the second tick asked the slow one again, that call would have run the next occurrence after the first.
        await partition.Idle();
        Assert.Equal(1, await RunsOf(slow));
        Assert.Single(await fixture.OutboxItems(slow + "@"));
        await CancelAll([slow, fast]);
    }

    [Fact]
    public async Task Schedules_of_the_single_registry_of_earlier_versions_move_to_their_partitions_on_the_first_tick()
    {
        var start = Now + Hour;
        var ids = new List<string>();
        while (ids.Count < 6 || ids.All(id => Home(id) == 0))
        {
            ids.Add(await CreatedSchedule(start));
        }

        // As an earlier version left them: every schedule in the registry with key 0 only.
        foreach (var id in ids.Where(id => Home(id) != 0))
        {
            await fixture.Partition(Home(id)).Remove(id);
        }

        await fixture.Partition(0).AddRange(ids);
        var cancelledEarly = ids.First(id => Home(id) != 0);
        await Schedule(cancelledEarly).Cancel();

        // A restart: the registry's state is read again.
        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        try
        {
            fixture.Clock.Advance(Hour);
            Assert.Equal(ids.Count - 1, await fixture.TickSchedules());

            var zero = await ListOf(0);
            foreach (var id in ids)
            {
                Assert.Equal(id != cancelledEarly && Home(id) == 0, zero.Contains(id));
                Assert.Equal(id != cancelledEarly, (await ListOf(Home(id))).Contains(id));
                Assert.Equal(id == cancelledEarly ? 0 : 1, await RunsOf(id));
            }

            fixture.Clock.Advance(Hour);
            Assert.Equal(ids.Count - 1, await fixture.TickSchedules());
            foreach (var id in ids.Where(id => id != cancelledEarly))
            {
                Assert.Equal(2, await RunsOf(id));
            }
        }
        finally
        {
            await CancelAll(ids);
        }
    }

    [Fact]
    public async Task The_clock_of_a_silo_ticks_every_partition()
    {
        var id = await CreatedSchedule(Now);
        var clock = new ScheduleClock(fixture.Grains, fixture.Clock, fixture.SiloServices<Microsoft.Extensions.Options.IOptions<ReadScheduleOptions>>().Single(),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<ScheduleClock>.Instance);
        try
        {
            await clock.TickPartitions();
            Assert.Equal(1, await fixture.Partition(Home(id)).Idle());
            Assert.Equal(1, await RunsOf(id));
        }
        finally
        {
            await Schedule(id).Cancel();
        }
    }

    /// <summary>Waits (at most 10 s) for work that runs on its own in the silo; not for time to pass on the fake clock.</summary>
    private static async Task Eventually(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not become true");
            await Task.Delay(10);
        }
    }
}
