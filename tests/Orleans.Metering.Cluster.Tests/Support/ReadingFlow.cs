using System.Collections.Concurrent;

namespace Orleans.Metering.Cluster.Tests.Support;

/// <summary>
/// A head-end pushing readings: created MeterReadings, one meter and two 15-minute values per
/// message (so a reply is about exactly those values), round-robin over the given silos, until
/// stopped. Every message and its reply are kept, so that the test can check that every value the
/// platform acknowledged (OK/PARTIAL) is stored, and retry the rest with the same MessageID.
/// </summary>
public sealed class ReadingFlow(HttpClient http, IReadOnlyList<Uri> silos, IReadOnlyList<string> meters, DateTimeOffset day, string run)
{
    private readonly ConcurrentBag<Sent> sent = [];
    private int next = -1;

    public sealed record Sent(string MessageId, string Body, IReadOnlyList<(string Meter, DateTimeOffset At, double Value)> Readings, CimReply Reply);

    public IReadOnlyCollection<Sent> Messages => sent;

    /// <summary>Pushes with <paramref name="parallel"/> senders until <paramref name="stop"/> is cancelled.</summary>
    public Task Run(int parallel, CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, parallel).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var message = await PushOne(Interlocked.Increment(ref next));
                if (!message.Reply.Acknowledged)
                {
                    // As a head-end would: back off after a refusal, keep the message for a retry.
                    await Task.Delay(250, CancellationToken.None);
                }
            }
        }, CancellationToken.None)));

    public async Task<Sent> PushOne(int k)
    {
        var meter = meters[k % meters.Count];
        var slot = k / meters.Count;
        var readings = new[]
        {
            (meter, day.AddMinutes(15 * ((2 * slot) + 1)), Value(meter, 2 * slot)),
            (meter, day.AddMinutes(15 * ((2 * slot) + 2)), Value(meter, (2 * slot) + 1)),
        };
        var messageId = $"{run}-push-{k}";
        var body = Cim.PushReadings(messageId, readings);
        var reply = await Cim.Send(http, silos[k % silos.Count], body);
        var message = new Sent(messageId, body, readings, reply);
        sent.Add(message);
        return message;
    }

    /// <summary>The period that holds every value pushed so far (for get MeterReadings).</summary>
    public (DateTimeOffset From, DateTimeOffset To) Period =>
        (day, sent.IsEmpty ? day.AddDays(1) : sent.SelectMany(m => m.Readings).Max(r => r.At).AddMinutes(15));

    /// <summary>Sends a message again, same MessageID and content (what a client does after a failure).</summary>
    public async Task<CimReply> Retry(Sent message, Uri silo) => await Cim.Send(http, silo, message.Body);

    private static double Value(string meter, int index) => Math.Round(0.1 + (Math.Abs(meter.GetHashCode(StringComparison.Ordinal)) % 100 / 1000.0) + (index % 7 / 100.0), 3);
}
