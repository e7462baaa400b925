using System.Text.Json.Serialization;
using Orleans.Metering.Storage;

namespace Orleans.Metering.Gateway;

/// <summary>A reply in the outbox as an operator sees it; the Body only when one reply is asked for.</summary>
public sealed record DeadLetterView(
    string Id,
    string Address,
    string Kind,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FailingSince,
    DateTimeOffset? DeadAt,
    string? LastError,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Body = null)
{
    public static DeadLetterView Of(OutboxItem item, bool withBody = false)
    {
        ArgumentNullException.ThrowIfNull(item);
        return new(item.Id, item.Address, item.Kind, item.Attempts, item.CreatedAt, item.FailingSince, item.DeadAt, item.LastError, withBody ? item.Body : null);
    }

    /// <summary>Why <paramref name="id"/> cannot be re-queued (<paramref name="item"/> is what the outbox has under it): shared by the HTTP endpoints and the silo's command.</summary>
    public static string NotADeadLetter(string id, OutboxItem? item) => item switch
    {
        null => $"No reply with id '{id}' is in the outbox",
        { DeliveredAt: { } at } => $"Reply '{id}' is not a dead letter: it was delivered at {at:O}",
        { DeadAt: null } => $"Reply '{id}' is not a dead letter: it is pending ({item.Attempts} failed attempts, next attempt at {item.NextAttemptAt:O})",
        _ => $"Reply '{id}' became a dead letter again meanwhile; try again",
    };
}
