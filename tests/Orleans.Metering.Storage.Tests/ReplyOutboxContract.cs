using Orleans.Metering.Storage.Sqlite;

namespace Orleans.Metering.Storage.Tests;

/// <summary>The behaviour every <see cref="IReplyOutbox"/> shares; one subclass per implementation.</summary>
public abstract class ReplyOutboxContract
{
    // Whole milliseconds with a non-zero offset: the SQL store keeps Unix milliseconds.
    protected static readonly DateTimeOffset T0 = new(2026, 3, 1, 14, 0, 0, 250, TimeSpan.FromHours(2));

    protected abstract Task<IReplyOutbox> CreateOutbox();

    protected static OutboxItem Item(string id, int createdMinutes = 0, int nextMinutes = 0, string body = "<Reply/>") =>
        new(id, "https://client.example/replies", "EndDeviceControlsReply", body, 0, T0.AddMinutes(nextMinutes), T0.AddMinutes(createdMinutes));

    [SkippableFact]
    public async Task Get_returns_the_stored_item_and_null_for_an_unknown_id()
    {
        var outbox = await CreateOutbox();
        var item = Item("o1", createdMinutes: -5, nextMinutes: 3, body: "<Reply>ünïcode ✓ 'q'</Reply>");

        await outbox.Enqueue(item);

        Assert.Equal(item, await outbox.Get("o1"));
        Assert.Null(await outbox.Get("unknown"));
    }

    [SkippableFact]
    public async Task Enqueue_is_idempotent_by_Id_and_keeps_the_first_item()
    {
        var outbox = await CreateOutbox();
        var first = Item("o1", body: "first");

        await outbox.Enqueue(first);
        await outbox.Enqueue(Item("o1", createdMinutes: 1, nextMinutes: 9, body: "second") with { Attempts = 4, Address = "elsewhere" });

        Assert.Equal(first, await outbox.Get("o1"));
        Assert.Single(await outbox.Due(T0.AddHours(1), 10));
    }

    [SkippableFact]
    public async Task Enqueue_after_delivery_does_not_bring_the_item_back()
    {
        var outbox = await CreateOutbox();
        await outbox.Enqueue(Item("o1"));
        await outbox.MarkDelivered("o1", T0);

        await outbox.Enqueue(Item("o1"));

        Assert.Empty(await outbox.Due(T0.AddHours(1), 10));
        Assert.Equal(T0, (await outbox.Get("o1"))!.DeliveredAt);
    }

    [SkippableFact]
    public async Task Due_returns_only_items_whose_next_attempt_is_at_or_before_now()
    {
        var outbox = await CreateOutbox();
        await outbox.Enqueue(Item("past", createdMinutes: 0, nextMinutes: -1));
        await outbox.Enqueue(Item("now", createdMinutes: 1, nextMinutes: 0));
        await outbox.Enqueue(Item("future", createdMinutes: 2, nextMinutes: 1));

        Assert.Equal(["past", "now"], Ids(await outbox.Due(T0, 10)));
        Assert.Equal(["past"], Ids(await outbox.Due(T0.AddMilliseconds(-1), 10)));
        Assert.Equal(["past", "now", "future"], Ids(await outbox.Due(T0.AddMinutes(1), 10)));
        Assert.Equal(["past", "now"], Ids(await outbox.Due(T0.ToOffset(TimeSpan.FromHours(-5)), 10)));
    }

    [SkippableFact]
    public async Task Due_returns_the_oldest_first_and_at_most_max()
    {
        var outbox = await CreateOutbox();
        await outbox.Enqueue(Item("c", createdMinutes: 3, nextMinutes: -10));
        await outbox.Enqueue(Item("a", createdMinutes: 1, nextMinutes: 0));
        await outbox.Enqueue(Item("d", createdMinutes: 4, nextMinutes: -20));
        await outbox.Enqueue(Item("b", createdMinutes: 2, nextMinutes: -5));

        Assert.Equal(["a", "b", "c", "d"], Ids(await outbox.Due(T0, 10)));
        Assert.Equal(["a", "b"], Ids(await outbox.Due(T0, 2)));
        Assert.Empty(await outbox.Due(T0, 0));
    }

