using System.Data;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Metering.Postgres.Tests.Support;
using Orleans.Metering.Storage.Postgres;
using Orleans.Runtime;
using Orleans.Runtime.Membership;
using Orleans.Runtime.MembershipService;

namespace Orleans.Metering.Postgres.Tests.Orleans;

/// <summary>
/// Orleans' own AdoNetClusteringTable and AdoNetGatewayListProvider on 001-orleans-clustering.sql,
/// driven directly (no cluster): the table version as ETag, stale inserts and updates refused,
/// I-am-alive without a version change, gateways, and both defunct-silo cleanup queries.
/// </summary>
public sealed class MembershipTableContractTests(PostgresDatabaseFixture fixture) : IClassFixture<PostgresDatabaseFixture>
{
    private static readonly DateTime Now = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    [PostgresFact]
    public async Task Rows_are_inserted_and_updated_only_against_the_current_table_version()
    {
        var (table, _) = await Open("versions");

        var empty = await table.ReadAllAsync();
        Assert.Empty(empty.Members);
        Assert.Equal(0, empty.Version.Version);
        Assert.Equal("0", empty.Version.VersionEtag);

        var first = Entry(Silo(1), SiloStatus.Joining, Now);
        Assert.True(await table.InsertRowAsync(first, empty.Version.Next()));
        Assert.False(await table.InsertRowAsync(Entry(Silo(2), SiloStatus.Joining, Now), empty.Version.Next()));
        Assert.False(await table.InsertRowAsync(first, (await table.ReadAllAsync()).Version.Next()));

        var afterInsert = await table.ReadAllAsync();
        Assert.Equal(1, afterInsert.Version.Version);
        var (read, etag) = Assert.Single(afterInsert.Members);
        Assert.Equal("1", etag);
        Assert.Equal(first.SiloAddress, read.SiloAddress);
        Assert.Equal(first.SiloName, read.SiloName);
        Assert.Equal(first.HostName, read.HostName);
        Assert.Equal(first.ProxyPort, read.ProxyPort);
        Assert.Equal(SiloStatus.Joining, read.Status);
        Assert.Equal(first.StartTime, read.StartTime);
        Assert.Equal(DateTimeKind.Utc, read.StartTime.Kind);
        Assert.Null(read.SuspectTimes);

        read.Status = SiloStatus.Active;
        read.SuspectTimes = [Tuple.Create(Silo(2), Now.AddSeconds(1))];
        Assert.True(await table.UpdateRowAsync(read, etag, afterInsert.Version.Next()));
        Assert.False(await table.UpdateRowAsync(read, etag, afterInsert.Version.Next()));

        var row = await table.ReadRowAsync(first.SiloAddress);
        Assert.Equal(2, row.Version.Version);
        var updated = Assert.Single(row.Members).Item1;
        Assert.Equal(SiloStatus.Active, updated.Status);
        Assert.Equal(Silo(2), Assert.Single(updated.SuspectTimes!).Item1);
        Assert.Equal(Now.AddSeconds(1), updated.SuspectTimes![0].Item2);

        var unknown = await table.ReadRowAsync(Silo(9));
        Assert.Empty(unknown.Members);
        Assert.Equal(2, unknown.Version.Version);

        updated.IAmAliveTime = Now.AddMinutes(5);
        await table.UpdateIAmAliveAsync(updated);
        var alive = await table.ReadAllAsync();
        Assert.Equal(2, alive.Version.Version);
        Assert.Equal(Now.AddMinutes(5), Assert.Single(alive.Members).Item1.IAmAliveTime);
    }

    [PostgresFact]
    public async Task Two_silos_racing_on_the_same_table_version_cannot_both_win()
    {
        var (table, _) = await Open("race");
        var version = (await table.ReadAllAsync()).Version.Next();

        var results = await Task.WhenAll(Enumerable.Range(1, 8).Select(i => table.InsertRowAsync(Entry(Silo(i), SiloStatus.Joining, Now), version)));

        Assert.Single(results, r => r);
        var all = await table.ReadAllAsync();
        Assert.Single(all.Members);
        Assert.Equal(1, all.Version.Version);
    }

