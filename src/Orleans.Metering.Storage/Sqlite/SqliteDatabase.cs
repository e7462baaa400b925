using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Orleans.Metering.Storage.Sqlite;

/// <summary>
/// The embedded database: one SQLite file holding Orleans grain state (through the ADO.NET
/// provider, invariant Microsoft.Data.Sqlite), events and the reply outbox. Migrate() creates
/// or upgrades the schema idempotently and records each applied script version.
/// </summary>
public sealed partial class SqliteDatabase
{
    /// <summary>
    /// The ADO.NET invariant Orleans knows SQLite by; Orleans resolves it to
    /// Microsoft.Data.Sqlite's SqliteFactory, which is the provider actually used.
    /// </summary>
    public const string Invariant = "System.Data.SQLite";

    /// <summary>
    /// Scripts that SQLite once numbered on its own (001..004), by the name they were recorded
    /// under, and the name that carries PostgreSQL's number for the same change. A database made
    /// before the renumbering has its rows translated once, before any script runs.
    /// </summary>
    private static readonly Dictionary<string, string> Renumbered = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["001-orleans-grain-persistence"] = "002-orleans-persistence",
        ["002-metering-events-outbox"] = "004-metering-events-outbox",
        ["003-readings"] = "005-metering-readings",
        ["004-metering-event-key-per-device"] = "008-metering-event-key-per-device",
    };

    private readonly ILogger<SqliteDatabase> logger;

    public SqliteDatabase(MeteringStorageOptions options, ILogger<SqliteDatabase> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.logger = logger;
        Path = options.SqlitePath;
        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            // Writers wait for each other instead of failing with SQLITE_BUSY.
            DefaultTimeout = 30,
        }.ToString();
    }

    public string Path { get; }

    public string ConnectionString { get; }

    public async Task<SqliteConnection> Open(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    /// <summary>Applies the scripts not applied yet; returns the schema version now in force.</summary>
    public async Task<int> Migrate(CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        await using var connection = await Open(cancellationToken).ConfigureAwait(false);
        await Execute(connection, null, """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS metering_schema_version
            (
                version    INTEGER NOT NULL PRIMARY KEY,
                name       TEXT    NOT NULL,
                applied_at TEXT    NOT NULL
            );
            """, cancellationToken).ConfigureAwait(false);
        await TranslateOldNumbering(connection, cancellationToken).ConfigureAwait(false);

        var applied = new HashSet<int>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT version FROM metering_schema_version";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                applied.Add(reader.GetInt32(0));
            }
        }

        var version = applied.Count == 0 ? 0 : applied.Max();
        foreach (var script in SchemaScripts.For("Sqlite").Where(s => !applied.Contains(s.Version)))
        {
            // BEGIN IMMEDIATE takes the write lock; a migrator that ran meanwhile is seen here and not repeated.
            await using var tx = connection.BeginTransaction(deferred: false);
            if (await IsApplied(connection, tx, script.Version, cancellationToken).ConfigureAwait(false))
            {
                version = Math.Max(version, script.Version);
                continue;
            }

            await Execute(connection, tx, script.Sql, cancellationToken).ConfigureAwait(false);
            await using (var record = connection.CreateCommand())
            {
                record.Transaction = tx;
                record.CommandText = "INSERT INTO metering_schema_version (version, name, applied_at) VALUES ($v, $n, $t)";
                record.Parameters.AddWithValue("$v", script.Version);
                record.Parameters.AddWithValue("$n", script.Name);
                record.Parameters.AddWithValue("$t", DateTimeOffset.UtcNow.ToString("O"));
                await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            version = Math.Max(version, script.Version);
            LogApplied(logger, script.Name, Path);
        }

        return version;
    }

    /// <summary>
    /// Rewrites the version rows recorded under the old SQLite numbering to the shared numbering,
    /// keeping when each was applied, in one write transaction: the scripts they stand for are
    /// never run again, and a concurrent migrator either sees the old rows (and translates them
    /// itself, under the write lock) or the new ones.
    /// </summary>
    private async Task TranslateOldNumbering(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var tx = connection.BeginTransaction(deferred: false);
        var old = new List<(string Name, string AppliedAt)>();
        await using (var read = connection.CreateCommand())
        {
            read.Transaction = tx;
            read.CommandText = "SELECT name, applied_at FROM metering_schema_version";
            await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (Renumbered.ContainsKey(reader.GetString(0)))
                {
                    old.Add((reader.GetString(0), reader.GetString(1)));
                }
            }
        }

        if (old.Count == 0)
        {
            return;
        }

        foreach (var (name, _) in old)
        {
            await using var delete = connection.CreateCommand();
            delete.Transaction = tx;
            delete.CommandText = "DELETE FROM metering_schema_version WHERE name = $n";
            delete.Parameters.AddWithValue("$n", name);
            await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var (name, appliedAt) in old)
        {
            var renamed = Renumbered[name];
            await using var insert = connection.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = "INSERT INTO metering_schema_version (version, name, applied_at) VALUES ($v, $n, $t)";
            insert.Parameters.AddWithValue("$v", SchemaScripts.VersionOf(renamed));
            insert.Parameters.AddWithValue("$n", renamed);
            insert.Parameters.AddWithValue("$t", appliedAt);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        LogRenumbered(logger, old.Count, Path);
    }

    private static async Task<bool> IsApplied(SqliteConnection connection, SqliteTransaction tx, int version, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = "SELECT count(*) FROM metering_schema_version WHERE version = $v";
        command.Parameters.AddWithValue("$v", version);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    private static async Task Execute(SqliteConnection connection, SqliteTransaction? tx, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Translated {Count} schema version rows of {Database} to the numbering shared with PostgreSQL")]
    private static partial void LogRenumbered(ILogger logger, int count, string database);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied schema script {Script} to {Database}")]
    private static partial void LogApplied(ILogger logger, string script, string database);
}
