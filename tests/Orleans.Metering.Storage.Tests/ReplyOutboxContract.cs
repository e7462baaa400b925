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
        await outbox.Claim("silo-a", T0, T0.AddMinutes(1), 10);
        await outbox.MarkDelivered("o1", "silo-a", T0);

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
    public async Task Reschedule_updates_attempts_next_attempt_and_error_and_frees_the_item()
    {
        var outbox = await CreateOutbox();
        var item = Item("o1");
        await outbox.Enqueue(item);

        await outbox.Claim("silo-a", T0, T0.AddMinutes(1), 10);
        Assert.True(await outbox.Reschedule("o1", "silo-a", 1, T0.AddSeconds(30), "HTTP 503", T0));

        Assert.Equal(item with { Attempts = 1, NextAttemptAt = T0.AddSeconds(30), LastError = "HTTP 503", FailingSince = T0 }, await outbox.Get("o1"));
        Assert.Empty(await outbox.Due(T0.AddSeconds(29), 10));
        Assert.Equal(["o1"], Ids(await outbox.Due(T0.AddSeconds(30), 10)));

        // freed: due again at its next attempt, for any claimer, before the first lease would have run out
        Assert.Equal(["o1"], Ids(await outbox.Claim("silo-b", T0.AddSeconds(30), T0.AddMinutes(2), 10)));
        Assert.True(await outbox.Reschedule("o1", "silo-b", 2, T0.AddMinutes(2), "timeout", T0));

        Assert.Equal(item with { Attempts = 2, NextAttemptAt = T0.AddMinutes(2), LastError = "timeout", FailingSince = T0 }, await outbox.Get("o1"));
    }

    [SkippableFact]
    public async Task Attempts_on_an_unknown_id_create_nothing()
    {
        var outbox = await CreateOutbox();

        Assert.False(await outbox.Reschedule("ghost", "silo-a", 1, T0, "error", T0));
        Assert.False(await outbox.MarkDelivered("ghost", "silo-a", T0));
        Assert.False(await outbox.DeadLetter("ghost", "silo-a", 1, "error", T0));

        Assert.Null(await outbox.Get("ghost"));
        Assert.Empty(await outbox.Due(T0.AddYears(1), 10));
    }

    [SkippableFact]
    public async Task MarkDelivered_removes_the_item_from_Due_and_records_when()
    {
        var outbox = await CreateOutbox();
        await outbox.Enqueue(Item("o1", createdMinutes: 0));
        await outbox.Enqueue(Item("o2", createdMinutes: 1, body: "other") with { Address = "https://other.example/replies" });
        await outbox.Claim("silo-a", T0, T0.AddMinutes(1), 1);

        Assert.True(await outbox.MarkDelivered("o1", "silo-a", T0.AddSeconds(5)));

        Assert.Equal(["o2"], Ids(await outbox.Due(T0.AddHours(1), 10)));
        var delivered = await outbox.Get("o1");
        Assert.Equal(T0.AddSeconds(5), delivered!.DeliveredAt);
        Assert.Null(delivered.LastError);
        Assert.Null(delivered.LeaseOwner);
        Assert.Empty(await outbox.Claim("silo-b", T0.AddHours(1), T0.AddHours(2), 10).ContinueWith(t => t.Result.Where(i => i.Id == "o1"), TaskScheduler.Default));
    }

    [SkippableFact]
    public async Task A_claim_leases_due_items_oldest_first_and_a_second_claimer_gets_none_of_them()
    {
        var outbox = await CreateOutbox();
        await outbox.Enqueue(Item("b", createdMinutes: 2) with { Address = "https://b.example/" });
        await outbox.Enqueue(Item("a", createdMinutes: 1) with { Address = "https://a.example/" });
        await outbox.Enqueue(Item("later", createdMinutes: 0, nextMinutes: 5) with { Address = "https://c.example/" });

        var first = await outbox.Claim("silo-a", T0, T0.AddMinutes(1), 10);

        Assert.Equal(["a", "b"], Ids(first));
        Assert.All(first, i => Assert.Equal(("silo-a", T0.AddMinutes(1)), (i.LeaseOwner, i.LeaseUntil)));
        Assert.Equal(("silo-a", (DateTimeOffset?)T0.AddMinutes(1)), ((await outbox.Get("a"))!.LeaseOwner, (await outbox.Get("a"))!.LeaseUntil));
        Assert.Empty(await outbox.Claim("silo-b", T0.AddSeconds(59), T0.AddMinutes(2), 10));
        Assert.Equal(["later"], Ids(await outbox.Claim("silo-b", T0.AddMinutes(5), T0.AddMinutes(6), 1)));
    }

    [SkippableFact]
    public async Task Concurrent_claimers_never_get_the_same_item()
    {
        var outbox = await CreateOutbox();
        for (var i = 0; i < 60; i++)
        {
            await outbox.Enqueue(Item($"o{i:00}", createdMinutes: i) with { Address = $"https://r{i % 20}.example/" });
        }

        var claims = await Task.WhenAll(Enumerable.Range(0, 6).Select(c => Task.Run(async () =>
        {
            var mine = new List<OutboxItem>();
            for (var round = 0; round < 10; round++)
            {
                mine.AddRange(await outbox.Claim($"silo-{c}", T0, T0.AddMinutes(1), 3));
            }

            return mine;
        })));

        var all = claims.SelectMany(c => c).ToList();
        Assert.Equal(all.Count, all.Select(i => i.Id).Distinct().Count());
        foreach (var receiver in all.GroupBy(i => i.Address))
        {
            // one claimer per receiver at a time, holding the receiver's oldest items
            Assert.Single(receiver.Select(i => i.LeaseOwner).Distinct());
            var index = int.Parse(receiver.Key["https://r".Length..^".example/".Length], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(Enumerable.Range(0, receiver.Count()).Select(k => $"o{index + (20 * k):00}"), receiver.Select(i => i.Id).Order());
        }

        Assert.Equal(20, all.Select(i => i.Address).Distinct().Count());
    }

    [SkippableFact]
    public async Task A_receivers_later_items_wait_while_an_earlier_one_is_leased_or_not_due()
    {
        var outbox = await CreateOutbox();
        await outbox.Enqueue(Item("r1", createdMinutes: 0));
        await outbox.Enqueue(Item("r2", createdMinutes: 1));
        await outbox.Enqueue(Item("other", createdMinutes: 2) with { Address = "https://other.example/" });

        Assert.Equal(["r1"], Ids(await outbox.Claim("silo-a", T0, T0.AddMinutes(1), 1)));
        Assert.Equal(["other"], Ids(await outbox.Claim("silo-b", T0, T0.AddMinutes(10), 10)));

        // r1 failed and waits for its retry: r2 waits behind it
        Assert.True(await outbox.Reschedule("r1", "silo-a", 1, T0.AddMinutes(3), "HTTP 500", T0));
        Assert.Empty(await outbox.Claim("silo-b", T0.AddMinutes(1), T0.AddMinutes(2), 10));
        Assert.Equal(["r1", "r2"], Ids(await outbox.Claim("silo-b", T0.AddMinutes(3), T0.AddMinutes(4), 10)));
    }

    [SkippableFact]
    public async Task An_expired_lease_is_taken_over_and_the_old_holder_can_no_longer_record_anything()
    {
        var outbox = await CreateOutbox();
        await outbox.Enqueue(Item("o1"));
        await outbox.Claim("silo-a", T0, T0.AddMinutes(1), 10);

        Assert.Empty(await outbox.Claim("silo-b", T0.AddSeconds(59), T0.AddMinutes(2), 10));
        var taken = Assert.Single(await outbox.Claim("silo-b", T0.AddMinutes(1), T0.AddMinutes(2), 10));
        Assert.Equal("silo-b", taken.LeaseOwner);

        Assert.False(await outbox.MarkDelivered("o1", "silo-a", T0.AddMinutes(1)));
        Assert.False(await outbox.Reschedule("o1", "silo-a", 1, T0.AddHours(1), "late", T0));
        Assert.False(await outbox.DeadLetter("o1", "silo-a", 1, "late", T0));
        Assert.Empty(await outbox.Renew("silo-a", "https://client.example/replies", T0.AddHours(1)));
        await outbox.Release("silo-a", "https://client.example/replies");
        Assert.Equal(taken, await outbox.Get("o1"));

        Assert.True(await outbox.MarkDelivered("o1", "silo-b", T0.AddMinutes(1)));
        Assert.Equal(T0.AddMinutes(1), (await outbox.Get("o1"))!.DeliveredAt);
    }

    [SkippableFact]
    public async Task Renew_extends_and_Release_frees_only_the_owners_leases_to_one_address()
    {
        var outbox = await CreateOutbox();
        await outbox.Enqueue(Item("r1", createdMinutes: 0));
        await outbox.Enqueue(Item("r2", createdMinutes: 1));
        await outbox.Enqueue(Item("x", createdMinutes: 2) with { Address = "https://other.example/" });
        await outbox.Claim("silo-a", T0, T0.AddMinutes(1), 10);

        Assert.Equal(["r1", "r2"], (await outbox.Renew("silo-a", "https://client.example/replies", T0.AddMinutes(5))).Order());
        Assert.Equal(T0.AddMinutes(1), (await outbox.Get("x"))!.LeaseUntil);
        Assert.Equal(["x"], Ids(await outbox.Claim("silo-b", T0.AddMinutes(4), T0.AddMinutes(6), 10)));

        await outbox.Release("silo-a", "https://client.example/replies");
        Assert.Null((await outbox.Get("r1"))!.LeaseOwner);
        Assert.Equal(["r1", "r2"], Ids(await outbox.Claim("silo-b", T0.AddMinutes(4), T0.AddMinutes(6), 10)));
    }

    [SkippableFact]
    public async Task DeleteDelivered_deletes_only_what_was_delivered_before_the_cutoff_at_most_max()
    {
        var outbox = await CreateOutbox();
        foreach (var (id, minute) in new[] { ("old1", 0), ("old2", 1), ("old3", 2), ("recent", 10) })
        {
            await outbox.Enqueue(Item(id, createdMinutes: minute) with { Address = "https://" + id + ".example/" });
        }

        await outbox.Enqueue(Item("pending", createdMinutes: -100));
        await outbox.Enqueue(Item("dead", createdMinutes: -50) with { Address = "https://dead.example/" });
        await outbox.Claim("silo-a", T0, T0.AddMinutes(1), 10);
        foreach (var (id, minute) in new[] { ("old1", 0), ("old2", 1), ("old3", 2), ("recent", 10) })
        {
            await outbox.MarkDelivered(id, "silo-a", T0.AddMinutes(minute));
        }

        await outbox.DeadLetter("dead", "silo-a", 5, "gone", T0.AddDays(-30));

        Assert.Equal(2, await outbox.DeleteDelivered(T0.AddMinutes(10), 2));
        Assert.Equal(1, await outbox.DeleteDelivered(T0.AddMinutes(10), 2));
        Assert.Equal(0, await outbox.DeleteDelivered(T0.AddMinutes(10), 2));

        Assert.Null(await outbox.Get("old1"));
        Assert.Null(await outbox.Get("old3"));
        Assert.NotNull(await outbox.Get("recent"));
        Assert.NotNull(await outbox.Get("pending"));
        Assert.NotNull(await outbox.Get("dead"));
    }

    [SkippableFact]
    public async Task A_dead_letter_is_not_attempted_until_it_is_requeued()
    {
        var outbox = await CreateOutbox();
        await outbox.Enqueue(Item("d1", createdMinutes: 0));
        await outbox.Enqueue(Item("d2", createdMinutes: 1) with { Address = "https://other.example/" });
        await outbox.Enqueue(Item("next", createdMinutes: 2));
        await outbox.Claim("silo-a", T0, T0.AddMinutes(1), 10);
        Assert.True(await outbox.Reschedule("next", "silo-a", 0, T0.AddMinutes(5), "not attempted", T0));

        Assert.True(await outbox.DeadLetter("d1", "silo-a", 7, "HTTP 500", T0.AddSeconds(1)));
        Assert.True(await outbox.DeadLetter("d2", "silo-a", 3, "refused", T0.AddSeconds(2)));

        var dead = await outbox.DeadLetters(10);
        Assert.Equal(["d1", "d2"], Ids(dead));
        Assert.Equal((7, "HTTP 500", (DateTimeOffset?)T0.AddSeconds(1), (string?)null), (dead[0].Attempts, dead[0].LastError, dead[0].DeadAt, dead[0].LeaseOwner));
        Assert.Equal(["d1"], Ids(await outbox.DeadLetters(1)));
        // dead: out of Due and claims, and no longer holding back the receiver's next reply
        Assert.Equal(["next"], Ids(await outbox.Due(T0.AddHours(1), 10)));
        Assert.Equal(["next"], Ids(await outbox.Claim("silo-b", T0.AddHours(1), T0.AddHours(2), 10)));
        Assert.True(await outbox.MarkDelivered("next", "silo-b", T0.AddHours(1)));

        Assert.True(await outbox.Requeue("d1", T0.AddHours(2)));
        Assert.False(await outbox.Requeue("d1", T0.AddHours(2)));
        Assert.False(await outbox.Requeue("unknown", T0.AddHours(2)));
        Assert.False(await outbox.Requeue("next", T0.AddHours(2)));

        var requeued = (await outbox.Get("d1"))!;
        Assert.Equal((0, T0.AddHours(2), (DateTimeOffset?)null, (DateTimeOffset?)null), (requeued.Attempts, requeued.NextAttemptAt, requeued.DeadAt, requeued.FailingSince));
        Assert.Equal(["d1"], Ids(await outbox.Claim("silo-b", T0.AddHours(2), T0.AddHours(9), 10)));
        Assert.Equal(["d2"], Ids(await outbox.DeadLetters(10)));

        Assert.Equal(1, await outbox.RequeueAll(T0.AddHours(3)));
        Assert.Equal(0, await outbox.RequeueAll(T0.AddHours(3)));
        Assert.Empty(await outbox.DeadLetters(10));
        Assert.Equal(["d2"], Ids(await outbox.Claim("silo-c", T0.AddHours(3), T0.AddHours(4), 10)));
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
        await outbox.Enqueue(Item("retrying", createdMinutes: 1) with { Address = "https://retrying.example/" });
        await outbox.Enqueue(Item("delivered", createdMinutes: 2) with { Address = "https://delivered.example/" });
        await outbox.Claim("silo-a", T0, T0.AddMinutes(1), 10);
        await outbox.Release("silo-a", pending.Address);
        await outbox.Reschedule("retrying", "silo-a", 3, T0.AddMinutes(10), "refused", T0);
        await outbox.MarkDelivered("delivered", "silo-a", T0.AddMinutes(1));

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
