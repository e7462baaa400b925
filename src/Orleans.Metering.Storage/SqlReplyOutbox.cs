using System.Data.Common;

namespace Orleans.Metering.Storage;

/// <summary>
/// The reply outbox in SQL (metering_outbox; 010-metering-outbox-leases.sql on both engines), one
/// set of statements for SQLite and PostgreSQL. Times are UTC ticks. The engines differ only in how
/// a claim is kept exclusive and in order: see <see cref="BeginClaim"/> and <see cref="RowLock"/>.
/// </summary>
public abstract class SqlReplyOutbox : IReplyOutbox
{
    private const string Columns = "id, address, kind, body, attempts, next_attempt_ticks, created_ticks, delivered_ticks, last_error, failing_since_ticks, dead_ticks, lease_owner, lease_until_ticks";

    private const string Pending = "delivered_ticks IS NULL AND dead_ticks IS NULL";

    /// <summary>Frees the row and says the owner still held it (the guard of every recorded attempt).</summary>
    private const string HeldBy = "lease_owner = NULL, lease_until_ticks = NULL WHERE id = @id AND lease_owner = @owner AND " + Pending;

    protected abstract ValueTask<DbConnection> Open(CancellationToken cancellationToken);

    /// <summary>The transaction a claim runs in, holding whatever makes claims one at a time.</summary>
    protected abstract Task<DbTransaction> BeginClaim(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Appended to the claim's row selection (PostgreSQL: FOR UPDATE SKIP LOCKED).</summary>
    protected abstract string RowLock { get; }

    public Task Enqueue(OutboxItem item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        return Execute("""
            INSERT INTO metering_outbox (id, address, kind, body, attempts, next_attempt_ticks, created_ticks)
            VALUES (@id, @address, @kind, @body, @attempts, @next, @created)
            ON CONFLICT (id) DO NOTHING
            """,
            cancellationToken,
            ("@id", item.Id), ("@address", item.Address), ("@kind", item.Kind), ("@body", item.Body), ("@attempts", item.Attempts),
            ("@next", item.NextAttemptAt.UtcTicks), ("@created", item.CreatedAt.UtcTicks));
    }

    public Task<IReadOnlyList<OutboxItem>> Due(DateTimeOffset now, int max, CancellationToken cancellationToken = default) =>
        Query($"SELECT {Columns} FROM metering_outbox WHERE {Pending} AND next_attempt_ticks <= @now ORDER BY created_ticks, id LIMIT @max",
            cancellationToken, ("@now", now.UtcTicks), ("@max", max));

    public async Task<IReadOnlyList<OutboxItem>> Claim(string owner, DateTimeOffset now, DateTimeOffset leaseUntil, int max, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        await using var connection = await Open(cancellationToken).ConfigureAwait(false);
        await using var tx = await BeginClaim(connection, cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, $"""
            UPDATE metering_outbox SET lease_owner = @owner, lease_until_ticks = @until
            WHERE id IN (
                SELECT o.id FROM metering_outbox o
                WHERE o.delivered_ticks IS NULL AND o.dead_ticks IS NULL AND o.next_attempt_ticks <= @now
                  AND (o.lease_until_ticks IS NULL OR o.lease_until_ticks <= @now)
                  AND NOT EXISTS (
                      SELECT 1 FROM metering_outbox e
                      WHERE e.address = o.address AND e.delivered_ticks IS NULL AND e.dead_ticks IS NULL
                        AND (e.created_ticks < o.created_ticks OR (e.created_ticks = o.created_ticks AND e.id < o.id))
                        AND (e.next_attempt_ticks > @now OR e.lease_until_ticks > @now))
                ORDER BY o.created_ticks, o.id
                LIMIT @max {RowLock})
            RETURNING {Columns}
            """,
            ("@owner", owner), ("@now", now.UtcTicks), ("@until", leaseUntil.UtcTicks), ("@max", max));
        command.Transaction = tx;
        var claimed = await ReadItems(command, cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return [.. claimed.OrderBy(i => i.CreatedAt).ThenBy(i => i.Id, StringComparer.Ordinal)];
    }

    public async Task<IReadOnlyList<string>> Renew(string owner, string address, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default)
    {
        await using var connection = await Open(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, $"UPDATE metering_outbox SET lease_until_ticks = @until WHERE lease_owner = @owner AND address = @address AND {Pending} RETURNING id",
            ("@owner", owner), ("@address", address), ("@until", leaseUntil.UtcTicks));
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    public Task Release(string owner, string address, CancellationToken cancellationToken = default) =>
        Execute($"UPDATE metering_outbox SET lease_owner = NULL, lease_until_ticks = NULL WHERE lease_owner = @owner AND address = @address AND {Pending}",
            cancellationToken, ("@owner", owner), ("@address", address));

    public async Task<bool> MarkDelivered(string id, string owner, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        await ExecuteCount($"UPDATE metering_outbox SET delivered_ticks = @at, {HeldBy}", cancellationToken,
            ("@id", id), ("@owner", owner), ("@at", at.UtcTicks)).ConfigureAwait(false) == 1;

    public async Task<bool> Reschedule(string id, string owner, int attempts, DateTimeOffset nextAttemptAt, string error, DateTimeOffset failingSince, CancellationToken cancellationToken = default) =>
        await ExecuteCount($"UPDATE metering_outbox SET attempts = @attempts, next_attempt_ticks = @next, last_error = @error, failing_since_ticks = @since, {HeldBy}",
            cancellationToken, ("@id", id), ("@owner", owner), ("@attempts", attempts), ("@next", nextAttemptAt.UtcTicks), ("@error", error),
            ("@since", failingSince.UtcTicks)).ConfigureAwait(false) == 1;

    public async Task<bool> DeadLetter(string id, string owner, int attempts, string error, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        await ExecuteCount($"UPDATE metering_outbox SET attempts = @attempts, last_error = @error, dead_ticks = @at, {HeldBy}",
            cancellationToken, ("@id", id), ("@owner", owner), ("@attempts", attempts), ("@error", error), ("@at", at.UtcTicks)).ConfigureAwait(false) == 1;

    public Task<IReadOnlyList<OutboxItem>> DeadLetters(int max, CancellationToken cancellationToken = default) =>
        Query($"SELECT {Columns} FROM metering_outbox WHERE dead_ticks IS NOT NULL ORDER BY dead_ticks, id LIMIT @max", cancellationToken, ("@max", max));

    public async Task<bool> Requeue(string id, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        await ExecuteCount(RequeueSql + " AND id = @id", cancellationToken, ("@id", id), ("@now", now.UtcTicks)).ConfigureAwait(false) == 1;

    public Task<int> RequeueAll(DateTimeOffset now, CancellationToken cancellationToken = default) =>
        ExecuteCount(RequeueSql, cancellationToken, ("@now", now.UtcTicks));

    private const string RequeueSql = "UPDATE metering_outbox SET dead_ticks = NULL, failing_since_ticks = NULL, attempts = 0, next_attempt_ticks = @now WHERE dead_ticks IS NOT NULL";

    public Task<int> DeleteDelivered(DateTimeOffset before, int max, CancellationToken cancellationToken = default) =>
        ExecuteCount("DELETE FROM metering_outbox WHERE id IN (SELECT id FROM metering_outbox WHERE delivered_ticks < @before LIMIT @max)",
            cancellationToken, ("@before", before.UtcTicks), ("@max", max));

    public async Task<OutboxItem?> Get(string id, CancellationToken cancellationToken = default) =>
        (await Query($"SELECT {Columns} FROM metering_outbox WHERE id = @id", cancellationToken, ("@id", id)).ConfigureAwait(false)).SingleOrDefault();

    private static DbCommand Command(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private async Task<IReadOnlyList<OutboxItem>> Query(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var connection = await Open(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, sql, parameters);
        return await ReadItems(command, cancellationToken).ConfigureAwait(false);
    }

    private async Task Execute(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters) =>
        await ExecuteCount(sql, cancellationToken, parameters).ConfigureAwait(false);

    private async Task<int> ExecuteCount(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var connection = await Open(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<List<OutboxItem>> ReadItems(DbCommand command, CancellationToken cancellationToken)
    {
        var items = new List<OutboxItem>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            items.Add(new OutboxItem(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4),
                Time(reader, 5)!.Value, Time(reader, 6)!.Value, Time(reader, 7),
                reader.IsDBNull(8) ? null : reader.GetString(8),
                Time(reader, 9), Time(reader, 10),
                reader.IsDBNull(11) ? null : reader.GetString(11),
                Time(reader, 12)));
        }

        return items;
    }

    private static DateTimeOffset? Time(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : StoreJson.FromTicks(reader.GetInt64(ordinal));
}
