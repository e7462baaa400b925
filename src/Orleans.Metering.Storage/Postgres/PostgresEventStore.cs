using System.Text;
using Npgsql;
using NpgsqlTypes;
using Orleans.Metering.Abstractions;

namespace Orleans.Metering.Storage.Postgres;

/// <summary>
/// EndDeviceEvents in PostgreSQL (004-metering-events-outbox.sql): one multi-row INSERT per append
/// (arrays unnested server-side), times as UTC ticks, the event as a jsonb body. The same
/// semantics as <see cref="Sqlite.SqliteEventStore"/>. Concurrent appends (every control's outcome
/// event) are group-committed: one INSERT and one transaction for what arrived together.
/// </summary>
public sealed class PostgresEventStore : IEventStore, IAsyncDisposable
{
    private readonly PostgresDatabase database;
    private readonly AppendBatcher<DeviceEvent> batcher;

    public PostgresEventStore(PostgresDatabase database)
    {
        this.database = database;
        // Data exceptions (class 22) and constraint violations (class 23) belong to some event of the batch.
        batcher = new AppendBatcher<DeviceEvent>(
            Insert,
            e => e is PostgresException { SqlState: ['2', '2' or '3', ..] });
    }

    public Task Append(IReadOnlyList<DeviceEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        return events.Count == 0 ? Task.CompletedTask : batcher.Append(events, cancellationToken);
    }

    public ValueTask DisposeAsync() => batcher.DisposeAsync();

    /// <summary>One group commit (no cancellation: it commits for every caller in it).</summary>
    private async Task Insert(IReadOnlyList<DeviceEvent> events)
    {

        // An event twice in one append (same device and EventId): the first one is kept, as when appended one by one.
        var seen = new HashSet<(string, string)>();
        var first = events.Where(e => seen.Add((e.DeviceId, e.EventId))).ToList();
        await using var connection = await database.Open().ConfigureAwait(false);
        await using var command = new NpgsqlCommand("""
            INSERT INTO metering_event (event_id, device_id, event_type, created_ticks, body)
            SELECT * FROM unnest(@ids, @devices, @types, @created, @bodies)
            ON CONFLICT (device_id, event_id) DO NOTHING
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<string[]>("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. first.Select(e => e.EventId)] });
        command.Parameters.Add(new NpgsqlParameter<string[]>("devices", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. first.Select(e => e.DeviceId)] });
        command.Parameters.Add(new NpgsqlParameter<string[]>("types", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. first.Select(e => e.EventType)] });
        command.Parameters.Add(new NpgsqlParameter<long[]>("created", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = [.. first.Select(e => StoreJson.ToTicks(e.CreatedDateTime))] });
        command.Parameters.Add(new NpgsqlParameter<string[]>("bodies", NpgsqlDbType.Array | NpgsqlDbType.Jsonb) { TypedValue = [.. first.Select(StoreJson.Serialize)] });
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<DeviceEvent>> Query(EventQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await database.Open(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand { Connection = connection };
        var sql = new StringBuilder("SELECT body FROM metering_event WHERE true");
        if (query.DeviceIds.Count > 0)
        {
            sql.Append(" AND device_id = ANY(@devices)");
            command.Parameters.Add(new NpgsqlParameter<string[]>("devices", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. query.DeviceIds] });
        }

        if (query.EventTypes.Count > 0)
        {
            sql.Append(" AND event_type = ANY(@types)");
            command.Parameters.Add(new NpgsqlParameter<string[]>("types", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. query.EventTypes] });
        }

        if (query.From is { } from)
        {
            sql.Append(" AND created_ticks >= @from");
            command.Parameters.Add(new NpgsqlParameter<long>("from", NpgsqlDbType.Bigint) { TypedValue = StoreJson.ToTicks(from) });
        }

        if (query.To is { } to)
        {
            sql.Append(" AND created_ticks < @to");
            command.Parameters.Add(new NpgsqlParameter<long>("to", NpgsqlDbType.Bigint) { TypedValue = StoreJson.ToTicks(to) });
        }

        sql.Append(" ORDER BY created_ticks, device_id, event_id LIMIT @limit");
        command.Parameters.Add(new NpgsqlParameter<int>("limit", NpgsqlDbType.Integer) { TypedValue = query.Limit });
        command.CommandText = sql.ToString();

        var result = new List<DeviceEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(StoreJson.ReadEvent(reader.GetString(0)));
        }

        return result;
    }
}
