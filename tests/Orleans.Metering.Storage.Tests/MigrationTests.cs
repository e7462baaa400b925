using Microsoft.Data.Sqlite;

namespace Orleans.Metering.Storage.Tests;

public sealed class MigrationTests : IDisposable
{
    private readonly TempDatabase temp = new();

    public void Dispose() => temp.Dispose();

    private static int HighestScriptVersion => SchemaScripts.For("Sqlite").Max(s => s.Version);

    [Fact]
    public void The_Sqlite_scripts_are_embedded_in_version_order()
    {
        var scripts = SchemaScripts.For("Sqlite");

        Assert.Equal([2, 3, 4, 5, 8, 10], scripts.Select(s => s.Version));
        Assert.Equal(
            ["002-orleans-persistence", "003-orleans-reminders", "004-metering-events-outbox", "005-metering-readings", "008-metering-event-key-per-device", "010-metering-outbox-leases"],
            scripts.Select(s => s.Name));
    }


    [Theory]
    [InlineData(3, "003-orleans-reminders")]
    [InlineData(10, "010-metering-outbox-leases")]
    public void A_change_made_on_both_engines_has_the_same_number_and_name_on_both(int version, string name)
    {
        var sqlite = Assert.Single(SchemaScripts.For("Sqlite"), s => s.Version == version);
        var postgres = Assert.Single(SchemaScripts.For("Postgres"), s => s.Version == version);

        Assert.Equal(name, sqlite.Name);
        Assert.Equal(sqlite.Name, postgres.Name);
    }

    [Fact]
    public async Task Migrate_on_a_new_file_returns_the_highest_script_version_and_creates_the_tables()
    {
        Assert.False(File.Exists(temp.Database.Path));

        var version = await temp.Database.Migrate();

        Assert.Equal(HighestScriptVersion, version);
        Assert.True(File.Exists(temp.Database.Path));
        var tables = await Tables();
        foreach (var table in new[] { "OrleansQuery", "OrleansStorage", "OrleansRemindersTable", "metering_event", "metering_outbox", "metering_schema_version" })
        {
            Assert.Contains(table, tables);
        }

        Assert.Equal(
            ["ClearStorageKey", "DeleteReminderRowKey", "DeleteReminderRowsKey", "DeleteStorageKey", "ReadFromStorageKey", "ReadRangeRows1Key",
             "ReadRangeRows2Key", "ReadReminderRowKey", "ReadReminderRowsKey", "UpsertReminderRowKey", "WriteToStorageKey"],
            await Strings("SELECT QueryKey FROM OrleansQuery ORDER BY QueryKey"));
    }

