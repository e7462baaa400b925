using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Metering.Storage.Sqlite;
using Orleans.Runtime;

namespace Orleans.Metering.Storage.Tests;

/// <summary>
/// What Orleans' ADO.NET reminder table must do on our 003-orleans-reminders scripts, run through
/// Orleans' own table (resolved from its DI registration, as a silo gets it); one subclass per engine.
/// </summary>
public abstract class ReminderTableContract
{
    private static readonly DateTime Start = new(2026, 3, 1, 12, 0, 0, 125, DateTimeKind.Utc);

    private readonly string serviceId = "reminder-contract-" + Guid.NewGuid().ToString("N");

    /// <summary>A migrated database of the engine: (ADO.NET invariant, connection string).</summary>
    protected abstract Task<(string Invariant, string ConnectionString)> Database();

    /// <summary>Orleans' AdoNetReminderTable for a service, started.</summary>
    public static async Task<IReminderTable> OrleansTable(string invariant, string connectionString, string serviceId)
    {
        var services = new ServiceCollection();
        services.Configure<ClusterOptions>(o =>
        {
            o.ServiceId = serviceId;
            o.ClusterId = serviceId;
        });
        services.UseAdoNetReminderService(o => o.Configure(r =>
        {
            r.Invariant = invariant;
            r.ConnectionString = connectionString;
        }));
        var table = services.BuildServiceProvider().GetRequiredService<IReminderTable>();
        await table.StartAsync();
        return table;
    }

    private async Task<IReminderTable> Table(string? service = null)
    {
        var (invariant, connectionString) = await Database();
        return await OrleansTable(invariant, connectionString, service ?? serviceId);
    }

    protected static GrainId Grain(string key) => GrainId.Create("reminder-contract", key);

    private static ReminderEntry Entry(GrainId grain, string name, TimeSpan period, DateTime? start = null) => new()
    {
        GrainId = grain,
        ReminderName = name,
        StartAt = start ?? Start,
        Period = period,
    };

    [SkippableFact]
    public async Task A_new_reminder_gets_an_ETag_and_is_read_back_as_written()
    {
        var table = await Table();
        var grain = Grain("meter-1");

        var etag = await table.UpsertRow(Entry(grain, "daily", TimeSpan.FromDays(1)));

        Assert.False(string.IsNullOrEmpty(etag));
        var row = await table.ReadRow(grain, "daily");
        Assert.NotNull(row);
        Assert.Equal(grain, row.GrainId);
        Assert.Equal("daily", row.ReminderName);
        Assert.Equal(Start, row.StartAt);
        Assert.Equal(DateTimeKind.Utc, row.StartAt.Kind);
        Assert.Equal(TimeSpan.FromDays(1), row.Period);
        Assert.Equal(etag, row.ETag);
        Assert.Null(await table.ReadRow(grain, "hourly"));
        Assert.Null(await table.ReadRow(Grain("meter-2"), "daily"));
    }

    [SkippableFact]
    public async Task Upserting_an_existing_reminder_replaces_it_and_gives_a_new_ETag()
    {
        var table = await Table();
        var grain = Grain("meter-1");
        var first = await table.UpsertRow(Entry(grain, "daily", TimeSpan.FromDays(1)));

        var second = await table.UpsertRow(Entry(grain, "daily", TimeSpan.FromHours(12), Start.AddHours(1)));

        Assert.NotEqual(first, second);
        var row = Assert.Single((await table.ReadRows(grain)).Reminders);
        Assert.Equal(TimeSpan.FromHours(12), row.Period);
        Assert.Equal(Start.AddHours(1), row.StartAt);
        Assert.Equal(second, row.ETag);
    }

    [SkippableFact]
    public async Task A_period_beyond_int_milliseconds_round_trips()
    {
        var table = await Table();
        var grain = Grain("meter-1");

        await table.UpsertRow(Entry(grain, "quarterly", TimeSpan.FromDays(92)));

        Assert.Equal(TimeSpan.FromDays(92), (await table.ReadRow(grain, "quarterly"))!.Period);
    }

    [SkippableFact]
    public async Task The_rows_of_a_grain_are_its_reminders_in_this_service_only()
    {
        var table = await Table();
        var other = await Table("other-" + serviceId);
        await table.UpsertRow(Entry(Grain("meter-1"), "daily", TimeSpan.FromDays(1)));
        await table.UpsertRow(Entry(Grain("meter-1"), "hourly", TimeSpan.FromHours(1)));
        await table.UpsertRow(Entry(Grain("meter-2"), "daily", TimeSpan.FromDays(1)));
        await other.UpsertRow(Entry(Grain("meter-1"), "weekly", TimeSpan.FromDays(7)));

        var rows = (await table.ReadRows(Grain("meter-1"))).Reminders;

        Assert.Equal(["daily", "hourly"], rows.Select(r => r.ReminderName).Order(StringComparer.Ordinal));
        Assert.All(rows, r => Assert.Equal(Grain("meter-1"), r.GrainId));
        Assert.Empty((await table.ReadRows(Grain("meter-3"))).Reminders);
        Assert.Equal("weekly", Assert.Single((await other.ReadRows(Grain("meter-1"))).Reminders).ReminderName);
    }

