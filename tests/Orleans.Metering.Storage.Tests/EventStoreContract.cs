using Orleans.Metering.Abstractions;
using Orleans.Metering.Storage.Sqlite;

namespace Orleans.Metering.Storage.Tests;

/// <summary>The behaviour every <see cref="IEventStore"/> shares; one subclass per implementation.</summary>
public abstract class EventStoreContract
{
    protected static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    protected abstract Task<IEventStore> CreateStore();

    protected static DeviceEvent Event(string id, string device = "meter-1", string type = "3.26.0.185", int minutes = 0) => new()
    {
        EventId = id,
        DeviceId = device,
        EventType = type,
        CreatedDateTime = T0.AddMinutes(minutes),
    };

    [SkippableFact]
    public async Task An_empty_store_returns_nothing_and_an_empty_append_is_a_no_op()
    {
        var store = await CreateStore();

        await store.Append([]);

        Assert.Empty(await store.Query(new EventQuery()));
    }

    [SkippableFact]
    public async Task Query_by_device_returns_only_that_devices_events()
    {
        var store = await CreateStore();
        await store.Append([Event("e1", "meter-1", minutes: 0), Event("e2", "meter-2", minutes: 1), Event("e3", "meter-1", minutes: 2), Event("e4", "meter-3", minutes: 3)]);

        Assert.Equal(["e1", "e3"], Ids(await store.Query(new EventQuery { DeviceIds = ["meter-1"] })));
        Assert.Equal(["e2", "e4"], Ids(await store.Query(new EventQuery { DeviceIds = ["meter-2", "meter-3"] })));
        Assert.Empty(await store.Query(new EventQuery { DeviceIds = ["METER-1"] }));
        Assert.Equal(["e1", "e2", "e3", "e4"], Ids(await store.Query(new EventQuery())));
    }

    [SkippableFact]
    public async Task Query_by_event_type_returns_only_those_types()
    {
        var store = await CreateStore();
        await store.Append([Event("e1", type: "3.26.0.185", minutes: 0), Event("e2", type: "3.31.0.68", minutes: 1), Event("e3", type: "3.26.0.216", minutes: 2)]);

        Assert.Equal(["e2"], Ids(await store.Query(new EventQuery { EventTypes = ["3.31.0.68"] })));
        Assert.Equal(["e1", "e3"], Ids(await store.Query(new EventQuery { EventTypes = ["3.26.0.185", "3.26.0.216"] })));
        Assert.Equal(["e3"], Ids(await store.Query(new EventQuery { EventTypes = ["3.26.0.216"], DeviceIds = ["meter-1"] })));
        Assert.Empty(await store.Query(new EventQuery { EventTypes = ["3.26.0.216"], DeviceIds = ["meter-2"] }));
    }

    [SkippableFact]
    public async Task Query_by_time_range_includes_From_and_excludes_To()
    {
        var store = await CreateStore();
        await store.Append([.. Enumerable.Range(0, 5).Select(i => Event("e" + i, minutes: i))]);

        Assert.Equal(["e1", "e2"], Ids(await store.Query(new EventQuery { From = T0.AddMinutes(1), To = T0.AddMinutes(3) })));
        Assert.Equal(["e3", "e4"], Ids(await store.Query(new EventQuery { From = T0.AddMinutes(3) })));
        Assert.Equal(["e0"], Ids(await store.Query(new EventQuery { To = T0.AddMinutes(1) })));
        Assert.Empty(await store.Query(new EventQuery { From = T0.AddMinutes(2), To = T0.AddMinutes(2) }));
    }

    [SkippableFact]
    public async Task Time_range_bounds_in_other_offsets_compare_as_instants()
    {
        var store = await CreateStore();
        await store.Append([.. Enumerable.Range(0, 5).Select(i => Event("e" + i, minutes: i))]);
        var plusTwo = TimeSpan.FromHours(2);

        var result = await store.Query(new EventQuery { From = T0.AddMinutes(1).ToOffset(plusTwo), To = T0.AddMinutes(3).ToOffset(-plusTwo) });

        Assert.Equal(["e1", "e2"], Ids(result));
    }

