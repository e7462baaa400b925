using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Metering.Postgres.Tests.Support;
using Orleans.Metering.Storage;
using Orleans.Metering.Storage.Postgres;
using Orleans.TestingHost;

namespace Orleans.Metering.Postgres.Tests.Orleans;

/// <summary>
/// A TestCluster whose silos use Orleans' ADO.NET providers on our PostgreSQL scripts (invariant
/// Npgsql): membership and gateways (no test membership: the client finds its gateways in the
/// table), grain state "MeteringState" and reminders. Failure detection is tuned so that a killed
/// silo is declared dead within seconds, and reminders may tick every second.
/// </summary>
public static class PostgresOrleansCluster
{
    public const string StorageName = "MeteringState";

    /// <summary>The same table through DeleteStateOnClear: a clear deletes the row (DeleteStorageKey).</summary>
    public const string DeletingStorageName = "MeteringStateDeleteOnClear";

    private const string ConnectionKey = "MeteringTests:Postgres";

    /// <summary>Migrates the fixture's database; returns its connection string.</summary>
    public static async Task<string> Migrated(PostgresDatabaseFixture fixture)
    {
        if (PostgresServer.Unavailable is { } why)
        {
            throw new InvalidOperationException("Orleans on PostgreSQL needs a server: " + why);
        }

        await using var database = new PostgresDatabase(fixture.ConnectionString, NullLogger<PostgresDatabase>.Instance);
        await database.Migrate();
        return fixture.ConnectionString;
    }

    public static async Task<TestCluster> Start(string connectionString, string serviceId, string clusterId, short silos)
    {
        var builder = new TestClusterBuilder(silos);
        builder.Options.ServiceId = serviceId;
        builder.Options.ClusterId = clusterId;
        builder.Options.UseTestClusterMembership = false;
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureHostConfiguration(c => c.AddInMemoryCollection(new Dictionary<string, string?> { [ConnectionKey] = connectionString }));
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    public static async Task Stop(TestCluster cluster)
    {
        await cluster.StopAllSilosAsync();
        await cluster.DisposeAsync();
    }

    public static async Task<T> Scalar<T>(string connectionString, string sql, params object[] args)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var a in args)
        {
            command.Parameters.AddWithValue(a);
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }

    public static async Task<int> Execute(string connectionString, string sql, params object[] args)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var a in args)
        {
            command.Parameters.AddWithValue(a);
        }

        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>Polls until the condition holds; fails after the timeout.</summary>
    public static async Task Eventually(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Not within {timeout}: {what}");
            }

            await Task.Delay(200);
        }
    }

    public sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var connectionString = siloBuilder.Configuration[ConnectionKey]
                ?? throw new InvalidOperationException(ConnectionKey + " is not configured");
            siloBuilder
                .UseAdoNetClustering(o =>
                {
                    o.Invariant = PostgresDatabase.Invariant;
                    o.ConnectionString = connectionString;
                })
                .AddMeteringGrainStorage(StorageName, PostgresDatabase.Invariant, connectionString)
                .AddAdoNetGrainStorage(DeletingStorageName, o =>
                {
                    o.Invariant = PostgresDatabase.Invariant;
                    o.ConnectionString = connectionString;
                    o.DeleteStateOnClear = true;
                })
                .UseAdoNetReminderService(o =>
                {
                    o.Invariant = PostgresDatabase.Invariant;
                    o.ConnectionString = connectionString;
                });
            siloBuilder.Services.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
            siloBuilder.Services.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 2;
                o.NumVotesForDeathDeclaration = 1;
                o.TableRefreshTimeout = TimeSpan.FromSeconds(1);
                o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(2);
            });
        }
    }

    public sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder)
        {
            var connectionString = configuration[ConnectionKey]
                ?? throw new InvalidOperationException(ConnectionKey + " is not configured");
            clientBuilder.UseAdoNetClustering(o =>
            {
                o.Invariant = PostgresDatabase.Invariant;
                o.ConnectionString = connectionString;
            });
            clientBuilder.Services.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(1));
        }
    }
}
