namespace Orleans.Metering.Storage;

/// <summary>An asynchronous reply waiting to be delivered to a ReplyAddress.</summary>
public sealed record OutboxItem(
    string Id,
    string Address,
    string Kind,
    string Body,
    int Attempts,
    DateTimeOffset NextAttemptAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DeliveredAt = null,
    string? LastError = null);

/// <summary>
/// Durable queue of asynchronous replies: an item is stored before anyone tries to deliver it and
/// stays until it was delivered, so a reply survives failed deliveries and restarts.
/// </summary>
public interface IReplyOutbox
{
    /// <summary>Stores an item; an item whose Id is already stored is left as it is.</summary>
    Task Enqueue(OutboxItem item, CancellationToken cancellationToken = default);

    /// <summary>Undelivered items whose next attempt is due at <paramref name="now"/>, oldest first.</summary>
    Task<IReadOnlyList<OutboxItem>> Due(DateTimeOffset now, int max, CancellationToken cancellationToken = default);

    Task MarkDelivered(string id, DateTimeOffset at, CancellationToken cancellationToken = default);

    Task Reschedule(string id, int attempts, DateTimeOffset nextAttemptAt, string error, CancellationToken cancellationToken = default);

    Task<OutboxItem?> Get(string id, CancellationToken cancellationToken = default);
}
