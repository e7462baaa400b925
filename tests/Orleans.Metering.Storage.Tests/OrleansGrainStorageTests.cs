using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Metering.Storage.Sqlite;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Orleans.Metering.Storage.Tests;

/// <summary>
/// Orleans' own AdoNetGrainStorage and ADO.NET reminder service on our SQLite scripts, as the silo
/// configures them for Metering:Storage=Sqlite: a one-silo in-process cluster per deployment, all
/// deployments of a test sharing one database file and one ServiceId.
/// </summary>
public sealed class OrleansGrainStorageTests : IAsyncLifetime, IDisposable
{
    public const string StorageName = "MeteringState";

    private readonly TempDatabase temp = new();
    private readonly string serviceId = "storage-tests-" + Guid.NewGuid().ToString("N");
    private readonly List<InProcessTestCluster> clusters = [];

    public async Task InitializeAsync() => await temp.Database.Migrate();

    public async Task DisposeAsync()
    {
        foreach (var cluster in clusters)
        {
            await cluster.DisposeAsync();
        }
    }

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task State_written_is_read_back_after_deactivation()
    {
        var cluster = await StartCluster();
        var grain = cluster.Client.GetGrain<IStateTestGrain>("meter-1");

        Assert.Null(await grain.Get());
        Assert.Null(await grain.ETag());
        await grain.Set("first");
        Assert.Equal("1", await grain.ETag());
        await grain.Set("second");
        Assert.Equal("2", await grain.ETag());

        await grain.Deactivate();

        Assert.Equal("second", await grain.Get());
        Assert.Equal("2", await grain.ETag());
        Assert.Equal((2, true), Assert.Single(await StoredRows("meter-1")));
    }

    [Fact]
    public async Task Different_keys_are_different_rows()
    {
        var cluster = await StartCluster();

        await cluster.Client.GetGrain<IStateTestGrain>("meter-1").Set("one");
        await cluster.Client.GetGrain<IStateTestGrain>("meter-2").Set("two");

        Assert.Equal("one", await cluster.Client.GetGrain<IStateTestGrain>("meter-1").Get());
        Assert.Equal("two", await cluster.Client.GetGrain<IStateTestGrain>("meter-2").Get());
        Assert.Single(await StoredRows("meter-1"));
        Assert.Single(await StoredRows("meter-2"));
    }

    [Fact]
    public async Task Clear_nulls_the_payload_and_a_new_activation_starts_from_default_state()
    {
        var cluster = await StartCluster();
        var grain = cluster.Client.GetGrain<IStateTestGrain>("meter-1");
        await grain.Set("value");

        await grain.Clear();
        Assert.Equal((2, false), Assert.Single(await StoredRows("meter-1")));
        await grain.Deactivate();

        Assert.Null(await grain.Get());
        Assert.Equal("2", await grain.ETag());
        await grain.Set("again");
        Assert.Equal((3, true), Assert.Single(await StoredRows("meter-1")));
    }

    [Fact]
    public async Task A_version_bumped_behind_the_grains_back_makes_the_next_write_throw_InconsistentStateException()
    {
        var cluster = await StartCluster();
        var grain = cluster.Client.GetGrain<IStateTestGrain>("meter-1");
        await grain.Set("mine");

        await using (var connection = await temp.Database.Open())
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "UPDATE OrleansStorage SET Version = Version + 1 WHERE ServiceId = $service AND GrainIdExtensionString = $key";
            command.Parameters.AddWithValue("$service", serviceId);
            command.Parameters.AddWithValue("$key", "meter-1");
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        await Assert.ThrowsAsync<InconsistentStateException>(() => grain.Set("lost"));

        Assert.Equal((2, true), Assert.Single(await StoredRows("meter-1")));
    }

    [Fact]
    public async Task Two_clusters_sharing_the_file_detect_each_others_writes_as_ETag_conflicts()
    {
        var first = await StartCluster();
        var second = await StartCluster();
        var inFirst = first.Client.GetGrain<IStateTestGrain>("meter-1");
        var inSecond = second.Client.GetGrain<IStateTestGrain>("meter-1");

        await inFirst.Set("from first");
        Assert.Equal("from first", await inSecond.Get());
        await inSecond.Set("from second");

        await Assert.ThrowsAsync<InconsistentStateException>(() => inFirst.Set("stale"));

        await inFirst.Deactivate();
        Assert.Equal("from second", await inFirst.Get());
        Assert.Equal("2", await inFirst.ETag());
    }

    [Fact]
    public async Task Two_first_activations_writing_without_a_version_conflict()
    {
        var first = await StartCluster();
        var second = await StartCluster();
        var inFirst = first.Client.GetGrain<IStateTestGrain>("meter-1");
        var inSecond = second.Client.GetGrain<IStateTestGrain>("meter-1");
        Assert.Null(await inFirst.Get());
        Assert.Null(await inSecond.Get());

        await inFirst.Set("first");

        await Assert.ThrowsAsync<InconsistentStateException>(() => inSecond.Set("second"));
        Assert.Equal((1, true), Assert.Single(await StoredRows("meter-1")));
    }