    [SkippableFact]
    public async Task Time_range_bounds_below_a_millisecond_are_honoured()
    {
        var store = await CreateStore();
        var at = T0.AddTicks(5_000);
        await store.Append([Event("e1") with { CreatedDateTime = at }]);

        Assert.Equal(["e1"], Ids(await store.Query(new EventQuery { From = T0, To = T0.AddTicks(9_000) })));
        Assert.Empty(await store.Query(new EventQuery { From = T0.AddTicks(7_000) }));
    }

    [SkippableFact]
    public async Task Results_are_oldest_first_whatever_the_append_order()
    {
        var store = await CreateStore();
        await store.Append([Event("c", minutes: 5), Event("a", minutes: 1)]);
        await store.Append([Event("b", minutes: 3), Event("z", minutes: -10)]);

        Assert.Equal(["z", "a", "b", "c"], Ids(await store.Query(new EventQuery())));
    }

    [SkippableFact]
    public async Task Events_at_the_same_instant_are_ordered_by_EventId()
    {
        var store = await CreateStore();
        await store.Append([Event("b"), Event("c"), Event("a")]);

        Assert.Equal(["a", "b", "c"], Ids(await store.Query(new EventQuery())));
    }

    [SkippableFact]
    public async Task Limit_returns_at_most_that_many_oldest_events()
    {
        var store = await CreateStore();
        await store.Append([.. Enumerable.Range(0, 10).Reverse().Select(i => Event("e" + i, minutes: i))]);

        Assert.Equal(["e0", "e1", "e2"], Ids(await store.Query(new EventQuery { Limit = 3 })));
        Assert.Equal(["e4", "e5"], Ids(await store.Query(new EventQuery { From = T0.AddMinutes(4), Limit = 2 })));
        Assert.Empty(await store.Query(new EventQuery { Limit = 0 }));
        Assert.Equal(10, (await store.Query(new EventQuery { Limit = 100 })).Count);
    }

    [SkippableFact]
    public async Task Appending_the_same_event_of_a_device_twice_stores_it_once_and_keeps_the_first()
    {
        var store = await CreateStore();
        await store.Append([Event("e1", minutes: 1)]);

        await store.Append([Event("e1", minutes: 2) with { Reason = "again" }, Event("e2", minutes: 3)]);
        await store.Append([Event("e3", minutes: 4), Event("e3", minutes: 4)]);

        var all = await store.Query(new EventQuery());
        Assert.Equal(["e1", "e2", "e3"], Ids(all));
        Assert.Null(all[0].Reason);
        Assert.Equal(T0.AddMinutes(1), all[0].CreatedDateTime);
    }

    [SkippableFact]
    public async Task Concurrent_appends_are_all_stored_and_each_completes_once_stored()
    {
        var store = await CreateStore();
        var appends = Enumerable.Range(0, 200).Select(i => store.Append([Event("e" + i, device: "meter-" + (i % 7), minutes: i)])).ToList();
        foreach (var append in appends)
        {
            await append;
        }

        Assert.Equal(200, (await store.Query(new EventQuery { Limit = 1000 })).Count);
    }

    [SkippableFact]
    public async Task The_same_EventId_on_two_devices_is_two_events()
    {
        // One EndDeviceControl mRID addressed to two meters ends in one outcome event per meter.
        var store = await CreateStore();
        await store.Append([Event("ctl-1:3.31.0.68", device: "meter-1", minutes: 1)]);
        await store.Append([Event("ctl-1:3.31.0.68", device: "meter-2", minutes: 1), Event("ctl-1:3.31.0.68", device: "meter-2", minutes: 2)]);

        var all = await store.Query(new EventQuery());
        Assert.Equal(["meter-1", "meter-2"], all.Select(e => e.DeviceId));
        Assert.All(all, e => Assert.Equal(T0.AddMinutes(1), e.CreatedDateTime));
        Assert.Single(await store.Query(new EventQuery { DeviceIds = ["meter-2"] }));
    }

