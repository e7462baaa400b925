using Orleans.Metering.Abstractions;
using Orleans.Metering.Grains.Tests.Support;
using static Orleans.Metering.Grains.Tests.Support.TestData;

namespace Orleans.Metering.Grains.Tests;

/// <summary>ReadNow: the head-end's register values are stored by the meter and returned.</summary>
[Collection(FakeClockClusterCollection.Name)]
public sealed class OnDemandReadTests(FakeClockClusterFixture fixture)
{
    private const string Bulk = "0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0";
    private const string BulkReverse = "0.0.0.1.19.1.12.0.0.0.0.0.0.0.0.3.72.0";

    private int ReadCount(string deviceId) => fixture.SiloServices<ReadingTestHeadEnd>().Sum(h => h.ReadCount(deviceId));

    [Fact]
    public async Task Reading_a_registered_meter_returns_the_head_ends_values_and_stores_them()
    {
        var id = NewId("MTR-");
        var meter = await fixture.Device(id).Registered(id);
        var now = fixture.Clock.GetUtcNow();

        var read = await meter.ReadNow([Bulk], Message());

        var expected = new ReadingValue(now, ReadingTestHeadEnd.ValueOf(id, Bulk, now));
        var series = Assert.Single(read.Series);
        Assert.Equal(Bulk, series.ReadingType);
        Assert.Equal(ReadingKind.Register, series.Kind);
        Assert.Equal([expected], series.Values);
        Assert.Equal(1, read.Result.Stored);
        Assert.Equal(0, read.Result.Flagged);
        Assert.Empty(read.Result.Problems);
        Assert.Equal([expected], await fixture.StoredReadings(id, Bulk));
        Assert.Equal(1, ReadCount(id));
    }

    [Fact]
    public async Task A_reading_type_the_head_end_leaves_out_is_a_5_6_problem_and_the_others_are_stored()
    {
        var id = NewId("MTR-");
        var meter = await fixture.Device(id).Registered(id);

        var read = await meter.ReadNow([Bulk, ReadingTestHeadEnd.Unreadable], Message());

        Assert.Equal(Bulk, Assert.Single(read.Series).ReadingType);
        Assert.Equal(1, read.Result.Stored);
        var problem = Assert.Single(read.Result.Problems);
        Assert.Equal("5.6", problem.Code);
        Assert.Equal(ReadingTestHeadEnd.Unreadable, problem.ReadingType);
    }

    [Fact]
    public async Task Several_reading_types_are_read_and_stored_as_one_series_each()
    {
        var id = NewId("MTR-");
        var meter = await fixture.Device(id).Registered(id);
        var now = fixture.Clock.GetUtcNow();

        var read = await meter.ReadNow([Bulk, BulkReverse], Message());

        Assert.Equal(2, read.Result.Stored);
        Assert.Equal([Bulk, BulkReverse], read.Series.Select(s => s.ReadingType));
        Assert.Equal([new ReadingValue(now, ReadingTestHeadEnd.ValueOf(id, Bulk, now))], await fixture.StoredReadings(id, Bulk));
        Assert.Equal([new ReadingValue(now, ReadingTestHeadEnd.ValueOf(id, BulkReverse, now))], await fixture.StoredReadings(id, BulkReverse));
    }

    [Fact]
    public async Task A_later_read_adds_a_value()
    {
        var id = NewId("MTR-");
        var meter = await fixture.Device(id).Registered(id);
        await meter.ReadNow([Bulk], Message());
        fixture.Clock.Advance(TimeSpan.FromMinutes(10));

        var later = await meter.ReadNow([Bulk], Message());

        Assert.Equal(1, later.Result.Stored);
        var stored = await fixture.StoredReadings(id, Bulk);
        Assert.Equal(2, stored.Count);
        Assert.True(stored[1].Value > stored[0].Value);
    }

    [Fact]
    public async Task Asking_again_with_the_same_message_reads_the_device_again()
    {
        // A read is not a command to remember: a client asking twice wants the meter read twice.
        var id = NewId("MTR-");
        var meter = await fixture.Device(id).Registered(id);
        var message = Message();
        await meter.ReadNow([Bulk], message);
        fixture.Clock.Advance(TimeSpan.FromMinutes(5));

        var again = await meter.ReadNow([Bulk], message);

        Assert.False(again.Result.Duplicate);
        Assert.Equal(1, again.Result.Stored);
        Assert.Equal(2, ReadCount(id));
        Assert.Equal(2, (await fixture.StoredReadings(id, Bulk)).Count);
    }

    [Fact]
    public async Task Reading_an_unknown_meter_is_refused_with_2_4_without_asking_the_head_end()
    {
        var id = NewId("MTR-");

        var read = await fixture.Device(id).ReadNow([Bulk], Message());

        Assert.Equal("2.4", Assert.Single(read.Result.Problems).Code);
        Assert.Empty(read.Series);
        Assert.Equal(0, read.Result.Stored);
        Assert.Equal(0, await fixture.StoredCount(id));
        Assert.Equal(0, ReadCount(id));
    }
}
