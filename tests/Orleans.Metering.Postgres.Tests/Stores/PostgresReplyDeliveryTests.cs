using Orleans.Metering.Gateway.Tests.Delivery;
using Orleans.Metering.Postgres.Tests.Support;
using Orleans.Metering.Storage;
using Orleans.Metering.Storage.Postgres;

namespace Orleans.Metering.Postgres.Tests.Stores;

/// <summary>The delivery checks with each silo on its own connection pool to one PostgreSQL outbox, as in a cluster.</summary>
public sealed class PostgresReplyDeliveryTests(PostgresDatabaseFixture fixture) : ReplyDeliveryContract, IClassFixture<PostgresDatabaseFixture>, IAsyncDisposable
{
    private readonly StoreDatabase scope = new(fixture);

    public ValueTask DisposeAsync() => scope.DisposeAsync();

    protected override async Task<IReadOnlyList<IReplyOutbox>> Outboxes(int silos)
    {
        await scope.Get();
        return [.. Enumerable.Range(0, silos).Select(_ => new PostgresReplyOutbox(scope.Open()))];
    }
}
