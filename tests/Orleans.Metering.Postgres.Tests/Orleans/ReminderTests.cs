using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Metering.Postgres.Tests.Support;
using Orleans.Runtime;

namespace Orleans.Metering.Postgres.Tests.Orleans;

/// <summary>
/// Orleans' ADO.NET reminder service on 003-orleans-reminders.sql, in a two-silo cluster whose
/// membership is in PostgreSQL too: registration, listing, a real tick (the minimum period is
/// lowered to one second for the test), re-registration bumping the row's version, ring-range reads
/// and unregistration.
/// </summary>
public sealed class ReminderTests(PostgresDatabaseFixture fixture) : IClassFixture<PostgresDatabaseFixture>
{
    [PostgresFact]
    public async Task Reminders_are_registered_listed_tick_and_are_unregistered()
    {
        var connectionString = await PostgresOrleansCluster.Migrated(fixture);
        var serviceId = "reminders-" + Guid.NewGuid().ToString("N");
        var cluster = await PostgresOrleansCluster.Start(connectionString, serviceId, "reminders-" + Guid.NewGuid().ToString("N"), silos: 2);
        try
        {
            var grain = cluster.Client.GetGrain<IPgReminderGrain>("meter-1");
            await grain.Register("fast", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
            await grain.Register("daily", TimeSpan.FromHours(1), TimeSpan.FromDays(1));
            await cluster.Client.GetGrain<IPgReminderGrain>("meter-2").Register("daily", TimeSpan.FromHours(1), TimeSpan.FromDays(1));

            Assert.Equal(["daily", "fast"], await grain.List());
            var rows = await Rows(connectionString, serviceId);
            Assert.Equal(3, rows.Count);
            var daily = Assert.Single(rows, r => r.Grain.EndsWith("/meter-1", StringComparison.Ordinal) && r.Name == "daily");
            Assert.Equal((long)TimeSpan.FromDays(1).TotalMilliseconds, daily.PeriodMs);
            Assert.Equal(1000L, Assert.Single(rows, r => r.Name == "fast").PeriodMs);

            await PostgresOrleansCluster.Eventually(async () => await grain.Ticks("fast") >= 2, TimeSpan.FromSeconds(15), "the one-second reminder ticks twice");

            // Re-registering updates the row in place with a new version.
            await grain.Register("daily", TimeSpan.FromHours(2), TimeSpan.FromHours(12));
            var updated = Assert.Single(await Rows(connectionString, serviceId), r => r.Grain.EndsWith("/meter-1", StringComparison.Ordinal) && r.Name == "daily");
            Assert.Equal((long)TimeSpan.FromHours(12).TotalMilliseconds, updated.PeriodMs);
            Assert.True(updated.Version > daily.Version);

            // The whole ring, as one wrapping range and as two plain ones, holds every reminder once.
            var table = cluster.GetSiloServiceProvider(cluster.Silos[0].SiloAddress).GetRequiredService<IReminderTable>();
            Assert.Equal(3, (await table.ReadRows(0u, 0u)).Reminders.Count);
            var lower = await table.ReadRows(0x80000000u, 0x00000000u);
            var upper = await table.ReadRows(0x00000000u, 0x80000000u);
            Assert.Equal(3, lower.Reminders.Count + upper.Reminders.Count);
            var entry = await table.ReadRow(grain.GetGrainId(), "daily");
            Assert.NotNull(entry);
            Assert.Equal(TimeSpan.FromHours(12), entry.Period);
            Assert.Equal(updated.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), entry.ETag);
            Assert.False(await table.RemoveRow(entry.GrainId, "daily", "999999"));

            await grain.Unregister("fast");
            await grain.Unregister("daily");
            Assert.Empty(await grain.List());
            var left = Assert.Single(await Rows(connectionString, serviceId));
            Assert.EndsWith("/meter-2", left.Grain, StringComparison.Ordinal);
        }
        finally
        {
            await PostgresOrleansCluster.Stop(cluster);
        }
    }

    private static async Task<List<(string Grain, string Name, long PeriodMs, int Version)>> Rows(string connectionString, string serviceId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT grain_id, reminder_name, period_ms, version FROM orleans_reminder WHERE service_id = $1 ORDER BY grain_id, reminder_name", connection);
        command.Parameters.AddWithValue(serviceId);
        var rows = new List<(string, string, long, int)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt32(3)));
        }

        return rows;
    }
}
