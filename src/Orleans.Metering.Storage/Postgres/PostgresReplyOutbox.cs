using System.Data.Common;
using Npgsql;

namespace Orleans.Metering.Storage.Postgres;

/// <summary>
/// The reply outbox in PostgreSQL, shared by the silos. A claim locks the rows it leases (FOR UPDATE
/// SKIP LOCKED: another silo's claim passes them by) and runs under a transaction advisory lock, so
/// that it sees the leases of the claim before it: without that, two concurrent claims could each
/// lease a different item of one receiver and deliver them out of order.
/// </summary>
public sealed class PostgresReplyOutbox(PostgresDatabase database) : SqlReplyOutbox
{
    /// <summary>Key of the advisory lock that makes claims one at a time ("outboxcl" in ASCII).</summary>
    private const long ClaimLock = 0x6f7574626f78636c;

    protected override string RowLock => "FOR UPDATE SKIP LOCKED";

    protected override async ValueTask<DbConnection> Open(CancellationToken cancellationToken) => await database.Open(cancellationToken).ConfigureAwait(false);

    protected override async Task<DbTransaction> BeginClaim(DbConnection connection, CancellationToken cancellationToken)
    {
        var npgsql = (NpgsqlConnection)connection;
        var tx = await npgsql.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({ClaimLock})", npgsql, tx);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return tx;
    }
}
