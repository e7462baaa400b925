using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orleans.Metering.Postgres.Tests.Support;
using Orleans.Metering.Storage.Postgres;

namespace Orleans.Metering.Postgres.Tests;

public sealed class MigrationTests(PostgresDatabaseFixture fixture) : IClassFixture<PostgresDatabaseFixture>
{
    [PostgresFact]
    public async Task Migrate_is_idempotent_and_safe_when_several_silos_start_together()
    {
        var databases = Enumerable.Range(0, 3).Select(_ => new PostgresDatabase(fixture.ConnectionString, NullLogger<PostgresDatabase>.Instance)).ToList();
        var versions = await Task.WhenAll(databases.Select(d => d.Migrate()));
        Assert.All(versions, v => Assert.Equal(versions[0], v));
        Assert.Equal(versions[0], await databases[0].Migrate());

        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*), count(DISTINCT version) FROM metering_schema_version", connection);
        await using var reader = await count.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.Equal(reader.GetInt64(1), reader.GetInt64(0));
        foreach (var d in databases)
        {
            await d.DisposeAsync();
        }
    }
}
