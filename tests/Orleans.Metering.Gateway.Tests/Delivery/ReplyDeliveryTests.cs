using System.Net;
using Orleans.Metering.Storage;
using static Orleans.Metering.Gateway.Tests.Delivery.DeliveryHarness;

namespace Orleans.Metering.Gateway.Tests.Delivery;

/// <summary>
/// The delivery services of several silos sharing one outbox: each attempt is made by one silo,
/// leases move to another silo only when they run out, failures end as dead letters, delivered
/// replies are deleted after the retention. The same checks run on PostgreSQL in Orleans.Metering.Postgres.Tests.
/// </summary>
public abstract class ReplyDeliveryContract
{
    /// <summary>One outbox per silo, all on the same store.</summary>
    protected abstract Task<IReadOnlyList<IReplyOutbox>> Outboxes(int silos);

    [SkippableFact]
    public async Task Three_silos_post_each_reply_once_and_once_more_only_after_a_failed_attempt()
    {
        var harness = new DeliveryHarness(await Outboxes(3), ScriptedReceiver.FailingFirst(1));
        var receivers = Enumerable.Range(0, 5).Select(r => $"https://receiver{r}.example/replies").ToList();
        var replies = Enumerable.Range(0, 30).Select(i => Reply($"reply-{i:00}", receivers[i % 5], createdSeconds: i)).ToList();
        foreach (var reply in replies)
        {
            await harness.Outbox.Enqueue(reply);
        }

        await harness.RunUntilDone(harness.Options.FirstDeliveryBackoff);

        foreach (var reply in replies)
        {
            Assert.Equal([HttpStatusCode.InternalServerError, HttpStatusCode.OK], harness.Receiver.AnswersTo(reply.Id));
        }

        foreach (var receiver in receivers)
        {
            Assert.Equal(replies.Where(r => r.Address == receiver).Select(r => r.Id), harness.Receiver.DeliveredTo(receiver));
        }

        // later rounds, past every lease and backoff, send nothing more
        var posts = harness.Receiver.Posts.Count;
        for (var i = 0; i < 3; i++)
        {
            harness.Clock.Advance(TimeSpan.FromHours(1));
            Assert.Equal(0, await harness.Round());
        }

        Assert.Equal(posts, harness.Receiver.Posts.Count);
        Assert.Equal(60, posts);
    }

    [SkippableFact]
    public async Task A_silo_stuck_in_a_delivery_loses_its_lease_and_another_silo_delivers()
    {
        var harness = new DeliveryHarness(await Outboxes(2), ScriptedReceiver.FailingFirst(0));
        var (stuck, other) = (harness.Silos[0], harness.Silos[1]);
        var (arrived, held) = (new TaskCompletionSource(), new TaskCompletionSource());
        var posts = 0;
        harness.Receiver.BeforeAnswer = _ =>
        {
            if (Interlocked.Increment(ref posts) > 1)
            {
                return Task.CompletedTask;
            }

            arrived.SetResult();
            return held.Task;
        };
        await harness.Outbox.Enqueue(Reply("r1", "https://receiver.example/replies"));

        Assert.Equal(1, await stuck.StartDue(CancellationToken.None));
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, await other.StartDue(CancellationToken.None));

        harness.Clock.Advance(harness.Options.DeliveryLease);
        Assert.Equal(1, await other.StartDue(CancellationToken.None));
        await other.Idle();
        var delivered = (await harness.Outbox.Get("r1"))!;
        Assert.Equal(harness.Clock.GetUtcNow(), delivered.DeliveredAt);

