using Microsoft.Data.Sqlite;

namespace Orleans.Metering.Storage.Tests;

/// <summary>
/// The grain-persistence queries of 002-orleans-persistence.sql (SQLite), run the way Orleans'
/// AdoNetGrainStorage runs them: the text comes from OrleansQuery, parameters are bound without
/// a prefix, and every result set is read.
/// </summary>
public sealed class GrainPersistenceQueryTests : IAsyncLifetime, IDisposable
{
    private static readonly GrainKey Grain = new("service-a", 111, "TestGrain", 222, 0, 0, "meter-1");

    private readonly TempDatabase temp = new();

    public async Task InitializeAsync() => await temp.Database.Migrate();

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task Microsoft_Data_Sqlite_binds_parameter_names_given_without_the_at_prefix()
    {
        await using var connection = await temp.Database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT @GrainIdHash, @PayloadBinary IS NULL";
        command.Parameters.AddWithValue("GrainIdHash", 42);
        command.Parameters.AddWithValue("PayloadBinary", DBNull.Value);

        await using var reader = await command.ExecuteReaderAsync();

        Assert.True(await reader.ReadAsync());
        Assert.Equal(42, reader.GetInt32(0));
        Assert.True(reader.GetBoolean(1));
    }

    [Fact]
    public async Task Reading_a_grain_that_was_never_written_returns_no_row()
    {
        Assert.Empty(await Read(Grain));
    }

    [Fact]
    public async Task First_write_without_a_version_creates_version_1_and_read_returns_it()
    {
        Assert.Equal([1], await Write(Grain, null, [1, 2, 3]));

        var row = Assert.Single(await Read(Grain));
        Assert.Equal([1, 2, 3], row.Payload);
        Assert.Equal(1, row.Version);
    }

    [Fact]
    public async Task Write_with_the_stored_version_increments_it()
    {
        await Write(Grain, null, [1]);

        Assert.Equal([2], await Write(Grain, 1, [2]));
        Assert.Equal([3], await Write(Grain, 2, [3]));

        var row = Assert.Single(await Read(Grain));
        Assert.Equal([3], row.Payload);
        Assert.Equal(3, row.Version);
    }

    [Fact]
    public async Task Write_with_a_stale_version_returns_the_callers_version_and_leaves_the_row()
    {
        await Write(Grain, null, [1]);
        await Write(Grain, 1, [2]);

        Assert.Equal([1], await Write(Grain, 1, [9]));

        var row = Assert.Single(await Read(Grain));
        Assert.Equal([2], row.Payload);
        Assert.Equal(2, row.Version);
    }

    [Fact]
    public async Task First_write_without_a_version_when_a_row_exists_returns_no_row()
    {
        await Write(Grain, null, [1]);

        Assert.Empty(await Write(Grain, null, [9]));

        var row = Assert.Single(await Read(Grain));
        Assert.Equal([1], row.Payload);
        Assert.Equal(1, row.Version);
    }

    [Fact]
    public async Task Write_with_a_version_for_a_row_that_does_not_exist_returns_that_version_and_creates_nothing()
    {
        Assert.Equal([5], await Write(Grain, 5, [9]));

        Assert.Empty(await Read(Grain));
        Assert.Equal(0L, await Count());
    }

    [Fact]
    public async Task A_null_key_extension_and_a_non_null_one_are_different_grains()
    {
        var withoutExtension = Grain with { Extension = null };
        var withExtension = Grain with { Extension = "ext" };

        Assert.Equal([1], await Write(withoutExtension, null, [1]));
        Assert.Equal([1], await Write(withExtension, null, [2]));
        Assert.Equal([2], await Write(withoutExtension, 1, [3]));

        Assert.Equal([3], Assert.Single(await Read(withoutExtension)).Payload);
        var other = Assert.Single(await Read(withExtension));
        Assert.Equal([2], other.Payload);
        Assert.Equal(1, other.Version);
        Assert.Equal(2L, await Count());
    }

    [Fact]
    public async Task Every_part_of_the_identity_separates_grains()
    {
        await Write(Grain, null, [0]);
        GrainKey[] others =
        [
            Grain with { ServiceId = "service-b" },
            Grain with { TypeHash = 112 },
            Grain with { TypeString = "OtherGrain" },
            Grain with { IdHash = 223 },
            Grain with { N0 = 1 },
            Grain with { N1 = 1 },
            Grain with { Extension = "meter-2" },
        ];

        foreach (var other in others)
        {
            Assert.Empty(await Read(other));
            Assert.Equal([1], await Write(other, null, [1]));
        }

        Assert.Equal(others.Length + 1L, await Count());
        Assert.Equal([0], Assert.Single(await Read(Grain)).Payload);
    }