    [Fact]
    public async Task Migrate_twice_changes_nothing_and_records_each_version_once()
    {
        var first = await temp.Database.Migrate();
        var recorded = await Strings("SELECT version || '|' || name || '|' || applied_at FROM metering_schema_version ORDER BY version");
        var schema = await Strings("SELECT type || '|' || name || '|' || coalesce(sql, '') FROM sqlite_master ORDER BY type, name");
        var queries = await Strings("SELECT QueryKey || '|' || QueryText FROM OrleansQuery ORDER BY QueryKey");

        var second = await temp.Database.Migrate();

        Assert.Equal(first, second);
        Assert.Equal(recorded, await Strings("SELECT version || '|' || name || '|' || applied_at FROM metering_schema_version ORDER BY version"));
        Assert.Equal(schema, await Strings("SELECT type || '|' || name || '|' || coalesce(sql, '') FROM sqlite_master ORDER BY type, name"));
        Assert.Equal(queries, await Strings("SELECT QueryKey || '|' || QueryText FROM OrleansQuery ORDER BY QueryKey"));
        Assert.Equal(
            SchemaScripts.For("Sqlite").Select(s => s.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            await Strings("SELECT version FROM metering_schema_version ORDER BY version"));
    }

    [Fact]
    public async Task A_second_SqliteDatabase_on_the_same_file_sees_the_same_version()
    {
        var first = await temp.Database.Migrate();

        var other = temp.Open();

        Assert.Equal(temp.Database.Path, other.Path);
        Assert.Equal(first, await other.Migrate());
        Assert.Equal(
            SchemaScripts.For("Sqlite").Count,
            (await Strings("SELECT version FROM metering_schema_version")).Count);
    }

    [Fact]
    public async Task Migrations_that_read_the_applied_versions_while_another_writer_holds_the_file_all_succeed()
    {
        // A file on which an earlier start created only metering_schema_version; a writer holds it.
        Directory.CreateDirectory(temp.Directory);
        await using (var setup = await temp.Database.Open())
        await using (var command = setup.CreateCommand())
        {
            command.CommandText = "PRAGMA journal_mode = WAL; CREATE TABLE metering_schema_version (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);";
            await command.ExecuteNonQueryAsync();
        }

        Task<int[]> migrations;
        await using (var writer = await temp.Database.Open())
        {
            await using var tx = writer.BeginTransaction();
            await using (var command = writer.CreateCommand())
            {
                command.CommandText = "CREATE TABLE other_writer (x INTEGER)";
                await command.ExecuteNonQueryAsync();
            }

            migrations = Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => temp.Open().Migrate())));
            await Task.Delay(500);
            await tx.CommitAsync();
        }

        var versions = await migrations;

        Assert.All(versions, v => Assert.Equal(HighestScriptVersion, v));
    }

    [Fact]
    public async Task Migrate_keeps_the_data_already_stored()
    {
        await temp.Database.Migrate();
        await new Sqlite.SqliteReplyOutbox(temp.Database).Enqueue(
            new OutboxItem("o1", "http://x", "kind", "{}", 0, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch));

        await temp.Open().Migrate();

        Assert.NotNull(await new Sqlite.SqliteReplyOutbox(temp.Database).Get("o1"));
    }

    /// <summary>The SQLite scripts as they were numbered before they took PostgreSQL's numbers.</summary>
    private static readonly (int Version, string Name, string Script)[] OldNumbering =
    [
        (1, "001-orleans-grain-persistence", "002-orleans-persistence"),
        (2, "002-metering-events-outbox", "004-metering-events-outbox"),
        (3, "003-readings", "005-metering-readings"),
        (4, "004-metering-event-key-per-device", "008-metering-event-key-per-device"),
    ];

    /// <summary>A file as a silo with the old numbering left it after applying its scripts up to <paramref name="upTo"/>.</summary>
    private async Task CreateWithOldNumbering(int upTo)
    {
        var scripts = SchemaScripts.For("Sqlite").ToDictionary(s => s.Name);
        Directory.CreateDirectory(temp.Directory);
        await using var setup = await temp.Database.Open();
        await using var command = setup.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL; CREATE TABLE metering_schema_version (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);"
            + string.Concat(OldNumbering.Where(o => o.Version <= upTo).Select(o => scripts[o.Script].Sql + ";\n"
                + $"INSERT INTO metering_schema_version VALUES ({o.Version}, '{o.Name}', '2026-01-0{o.Version}');\n"));
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task A_file_with_the_old_numbering_is_translated_once_and_no_script_runs_again()
    {
        await CreateWithOldNumbering(upTo: 4);
        await new Sqlite.SqliteReplyOutbox(temp.Database).Enqueue(
            new OutboxItem("o1", "http://x", "kind", "{}", 0, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch));

        await temp.Open().Migrate();

        // Each change keeps the row (and the time) it was first applied at, under its new number.
        Assert.Equal(
            ["2|002-orleans-persistence|2026-01-01", "4|004-metering-events-outbox|2026-01-02", "5|005-metering-readings|2026-01-03", "8|008-metering-event-key-per-device|2026-01-04"],
            await Strings("SELECT version || '|' || name || '|' || applied_at FROM metering_schema_version WHERE version IN (2, 4, 5, 8) ORDER BY version"));
        // The translated file ends with the schema a new file gets: the scripts it had ran once, the later ones once.
        using (var fresh = new TempDatabase())
        {
            await fresh.Database.Migrate();
            Assert.Equal(await Strings(fresh.Database, SchemaQuery), await Strings(SchemaQuery));
        }

        Assert.NotNull(await new Sqlite.SqliteReplyOutbox(temp.Database).Get("o1"));
        Assert.Equal(
            SchemaScripts.For("Sqlite").Select(s => s.Name),
            await Strings("SELECT name FROM metering_schema_version ORDER BY version"));

        // A second start finds nothing left to translate or apply.
        var recorded = await Strings("SELECT version || '|' || name || '|' || applied_at FROM metering_schema_version ORDER BY version");
        await temp.Open().Migrate();
        Assert.Equal(recorded, await Strings("SELECT version || '|' || name || '|' || applied_at FROM metering_schema_version ORDER BY version"));
    }

    [Fact]
    public async Task Upgrading_an_old_version_3_file_keeps_its_events_and_keys_them_per_device()
    {
        // A file as the old version 3 schema left it, with an event stored under the old key (event_id alone).
        await CreateWithOldNumbering(upTo: 3);
        var old = new Abstractions.DeviceEvent { EventId = "ctl-1:3.31.0.68", DeviceId = "meter-1", EventType = "3.31.0.68", CreatedDateTime = DateTimeOffset.UnixEpoch.AddDays(1) };
        await using (var setup = await temp.Database.Open())
        await using (var insert = setup.CreateCommand())
        {
            insert.CommandText = "INSERT INTO metering_event (event_id, device_id, event_type, created_ticks, body) VALUES ($id, 'meter-1', '3.31.0.68', $ticks, $body)";
            insert.Parameters.AddWithValue("$id", old.EventId);
            insert.Parameters.AddWithValue("$ticks", StoreJson.ToTicks(old.CreatedDateTime));
            insert.Parameters.AddWithValue("$body", StoreJson.Serialize(old));
            await insert.ExecuteNonQueryAsync();
        }

        var events = new Sqlite.SqliteEventStore(temp.Database);

        Assert.Equal(HighestScriptVersion, await temp.Open().Migrate());

        Assert.Equal(
            ["2|2026-01-01", "4|2026-01-02", "5|2026-01-03"],
            await Strings("SELECT version || '|' || applied_at FROM metering_schema_version WHERE version IN (2, 4, 5) ORDER BY version"));
        Assert.NotEqual("2026-01-04", (await Strings("SELECT applied_at FROM metering_schema_version WHERE version = 8")).Single());
        await events.Append([old with { DeviceId = "meter-2" }]);
        Assert.Equal(["meter-1", "meter-2"], (await events.Query(new Abstractions.EventQuery())).Select(e => e.DeviceId));
    }

    private async Task<HashSet<string>> Tables() =>
        [.. await Strings("SELECT name FROM sqlite_master WHERE type = 'table'")];

    private const string SchemaQuery =
        "SELECT type || '|' || name || '|' || coalesce(sql, '') FROM sqlite_master WHERE name NOT LIKE 'metering_schema_version%' ORDER BY type, name";

    private Task<List<string>> Strings(string sql) => Strings(temp.Database, sql);

    private static async Task<List<string>> Strings(Sqlite.SqliteDatabase database, string sql)
    {
        await using var connection = await database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var result = new List<string>();
        await using SqliteDataReader reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            result.Add(reader.GetString(0));
        }

        return result;
    }
}