    [SkippableFact]
    public async Task All_fields_round_trip()
    {
        var store = await CreateStore();
        var created = new DateTimeOffset(2026, 3, 1, 14, 30, 15, 123, TimeSpan.FromHours(2));
        var original = new DeviceEvent
        {
            EventId = "e-full",
            DeviceId = "meter-7",
            EventType = "3.26.0.185",
            CreatedDateTime = created,
            Reason = "tamper",
            Severity = "high",
            IssuerID = "head-end",
            IssuerTrackingID = "track-1",
            UserID = "operator",
            Details = [new EventDetail("Phase", "A"), new EventDetail("Empty", null), new EventDetail("Ünïcode", "✓ \"quoted\"")],
            UsagePointId = "up-3",
        };
        await store.Append([original]);

        var stored = Assert.Single(await store.Query(new EventQuery { DeviceIds = ["meter-7"] }));

        Assert.Equal(original.EventId, stored.EventId);
        Assert.Equal(original.DeviceId, stored.DeviceId);
        Assert.Equal(original.EventType, stored.EventType);
        Assert.Equal(created.UtcTicks, stored.CreatedDateTime.UtcTicks);
        Assert.Equal(original.Reason, stored.Reason);
        Assert.Equal(original.Severity, stored.Severity);
        Assert.Equal(original.IssuerID, stored.IssuerID);
        Assert.Equal(original.IssuerTrackingID, stored.IssuerTrackingID);
        Assert.Equal(original.UserID, stored.UserID);
        Assert.Equal(original.Details, stored.Details);
        Assert.Equal(original.UsagePointId, stored.UsagePointId);
        Assert.Equal(["e-full"], Ids(await store.Query(new EventQuery { From = created.ToUniversalTime(), To = created.AddMilliseconds(1) })));
    }

    [SkippableFact]
    public async Task Optional_fields_left_out_come_back_null_or_empty()
    {
        var store = await CreateStore();
        await store.Append([Event("e1")]);

        var stored = Assert.Single(await store.Query(new EventQuery()));

        Assert.Null(stored.Reason);
        Assert.Null(stored.Severity);
        Assert.Null(stored.IssuerID);
        Assert.Null(stored.IssuerTrackingID);
        Assert.Null(stored.UserID);
        Assert.Null(stored.UsagePointId);
        Assert.Empty(stored.Details);
    }

    protected static string[] Ids(IEnumerable<DeviceEvent> events) => [.. events.Select(e => e.EventId)];
}

public sealed class InMemoryEventStoreTests : EventStoreContract
{
    protected override Task<IEventStore> CreateStore() => Task.FromResult<IEventStore>(new InMemoryEventStore());
}

public sealed class SqliteEventStoreTests : EventStoreContract, IDisposable
{
    private readonly TempDatabase temp = new();

    public void Dispose() => temp.Dispose();

    protected override async Task<IEventStore> CreateStore()
    {
        await temp.Database.Migrate();
        return new SqliteEventStore(temp.Database);
    }

    [SkippableFact]
    public async Task Events_survive_reopening_the_database()
    {
        var store = await CreateStore();
        await store.Append([Event("e1"), Event("e2", minutes: 1)]);

        var reopened = temp.Open();
        await reopened.Migrate();

        Assert.Equal(["e1", "e2"], Ids(await new SqliteEventStore(reopened).Query(new EventQuery())));
    }

    [SkippableFact]
    public async Task Many_devices_in_one_query_are_bound_as_parameters()
    {
        var store = await CreateStore();
        await store.Append([Event("e1", device: "it's"), Event("e2", device: "meter-2", minutes: 1)]);

        var devices = Enumerable.Range(0, 500).Select(i => "meter-x" + i).Append("it's").ToArray();

        Assert.Equal(["e1"], Ids(await store.Query(new EventQuery { DeviceIds = devices })));
    }
}