    [SkippableFact]
    public async Task Ring_ranges_hold_the_hashes_after_begin_up_to_end_and_may_wrap()
    {
        var table = await Table();
        var grains = Enumerable.Range(0, 64).Select(i => Grain("meter-" + i)).ToList();
        foreach (var grain in grains)
        {
            await table.UpsertRow(Entry(grain, "daily", TimeSpan.FromDays(1)));
        }

        var hashes = grains.Select(g => g.GetUniformHashCode()).Order().ToList();
        var ranges = new List<(uint Begin, uint End)>
        {
            (0u, 0u),                   // the whole ring
            (0u, 0x80000000u),          // up to the signed minimum
            (0x80000000u, 0u),          // the rest: wraps past the unsigned maximum
            (0x70000000u, 0x90000000u), // crosses the signed maximum
            (0xF0000000u, 0x10000000u), // crosses the unsigned maximum
            (0x10000000u, 0x70000000u), // positive as signed ints
            (0x90000000u, 0xF0000000u), // negative as signed ints
            (hashes[10], hashes[20]),   // begin excluded, end included
            (hashes[50], hashes[5]),
            (hashes[30], hashes[30]),   // begin = end: the whole ring
        };

        foreach (var (begin, end) in ranges)
        {
            var expected = grains.Where(g => InRange(g.GetUniformHashCode(), begin, end)).Select(g => g.ToString()).Order(StringComparer.Ordinal);
            var read = (await table.ReadRows(begin, end)).Reminders.Select(r => r.GrainId.ToString()).Order(StringComparer.Ordinal);
            Assert.True(expected.SequenceEqual(read), $"range ({begin:X8}, {end:X8}]: expected {expected.Count()} reminders, read {read.Count()}");
        }
    }

    /// <summary>The ring's (begin, end] on unsigned hashes; begin = end is the whole ring.</summary>
    private static bool InRange(uint hash, uint begin, uint end) =>
        begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;

    [SkippableFact]
    public async Task A_reminder_is_removed_only_with_its_current_ETag()
    {
        var table = await Table();
        var grain = Grain("meter-1");
        var stale = await table.UpsertRow(Entry(grain, "daily", TimeSpan.FromDays(1)));
        var current = await table.UpsertRow(Entry(grain, "daily", TimeSpan.FromDays(2)));

        Assert.False(await table.RemoveRow(grain, "daily", stale!));
        Assert.False(await table.RemoveRow(grain, "daily", "999999"));
        Assert.False(await table.RemoveRow(grain, "hourly", current!));
        Assert.NotNull(await table.ReadRow(grain, "daily"));

        Assert.True(await table.RemoveRow(grain, "daily", current!));
        Assert.Null(await table.ReadRow(grain, "daily"));
        Assert.False(await table.RemoveRow(grain, "daily", current!));
    }

    [SkippableFact]
    public async Task Clearing_removes_every_reminder_of_the_service_and_no_other()
    {
        var table = await Table();
        var other = await Table("other-" + serviceId);
        await table.UpsertRow(Entry(Grain("meter-1"), "daily", TimeSpan.FromDays(1)));
        await table.UpsertRow(Entry(Grain("meter-2"), "daily", TimeSpan.FromDays(1)));
        await other.UpsertRow(Entry(Grain("meter-1"), "daily", TimeSpan.FromDays(1)));

        await table.TestOnlyClearTable();

        Assert.Empty((await table.ReadRows(0u, 0u)).Reminders);
        Assert.Single((await other.ReadRows(0u, 0u)).Reminders);
    }

    [SkippableFact]
    public async Task Concurrent_upserts_from_two_tables_all_succeed_with_distinct_ETags()
    {
        // Two silos' tables on one database, writing at once: new rows and the same row over and over.
        var tables = new[] { await Table(), await Table() };
        var shared = Grain("meter-shared");

        var writes = Enumerable.Range(0, 80).Select(i => Task.Run(() => tables[i % 2].UpsertRow(i % 4 == 0
            ? Entry(shared, "daily", TimeSpan.FromMinutes(i + 1))
            : Entry(Grain("meter-" + i), "daily", TimeSpan.FromDays(1)))));
        var etags = await Task.WhenAll(writes);

        Assert.All(etags, e => Assert.False(string.IsNullOrEmpty(e)));
        var sharedETags = etags.Where((_, i) => i % 4 == 0).ToList();
        Assert.Equal(sharedETags.Count, sharedETags.Distinct().Count());
        Assert.Equal(61, (await tables[0].ReadRows(0u, 0u)).Reminders.Count);
        Assert.Contains((await tables[1].ReadRow(shared, "daily"))!.ETag, sharedETags);
    }
}

public sealed class SqliteReminderTableTests : ReminderTableContract, IDisposable
{
    private readonly TempDatabase temp = new();

    public void Dispose() => temp.Dispose();

    protected override async Task<(string Invariant, string ConnectionString)> Database()
    {
        await temp.Database.Migrate();
        return (SqliteDatabase.Invariant, temp.Database.ConnectionString);
    }

    [Fact]
    public async Task Rows_are_stored_with_the_signed_hash_Orleans_binds()
    {
        var (invariant, connectionString) = await Database();
        var table = await OrleansTable(invariant, connectionString, "hash-check");
        var grain = Enumerable.Range(0, 100).Select(i => Grain("meter-" + i)).First(g => g.GetUniformHashCode() > int.MaxValue);

        await table.UpsertRow(new ReminderEntry { GrainId = grain, ReminderName = "daily", StartAt = DateTime.UtcNow, Period = TimeSpan.FromDays(1) });

        await using var connection = await temp.Database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT GrainHash, Version FROM OrleansRemindersTable WHERE ServiceId = 'hash-check'";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal((long)(int)grain.GetUniformHashCode(), reader.GetInt64(0));
        Assert.Equal(1L, reader.GetInt64(1));
    }
}
