using System.Net;
using System.Text.Json;
using Orleans.Metering.Cim.Messages;
using Orleans.Metering.Storage;

namespace Orleans.Metering.Gateway.Tests;

/// <summary>The silo serves /outbox/dead-letters on its own outbox (SQLite), and a re-queued reply reaches its receiver.</summary>
[Collection(PlatformCollection.Name)]
public sealed class OutboxPlatformTests(PlatformFixture fixture)
{
    private PlatformHost Host => fixture.Host;

    [Fact]
    public async Task A_dead_letter_requeued_over_http_is_delivered_by_the_silo()
    {
        await using var receiver = await ReplyReceiver.Start();
        var outbox = Host.Services.GetRequiredService<IReplyOutbox>();
        var id = $"MTR-{Guid.NewGuid():N}/ctl:reply";
        var later = DateTimeOffset.UtcNow.AddYears(1);

        // Made dead without the silo attempting it: due only in a year, claimed as of then, given up.
        // The claim may take other replies pending in the platform; they are handed back at once.
        await outbox.Enqueue(new OutboxItem(id, receiver.Address.ToString(), ReplyDeliveryService.RawMessageKind(MessageFraming.Generic), "<dead-letter/>", 0, later, DateTimeOffset.UtcNow));
        var claimed = await outbox.Claim("operator-test", later, later.AddMinutes(1), 1_000);
        foreach (var other in claimed.Select(i => i.Address).Distinct().Where(a => a != receiver.Address.ToString()))
        {
            await outbox.Release("operator-test", other);
        }

        Assert.Contains(id, claimed.Select(i => i.Id));
        Assert.True(await outbox.DeadLetter(id, "operator-test", 3, "HTTP 503 Service Unavailable", DateTimeOffset.UtcNow));

        using var list = await Host.Http.GetAsync(new Uri(Host.BaseAddress, "/outbox/dead-letters?max=1000"));
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        using var json = JsonDocument.Parse(await list.Content.ReadAsStringAsync());
        Assert.Contains(id, json.RootElement.EnumerateArray().Select(d => d.GetProperty("id").GetString()));
        Assert.Empty(receiver.Attempted);

        using var requeue = await Host.Http.PostAsync(new Uri(Host.BaseAddress, $"/outbox/dead-letters/{Uri.EscapeDataString(id)}/requeue"), null);
        Assert.Equal(HttpStatusCode.OK, requeue.StatusCode);

        Assert.Equal("<dead-letter/>", await receiver.WaitForReply(TimeSpan.FromSeconds(20)));
        Assert.NotNull((await outbox.Get(id))!.DeliveredAt);
    }
}
