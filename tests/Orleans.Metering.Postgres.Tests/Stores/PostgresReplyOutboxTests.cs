using Orleans.Metering.Postgres.Tests.Support;
using Orleans.Metering.Storage;
using Orleans.Metering.Storage.Postgres;
using Orleans.Metering.Storage.Tests;

namespace Orleans.Metering.Postgres.Tests.Stores;

public sealed class PostgresReplyOutboxTests(PostgresDatabaseFixture fixture) : ReplyOutboxContract, IClassFixture<PostgresDatabaseFixture>, IAsyncDisposable
{
    private readonly StoreDatabase scope = new(fixture);

    public ValueTask DisposeAsync() => scope.DisposeAsync();

    protected override async Task<IReplyOutbox> CreateOutbox() => new PostgresReplyOutbox(await scope.Get());

    [PostgresFact]
    public async Task Items_and_their_progress_survive_a_new_database_instance()
    {
        var outbox = await CreateOutbox();
        var pending = Item("pending", createdMinutes: 0);
        await outbox.Enqueue(pending);
        await outbox.Enqueue(Item("retrying", createdMinutes: 1) with { Address = "https://retrying.example/" });
        await outbox.Claim("silo-a", T0, T0.AddMinutes(1), 10);
        await outbox.Release("silo-a", pending.Address);
        await outbox.Reschedule("retrying", "silo-a", 3, T0.AddMinutes(10), "refused", T0);

        var again = new PostgresReplyOutbox(scope.Open());

        Assert.Equal(pending, await again.Get("pending"));
        Assert.Equal(["pending", "retrying"], Ids(await again.Due(T0.AddMinutes(10), 10)));
        Assert.Equal((3, "refused"), ((await again.Get("retrying"))!.Attempts, (await again.Get("retrying"))!.LastError));
    }
}
