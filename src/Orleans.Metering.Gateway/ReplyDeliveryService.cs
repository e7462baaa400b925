using System.Net.Http.Headers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Metering.Abstractions;
using Orleans.Metering.Cim.Documents;
using Orleans.Metering.Cim.Messages;
using Orleans.Metering.Gateway.Handlers;
using Orleans.Metering.Storage;

namespace Orleans.Metering.Gateway;

/// <summary>
/// Delivers the asynchronous replies waiting in the outbox: renders each as a 61968-100
/// ResponseMessage (verb reply, CorrelationID = the request's MessageID) and POSTs it to the
/// ReplyAddress. Every silo runs one; each claims (leases) the replies it delivers, so each attempt
/// is made by one silo, and a silo that dies loses its lease. A failed delivery stays in the outbox
/// and is retried with exponential backoff until it has failed for <see cref="GatewayOptions.DeadLetterAfter"/>;
/// then it is a dead letter until re-queued. Delivered replies are deleted after
/// <see cref="GatewayOptions.DeliveredRetention"/>.
/// </summary>
public sealed partial class ReplyDeliveryService(
    IReplyOutbox outbox,
    IHttpClientFactory httpClients,
    TimeProvider time,
    IOptions<GatewayOptions> options,
    ILogger<ReplyDeliveryService> logger) : BackgroundService
{
    public const string HttpClientName = "cim-replies";

    private const string RawPrefix = "CimMessage:";

    /// <summary>Most replies one claim takes.</summary>
    private const int ClaimBatch = 100;

    /// <summary>Delivered replies one retention statement deletes (the sweep repeats until fewer are left).</summary>
    private const int SweepBatch = 1_000;

    /// <summary>Left on a lease beyond the delivery timeout before an attempt starts, for the write that records it and for clock differences between silos.</summary>
    private static readonly TimeSpan LeaseMargin = TimeSpan.FromSeconds(5);

    /// <summary>Kind of an outbox item whose Body is a finished CIM message, sent as it is.</summary>
    public static string RawMessageKind(MessageFraming framing)
    {
        ArgumentNullException.ThrowIfNull(framing);
        return RawPrefix + EndDeviceControlsHandler.FramingText(framing);
    }

    /// <summary>Receivers being served now, by ReplyAddress; each entry completes when its deliveries end.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Task> serving = new(StringComparer.Ordinal);

    private DateTimeOffset nextSweep = DateTimeOffset.MinValue;

    /// <summary>The lease owner this service claims replies as: unique per process and instance.</summary>
    public string Owner { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await StartDue(stoppingToken);
                if (time.GetUtcNow() >= nextSweep)
                {
                    await DeleteExpired(stoppingToken);
                    nextSweep = time.GetUtcNow() + options.Value.RetentionSweepInterval;
                }

                await Task.Delay(options.Value.DeliveryPollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // the loop must survive a store outage; it retries on the next poll
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogPollFailed(logger, e);
                await Task.Delay(options.Value.FirstDeliveryBackoff, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }

        await Task.WhenAll(serving.Values);
    }

    /// <summary>
    /// Claims due replies and starts delivering those of every receiver, at most
    /// <see cref="GatewayOptions.DeliveryParallelism"/> receivers at a time, and returns without waiting
    /// for them: a receiver that is slow or down holds up only its own replies. Claimed replies it has
    /// no room for are released at once. Returns the receivers started.
    /// </summary>
    public async Task<int> StartDue(CancellationToken cancellationToken)
    {
        var parallelism = Math.Max(1, options.Value.DeliveryParallelism);
        if (serving.Count >= parallelism)
        {
            return 0;
        }

        var now = time.GetUtcNow();
        var claimed = await outbox.Claim(Owner, now, now + options.Value.DeliveryLease, ClaimBatch, cancellationToken);
        var started = 0;
        foreach (var receiver in claimed.GroupBy(i => i.Address, StringComparer.Ordinal))
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (serving.Count >= parallelism || !serving.TryAdd(receiver.Key, done.Task))
            {
                await outbox.Release(Owner, receiver.Key, cancellationToken);
                continue;
            }

            _ = Serve(receiver.Key, [.. receiver], done, cancellationToken);
            started++;
        }

        return started;
    }

    /// <summary>Completes when the deliveries started so far have ended (delivered, rescheduled or given up).</summary>
    public Task Idle() => Task.WhenAll(serving.Values);

    /// <summary>Deletes the replies delivered longer ago than the retention; safe on every silo at once. Returns how many.</summary>
    public async Task<int> DeleteExpired(CancellationToken cancellationToken)
    {
        var before = time.GetUtcNow() - options.Value.DeliveredRetention;
        var deleted = 0;
        int batch;
        do
        {
            batch = await outbox.DeleteDelivered(before, SweepBatch, cancellationToken);
            deleted += batch;
        }
        while (batch == SweepBatch);

        return deleted;
    }

    /// <summary>
    /// Delivers one receiver's claimed items in order. When one fails, the rest wait with it (same next
    /// attempt, not counted as attempts): they would fail the same way. A dead letter does not hold the
    /// rest back. Stops when the lease was lost: another silo has the items then.
    /// </summary>
    private async Task Serve(string address, List<OutboxItem> items, TaskCompletionSource done, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Yield();
            var leaseUntil = items[0].LeaseUntil ?? DateTimeOffset.MinValue;
            for (var i = 0; i < items.Count; i++)
            {
                var now = time.GetUtcNow();
                if (leaseUntil - now < options.Value.DeliveryTimeout + LeaseMargin)
                {
                    leaseUntil = now + options.Value.DeliveryLease;
                    var held = await outbox.Renew(Owner, address, leaseUntil, cancellationToken);
                    if (items.Skip(i).Any(item => !held.Contains(item.Id, StringComparer.Ordinal)))
                    {
                        LogLeaseLost(logger, items[i].Id, address);
                        await outbox.Release(Owner, address, cancellationToken);
                        return;
                    }
                }

                var outcome = await TryDeliver(items[i], cancellationToken);
                if (outcome.Delivered || outcome.Dead)
                {
                    continue;
                }

                if (outcome.LeaseLost)
                {
                    return;
                }

                foreach (var waiting in items.Skip(i + 1))
                {
                    await outbox.Reschedule(waiting.Id, Owner, waiting.Attempts, outcome.NextAttemptAt, "Not attempted: an earlier reply to this address failed: " + outcome.Error,
                        waiting.FailingSince ?? time.GetUtcNow(), cancellationToken);
                }

                break;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // e.g. the outbox is unreachable: the items come back when their lease expires
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogServeFailed(logger, e, address);
        }
        finally
        {
            serving.TryRemove(address, out _);
            done.TrySetResult();
        }
    }

    private readonly record struct Attempt(bool Delivered, bool Dead, bool LeaseLost, DateTimeOffset NextAttemptAt, string Error);

    /// <summary>One attempt, recorded in the outbox: delivered, rescheduled with backoff, or a dead letter.</summary>
    private async Task<Attempt> TryDeliver(OutboxItem item, CancellationToken cancellationToken)
    {
        string? error;
        try
        {
            var (body, framing) = Render(item);
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue(framing.Soap == SoapVersion.Soap12 ? "application/soap+xml" : "text/xml") { CharSet = "utf-8" };
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            cts.CancelAfter(options.Value.DeliveryTimeout);
            using var response = await httpClients.CreateClient(HttpClientName).PostAsync(new Uri(item.Address), content, cts.Token);
            if (response.IsSuccessStatusCode)
            {
                var recorded = await outbox.MarkDelivered(item.Id, Owner, time.GetUtcNow(), cancellationToken);
                if (!recorded)
                {
                    LogLeaseLost(logger, item.Id, item.Address);
                }

                return new(Delivered: recorded, Dead: false, LeaseLost: !recorded, default, "");
            }

            error = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // any delivery failure is recorded and retried
        catch (Exception e)
#pragma warning restore CA1031
        {
            error = e.Message;
        }

        var now = time.GetUtcNow();
        var attempts = item.Attempts + 1;
        var failingSince = item.FailingSince ?? now;
        if (now - failingSince >= options.Value.DeadLetterAfter)
        {
            var dead = await outbox.DeadLetter(item.Id, Owner, attempts, error, now, cancellationToken);
            LogDeadLetter(logger, item.Id, item.Address, attempts, now - failingSince, error);
            return new(Delivered: false, Dead: dead, LeaseLost: !dead, default, error);
        }

        var backoff = TimeSpan.FromTicks(Math.Min(
            options.Value.MaxDeliveryBackoff.Ticks,
            options.Value.FirstDeliveryBackoff.Ticks * (1L << Math.Min(attempts - 1, 20))));
        var next = now + backoff;
        var rescheduled = await outbox.Reschedule(item.Id, Owner, attempts, next, error, failingSince, cancellationToken);
        LogDeliveryFailed(logger, item.Id, item.Address, attempts, error, backoff);
        return new(Delivered: false, Dead: false, LeaseLost: !rescheduled, next, error);
    }

    /// <summary>
    /// The MessageID of an outbox item's message: derived from the item's Id, so every retry of one reply
    /// carries the same MessageID and a receiver can recognise a delivery it already has.
    /// </summary>
    public static string MessageIdOf(OutboxItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(item.Id));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80); // RFC 9562 version 8 (name-derived, custom)
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString("D");
    }

    /// <summary>The CIM message for an outbox item.</summary>
    public (byte[] Body, MessageFraming Framing) Render(OutboxItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.Kind.StartsWith(RawPrefix, StringComparison.Ordinal))
        {
            return (System.Text.Encoding.UTF8.GetBytes(item.Body), EndDeviceControlsHandler.ParseFraming(item.Kind[RawPrefix.Length..]));
        }

        if (item.Kind == ScheduledReadingsNotice.Kind)
        {
            return RenderScheduledReadings(item, StoreJson.Deserialize<ScheduledReadingsNotice>(item.Body));
        }

        if (item.Kind != ControlOutcomeNotice.Kind)
        {
            throw new InvalidOperationException($"Outbox item {item.Id} has unknown kind {item.Kind}");
        }

        var notice = StoreJson.Deserialize<ControlOutcomeNotice>(item.Body);
        var framing = EndDeviceControlsHandler.ParseFraming(notice.Route.Framing);
        var replies = new ReplyCollector();
        var events = new EndDeviceEventsDocument();
        ControlOutcomes.Report(notice.Control, notice.Event, replies, events);
        var payload = new Payload();
        payload.Documents.Add(events.ToXml());
        var requestHeader = new Header { Verb = CimVerbs.Create, Noun = ProfileDocuments.EndDeviceControls, MessageID = notice.Route.CorrelationId };
        var message = CimMessages.ResponseTo(requestHeader, replies.Build(), payload, CimVerbs.Reply, time, options.Value.Source);
        Stamp(message, item);
        return (CimMessageWriter.ToBytes(message, framing), framing);
    }

    /// <summary>One page of a schedule's occurrence as <c>created MeterReadings</c>, correlated with the request that created the schedule and numbered like query pages.</summary>
    private (byte[] Body, MessageFraming Framing) RenderScheduledReadings(OutboxItem item, ScheduledReadingsNotice notice)
    {
        var framing = EndDeviceControlsHandler.ParseFraming(notice.Route.Framing);
        var document = new MeterReadingsDocument
        {
            MeterReadings = [.. notice.Reads.SelectMany(r => r.Series.Select(s =>
                ReadingsMapping.ToDocument(new Storage.Readings.SeriesReadings(new(r.MeterId, s.ReadingType), s.Values))))],
        };
        var message = CimMessages.Event(CimVerbs.Created, ProfileDocuments.MeterReadings, document.ToXml(), time, options.Value.Source,
            correlationId: notice.Route.CorrelationId);
        message.Header!.Comment = $"MeterReadSchedule {notice.ScheduleId}, occurrence {notice.Occurrence:O}; "
            + $"{notice.MetersRead ?? notice.Reads.Count(r => r.Problems.Count == 0)} of {notice.Meters ?? notice.Reads.Count} meters read";
        message.Header.Property.Add(new MessageProperty(MeterReadingsQuery.MessageIndexProperty, $"{notice.Page}/{notice.Pages}"));
        Stamp(message, item);
        return (CimMessageWriter.ToBytes(message, framing), framing);
    }

    /// <summary>A retried reply is the same message: same MessageID, Timestamp of when the reply was queued.</summary>
    private static void Stamp(CimMessage message, OutboxItem item)
    {
        message.Header!.MessageID = MessageIdOf(item);
        message.Header.Timestamp = item.CreatedAt;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivering replies to {Address} failed; they stay in the outbox")]
    private static partial void LogServeFailed(ILogger logger, Exception e, string address);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reply outbox poll failed")]
    private static partial void LogPollFailed(ILogger logger, Exception e);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reply {Id} to {Address}: the lease ran out and another silo has it; this silo stops delivering to the address")]
    private static partial void LogLeaseLost(ILogger logger, string id, string address);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reply {Id} to {Address} is a dead letter after {Attempts} attempts failing for {Failing}: {Error}. List with GET /outbox/dead-letters, re-queue with POST /outbox/dead-letters/{{id}}/requeue")]
    private static partial void LogDeadLetter(ILogger logger, string id, string address, int attempts, TimeSpan failing, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery of reply {Id} to {Address} failed (attempt {Attempts}): {Error}; retry in {Backoff}")]
    private static partial void LogDeliveryFailed(ILogger logger, string id, string address, int attempts, string error, TimeSpan backoff);
}
