using Orleans.Metering.Abstractions;
using Orleans.Metering.Postgres.Tests.Support;
using Orleans.Metering.Storage;
using Orleans.Metering.Storage.Postgres;
using Orleans.Metering.Storage.Tests;

namespace Orleans.Metering.Postgres.Tests.Stores;

public sealed class PostgresEventStoreTests(PostgresDatabaseFixture fixture) : EventStoreContract, IClassFixture<PostgresDatabaseFixture>, IAsyncDisposable
{
    private readonly StoreDatabase scope = new(fixture);

    public ValueTask DisposeAsync() => scope.DisposeAsync();

    protected override async Task<IEventStore> CreateStore() => new PostgresEventStore(await scope.Get());

    [PostgresFact]
    public async Task Events_survive_a_new_database_instance_and_bodies_are_jsonb()
    {
        var store = await CreateStore();
        await store.Append([Event("e1"), Event("e2", minutes: 1)]);

        Assert.Equal(["e1", "e2"], Ids(await new PostgresEventStore(scope.Open()).Query(new EventQuery())));
        Assert.Equal("meter-1", await scope.Scalar<string>("SELECT body ->> 'deviceId' FROM metering_event WHERE event_id = 'e1'"));
    }

    [PostgresFact]
    public async Task An_event_PostgreSQL_refuses_fails_its_own_append_only()
    {
        var store = await CreateStore();
        var bad = Event("bad", device: "meter-x") with { Reason = "stuck\u0000" };
        var appends = Enumerable.Range(0, 20).Select(i => store.Append([Event("e" + i, device: "meter-" + i)])).Append(store.Append([bad])).ToList();

        var failures = 0;
        foreach (var append in appends)
        {
            try
            {
                await append;
            }
            catch (Npgsql.PostgresException e) when (e.SqlState.StartsWith("22", StringComparison.Ordinal))
            {
                failures++;
            }
        }

        Assert.Equal(1, failures);
        Assert.Equal(20, (await store.Query(new EventQuery { Limit = 100 })).Count);
    }

    [PostgresFact]
    public async Task Many_devices_in_one_query_are_bound_as_one_array_parameter()
    {
        var store = await CreateStore();
        await store.Append([Event("e1", device: "it's"), Event("e2", device: "meter-2", minutes: 1)]);

        var devices = Enumerable.Range(0, 5000).Select(i => "meter-x" + i).Append("it's").ToArray();

        Assert.Equal(["e1"], Ids(await store.Query(new EventQuery { DeviceIds = devices })));
    }
}
