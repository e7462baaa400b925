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

    [PostgresFact]
    public async Task Grain_states_are_kept_inline_with_room_for_hot_updates()
    {
        await using var database = new PostgresDatabase(fixture.ConnectionString, NullLogger<PostgresDatabase>.Instance);
        await database.Migrate();

        await using var connection = await database.Open();
        await using var options = new NpgsqlCommand("SELECT reloptions FROM pg_class WHERE relname = 'orleans_grain_state'", connection);
        var set = (string[])(await options.ExecuteScalarAsync())!;
        Assert.Contains("toast_tuple_target=8160", set);
        Assert.Contains("fillfactor=70", set);
    }

    [Theory]
    [InlineData("Host=db;Username=m", 64, 2, true)]
    [InlineData("Host=db;Username=m;Max Auto Prepare=0", 0, 2, true)]
    [InlineData("Host=db;Username=m;MaxAutoPrepare=10;Auto Prepare Min Usages=5;No Reset On Close=false", 10, 5, false)]
    public void Statements_are_auto_prepared_and_connections_not_reset_unless_the_connection_string_says_otherwise(string given, int maxAutoPrepare, int minUsages, bool noReset)
    {
        var tuned = new NpgsqlConnectionStringBuilder(PostgresDatabase.WithPlatformDefaults(given));

        Assert.Equal(maxAutoPrepare, tuned.MaxAutoPrepare);
        Assert.Equal(minUsages, tuned.AutoPrepareMinUsages);
        Assert.Equal(noReset, tuned.NoResetOnClose);
        Assert.Equal("db", tuned.Host);
    }
}
