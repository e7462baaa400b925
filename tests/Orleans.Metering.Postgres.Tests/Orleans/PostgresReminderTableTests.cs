using Orleans.Metering.Postgres.Tests.Support;
using Orleans.Metering.Storage.Postgres;
using Orleans.Metering.Storage.Tests;

namespace Orleans.Metering.Postgres.Tests.Orleans;

/// <summary>The reminder table contract SQLite passes, on deploy/postgres/003-orleans-reminders.sql.</summary>
public sealed class PostgresReminderTableTests(PostgresDatabaseFixture fixture) : ReminderTableContract, IClassFixture<PostgresDatabaseFixture>
{
    protected override async Task<(string Invariant, string ConnectionString)> Database()
    {
        // The shared contract is [SkippableFact]s: without a server they are skipped, not failed.
        Skip.If(PostgresServer.Unavailable is not null, "PostgreSQL reminder tests need a server: " + PostgresServer.Unavailable);
        return (PostgresDatabase.Invariant, await PostgresOrleansCluster.Migrated(fixture));
    }
}