    [PostgresFact]
    public async Task Gateways_are_the_active_silos_with_a_proxy_port()
    {
        var clusterId = "gateways-" + Guid.NewGuid().ToString("N");
        var (table, _) = await Open("gateways", clusterId);
        await Insert(table, Entry(Silo(1), SiloStatus.Active, Now, proxyPort: 30001));
        await Insert(table, Entry(Silo(2), SiloStatus.Active, Now, proxyPort: 0));
        await Insert(table, Entry(Silo(3), SiloStatus.Dead, Now, proxyPort: 30003));
        await Insert(table, Entry(Silo(4), SiloStatus.Joining, Now, proxyPort: 30004));

        var provider = new AdoNetGatewayListProvider(
            NullLogger<AdoNetGatewayListProvider>.Instance,
            new ServiceCollection().BuildServiceProvider(),
            Options.Create(new AdoNetClusteringClientOptions { Invariant = PostgresDatabase.Invariant, ConnectionString = fixture.ConnectionString }),
            Options.Create(new GatewayOptions()),
            Options.Create(new ClusterOptions { ClusterId = clusterId, ServiceId = "gateways" }));
        await provider.InitializeGatewayListProviderAsync();

        var gateway = Assert.Single(await provider.GetGatewaysAsync());
        Assert.Equal(SiloAddress.New(IPAddress.Loopback, 30001, Silo(1).Generation).ToGatewayUri(), gateway);
    }

    [PostgresFact]
    public async Task The_provider_cleans_up_dead_silos_older_than_the_date_and_nothing_else()
    {
        var (table, clusterId) = await Open("cleanup");
        await Insert(table, Entry(Silo(1), SiloStatus.Dead, Now.AddHours(-3)));
        await Insert(table, Entry(Silo(2), SiloStatus.Dead, Now.AddHours(-3), suspectedAt: Now.AddHours(-2)));
        await Insert(table, Entry(Silo(3), SiloStatus.Dead, Now.AddMinutes(-10)));
        await Insert(table, Entry(Silo(4), SiloStatus.Active, Now.AddHours(-3)));
        await Insert(table, Entry(Silo(5), SiloStatus.Dead, Now.AddHours(-3), suspectedAt: Now.AddMinutes(-5)));

        var version = (await table.ReadAllAsync()).Version.Version;

        await table.CleanupDefunctSiloEntriesAsync(new DateTimeOffset(Now.AddHours(-1)));

        // 1 and 2: dead, last alive and suspected before the date. 3 is dead but recent, 4 is alive,
        // 5 was last alive long ago but suspected after the date.
        Assert.Equal([3, 4, 5], await Generations(clusterId));
        Assert.Equal(version, (await table.ReadAllAsync()).Version.Version);
    }

    [PostgresFact]
    public async Task The_required_cleanup_query_deletes_only_dead_rows_older_than_the_given_date()
    {
        var (table, clusterId) = await Open("cleanup-bulk");
        await Insert(table, Entry(Silo(1), SiloStatus.Dead, Now.AddHours(-3)));
        await Insert(table, Entry(Silo(2), SiloStatus.Dead, Now.AddMinutes(-10)));
        await Insert(table, Entry(Silo(3), SiloStatus.Active, Now.AddHours(-3)));
        await Insert(table, Entry(Silo(4), SiloStatus.ShuttingDown, Now.AddHours(-3)));
        var (other, otherCluster) = await Open("cleanup-bulk-other");
        await Insert(other, Entry(Silo(1), SiloStatus.Dead, Now.AddHours(-3)));

        // As the provider binds it when the optional per-entry query is absent.
        var deleted = await RunStoredQuery("CleanupDefunctSiloEntriesKey", command =>
        {
            Add(command, "DeploymentId", clusterId, DbType.String);
            Add(command, "IAmAliveTime", Now.AddHours(-1), DbType.DateTime);
        });

        Assert.Equal(1, deleted);
        Assert.Equal([2, 3, 4], await Generations(clusterId));
        Assert.Equal([1], await Generations(otherCluster));
    }

