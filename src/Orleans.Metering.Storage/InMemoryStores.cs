using Orleans.Metering.Abstractions;

namespace Orleans.Metering.Storage;

/// <summary>Event store for tests: same semantics as the SQL stores, nothing durable.</summary>
public sealed class InMemoryEventStore : IEventStore
{
    private readonly Dictionary<(string Device, string Event), DeviceEvent> stored = [];
    private readonly Lock gate = new();

    public Task Append(IReadOnlyList<DeviceEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        lock (gate)
        {
            foreach (var e in events)
            {
                stored.TryAdd((e.DeviceId, e.EventId), e);
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<DeviceEvent>> Query(EventQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (gate)
        {
            IReadOnlyList<DeviceEvent> result = [.. stored.Values
                .Where(e => query.DeviceIds.Count == 0 || query.DeviceIds.Contains(e.DeviceId))
                .Where(e => query.EventTypes.Count == 0 || query.EventTypes.Contains(e.EventType))
                .Where(e => query.From is null || e.CreatedDateTime >= query.From)
                .Where(e => query.To is null || e.CreatedDateTime < query.To)
                .OrderBy(e => e.CreatedDateTime).ThenBy(e => e.DeviceId, StringComparer.Ordinal).ThenBy(e => e.EventId, StringComparer.Ordinal)
                .Take(query.Limit)];
            return Task.FromResult(result);
        }
    }
}

/// <summary>Reply outbox for tests: the semantics of <see cref="SqlReplyOutbox"/>, one lock for everything.</summary>
public sealed class InMemoryReplyOutbox : IReplyOutbox
{
    private readonly Dictionary<string, OutboxItem> items = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    public Task Enqueue(OutboxItem item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        lock (gate)
        {
            items.TryAdd(item.Id, item with { DeliveredAt = null, LastError = null, FailingSince = null, DeadAt = null, LeaseOwner = null, LeaseUntil = null });
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<OutboxItem>> Due(DateTimeOffset now, int max, CancellationToken cancellationToken = default) =>
        Read<OutboxItem>(() => [.. Ordered(items.Values.Where(i => IsPending(i) && i.NextAttemptAt <= now)).Take(max)]);

    public Task<IReadOnlyList<OutboxItem>> Claim(string owner, DateTimeOffset now, DateTimeOffset leaseUntil, int max, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        lock (gate)
        {
            // A receiver's pending items in order, up to the first that is not due or is leased.
            var claimable = items.Values.Where(IsPending).GroupBy(i => i.Address, StringComparer.Ordinal)
                .SelectMany(r => Ordered(r).TakeWhile(i => i.NextAttemptAt <= now && !(i.LeaseUntil > now)));
            IReadOnlyList<OutboxItem> claimed = [.. Ordered(claimable).Take(max).Select(i => items[i.Id] = i with { LeaseOwner = owner, LeaseUntil = leaseUntil })];
            return Task.FromResult(claimed);
        }
    }

    public Task<IReadOnlyList<string>> Renew(string owner, string address, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default) =>
        Read<string>(() => [.. HeldBy(owner, address).Select(i => (items[i.Id] = i with { LeaseUntil = leaseUntil }).Id)]);

    public Task Release(string owner, string address, CancellationToken cancellationToken = default) =>
        Read<string>(() => [.. HeldBy(owner, address).Select(i => (items[i.Id] = i with { LeaseOwner = null, LeaseUntil = null }).Id)]);

    public Task<bool> MarkDelivered(string id, string owner, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        Attempted(id, owner, i => i with { DeliveredAt = at });

    public Task<bool> Reschedule(string id, string owner, int attempts, DateTimeOffset nextAttemptAt, string error, DateTimeOffset failingSince, CancellationToken cancellationToken = default) =>
        Attempted(id, owner, i => i with { Attempts = attempts, NextAttemptAt = nextAttemptAt, LastError = error, FailingSince = failingSince });

    public Task<bool> DeadLetter(string id, string owner, int attempts, string error, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        Attempted(id, owner, i => i with { Attempts = attempts, LastError = error, DeadAt = at });

    public Task<IReadOnlyList<OutboxItem>> DeadLetters(int max, CancellationToken cancellationToken = default) =>
        Read<OutboxItem>(() => [.. items.Values.Where(i => i.DeadAt is not null).OrderBy(i => i.DeadAt).ThenBy(i => i.Id, StringComparer.Ordinal).Take(max)]);

    public async Task<bool> Requeue(string id, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        (await Read<OutboxItem>(() => [.. Requeued(items.Values.Where(i => i.Id == id), now)])).Count == 1;

    public async Task<int> RequeueAll(DateTimeOffset now, CancellationToken cancellationToken = default) =>
        (await Read<OutboxItem>(() => [.. Requeued(items.Values, now)])).Count;

    public async Task<int> DeleteDelivered(DateTimeOffset before, int max, CancellationToken cancellationToken = default) =>
        (await Read<OutboxItem>(() => [.. items.Values.Where(i => i.DeliveredAt < before).Take(max).ToList().Where(i => items.Remove(i.Id))])).Count;

    public Task<OutboxItem?> Get(string id, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            return Task.FromResult(items.GetValueOrDefault(id));
        }
    }

    private static bool IsPending(OutboxItem i) => i.DeliveredAt is null && i.DeadAt is null;

    private static IOrderedEnumerable<OutboxItem> Ordered(IEnumerable<OutboxItem> items) => items.OrderBy(i => i.CreatedAt).ThenBy(i => i.Id, StringComparer.Ordinal);

    private List<OutboxItem> HeldBy(string owner, string address) =>
        [.. items.Values.Where(i => IsPending(i) && i.LeaseOwner == owner && i.Address == address)];

    private List<OutboxItem> Requeued(IEnumerable<OutboxItem> candidates, DateTimeOffset now) =>
        [.. candidates.Where(i => i.DeadAt is not null).ToList().Select(i => items[i.Id] = i with { DeadAt = null, FailingSince = null, Attempts = 0, NextAttemptAt = now })];

    private Task<IReadOnlyList<T>> Read<T>(Func<List<T>> read)
    {
        lock (gate)
        {
            IReadOnlyList<T> result = read();
            return Task.FromResult(result);
        }
    }

    private Task<bool> Attempted(string id, string owner, Func<OutboxItem, OutboxItem> change)
    {
        lock (gate)
        {
            if (!items.TryGetValue(id, out var item) || !IsPending(item) || item.LeaseOwner != owner)
            {
                return Task.FromResult(false);
            }

            items[id] = change(item) with { LeaseOwner = null, LeaseUntil = null };
            return Task.FromResult(true);
        }
    }
}