    [Fact]
    public async Task State_survives_a_restart_of_the_cluster_on_the_same_file()
    {
        var before = await StartCluster();
        await before.Client.GetGrain<IStateTestGrain>("meter-1").Set("durable");
        await before.StopAllSilosAsync();

        var after = await StartCluster();
        var grain = after.Client.GetGrain<IStateTestGrain>("meter-1");

        Assert.Equal("durable", await grain.Get());
        Assert.Equal("1", await grain.ETag());
        await grain.Set("updated");
        Assert.Equal("2", await grain.ETag());
    }

    [Fact]
    public async Task A_reminder_registered_before_a_restart_is_seen_and_ticks_on_a_new_silo_on_the_same_file()
    {
        var before = await StartCluster();
        await before.Client.GetGrain<IReminderTestGrain>("meter-1").Register("read", TimeSpan.FromHours(1), TimeSpan.FromHours(1));
        await before.Client.GetGrain<IReminderTestGrain>("meter-2").Register("fast", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        await before.StopAllSilosAsync();

        var after = await StartCluster();

        Assert.True(await after.Client.GetGrain<IReminderTestGrain>("meter-1").Has("read"));
        Assert.False(await after.Client.GetGrain<IReminderTestGrain>("meter-1").Has("fast"));
        var fast = after.Client.GetGrain<IReminderTestGrain>("meter-2");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await fast.Ticks("fast") == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the reminder did not tick on the new silo within 30 s");
            await Task.Delay(200);
        }

        await using var connection = await temp.Database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT ReminderName || '|' || Period FROM OrleansRemindersTable WHERE ServiceId = $service ORDER BY ReminderName";
        command.Parameters.AddWithValue("$service", serviceId);
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        Assert.Equal(["fast|1000", "read|3600000"], rows);
    }

    /// <summary>A one-silo cluster with the platform's grain storage, or the provider's default (JSON) when <paramref name="providerDefault"/>.</summary>
    private async Task<InProcessTestCluster> StartCluster(bool providerDefault = false, GrainStateFormat format = GrainStateFormat.Binary)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ServiceId = serviceId;
        var connectionString = temp.Database.ConnectionString;
        builder.ConfigureSilo((_, silo) =>
        {
            if (providerDefault)
            {
                silo.AddAdoNetGrainStorage(StorageName, o =>
                {
                    o.Invariant = SqliteDatabase.Invariant;
                    o.ConnectionString = connectionString;
                });
            }
            else
            {
                silo.AddMeteringGrainStorage(StorageName, SqliteDatabase.Invariant, connectionString, format);
            }

            silo.UseAdoNetReminderService(o =>
            {
                o.Invariant = SqliteDatabase.Invariant;
                o.ConnectionString = connectionString;
            });
            silo.Services.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
        });
        var cluster = builder.Build();
        clusters.Add(cluster);
        await cluster.DeployAsync();
        return cluster;
    }

    [Fact]
    public async Task State_is_written_binary_and_state_written_as_json_by_earlier_versions_is_still_read()
    {
        var earlier = await StartCluster(providerDefault: true);
        await earlier.Client.GetGrain<IStateTestGrain>("meter-1").Set("written as json");
        Assert.Equal((byte)'{', (await Payload("meter-1"))[0]);
        await earlier.StopAllSilosAsync();

        var now = await StartCluster();
        var grain = now.Client.GetGrain<IStateTestGrain>("meter-1");
        Assert.Equal("written as json", await grain.Get());
        await grain.Set("written as json");
        var binary = await Payload("meter-1");
        Assert.NotEqual((byte)'{', binary[0]);

        await grain.Deactivate();
        Assert.Equal("written as json", await grain.Get());
        Assert.Equal("2", await grain.ETag());
    }

    [Fact]
    public async Task The_json_format_for_rolling_upgrades_writes_json_and_still_reads_binary()
    {
        var binary = await StartCluster();
        await binary.Client.GetGrain<IStateTestGrain>("meter-1").Set("written binary");
        await binary.StopAllSilosAsync();

        var rolling = await StartCluster(format: GrainStateFormat.Json);
        var grain = rolling.Client.GetGrain<IStateTestGrain>("meter-1");
        Assert.Equal("written binary", await grain.Get());
        await grain.Set("written as json");
        Assert.Equal((byte)'{', (await Payload("meter-1"))[0]);
        await rolling.StopAllSilosAsync();

        var earlier = await StartCluster(providerDefault: true);
        Assert.Equal("written as json", await earlier.Client.GetGrain<IStateTestGrain>("meter-1").Get());
    }

    private async Task<byte[]> Payload(string key)
    {
        await using var connection = await temp.Database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT PayloadBinary FROM OrleansStorage WHERE ServiceId = $service AND GrainIdExtensionString = $key";
        command.Parameters.AddWithValue("$service", serviceId);
        command.Parameters.AddWithValue("$key", key);
        return (byte[])(await command.ExecuteScalarAsync())!;
    }

    /// <summary>(Version, has payload) of each stored row of the grain with this key.</summary>
    private async Task<List<(int Version, bool HasPayload)>> StoredRows(string key)
    {
        await using var connection = await temp.Database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Version, PayloadBinary IS NOT NULL FROM OrleansStorage WHERE ServiceId = $service AND GrainIdExtensionString = $key";
        command.Parameters.AddWithValue("$service", serviceId);
        command.Parameters.AddWithValue("$key", key);
        var rows = new List<(int, bool)>();
        await using SqliteDataReader reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt32(0), reader.GetBoolean(1)));
        }

        return rows;
    }
}