    [SkippableFact]
    public async Task Reschedule_updates_attempts_next_attempt_and_error()
    {
        var outbox = await CreateOutbox();
        var item = Item("o1");
        await outbox.Enqueue(item);

        await outbox.Reschedule("o1", 1, T0.AddSeconds(30), "HTTP 503");

        Assert.Equal(item with { Attempts = 1, NextAttemptAt = T0.AddSeconds(30), LastError = "HTTP 503" }, await outbox.Get("o1"));
        Assert.Empty(await outbox.Due(T0.AddSeconds(29), 10));
        Assert.Equal(["o1"], Ids(await outbox.Due(T0.AddSeconds(30), 10)));

        await outbox.Reschedule("o1", 2, T0.AddMinutes(2), "timeout");

        Assert.Equal(item with { Attempts = 2, NextAttemptAt = T0.AddMinutes(2), LastError = "timeout" }, await outbox.Get("o1"));
    }

    [SkippableFact]
    public async Task Reschedule_and_MarkDelivered_of_an_unknown_id_create_nothing()
    {
        var outbox = await CreateOutbox();

        await outbox.Reschedule("ghost", 1, T0, "error");
        await outbox.MarkDelivered("ghost", T0);

        Assert.Null(await outbox.Get("ghost"));
        Assert.Empty(await outbox.Due(T0.AddYears(1), 10));
    }

    [SkippableFact]
    public async Task MarkDelivered_removes_the_item_from_Due_and_records_when()
    {
        var outbox = await CreateOutbox();
        await outbox.Enqueue(Item("o1", createdMinutes: 0));
        await outbox.Enqueue(Item("o2", createdMinutes: 1));

        await outbox.MarkDelivered("o1", T0.AddSeconds(5));

        Assert.Equal(["o2"], Ids(await outbox.Due(T0.AddHours(1), 10)));
        var delivered = await outbox.Get("o1");
        Assert.Equal(T0.AddSeconds(5), delivered!.DeliveredAt);
        Assert.Null(delivered.LastError);
    }

    protected static string[] Ids(IEnumerable<OutboxItem> items) => [.. items.Select(i => i.Id)];
}

public sealed class InMemoryReplyOutboxTests : ReplyOutboxContract
{
    protected override Task<IReplyOutbox> CreateOutbox() => Task.FromResult<IReplyOutbox>(new InMemoryReplyOutbox());
}

public sealed class SqliteReplyOutboxTests : ReplyOutboxContract, IDisposable
{
    private readonly TempDatabase temp = new();

    public void Dispose() => temp.Dispose();

    protected override async Task<IReplyOutbox> CreateOutbox()
    {
        await temp.Database.Migrate();
        return new SqliteReplyOutbox(temp.Database);
    }

    [SkippableFact]
    public async Task Items_and_their_progress_survive_reopening_the_database()
    {
        var outbox = await CreateOutbox();
        var pending = Item("pending", createdMinutes: 0);
        await outbox.Enqueue(pending);
        await outbox.Enqueue(Item("retrying", createdMinutes: 1));
        await outbox.Enqueue(Item("delivered", createdMinutes: 2));
        await outbox.Reschedule("retrying", 3, T0.AddMinutes(10), "refused");
        await outbox.MarkDelivered("delivered", T0.AddMinutes(1));

        var reopened = temp.Open();
        Assert.Equal(SchemaScripts.For("Sqlite").Max(s => s.Version), await reopened.Migrate());
        var again = new SqliteReplyOutbox(reopened);

        Assert.Equal(pending, await again.Get("pending"));
        Assert.Equal(["pending"], Ids(await again.Due(T0, 10)));
        Assert.Equal(["pending", "retrying"], Ids(await again.Due(T0.AddMinutes(10), 10)));
        var retrying = await again.Get("retrying");
        Assert.Equal((3, "refused"), (retrying!.Attempts, retrying.LastError));
        Assert.Equal(T0.AddMinutes(1), (await again.Get("delivered"))!.DeliveredAt);
    }
}
