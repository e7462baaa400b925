using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Orleans.Metering.Cim.Messages;
using Orleans.Metering.Storage;

namespace Orleans.Metering.Gateway.Tests.Delivery;

/// <summary>
/// Several reply delivery services (the silos of a cluster) sharing one outbox, on one fake clock, POSTing
/// to a <see cref="ScriptedReceiver"/>. Rounds are run by hand and awaited to the end, so a check that
/// nothing more was sent does not depend on the machine's speed.
/// </summary>
public sealed class DeliveryHarness
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public DeliveryHarness(IReadOnlyList<IReplyOutbox> outboxes, ScriptedReceiver receiver, GatewayOptions? options = null)
    {
        Options = options ?? new GatewayOptions { FirstDeliveryBackoff = TimeSpan.FromSeconds(1), MaxDeliveryBackoff = TimeSpan.FromMinutes(1) };
        Receiver = receiver;
        Outbox = outboxes[0];
        Silos = [.. outboxes.Select(o => new ReplyDeliveryService(o, receiver, Clock, Microsoft.Extensions.Options.Options.Create(Options), NullLogger<ReplyDeliveryService>.Instance))];
    }

    public FakeTimeProvider Clock { get; } = new(T0);

    public GatewayOptions Options { get; }

    public ScriptedReceiver Receiver { get; }

    /// <summary>The outbox as the first silo sees it.</summary>
    public IReplyOutbox Outbox { get; }

    public IReadOnlyList<ReplyDeliveryService> Silos { get; }

    /// <summary>A reply whose body is its id (sent as it is), to <paramref name="address"/>.</summary>
    public static OutboxItem Reply(string id, string address, int createdSeconds = 0) =>
        new(id, address, ReplyDeliveryService.RawMessageKind(MessageFraming.Generic), id, 0, T0, T0.AddSeconds(createdSeconds));

    /// <summary>Every silo claims and delivers what is due, all at the same moment; returns when every delivery ended.</summary>
    public async Task<int> Round()
    {
        var started = await Task.WhenAll(Silos.Select(s => Task.Run(() => s.StartDue(CancellationToken.None))));
        await Task.WhenAll(Silos.Select(s => s.Idle()));
        return started.Sum();
    }

    /// <summary>Rounds, the clock moving by <paramref name="step"/> after each, until nothing is pending (at most <paramref name="maxRounds"/>).</summary>
    public async Task RunUntilDone(TimeSpan step, int maxRounds = 200)
    {
        for (var round = 0; round < maxRounds; round++)
        {
            await Round();
            if ((await Outbox.Due(DateTimeOffset.MaxValue, 1)).Count == 0)
            {
                return;
            }

            Clock.Advance(step);
        }

        throw new TimeoutException($"replies still pending after {maxRounds} rounds");
    }
}
