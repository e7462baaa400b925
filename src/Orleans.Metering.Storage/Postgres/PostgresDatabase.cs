using Microsoft.Extensions.Logging;
using Npgsql;

namespace Orleans.Metering.Storage.Postgres;

/// <summary>
/// The production database: PostgreSQL holding Orleans membership, grain state and reminders
/// (through the ADO.NET providers, invariant Npgsql), readings, events and the reply outbox.
/// Migrate() applies the scripts of deploy/postgres that are not applied yet, under an advisory
/// lock so that several silos starting together apply each script once, and records each version.
/// </summary>
public sealed partial class PostgresDatabase : IAsyncDisposable
{
    public const string Invariant = "Npgsql";

    /// <summary>Key of the advisory lock that serialises migrations ("metering" in ASCII).</summary>
    private const long MigrationLock = 0x6d65746572696e67;

    private readonly ILogger<PostgresDatabase> logger;

    public PostgresDatabase(string connectionString, ILogger<PostgresDatabase> logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        this.logger = logger;
        ConnectionString = WithPlatformDefaults(connectionString);
        DataSource = NpgsqlDataSource.Create(ConnectionString);
    }

    /// <summary>
    /// The connection string with the platform's defaults for what it leaves unset:
    /// <list type="bullet">
    /// <item>Npgsql prepares statements run at least twice on a connection (<c>Max Auto Prepare=64</c>,
    /// <c>Auto Prepare Min Usages=2</c>): Orleans' storage, membership and reminder statements are long
    /// CTEs run thousands of times a second, and parsing and planning them on every call was a large
    /// part of PostgreSQL's CPU per control.</item>
    /// <item>A connection going back to the pool is not reset (<c>No Reset On Close=true</c>): the reset
    /// is seven statements (RESET ALL, DISCARD TEMP, ...), 3.6 connection uses per control, more than
    /// the work itself. The platform leaves no session state that another user of the connection could
    /// trip on: locks are transaction-scoped, and the readings writer's <c>jit = off</c> and empty
    /// staging table (ON COMMIT DELETE ROWS) may stay.</item>
    /// </list>
    /// Behind a pooler that cannot keep prepared statements (PgBouncer in transaction mode before 1.21),
    /// set <c>Max Auto Prepare=0</c>.
    /// </summary>
    public static string WithPlatformDefaults(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        var keys = given.Keys.Cast<string>().Select(k => k.Replace(" ", "", StringComparison.Ordinal)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (!keys.Contains("MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = 64;
        }

        if (!keys.Contains("AutoPrepareMinUsages"))
        {
            builder.AutoPrepareMinUsages = 2;
        }

        if (!keys.Contains("NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }

    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource { get; }

    public ValueTask<NpgsqlConnection> Open(CancellationToken cancellationToken = default) => DataSource.OpenConnectionAsync(cancellationToken);

    /// <summary>Applies the scripts not applied yet; returns the schema version now in force.</summary>
    public async Task<int> Migrate(CancellationToken cancellationToken = default)
    {
        await using var connection = await Open(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await Execute(connection, tx, $"""
            SELECT pg_advisory_xact_lock({MigrationLock});
            CREATE TABLE IF NOT EXISTS metering_schema_version
            (
                version    integer     NOT NULL PRIMARY KEY,
                name       text        NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            );
            """, cancellationToken).ConfigureAwait(false);

        var applied = new HashSet<int>();
        await using (var read = new NpgsqlCommand("SELECT version FROM metering_schema_version", connection, tx))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                applied.Add(reader.GetInt32(0));
            }
        }

        var version = applied.Count == 0 ? 0 : applied.Max();
        foreach (var script in SchemaScripts.For("Postgres").Where(s => !applied.Contains(s.Version)))
        {
            await Execute(connection, tx, script.Sql, cancellationToken).ConfigureAwait(false);
            await using var record = new NpgsqlCommand("INSERT INTO metering_schema_version (version, name) VALUES ($1, $2)", connection, tx);
            record.Parameters.AddWithValue(script.Version);
            record.Parameters.AddWithValue(script.Name);
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            version = Math.Max(version, script.Version);
            LogApplied(logger, script.Name);
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return version;
    }

    private static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, tx);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied PostgreSQL schema script {Script}")]
    private static partial void LogApplied(ILogger logger, string script);
}
