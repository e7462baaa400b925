using Orleans.Metering.Postgres.Tests.Support;
using Orleans.Metering.Storage.Postgres;
using Orleans.Metering.Storage.Readings;
using Orleans.Metering.Storage.Tests.Readings;

namespace Orleans.Metering.Postgres.Tests.Stores;

public sealed class PostgresPriorVersionsTests(PostgresDatabaseFixture fixture) : PriorVersionsContract, IClassFixture<PostgresDatabaseFixture>, IAsyncDisposable
{
    private readonly StoreDatabase scope = new(fixture);

    public ValueTask DisposeAsync() => scope.DisposeAsync();

    protected override async Task<IReadingStore> CreateStore() => scope.Own(new PostgresReadingStore(await scope.Get(), time: Clock));
}