    [PostgresFact]
    public async Task Deleting_the_table_entries_removes_the_cluster_and_lets_it_start_again()
    {
        var (table, clusterId) = await Open("delete");
        await Insert(table, Entry(Silo(1), SiloStatus.Active, Now));

        await table.DeleteMembershipTableEntriesAsync(clusterId);
        Assert.Empty(await Generations(clusterId));

        await table.InitializeMembershipTableAsync(tryInitTableVersion: true);
        var fresh = await table.ReadAllAsync();
        Assert.Empty(fresh.Members);
        Assert.Equal(0, fresh.Version.Version);
    }

    private async Task<(AdoNetClusteringTable Table, string ClusterId)> Open(string name, string? clusterId = null)
    {
        await PostgresOrleansCluster.Migrated(fixture);
        clusterId ??= name + "-" + Guid.NewGuid().ToString("N");
        var table = new AdoNetClusteringTable(
            new ServiceCollection().BuildServiceProvider(),
            Options.Create(new ClusterOptions { ClusterId = clusterId, ServiceId = name }),
            Options.Create(new AdoNetClusteringSiloOptions { Invariant = PostgresDatabase.Invariant, ConnectionString = fixture.ConnectionString }),
            NullLogger<AdoNetClusteringTable>.Instance);
        await table.InitializeMembershipTableAsync(tryInitTableVersion: true);
        return (table, clusterId);
    }

    private static async Task Insert(AdoNetClusteringTable table, MembershipEntry entry)
    {
        Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync()).Version.Next()));
        if (entry.SuspectTimes is not null)
        {
            var all = await table.ReadAllAsync();
            var etag = all.Members.Single(m => m.Item1.SiloAddress.Equals(entry.SiloAddress)).Item2;
            Assert.True(await table.UpdateRowAsync(entry, etag, all.Version.Next()));
        }
    }

    private static SiloAddress Silo(int generation) => SiloAddress.New(IPAddress.Loopback, 11111, generation);

    private static MembershipEntry Entry(SiloAddress silo, SiloStatus status, DateTime lastAlive, int proxyPort = 30000, DateTime? suspectedAt = null) => new()
    {
        SiloAddress = silo,
        SiloName = "silo-" + silo.Generation,
        HostName = "host-" + silo.Generation,
        Status = status,
        ProxyPort = proxyPort,
        StartTime = lastAlive.AddMinutes(-1),
        IAmAliveTime = lastAlive,
        SuspectTimes = suspectedAt is { } at ? [Tuple.Create(Silo(99), at)] : null,
    };

    private async Task<List<int>> Generations(string clusterId)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT generation FROM orleans_cluster_member WHERE cluster_id = $1 ORDER BY generation", connection);
        command.Parameters.AddWithValue(clusterId);
        var result = new List<int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            result.Add(reader.GetInt32(0));
        }

        return result;
    }

    private async Task<int> RunStoredQuery(string key, Action<NpgsqlCommand> bind)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        string text;
        await using (var load = new NpgsqlCommand("SELECT QueryText FROM OrleansQuery WHERE QueryKey = $1", connection))
        {
            load.Parameters.AddWithValue(key);
            text = (string)(await load.ExecuteScalarAsync())!;
        }

        await using var command = new NpgsqlCommand(text, connection);
        bind(command);
        return await command.ExecuteNonQueryAsync();
    }

    private static void Add(NpgsqlCommand command, string name, object value, DbType type)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        parameter.DbType = type;
        command.Parameters.Add(parameter);
    }
}
