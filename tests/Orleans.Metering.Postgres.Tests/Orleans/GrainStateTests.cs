using Orleans.Metering.Postgres.Tests.Support;
using Orleans.Storage;

namespace Orleans.Metering.Postgres.Tests.Orleans;

/// <summary>
/// Orleans' AdoNetGrainStorage ("MeteringState") on 002-orleans-persistence.sql, in a two-silo
/// cluster that also keeps its membership in PostgreSQL: write, deactivate and read back, a stale
/// ETag refused, clear, and state that outlives the cluster.
/// </summary>
public sealed class GrainStateTests(PostgresDatabaseFixture fixture) : IClassFixture<PostgresDatabaseFixture>
{
    [PostgresFact]
    public async Task State_is_written_read_back_refused_when_stale_cleared_and_survives_a_restart()
    {
        var connectionString = await PostgresOrleansCluster.Migrated(fixture);
        var serviceId = "state-" + Guid.NewGuid().ToString("N");
        var clusterId = "state-" + Guid.NewGuid().ToString("N");

        var cluster = await PostgresOrleansCluster.Start(connectionString, serviceId, clusterId, silos: 2);
        try
        {
            var grain = cluster.Client.GetGrain<IPgStateGrain>("meter-1");
            Assert.Null(await grain.Get());
            Assert.Null(await grain.ETag());

            await grain.Set("first");
            Assert.Equal("1", await grain.ETag());
            await grain.Set("second");
            Assert.Equal("2", await grain.ETag());
            await grain.Deactivate();
            Assert.Equal("second", await grain.Get());
            Assert.Equal("2", await grain.ETag());
            Assert.Equal([(2, true)], await Rows(connectionString, serviceId, "meter-1"));

            // Someone else wrote behind the grain's back: its next write is refused and changes nothing.
            Assert.Equal(1, await PostgresOrleansCluster.Execute(connectionString,
                "UPDATE orleans_grain_state SET version = version + 1 WHERE service_id = $1 AND grain_id_extension = $2", serviceId, "meter-1"));
            await Assert.ThrowsAsync<InconsistentStateException>(() => grain.Set("lost"));
            Assert.Equal([(3, true)], await Rows(connectionString, serviceId, "meter-1"));

            // A fresh activation reads the current version and may write again.
            await grain.Deactivate();
            Assert.Equal("second", await grain.Get());
            Assert.Equal("3", await grain.ETag());

            await grain.Clear();
            Assert.Equal([(4, false)], await Rows(connectionString, serviceId, "meter-1"));
            await grain.Deactivate();
            Assert.Null(await grain.Get());
            Assert.Equal("4", await grain.ETag());

            await grain.Set("durable");
            await cluster.Client.GetGrain<IPgStateGrain>("meter-2").Set("other");
            Assert.Equal([(5, true)], await Rows(connectionString, serviceId, "meter-1"));
        }
        finally
        {
            await PostgresOrleansCluster.Stop(cluster);
        }

        var restarted = await PostgresOrleansCluster.Start(connectionString, serviceId, clusterId, silos: 2);
        try
        {
            var grain = restarted.Client.GetGrain<IPgStateGrain>("meter-1");
            Assert.Equal("durable", await grain.Get());
            Assert.Equal("5", await grain.ETag());
            Assert.Equal("other", await restarted.Client.GetGrain<IPgStateGrain>("meter-2").Get());
            await grain.Set("after restart");
            Assert.Equal("6", await grain.ETag());
        }
        finally
        {
            await PostgresOrleansCluster.Stop(restarted);
        }
    }

    [PostgresFact]
    public async Task Two_first_writes_without_a_version_conflict_and_only_one_row_is_created()
    {
        var connectionString = await PostgresOrleansCluster.Migrated(fixture);
        var serviceId = "first-writes-" + Guid.NewGuid().ToString("N");

        // Two clusters (separate membership) sharing one ServiceId: each activates its own copy.
        var first = await PostgresOrleansCluster.Start(connectionString, serviceId, "first-a-" + Guid.NewGuid().ToString("N"), silos: 1);
        var second = await PostgresOrleansCluster.Start(connectionString, serviceId, "first-b-" + Guid.NewGuid().ToString("N"), silos: 1);
        try
        {
            var inFirst = first.Client.GetGrain<IPgStateGrain>("meter-1");
            var inSecond = second.Client.GetGrain<IPgStateGrain>("meter-1");
            Assert.Null(await inFirst.Get());
            Assert.Null(await inSecond.Get());

            await inFirst.Set("first");
            await Assert.ThrowsAsync<InconsistentStateException>(() => inSecond.Set("second"));
            Assert.Equal([(1, true)], await Rows(connectionString, serviceId, "meter-1"));
        }
        finally
        {
            await Task.WhenAll(PostgresOrleansCluster.Stop(first), PostgresOrleansCluster.Stop(second));
        }
    }

    [PostgresFact]
    public async Task With_DeleteStateOnClear_a_clear_deletes_the_row_and_a_stale_clear_is_refused()
    {
        var connectionString = await PostgresOrleansCluster.Migrated(fixture);
        var serviceId = "delete-on-clear-" + Guid.NewGuid().ToString("N");
        var cluster = await PostgresOrleansCluster.Start(connectionString, serviceId, "delete-" + Guid.NewGuid().ToString("N"), silos: 1);
        try
        {
            var grain = cluster.Client.GetGrain<IPgDeletingStateGrain>("meter-1");
            await grain.Set("one");
            await grain.Set("two");

            await grain.Clear();
            Assert.Empty(await Rows(connectionString, serviceId, "meter-1"));
            Assert.Null(await grain.ETag());
            Assert.Null(await grain.Get());

            await grain.Set("again");
            Assert.Equal("1", await grain.ETag());
            Assert.Equal([(1, true)], await Rows(connectionString, serviceId, "meter-1"));

            await PostgresOrleansCluster.Execute(connectionString,
                "UPDATE orleans_grain_state SET version = version + 1 WHERE service_id = $1 AND grain_id_extension = $2", serviceId, "meter-1");
            await Assert.ThrowsAsync<InconsistentStateException>(() => grain.Clear());
            Assert.Equal([(2, true)], await Rows(connectionString, serviceId, "meter-1"));
        }
        finally
        {
            await PostgresOrleansCluster.Stop(cluster);
        }
    }

    /// <summary>(version, has payload) of each stored row of the grain with this key.</summary>
    private static async Task<List<(int Version, bool HasPayload)>> Rows(string connectionString, string serviceId, string key)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT version, payload IS NOT NULL FROM orleans_grain_state WHERE service_id = $1 AND grain_id_extension = $2", connection);
        command.Parameters.AddWithValue(serviceId);
        command.Parameters.AddWithValue(key);
        var rows = new List<(int, bool)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt32(0), reader.GetBoolean(1)));
        }

        return rows;
    }
}
