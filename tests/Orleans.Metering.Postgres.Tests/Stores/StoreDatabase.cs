using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orleans.Metering.Postgres.Tests.Support;
using Orleans.Metering.Storage.Postgres;

namespace Orleans.Metering.Postgres.Tests.Stores;

/// <summary>
/// The class fixture's database, migrated and emptied for one test (xunit runs the tests of a class
/// one after another, so each test starts from empty metering tables; partitions are kept).
/// </summary>
public sealed class StoreDatabase(PostgresDatabaseFixture fixture) : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> owned = [];
    private PostgresDatabase? database;

    public string ConnectionString => fixture.ConnectionString;

    /// <summary>The migrated, emptied database (created on first use).</summary>
    public async Task<PostgresDatabase> Get()
    {
        if (database is null)
        {
            // The shared store contracts are [SkippableFact]s: without a server they are skipped, not failed.
            Skip.If(PostgresServer.Unavailable is not null, "PostgreSQL store tests need a server: " + PostgresServer.Unavailable);

            database = Open();
            await database.Migrate();
            await Execute("TRUNCATE metering_event, metering_outbox, metering_series, metering_reading, metering_reading_version");
        }

        return database;
    }

    /// <summary>A second, independent PostgresDatabase (own connection pool) on the same database.</summary>
    public PostgresDatabase Open() => Own(new PostgresDatabase(fixture.ConnectionString, NullLogger<PostgresDatabase>.Instance));

    /// <summary>Disposed with this scope, in reverse order.</summary>
    public T Own<T>(T disposable)
        where T : IAsyncDisposable
    {
        owned.Add(disposable);
        return disposable;
    }

    public async Task Execute(string sql)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<T> Scalar<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = owned.Count - 1; i >= 0; i--)
        {
            await owned[i].DisposeAsync();
        }
    }
}
