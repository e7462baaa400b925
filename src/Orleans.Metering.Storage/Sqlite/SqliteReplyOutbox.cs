using System.Data.Common;

namespace Orleans.Metering.Storage.Sqlite;

/// <summary>The reply outbox in the embedded database. A claim runs in one write transaction (BEGIN IMMEDIATE), so claims are one at a time.</summary>
public sealed class SqliteReplyOutbox(SqliteDatabase database) : SqlReplyOutbox
{
    protected override string RowLock => "";

    protected override async ValueTask<DbConnection> Open(CancellationToken cancellationToken) => await database.Open(cancellationToken).ConfigureAwait(false);

    protected override Task<DbTransaction> BeginClaim(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<DbTransaction>(((Microsoft.Data.Sqlite.SqliteConnection)connection).BeginTransaction(deferred: false));
}