        held.SetResult();
        await stuck.Idle();
        Assert.Equal(delivered, await harness.Outbox.Get("r1"));
        Assert.Equal(2, harness.Receiver.AnswersTo("r1").Count);
    }

    [SkippableFact]
    public async Task A_silo_that_is_slow_but_alive_renews_its_lease_and_keeps_its_replies()
    {
        var options = new GatewayOptions { DeliveryLease = TimeSpan.FromSeconds(20), DeliveryTimeout = TimeSpan.FromSeconds(10) };
        var harness = new DeliveryHarness(await Outboxes(2), ScriptedReceiver.FailingFirst(0), options);
        var claimedByOther = new List<int>();
        harness.Receiver.BeforeAnswer = async _ =>
        {
            // each POST takes 8 s; the other silo looks for work meanwhile
            harness.Clock.Advance(TimeSpan.FromSeconds(8));
            claimedByOther.Add(await harness.Silos[1].StartDue(CancellationToken.None));
        };
        for (var i = 0; i < 6; i++)
        {
            await harness.Outbox.Enqueue(Reply($"r{i}", "https://receiver.example/replies", createdSeconds: i));
        }

        Assert.Equal(1, await harness.Silos[0].StartDue(CancellationToken.None));
        await harness.Silos[0].Idle();

        Assert.Equal(6, claimedByOther.Count);
        Assert.All(claimedByOther, n => Assert.Equal(0, n));
        Assert.Equal(Enumerable.Range(0, 6).Select(i => $"r{i}"), harness.Receiver.DeliveredTo("https://receiver.example/replies"));
        Assert.Equal(6, harness.Receiver.Posts.Count);
    }

    [SkippableFact]
    public async Task A_reply_failing_for_DeadLetterAfter_becomes_a_dead_letter_and_the_next_reply_goes_ahead()
    {
        var options = new GatewayOptions { DeadLetterAfter = TimeSpan.FromHours(1), FirstDeliveryBackoff = TimeSpan.FromMinutes(1), MaxDeliveryBackoff = TimeSpan.FromMinutes(5) };
        var refuse = true;
        var harness = new DeliveryHarness(await Outboxes(2), new ScriptedReceiver((body, _) => body == "doomed" && refuse ? HttpStatusCode.InternalServerError : HttpStatusCode.OK), options);
        const string address = "https://receiver.example/replies";
        await harness.Outbox.Enqueue(Reply("doomed", address, createdSeconds: 0));
        await harness.Outbox.Enqueue(Reply("after", address, createdSeconds: 1));

        await harness.Round();
        var firstFailure = harness.Clock.GetUtcNow();
        while (harness.Clock.GetUtcNow() - firstFailure < options.DeadLetterAfter)
        {
            Assert.Null((await harness.Outbox.Get("doomed"))!.DeadAt);
            Assert.Empty(harness.Receiver.DeliveredTo(address)); // the next reply waits behind the failing one
            harness.Clock.Advance(options.MaxDeliveryBackoff);
            await harness.Round();
        }

        var dead = (await harness.Outbox.Get("doomed"))!;
        Assert.Equal(harness.Clock.GetUtcNow(), dead.DeadAt);
        Assert.Equal(["after"], harness.Receiver.DeliveredTo(address));
        Assert.Equal(["doomed"], (await harness.Outbox.DeadLetters(10)).Select(d => d.Id));
        var attempts = harness.Receiver.AnswersTo("doomed").Count;
        Assert.Equal(attempts, dead.Attempts);

        harness.Clock.Advance(TimeSpan.FromDays(7));
        await harness.Round();
        Assert.Equal(attempts, harness.Receiver.AnswersTo("doomed").Count);

        refuse = false;
        Assert.True(await harness.Outbox.Requeue("doomed", harness.Clock.GetUtcNow()));
        await harness.Round();
        Assert.Equal(["after", "doomed"], harness.Receiver.DeliveredTo(address));
        Assert.Empty(await harness.Outbox.DeadLetters(10));
    }

    [SkippableFact]
    public async Task Delivered_replies_are_deleted_after_the_retention_and_pending_ones_are_kept()
    {
        var options = new GatewayOptions { DeliveredRetention = TimeSpan.FromDays(3) };
        var harness = new DeliveryHarness(await Outboxes(2), ScriptedReceiver.FailingFirst(0), options);
        await harness.Outbox.Enqueue(Reply("old", "https://a.example/replies"));
        await harness.Round();
        harness.Clock.Advance(TimeSpan.FromDays(1));
        await harness.Outbox.Enqueue(Reply("recent", "https://a.example/replies", createdSeconds: 1) with { NextAttemptAt = harness.Clock.GetUtcNow() });
        await harness.Round();
        await harness.Outbox.Enqueue(Reply("pending", "https://b.example/replies") with { NextAttemptAt = harness.Clock.GetUtcNow().AddYears(1) });

        harness.Clock.Advance(TimeSpan.FromDays(2) - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await harness.Silos[1].DeleteExpired(CancellationToken.None));
        harness.Clock.Advance(TimeSpan.FromSeconds(2));
        var deleted = await Task.WhenAll(harness.Silos.Select(s => s.DeleteExpired(CancellationToken.None)));

        Assert.Equal(1, deleted.Sum());
        Assert.Null(await harness.Outbox.Get("old"));
        Assert.NotNull(await harness.Outbox.Get("recent"));
        Assert.NotNull(await harness.Outbox.Get("pending"));
    }
}

public sealed class InMemoryReplyDeliveryTests : ReplyDeliveryContract
{
    protected override Task<IReadOnlyList<IReplyOutbox>> Outboxes(int silos)
    {
        var outbox = new InMemoryReplyOutbox();
        return Task.FromResult<IReadOnlyList<IReplyOutbox>>([.. Enumerable.Repeat<IReplyOutbox>(outbox, silos)]);
    }
}
