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

/// <summary>Reply outbox for tests.</summary>
public sealed class InMemoryReplyOutbox : IReplyOutbox
{
    private readonly Dictionary<string, OutboxItem> items = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    public Task Enqueue(OutboxItem item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        lock (gate)
        {
            items.TryAdd(item.Id, item);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<OutboxItem>> Due(DateTimeOffset now, int max, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            IReadOnlyList<OutboxItem> due = [.. items.Values.Where(i => i.DeliveredAt is null && i.NextAttemptAt <= now).OrderBy(i => i.CreatedAt).Take(max)];
            return Task.FromResult(due);
        }
    }

    public Task MarkDelivered(string id, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        Update(id, i => i with { DeliveredAt = at });

    public Task Reschedule(string id, int attempts, DateTimeOffset nextAttemptAt, string error, CancellationToken cancellationToken = default) =>
        Update(id, i => i with { Attempts = attempts, NextAttemptAt = nextAttemptAt, LastError = error });

    public Task<OutboxItem?> Get(string id, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            return Task.FromResult(items.GetValueOrDefault(id));
        }
    }

    private Task Update(string id, Func<OutboxItem, OutboxItem> change)
    {
        lock (gate)
        {
            if (items.TryGetValue(id, out var item))
            {
                items[id] = change(item);
            }
        }

        return Task.CompletedTask;
    }
}
