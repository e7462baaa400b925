using Microsoft.Data.Sqlite;

namespace Orleans.Metering.Storage.Sqlite;

public sealed class SqliteReplyOutbox(SqliteDatabase database) : IReplyOutbox
{
    private const string Columns = "id, address, kind, body, attempts, next_attempt_ticks, created_ticks, delivered_ticks, last_error";

    public Task Enqueue(OutboxItem item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        return Execute($"""
            INSERT INTO metering_outbox ({Columns})
            VALUES ($id, $address, $kind, $body, $attempts, $next, $created, NULL, NULL)
            ON CONFLICT (id) DO NOTHING
            """,
            c =>
            {
                c.Parameters.AddWithValue("$id", item.Id);
                c.Parameters.AddWithValue("$address", item.Address);
                c.Parameters.AddWithValue("$kind", item.Kind);
                c.Parameters.AddWithValue("$body", item.Body);
                c.Parameters.AddWithValue("$attempts", item.Attempts);
                c.Parameters.AddWithValue("$next", StoreJson.ToTicks(item.NextAttemptAt));
                c.Parameters.AddWithValue("$created", StoreJson.ToTicks(item.CreatedAt));
            },
            cancellationToken);
    }

    public async Task<IReadOnlyList<OutboxItem>> Due(DateTimeOffset now, int max, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.Open(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM metering_outbox WHERE delivered_ticks IS NULL AND next_attempt_ticks <= $now ORDER BY created_ticks LIMIT $max";
        command.Parameters.AddWithValue("$now", StoreJson.ToTicks(now));
        command.Parameters.AddWithValue("$max", max);
        return await ReadItems(command, cancellationToken).ConfigureAwait(false);
    }

    public Task MarkDelivered(string id, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        Execute("UPDATE metering_outbox SET delivered_ticks = $at WHERE id = $id", c =>
        {
            c.Parameters.AddWithValue("$id", id);
            c.Parameters.AddWithValue("$at", StoreJson.ToTicks(at));
        }, cancellationToken);

    public Task Reschedule(string id, int attempts, DateTimeOffset nextAttemptAt, string error, CancellationToken cancellationToken = default) =>
        Execute("UPDATE metering_outbox SET attempts = $attempts, next_attempt_ticks = $next, last_error = $error WHERE id = $id", c =>
        {
            c.Parameters.AddWithValue("$id", id);
            c.Parameters.AddWithValue("$attempts", attempts);
            c.Parameters.AddWithValue("$next", StoreJson.ToTicks(nextAttemptAt));
            c.Parameters.AddWithValue("$error", error);
        }, cancellationToken);

    public async Task<OutboxItem?> Get(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.Open(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM metering_outbox WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        return (await ReadItems(command, cancellationToken).ConfigureAwait(false)).SingleOrDefault();
    }

    private static async Task<IReadOnlyList<OutboxItem>> ReadItems(SqliteCommand command, CancellationToken cancellationToken)
    {
        var items = new List<OutboxItem>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            items.Add(new OutboxItem(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4),
                StoreJson.FromTicks(reader.GetInt64(5)), StoreJson.FromTicks(reader.GetInt64(6)),
                reader.IsDBNull(7) ? null : StoreJson.FromTicks(reader.GetInt64(7)),
                reader.IsDBNull(8) ? null : reader.GetString(8)));
        }

        return items;
    }

    private async Task Execute(string sql, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        await using var connection = await database.Open(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
