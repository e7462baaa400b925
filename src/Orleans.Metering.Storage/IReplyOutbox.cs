using System.Globalization;

namespace Orleans.Metering.Storage;

/// <summary>An asynchronous reply waiting to be delivered to a ReplyAddress.</summary>
/// <param name="FailingSince">First failed attempt since the reply was queued or re-queued.</param>
/// <param name="DeadAt">When it became a dead letter (no more attempts until re-queued).</param>
/// <param name="LeaseOwner">The delivery service holding the item, until <paramref name="LeaseUntil"/>.</param>
public sealed record OutboxItem(
    string Id,
    string Address,
    string Kind,
    string Body,
    int Attempts,
    DateTimeOffset NextAttemptAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DeliveredAt = null,
    string? LastError = null,
    DateTimeOffset? FailingSince = null,
    DateTimeOffset? DeadAt = null,
    string? LeaseOwner = null,
    DateTimeOffset? LeaseUntil = null);

/// <summary>
/// Durable queue of asynchronous replies: an item is stored before anyone tries to deliver it and
/// stays until it was delivered (then until the retention sweep), so a reply survives failed
/// deliveries and restarts. Several delivery services share one outbox: each <see cref="Claim"/>s
/// (leases) the items it delivers, and only the lease holder records an attempt.
/// </summary>
public interface IReplyOutbox
{
    /// <summary>Stores an item; an item whose Id is already stored is left as it is.</summary>
    Task Enqueue(OutboxItem item, CancellationToken cancellationToken = default);

    /// <summary>Pending items (neither delivered nor dead) whose next attempt is due at <paramref name="now"/>, oldest first; leases are not looked at.</summary>
    Task<IReadOnlyList<OutboxItem>> Due(DateTimeOffset now, int max, CancellationToken cancellationToken = default);

    /// <summary>
    /// Leases to <paramref name="owner"/> until <paramref name="leaseUntil"/> at most <paramref name="max"/>
    /// pending items that are due and not leased (or whose lease expired), oldest first. One receiver's
    /// items go in order: an item is not claimed while an earlier pending item to the same address is
    /// not due or is leased. Two claims never return the same item while its lease runs.
    /// </summary>
    Task<IReadOnlyList<OutboxItem>> Claim(string owner, DateTimeOffset now, DateTimeOffset leaseUntil, int max, CancellationToken cancellationToken = default);

    /// <summary>Extends the owner's leases on pending items to <paramref name="address"/>; returns the ids it still holds.</summary>
    Task<IReadOnlyList<string>> Renew(string owner, string address, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default);

    /// <summary>Gives up the owner's leases on pending items to <paramref name="address"/> without an attempt.</summary>
    Task Release(string owner, string address, CancellationToken cancellationToken = default);

    /// <summary>Records the delivery if <paramref name="owner"/> still holds the item; false when it does not.</summary>
    Task<bool> MarkDelivered(string id, string owner, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Records a failed (or not made) attempt and frees the item, if <paramref name="owner"/> still holds it.</summary>
    Task<bool> Reschedule(string id, string owner, int attempts, DateTimeOffset nextAttemptAt, string error, DateTimeOffset failingSince, CancellationToken cancellationToken = default);

    /// <summary>Makes the item a dead letter (no more attempts), if <paramref name="owner"/> still holds it.</summary>
    Task<bool> DeadLetter(string id, string owner, int attempts, string error, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Dead letters, the earliest dead first.</summary>
    Task<IReadOnlyList<OutboxItem>> DeadLetters(int max, CancellationToken cancellationToken = default);

    /// <summary>Makes a dead letter pending again, due at <paramref name="now"/> with its attempts counted afresh; false when no dead letter has this id.</summary>
    Task<bool> Requeue(string id, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Re-queues every dead letter; returns how many.</summary>
    Task<int> RequeueAll(DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Deletes at most <paramref name="max"/> items delivered before <paramref name="before"/>; returns how many.</summary>
    Task<int> DeleteDelivered(DateTimeOffset before, int max, CancellationToken cancellationToken = default);

    Task<OutboxItem?> Get(string id, CancellationToken cancellationToken = default);
}

/// <summary>Ids of the numbered pages of one answer.</summary>
public static class OutboxPages
{
    /// <summary>
    /// <paramref name="page"/> zero-padded to the width of <paramref name="pages"/>: the outbox delivers items
    /// queued at the same instant in id order, so page 10 must not sort before page 2.
    /// </summary>
    public static string Number(int page, int pages) =>
        page.ToString("D" + pages.ToString(CultureInfo.InvariantCulture).Length.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
