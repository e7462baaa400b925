using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Metering.Cim.Messages;
using Orleans.Metering.Silo;
using Orleans.Metering.Storage;
using Orleans.Metering.Storage.Sqlite;

namespace Orleans.Metering.Gateway.Tests;

/// <summary>The silo's <c>outbox</c> command on an embedded database no silo is running on.</summary>
public sealed class OutboxCommandTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "metering-outbox-cmd-" + Guid.NewGuid().ToString("N"));

    private string[] Settings => ["--Metering:Storage=Sqlite", "--Metering:DataDirectory=" + directory, "--Logging:LogLevel:Default=Warning"];

    [Fact]
    public async Task Dead_letters_lists_a_dead_letter_and_requeue_makes_it_pending()
    {
        var outbox = await Outbox();
        await AddDeadLetter(outbox, "MTR-9/ctl-1:reply", "connection refused\non the second line");

        var (code, output, _) = await Run(["dead-letters", .. Settings]);
        Assert.Equal(0, code);
        var lines = output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("ID", lines[0], StringComparison.Ordinal);
        var row = Assert.Single(lines[1..]);
        Assert.Contains("MTR-9/ctl-1:reply", row, StringComparison.Ordinal);
        Assert.Contains("https://receiver.example/replies", row, StringComparison.Ordinal);
        Assert.Contains("2026-03-01 12:00:00Z", row, StringComparison.Ordinal);
        Assert.Contains("connection refused on the second line", row, StringComparison.Ordinal);

        (code, output, _) = await Run(["requeue", "MTR-9/ctl-1:reply", .. Settings]);
        Assert.Equal(0, code);
        Assert.Contains("Re-queued MTR-9/ctl-1:reply", output, StringComparison.Ordinal);
        var item = (await outbox.Get("MTR-9/ctl-1:reply"))!;
        Assert.Null(item.DeadAt);
        Assert.Equal(0, item.Attempts);
        Assert.Single(await outbox.Due(DateTimeOffset.UtcNow, 10));
        Assert.Equal("No dead letters.", (await Run(["dead-letters", .. Settings])).Output.Trim());
    }

    [Fact]
    public async Task Requeue_all_requeues_every_dead_letter_and_max_limits_the_list()
    {
        var outbox = await Outbox();
        await AddDeadLetter(outbox, "a", "HTTP 503");
        await AddDeadLetter(outbox, "b", "HTTP 503");

        var (code, output, _) = await Run(["dead-letters", "--max", "1", .. Settings]);
        Assert.Equal(0, code);
        Assert.Contains("(the first 1;", output, StringComparison.Ordinal);

        (code, output, _) = await Run(["requeue", "--all", .. Settings]);
        Assert.Equal(0, code);
        Assert.Contains("Re-queued 2 dead letters", output, StringComparison.Ordinal);
        Assert.Empty(await outbox.DeadLetters(10));
    }

    [Fact]
    public async Task An_unknown_id_exits_non_zero_and_says_so()
    {
        await Outbox();

        var (code, _, error) = await Run(["requeue", "no-such-reply", .. Settings]);

        Assert.Equal(3, code);
        Assert.Contains("No reply with id 'no-such-reply'", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "requeue" }, "either one ID or --all")]
    [InlineData(new[] { "requeue", "x", "--all" }, "either one ID or --all")]
    [InlineData(new[] { "dead-letters", "--max", "0" }, "--max must be a whole number from 1 to 1000")]
    [InlineData(new[] { "dead-letters", "--max=lots" }, "--max must be a whole number from 1 to 1000")]
    [InlineData(new[] { "purge" }, "unknown subcommand 'purge'")]
    [InlineData(new string[0], "no subcommand")]
    public async Task Bad_arguments_exit_2_with_the_usage(string[] args, string message)
    {
        var (code, _, error) = await Run([.. args, .. Settings]);

        Assert.Equal(2, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Contains(OutboxCommand.Usage.TrimEnd(), error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_data_directory_without_a_database_is_named_and_not_created()
    {
        var (code, _, error) = await Run(["dead-letters", .. Settings]);

        Assert.Equal(2, code);
        Assert.Contains("there is no database at", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(directory));
    }

    private static async Task<(int Code, string Output, string Error)> Run(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await OutboxCommand.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>The outbox of a database made as the silo makes it, in this test's data directory.</summary>
    private async Task<IReplyOutbox> Outbox()
    {
        var database = new SqliteDatabase(new MeteringStorageOptions { Storage = StorageKind.Sqlite, DataDirectory = directory }, NullLogger<SqliteDatabase>.Instance);
        await database.Migrate();
        return new SqliteReplyOutbox(database);
    }

    private static async Task AddDeadLetter(IReplyOutbox outbox, string id, string error)
    {
        var at = Delivery.DeliveryHarness.T0;
        await outbox.Enqueue(new OutboxItem(id, "https://receiver.example/replies", ReplyDeliveryService.RawMessageKind(MessageFraming.Generic), "<reply/>", 0, at, at));
        Assert.Contains(id, (await outbox.Claim("test", at, at.AddMinutes(1), 10)).Select(i => i.Id));
        Assert.True(await outbox.DeadLetter(id, "test", 4, error, at));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
