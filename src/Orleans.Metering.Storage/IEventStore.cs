using Orleans.Metering.Abstractions;

namespace Orleans.Metering.Storage;

/// <summary>
/// The durable home of EndDeviceEvents. Events are appended here before they are published on a
/// stream; appending an event whose EventId is already stored is a no-op.
/// </summary>
public interface IEventStore
{
    Task Append(IReadOnlyList<DeviceEvent> events, CancellationToken cancellationToken = default);

    /// <summary>Events matching <paramref name="query"/>, oldest first, at most <see cref="EventQuery.Limit"/>.</summary>
    Task<IReadOnlyList<DeviceEvent>> Query(EventQuery query, CancellationToken cancellationToken = default);
}
