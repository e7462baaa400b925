using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Metering.Postgres.Tests.Support;
using Orleans.Messaging;
using Orleans.Runtime;
using Orleans.Runtime.Membership;
using Xunit.Abstractions;

namespace Orleans.Metering.Postgres.Tests.Orleans;

/// <summary>
/// A three-silo TestCluster whose membership lives in PostgreSQL (no test membership): the silos
/// join through the table, the client finds its gateways there, a killed silo is declared dead in
/// the table, and the provider's defunct-silo cleanup then removes its row and nothing else.
/// </summary>
public sealed class ClusterMembershipTests(PostgresDatabaseFixture fixture, ITestOutputHelper output) : IClassFixture<PostgresDatabaseFixture>
{
    private const int Active = 3;
    private const int Dead = 6;

    [PostgresFact]
    public async Task Silos_form_a_cluster_through_the_table_and_a_killed_silo_is_declared_dead_then_cleaned_up()
    {
        var connectionString = await PostgresOrleansCluster.Migrated(fixture);
        var clusterId = "membership-" + Guid.NewGuid().ToString("N");
        var cluster = await PostgresOrleansCluster.Start(connectionString, "membership", clusterId, silos: 3);
        try
        {
            var management = cluster.Client.GetGrain<IManagementGrain>(0);
            Assert.Equal(3, (await management.GetHosts(onlyActive: true)).Count);
            Assert.Equal(3, await Count(connectionString, clusterId, Active));
            Assert.True(await PostgresOrleansCluster.Scalar<int>(connectionString, "SELECT version FROM orleans_cluster_version WHERE cluster_id = $1", clusterId) >= 3);
            Assert.Equal(3L, await PostgresOrleansCluster.Scalar<long>(connectionString,
                "SELECT count(*) FROM orleans_cluster_member WHERE cluster_id = $1 AND proxy_port > 0", clusterId));

            // The client reached the cluster through the gateways the table lists.
            var gateways = cluster.Client.ServiceProvider.GetRequiredService<IGatewayListProvider>();
            Assert.IsType<AdoNetGatewayListProvider>(gateways);
            Assert.Equal(3, (await gateways.GetGatewaysAsync()).Count);
            var grain = cluster.Client.GetGrain<IPgStateGrain>("membership-ping");
            Assert.StartsWith("S127.0.0.1", await grain.Silo(), StringComparison.Ordinal);

            var victim = cluster.Silos[^1];
            var started = DateTime.UtcNow;
            await cluster.KillSiloAsync(victim);
            var silo = victim.SiloAddress;
            await PostgresOrleansCluster.Eventually(
                async () => await Status(connectionString, clusterId, silo) == Dead,
                TimeSpan.FromSeconds(30),
                "the killed silo is declared dead in the membership table");
            output.WriteLine($"declared dead after {DateTime.UtcNow - started}; suspicions: {await Suspicions(connectionString, clusterId, silo)}");
            await PostgresOrleansCluster.Eventually(
                async () => (await management.GetHosts(onlyActive: true)).Count == 2,
                TimeSpan.FromSeconds(10),
                "the cluster sees two active silos");
            Assert.Equal(2, await Count(connectionString, clusterId, Active));
            Assert.Equal(2, (await gateways.GetGatewaysAsync()).Count);

            // The provider's cleanup, as Orleans calls it: a date before the silo died keeps it.
            var membershipTable = cluster.GetSiloServiceProvider(cluster.Silos[0].SiloAddress).GetRequiredService<IMembershipTable>();
            await membershipTable.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddHours(-1));
            Assert.Equal(1, await Count(connectionString, clusterId, Dead));

            await membershipTable.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddMinutes(1));
            Assert.Equal(0, await Count(connectionString, clusterId, Dead));
            Assert.Equal(2, await Count(connectionString, clusterId, Active));
            Assert.Equal(2, (await management.GetHosts(onlyActive: true)).Count);
            Assert.StartsWith("S127.0.0.1", await cluster.Client.GetGrain<IPgStateGrain>("membership-after").Silo(), StringComparison.Ordinal);
        }
        finally
        {
            await PostgresOrleansCluster.Stop(cluster);
        }

        // A graceful stop leaves every remaining silo marked dead.
        Assert.Equal(0, await Count(connectionString, clusterId, Active));
    }

    private static async Task<int> Count(string connectionString, string clusterId, int status) =>
        (int)await PostgresOrleansCluster.Scalar<long>(connectionString,
            "SELECT count(*) FROM orleans_cluster_member WHERE cluster_id = $1 AND status = $2", clusterId, status);

    private static async Task<int?> Status(string connectionString, string clusterId, SiloAddress silo)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT status FROM orleans_cluster_member WHERE cluster_id = $1 AND port = $2 AND generation = $3", connection);
        command.Parameters.AddWithValue(clusterId);
        command.Parameters.AddWithValue(silo.Endpoint.Port);
        command.Parameters.AddWithValue(silo.Generation);
        return await command.ExecuteScalarAsync() as int?;
    }

    private static async Task<string> Suspicions(string connectionString, string clusterId, SiloAddress silo)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT coalesce(suspect_times, '(none)') FROM orleans_cluster_member WHERE cluster_id = $1 AND port = $2 AND generation = $3", connection);
        command.Parameters.AddWithValue(clusterId);
        command.Parameters.AddWithValue(silo.Endpoint.Port);
        command.Parameters.AddWithValue(silo.Generation);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
