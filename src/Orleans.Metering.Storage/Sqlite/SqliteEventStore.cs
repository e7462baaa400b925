using System.Text;
using Microsoft.Data.Sqlite;
using Orleans.Metering.Abstractions;

namespace Orleans.Metering.Storage.Sqlite;

public sealed class SqliteEventStore(SqliteDatabase database) : IEventStore
{
    public async Task Append(IReadOnlyList<DeviceEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return;
        }

        await using var connection = await database.Open(cancellationToken).ConfigureAwait(false);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = """
            INSERT INTO metering_event (event_id, device_id, event_type, created_ticks, body)
            VALUES ($id, $device, $type, $created, $body)
            ON CONFLICT (device_id, event_id) DO NOTHING
            """;
        var id = command.Parameters.Add("$id", SqliteType.Text);
        var device = command.Parameters.Add("$device", SqliteType.Text);
        var type = command.Parameters.Add("$type", SqliteType.Text);
        var created = command.Parameters.Add("$created", SqliteType.Integer);
        var body = command.Parameters.Add("$body", SqliteType.Text);
        foreach (var e in events)
        {
            id.Value = e.EventId;
            device.Value = e.DeviceId;
            type.Value = e.EventType;
            created.Value = StoreJson.ToTicks(e.CreatedDateTime);
            body.Value = StoreJson.Serialize(e);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<DeviceEvent>> Query(EventQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await database.Open(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        var sql = new StringBuilder("SELECT body FROM metering_event WHERE 1 = 1");
        AddIn(command, sql, "device_id", "$d", query.DeviceIds);
        AddIn(command, sql, "event_type", "$t", query.EventTypes);
        if (query.From is { } from)
        {
            sql.Append(" AND created_ticks >= $from");
            command.Parameters.AddWithValue("$from", StoreJson.ToTicks(from));
        }

        if (query.To is { } to)
        {
            sql.Append(" AND created_ticks < $to");
            command.Parameters.AddWithValue("$to", StoreJson.ToTicks(to));
        }

        sql.Append(" ORDER BY created_ticks, device_id, event_id LIMIT $limit");
        command.Parameters.AddWithValue("$limit", query.Limit);
        command.CommandText = sql.ToString();

        var result = new List<DeviceEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(StoreJson.ReadEvent(reader.GetString(0)));
        }

        return result;
    }

    private static void AddIn(SqliteCommand command, StringBuilder sql, string column, string prefix, IReadOnlyList<string> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        sql.Append(" AND ").Append(column).Append(" IN (");
        for (var i = 0; i < values.Count; i++)
        {
            var name = prefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            sql.Append(i == 0 ? "" : ", ").Append(name);
            command.Parameters.AddWithValue(name, values[i]);
        }

        sql.Append(')');
    }
}
