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
/// ResponseMessage (verb created, CorrelationID = the request's MessageID) and POSTs it to the
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

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DeliverDue(stoppingToken);
                await Task.Delay(options.Value.DeliveryPollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // the loop must survive a store outage; it retries on the next poll
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogPollFailed(logger, e);
                await Task.Delay(options.Value.FirstDeliveryBackoff, time, stoppingToken);
            }
        }
    }

    /// <summary>Delivers every item that is due now; returns how many were delivered.</summary>
    public async Task<int> DeliverDue(CancellationToken cancellationToken)
    {
        var delivered = 0;
        foreach (var item in await outbox.Due(time.GetUtcNow(), 100, cancellationToken))
        {
            if (await TryDeliver(item, cancellationToken))
            {
                delivered++;
            }
        }

        return delivered;
    }

    private async Task<bool> TryDeliver(OutboxItem item, CancellationToken cancellationToken)
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
                return true;
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
        await outbox.Reschedule(item.Id, attempts, time.GetUtcNow() + backoff, error, cancellationToken);
        LogDeliveryFailed(logger, item.Id, item.Address, attempts, error, backoff);
        return false;
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
            return RenderScheduledReadings(StoreJson.Deserialize<ScheduledReadingsNotice>(item.Body));
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
        var message = CimMessages.ResponseTo(requestHeader, reply, payload, CimVerbs.Created, time, options.Value.Source);
        return (CimMessageWriter.ToBytes(message, framing), framing);
    }

    /// <summary>One occurrence of a schedule as <c>created MeterReadings</c>, correlated with the request that created the schedule.</summary>
    private (byte[] Body, MessageFraming Framing) RenderScheduledReadings(ScheduledReadingsNotice notice)
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
        return (CimMessageWriter.ToBytes(message, framing), framing);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reply outbox poll failed")]
    private static partial void LogPollFailed(ILogger logger, Exception e);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery of reply {Id} to {Address} failed (attempt {Attempts}): {Error}; retry in {Backoff}")]
    private static partial void LogDeliveryFailed(ILogger logger, string id, string address, int attempts, string error, TimeSpan backoff);
}