    [Fact]
    public async Task Clear_with_the_stored_version_increments_it_and_nulls_the_payload()
    {
        await Write(Grain, null, [1]);
        await Write(Grain, 1, [2]);

        Assert.Equal([3], await Clear(Grain, 2));

        var row = Assert.Single(await Read(Grain));
        Assert.Null(row.Payload);
        Assert.Equal(3, row.Version);

        Assert.Equal([4], await Write(Grain, 3, [4]));
    }

    [Fact]
    public async Task Clear_with_a_wrong_version_returns_that_version_and_leaves_the_row()
    {
        await Write(Grain, null, [1]);

        Assert.Equal([7], await Clear(Grain, 7));

        var row = Assert.Single(await Read(Grain));
        Assert.Equal([1], row.Payload);
        Assert.Equal(1, row.Version);
    }

    [Fact]
    public async Task Delete_with_the_stored_version_removes_the_row_and_a_wrong_version_does_not()
    {
        await Write(Grain, null, [1]);

        Assert.Equal([4], await Execute("DeleteStorageKey", Grain, 4, null));
        Assert.Single(await Read(Grain));

        Assert.Equal([2], await Execute("DeleteStorageKey", Grain, 1, null));
        Assert.Empty(await Read(Grain));
    }

    private Task<List<int?>> Write(GrainKey key, int? version, byte[] payload) => Execute("WriteToStorageKey", key, version, payload);

    private Task<List<int?>> Clear(GrainKey key, int? version) => Execute("ClearStorageKey", key, version, null);

    private async Task<List<int?>> Execute(string queryKey, GrainKey key, int? version, byte[]? payload)
    {
        var versions = new List<int?>();
        await Run(queryKey, key, c =>
        {
            c.Parameters.AddWithValue("GrainStateVersion", version is { } v ? v : DBNull.Value);
            c.Parameters.AddWithValue("PayloadBinary", payload ?? (object)DBNull.Value);
        }, reader => versions.Add(reader.IsDBNull(reader.GetOrdinal("NewGrainStateVersion"))
            ? null
            : reader.GetInt32(reader.GetOrdinal("NewGrainStateVersion"))));
        return versions;
    }

    private async Task<List<(byte[]? Payload, int Version)>> Read(GrainKey key)
    {
        var rows = new List<(byte[]? Payload, int Version)>();
        await Run("ReadFromStorageKey", key, _ => { }, reader =>
        {
            var payload = reader.GetOrdinal("PayloadBinary");
            rows.Add((reader.IsDBNull(payload) ? null : (byte[])reader.GetValue(payload), reader.GetInt32(reader.GetOrdinal("Version"))));
        });
        return rows;
    }

    private async Task Run(string queryKey, GrainKey key, Action<SqliteCommand> bind, Action<SqliteDataReader> row)
    {
        await using var connection = await temp.Database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = await QueryText(connection, queryKey);
        command.Parameters.AddWithValue("GrainIdHash", key.IdHash);
        command.Parameters.AddWithValue("GrainIdN0", key.N0);
        command.Parameters.AddWithValue("GrainIdN1", key.N1);
        command.Parameters.AddWithValue("GrainTypeHash", key.TypeHash);
        command.Parameters.AddWithValue("GrainTypeString", key.TypeString);
        command.Parameters.AddWithValue("GrainIdExtensionString", key.Extension ?? (object)DBNull.Value);
        command.Parameters.AddWithValue("ServiceId", key.ServiceId);
        bind(command);

        await using var reader = await command.ExecuteReaderAsync();
        do
        {
            while (await reader.ReadAsync())
            {
                row(reader);
            }
        }
        while (await reader.NextResultAsync());
    }

    private static async Task<string> QueryText(SqliteConnection connection, string queryKey)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT QueryText FROM OrleansQuery WHERE QueryKey = $key";
        command.Parameters.AddWithValue("$key", queryKey);
        return (string)(await command.ExecuteScalarAsync() ?? throw new InvalidOperationException("No query " + queryKey));
    }

    private async Task<long> Count()
    {
        await using var connection = await temp.Database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM OrleansStorage";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private sealed record GrainKey(string ServiceId, int TypeHash, string TypeString, int IdHash, long N0, long N1, string? Extension);
}
