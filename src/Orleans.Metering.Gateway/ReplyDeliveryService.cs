using System.Net.Http.Headers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Metering.Abstractions;
using Orleans.Metering.Cim.Codes;
using Orleans.Metering.Cim.Documents;
using Orleans.Metering.Cim.Messages;
using Orleans.Metering.Gateway.Handlers;
using Orleans.Metering.Storage;

namespace Orleans.Metering.Gateway;

/// <summary>
/// Delivers the asynchronous replies waiting in the outbox: renders each as a 61968-100
/// ResponseMessage (verb reply, CorrelationID = the request's MessageID) and POSTs it to the
/// ReplyAddress. A failed delivery stays in the outbox and is retried with exponential backoff;
/// nothing is dropped.
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

    /// <summary>Kind of an outbox item whose Body is a finished CIM message, sent as it is.</summary>
    public static string RawMessageKind(MessageFraming framing)
    {
        ArgumentNullException.ThrowIfNull(framing);
        return RawPrefix + EndDeviceControlsHandler.FramingText(framing);
    }

    /// <summary>Receivers being served now, by ReplyAddress; each entry completes when its deliveries end.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Task> serving = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await StartDue(stoppingToken);
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
    /// Starts delivering the due replies of every receiver that is not being served already, at most
    /// <see cref="GatewayOptions.DeliveryParallelism"/> receivers at a time, and returns without waiting
    /// for them: a receiver that is slow or down holds up only its own replies. Returns the receivers started.
    /// </summary>
    public async Task<int> StartDue(CancellationToken cancellationToken)
    {
        var started = 0;
        var due = await outbox.Due(time.GetUtcNow(), 100, cancellationToken);
        foreach (var receiver in due.GroupBy(i => i.Address, StringComparer.Ordinal))
        {
            if (serving.Count >= Math.Max(1, options.Value.DeliveryParallelism))
            {
                break;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (!serving.TryAdd(receiver.Key, done.Task))
            {
                continue;
            }

            _ = Serve(receiver.Key, [.. receiver], done, cancellationToken);
            started++;
        }

        return started;
    }

    /// <summary>
    /// Delivers one receiver's items in order. When one fails, the rest wait with it (same next attempt,
    /// not counted as attempts): they would fail the same way, and they leave the due list meanwhile.
    /// </summary>
    private async Task Serve(string address, List<OutboxItem> items, TaskCompletionSource done, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Yield();
            for (var i = 0; i < items.Count; i++)
            {
                if (await TryDeliver(items[i], cancellationToken) is not { } failure)
                {
                    continue;
                }

                foreach (var waiting in items.Skip(i + 1))
                {
                    await outbox.Reschedule(waiting.Id, waiting.Attempts, failure.NextAttemptAt, "Not attempted: an earlier reply to this address failed: " + failure.Error, cancellationToken);
                }

                break;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // e.g. the outbox is unreachable: the items stay due and are tried again
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

    /// <summary>Null when delivered; else the failure, already recorded with its next attempt.</summary>
    private async Task<(DateTimeOffset NextAttemptAt, string Error)?> TryDeliver(OutboxItem item, CancellationToken cancellationToken)
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
                await outbox.MarkDelivered(item.Id, time.GetUtcNow(), cancellationToken);
                return null;
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

        var attempts = item.Attempts + 1;
        var backoff = TimeSpan.FromTicks(Math.Min(
            options.Value.MaxDeliveryBackoff.Ticks,
            options.Value.FirstDeliveryBackoff.Ticks * (1L << Math.Min(attempts - 1, 20))));
        var next = time.GetUtcNow() + backoff;
        await outbox.Reschedule(item.Id, attempts, next, error, cancellationToken);
        LogDeliveryFailed(logger, item.Id, item.Address, attempts, error, backoff);
        return (next, error);
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
        var control = notice.Control;
        var reply = control.State == ControlState.Executed
            ? Reply.Ok()
            : Reply.Failed(ReplyCode.AttemptedAndFailed,
                $"EndDeviceControl {control.ControlId} ({control.ControlType}) for EndDevice {control.DeviceId} {control.State.ToString().ToLowerInvariant()}: {control.FailureReason}",
                new ErrorObject(control.DeviceId, null, "EndDevice"));
        var payload = new Payload();
        payload.Documents.Add(new EndDeviceEventsDocument { Events = [CimMapping.ToDocument(notice.Event)] }.ToXml());
        var requestHeader = new Header { Verb = CimVerbs.Create, Noun = ProfileDocuments.EndDeviceControls, MessageID = notice.Route.CorrelationId };
        var message = CimMessages.ResponseTo(requestHeader, reply, payload, CimVerbs.Reply, time, options.Value.Source);
        Stamp(message, item);
        return (CimMessageWriter.ToBytes(message, framing), framing);
    }

    /// <summary>One occurrence of a schedule as <c>created MeterReadings</c>, correlated with the request that created the schedule.</summary>
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
            + $"{notice.Reads.Count(r => r.Problems.Count == 0)} of {notice.Reads.Count} meters read";
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery of reply {Id} to {Address} failed (attempt {Attempts}): {Error}; retry in {Backoff}")]
    private static partial void LogDeliveryFailed(ILogger logger, string id, string address, int attempts, string error, TimeSpan backoff);
}
