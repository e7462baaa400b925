using System.ComponentModel.DataAnnotations;
using Orleans.Metering.Abstractions.Options;

namespace Orleans.Metering.Gateway;

/// <summary>The <c>Metering:Gateway</c> settings.</summary>
public sealed class GatewayOptions
{
    /// <summary>Header.Source of the messages the platform sends.</summary>
    [Required]
    public string Source { get; set; } = "Orleans.Metering";

    /// <summary>How long a synchronous control request waits for the outcome before answering 0.3.</summary>
    [Positive]
    public TimeSpan SyncReplyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Largest request body accepted; larger ones get a FaultMessage with 3.1 and HTTP 413.</summary>
    [Positive]
    public long MaxRequestBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Most devices one request may address (3.1 beyond).</summary>
    [Positive]
    public int MaxDevicesPerRequest { get; set; } = 10_000;

    /// <summary>Grain calls in flight at once for one request.</summary>
    [Positive]
    public int FanOut { get; set; } = 64;

    /// <summary>Most events in one get EndDeviceEvents reply; more gives PARTIAL with 0.2.</summary>
    [Positive]
    public int MaxEventsPerReply { get; set; } = 10_000;

    /// <summary>Most reading values in one get MeterReadings answer (or one page of an asynchronous answer).</summary>
    [Positive]
    public int MaxReadingsPerReply { get; set; } = 100_000;

    /// <summary>Most reading values an asynchronous get MeterReadings delivers in all its pages.</summary>
    [Positive]
    public int MaxAsyncReadings { get; set; } = 2_000_000;

    /// <summary>How often the reply outbox is polled for due deliveries.</summary>
    public TimeSpan DeliveryPollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>First retry delay of a failed delivery; doubles per attempt up to <see cref="MaxDeliveryBackoff"/>.</summary>
    public TimeSpan FirstDeliveryBackoff { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxDeliveryBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Receivers (ReplyAddresses) served side by side, so one that is down does not hold up the others.</summary>
    public int DeliveryParallelism { get; set; } = 8;

    /// <summary>Timeout of one delivery attempt.</summary>
    public TimeSpan DeliveryTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
