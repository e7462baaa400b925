using System.ComponentModel.DataAnnotations;
using Orleans.Metering.Abstractions.Options;

namespace Orleans.Metering.Gateway;

/// <summary>The <c>Metering:Gateway</c> settings.</summary>
public sealed class GatewayOptions : IValidatableObject
{
    /// <summary>
    /// Header/Revision values the gateway accepts (comma-separated); a request naming another revision
    /// gets 1.9. A request without Revision is taken as the current one.
    /// </summary>
    [Required]
    public string SupportedRevisions { get; set; } = "1.0,2.0";

    /// <summary>Header.Source of the messages the platform sends.</summary>
    [Required]
    public string Source { get; set; } = "Orleans.Metering";

    /// <summary>How long a synchronous control request waits for the outcome before answering 0.3.</summary>
    [Positive]
    public TimeSpan SyncReplyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Largest request body accepted; larger ones get a FaultMessage with 3.1 and HTTP 413.</summary>
    [Positive]
    public long MaxRequestBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Longest identifier (mRID, name, ref, Header MessageID, CorrelationID, Source ...) accepted, in characters (3.1 beyond).</summary>
    [Positive]
    public int MaxIdentifierLength { get; set; } = 256;

    /// <summary>Longest other text value of a message accepted, in characters (3.1 beyond).</summary>
    [Positive]
    public int MaxTextLength { get; set; } = 4096;

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

    /// <summary>
    /// How long a silo holds the replies it claimed from the outbox (renewed while it delivers them):
    /// no other silo attempts them meanwhile, and a silo that dies holds them this long at most.
    /// Longer than <see cref="DeliveryTimeout"/>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan DeliveryLease { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A reply that has kept failing this long (since its first failed attempt) becomes a dead letter: no more attempts until an operator re-queues it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan DeadLetterAfter { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Delivered replies are deleted from the outbox this long after their delivery.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00")]
    public TimeSpan DeliveredRetention { get; set; } = TimeSpan.FromDays(3);

    /// <summary>How often each silo deletes the delivered replies older than <see cref="DeliveredRetention"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RetentionSweepInterval { get; set; } = TimeSpan.FromHours(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (DeliveryLease <= DeliveryTimeout)
        {
            yield return new ValidationResult(
                $"Metering:Gateway:DeliveryLease ({DeliveryLease}) must be longer than Metering:Gateway:DeliveryTimeout ({DeliveryTimeout}): a delivery must not outlive the lease it runs under",
                [nameof(DeliveryLease)]);
        }
    }
}
