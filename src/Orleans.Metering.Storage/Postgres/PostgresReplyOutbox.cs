using Npgsql;
using NpgsqlTypes;

namespace Orleans.Metering.Storage.Postgres;

/// <summary>
/// The reply outbox in PostgreSQL (004-metering-events-outbox.sql), times as UTC ticks. The same
/// semantics as <see cref="Sqlite.SqliteReplyOutbox"/>.
/// </summary>
public sealed class PostgresReplyOutbox(PostgresDatabase database) : IReplyOutbox
{
    private const string Columns = "id, address, kind, body, attempts, next_attempt_ticks, created_ticks, delivered_ticks, last_error";

    public Task Enqueue(OutboxItem item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        return Execute($"""
            INSERT INTO metering_outbox ({Columns})
            VALUES (@id, @address, @kind, @body, @attempts, @next, @created, NULL, NULL)
            ON CONFLICT (id) DO NOTHING
            """,
            c =>
            {
                c.Parameters.Add(Text("id", item.Id));
                c.Parameters.Add(Text("address", item.Address));
                c.Parameters.Add(Text("kind", item.Kind));
                c.Parameters.Add(Text("body", item.Body));
                c.Parameters.Add(new NpgsqlParameter<int>("attempts", NpgsqlDbType.Integer) { TypedValue = item.Attempts });
                c.Parameters.Add(Ticks("next", item.NextAttemptAt));
                c.Parameters.Add(Ticks("created", item.CreatedAt));
            },
            cancellationToken);
    }

    public async Task<IReadOnlyList<OutboxItem>> Due(DateTimeOffset now, int max, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.Open(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            $"SELECT {Columns} FROM metering_outbox WHERE delivered_ticks IS NULL AND next_attempt_ticks <= @now ORDER BY created_ticks, id LIMIT @max",
            connection);
        command.Parameters.Add(Ticks("now", now));
        command.Parameters.Add(new NpgsqlParameter<int>("max", NpgsqlDbType.Integer) { TypedValue = max });
        return await ReadItems(command, cancellationToken).ConfigureAwait(false);
    }

    public Task MarkDelivered(string id, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        Execute("UPDATE metering_outbox SET delivered_ticks = @at WHERE id = @id", c =>
        {
            c.Parameters.Add(Text("id", id));
            c.Parameters.Add(Ticks("at", at));
        }, cancellationToken);

    public Task Reschedule(string id, int attempts, DateTimeOffset nextAttemptAt, string error, CancellationToken cancellationToken = default) =>
        Execute("UPDATE metering_outbox SET attempts = @attempts, next_attempt_ticks = @next, last_error = @error WHERE id = @id", c =>
        {
            c.Parameters.Add(Text("id", id));
            c.Parameters.Add(new NpgsqlParameter<int>("attempts", NpgsqlDbType.Integer) { TypedValue = attempts });
            c.Parameters.Add(Ticks("next", nextAttemptAt));
            c.Parameters.Add(Text("error", error));
        }, cancellationToken);

    public async Task<OutboxItem?> Get(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.Open(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM metering_outbox WHERE id = @id", connection);
        command.Parameters.Add(Text("id", id));
        return (await ReadItems(command, cancellationToken).ConfigureAwait(false)).SingleOrDefault();
    }

    private static NpgsqlParameter<string> Text(string name, string value) => new(name, NpgsqlDbType.Text) { TypedValue = value };

    private static NpgsqlParameter<long> Ticks(string name, DateTimeOffset value) => new(name, NpgsqlDbType.Bigint) { TypedValue = StoreJson.ToTicks(value) };

    private static async Task<IReadOnlyList<OutboxItem>> ReadItems(NpgsqlCommand command, CancellationToken cancellationToken)
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

    private async Task Execute(string sql, Action<NpgsqlCommand> bind, CancellationToken cancellationToken)
    {
        await using var connection = await database.Open(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        bind(command);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
