using System.Net;
using System.Text.Json;

namespace Orleans.Metering.Gateway.Tests.Delivery;

/// <summary>The operator's /outbox/dead-letters endpoints over HTTP, with the delivery service on a fake clock.</summary>
public sealed class OutboxEndpointTests
{
    private const string Address = "https://receiver.example/replies";

    [Fact]
    public async Task A_dead_letter_is_listed_requeued_and_then_delivered_exactly_once()
    {
        var refuse = true;
        var receiver = new ScriptedReceiver((_, _) => refuse ? HttpStatusCode.InternalServerError : HttpStatusCode.OK);
        await using var host = await OutboxHost.Start(receiver, o =>
        {
            o.DeadLetterAfter = TimeSpan.FromHours(1);
            o.FirstDeliveryBackoff = TimeSpan.FromMinutes(1);
            o.MaxDeliveryBackoff = TimeSpan.FromMinutes(5);
        });
        const string id = "MTR-1/ctl-7:reply"; // the shape of a control's reply id, with a '/'
        var path = "/outbox/dead-letters/" + Uri.EscapeDataString(id);
        await host.Outbox.Enqueue(DeliveryHarness.Reply(id, Address));

        await host.Round();
        for (var round = 0; (await host.Outbox.Get(id))!.DeadAt is null; round++)
        {
            Assert.True(round < 100, "no dead letter after 100 rounds");
            host.Clock.Advance(TimeSpan.FromMinutes(5));
            await host.Round();
        }

        var attempts = receiver.AnswersTo(id).Count;
        var (status, list) = await host.Send(HttpMethod.Get, "/outbox/dead-letters");
        Assert.Equal(200, status);
        var listed = Assert.Single(list.EnumerateArray());
        Assert.Equal(id, listed.GetProperty("id").GetString());
        Assert.Equal(Address, listed.GetProperty("address").GetString());
        Assert.Equal(attempts, listed.GetProperty("attempts").GetInt32());
        Assert.Equal("HTTP 500 Internal Server Error", listed.GetProperty("lastError").GetString());
        Assert.Equal(host.Clock.GetUtcNow(), listed.GetProperty("deadAt").GetDateTimeOffset());
        Assert.True(listed.GetProperty("failingSince").GetDateTimeOffset() <= host.Clock.GetUtcNow() - TimeSpan.FromHours(1));
        Assert.False(listed.TryGetProperty("body", out _), "the list leaves the bodies out");

        var (oneStatus, one) = await host.Send(HttpMethod.Get, path);
        Assert.Equal(200, oneStatus);
        Assert.Equal(id, one.GetProperty("body").GetString());

        refuse = false;
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        var (requeueStatus, requeued) = await host.Send(HttpMethod.Post, path + "/requeue");
        Assert.Equal(200, requeueStatus);
        Assert.Equal(id, requeued.GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Null, requeued.GetProperty("deadAt").ValueKind);
        Assert.Equal(0, requeued.GetProperty("attempts").GetInt32());
        Assert.Empty((await host.Send(HttpMethod.Get, "/outbox/dead-letters")).Json.EnumerateArray());

        await host.Round();
        host.Clock.Advance(TimeSpan.FromDays(1));
        await host.Round();
        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.InternalServerError, attempts), HttpStatusCode.OK], receiver.AnswersTo(id));
        Assert.Equal(host.Clock.GetUtcNow() - TimeSpan.FromDays(1), (await host.Outbox.Get(id))!.DeliveredAt);
    }

    [Fact]
    public async Task An_id_that_is_not_a_dead_letter_gets_404_with_the_reason()
    {
        await using var host = await OutboxHost.Start(ScriptedReceiver.FailingFirst(0));
        await host.Outbox.Enqueue(DeliveryHarness.Reply("pending", Address) with { NextAttemptAt = host.Clock.GetUtcNow().AddHours(1) });

        var (unknown, problem) = await host.Send(HttpMethod.Post, "/outbox/dead-letters/no-such-reply/requeue");
        Assert.Equal(404, unknown);
        Assert.Contains("No reply with id 'no-such-reply'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var (pending, notDead) = await host.Send(HttpMethod.Post, "/outbox/dead-letters/pending/requeue");
        Assert.Equal(404, pending);
        Assert.Contains("is pending", notDead.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(404, (await host.Send(HttpMethod.Get, "/outbox/dead-letters/pending")).Status);
        Assert.Equal(404, (await host.Send(HttpMethod.Get, "/outbox/dead-letters/no-such-reply")).Status);
        Assert.Null((await host.Outbox.Get("pending"))!.DeadAt);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1001")]
    [InlineData("-5")]
    [InlineData("ten")]
    [InlineData("")]
    public async Task A_bad_max_gets_400_naming_the_bounds(string max)
    {
        await using var host = await OutboxHost.Start(ScriptedReceiver.FailingFirst(0));

        var (status, problem) = await host.Send(HttpMethod.Get, "/outbox/dead-letters?max=" + max);

        Assert.Equal(400, status);
        Assert.Contains("from 1 to 1000", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Max_limits_the_list_and_requeue_all_counts_what_it_requeued()
    {
        await using var host = await OutboxHost.Start(ScriptedReceiver.FailingFirst(0));
        foreach (var id in new[] { "a", "b", "c" })
        {
            await host.AddDeadLetter(id);
            host.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        var (_, two) = await host.Send(HttpMethod.Get, "/outbox/dead-letters?max=2");
        Assert.Equal(["a", "b"], two.EnumerateArray().Select(d => d.GetProperty("id").GetString()));

        var (status, all) = await host.Send(HttpMethod.Post, "/outbox/dead-letters/requeue");
        Assert.Equal(200, status);
        Assert.Equal(3, all.GetProperty("requeued").GetInt32());
        Assert.Empty(await host.Outbox.DeadLetters(10));
        Assert.Equal(0, (await host.Send(HttpMethod.Post, "/outbox/dead-letters/requeue")).Json.GetProperty("requeued").GetInt32());
    }
}
