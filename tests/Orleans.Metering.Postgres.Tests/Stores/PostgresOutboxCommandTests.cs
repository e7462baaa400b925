using Orleans.Metering.Cim.Messages;
using Orleans.Metering.Gateway;
using Orleans.Metering.Postgres.Tests.Support;
using Orleans.Metering.Silo;
using Orleans.Metering.Storage;
using Orleans.Metering.Storage.Postgres;

namespace Orleans.Metering.Postgres.Tests.Stores;

/// <summary>The silo's <c>outbox</c> command on a cluster's PostgreSQL database, with no silo running.</summary>
public sealed class PostgresOutboxCommandTests(PostgresDatabaseFixture fixture) : IClassFixture<PostgresDatabaseFixture>, IAsyncDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly StoreDatabase scope = new(fixture);

    public ValueTask DisposeAsync() => scope.DisposeAsync();

    [PostgresFact]
    public async Task Dead_letters_are_listed_and_requeued_on_PostgreSQL()
    {
        var outbox = new PostgresReplyOutbox(await scope.Get());
        foreach (var id in new[] { "MTR-1/ctl-1:reply", "MTR-2/ctl-1:reply" })
        {
            await outbox.Enqueue(new OutboxItem(id, "https://receiver.example/replies", ReplyDeliveryService.RawMessageKind(MessageFraming.Generic), "<reply/>", 0, T0, T0));
        }

        Assert.Equal(2, (await outbox.Claim("test", T0, T0.AddMinutes(1), 10)).Count);
        Assert.True(await outbox.DeadLetter("MTR-1/ctl-1:reply", "test", 5, "HTTP 503", T0));
        Assert.True(await outbox.DeadLetter("MTR-2/ctl-1:reply", "test", 5, "HTTP 503", T0));
        string[] settings = ["--Metering:Storage=Postgres", "--ConnectionStrings:Metering=" + scope.ConnectionString, "--Logging:LogLevel:Default=Warning"];

        var (code, output) = await Run(["dead-letters", .. settings]);
        Assert.Equal(0, code);
        Assert.Contains("MTR-1/ctl-1:reply", output, StringComparison.Ordinal);
        Assert.Contains("MTR-2/ctl-1:reply", output, StringComparison.Ordinal);

        Assert.Equal(0, (await Run(["requeue", "MTR-1/ctl-1:reply", .. settings])).Code);
        Assert.Null((await outbox.Get("MTR-1/ctl-1:reply"))!.DeadAt);
        Assert.Equal(3, (await Run(["requeue", "MTR-1/ctl-1:reply", .. settings])).Code); // no longer a dead letter

        Assert.Equal(0, (await Run(["requeue", "--all", .. settings])).Code);
        Assert.Empty(await outbox.DeadLetters(10));
        Assert.Equal(2, (await outbox.Due(DateTimeOffset.UtcNow.AddMinutes(1), 10)).Count); // due at once (the command uses the real clock)
    }

    private static async Task<(int Code, string Output)> Run(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await OutboxCommand.Run(args, output, error);
        return (code, output + error.ToString());
    }
}
