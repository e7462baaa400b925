using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Metering.Storage;
using Orleans.Metering.Storage.Postgres;
using Orleans.Metering.Storage.Sqlite;

namespace Orleans.Metering.Silo;

/// <summary>
/// The database the silo's configuration names (<c>Metering:Storage</c>, the embedded SQLite file or
/// <c>ConnectionStrings:Metering</c>), opened by a command that works on it without a silo running.
/// </summary>
internal sealed class CommandStorage : IAsyncDisposable
{
    private readonly SqliteDatabase? sqlite;
    private readonly PostgresDatabase? postgres;

    private CommandStorage(MeteringStorageOptions options, SqliteDatabase? sqlite, PostgresDatabase? postgres)
    {
        Options = options;
        this.sqlite = sqlite;
        this.postgres = postgres;
    }

    public MeteringStorageOptions Options { get; }

    /// <summary>The configured database, or null after telling <paramref name="error"/> why there is none (Postgres without a connection string, Memory).</summary>
    public static async Task<CommandStorage?> Open(string command, WebApplicationBuilder builder, TextWriter error)
    {
        var options = MeteringHost.StorageOptionsOf(builder);
        switch (options.Storage)
        {
            case StorageKind.Postgres:
                var connection = builder.Configuration.GetConnectionString("Metering");
                if (!string.IsNullOrWhiteSpace(connection))
                {
                    return new(options, null, new PostgresDatabase(connection, NullLogger<PostgresDatabase>.Instance));
                }

                await error.WriteLineAsync($"{command}: Metering:Storage=Postgres needs --ConnectionStrings:Metering=...");
                return null;
            case StorageKind.Sqlite:
                return new(options, new SqliteDatabase(options, NullLogger<SqliteDatabase>.Instance), null);
            default:
                await error.WriteLineAsync($"{command}: Metering:Storage=Memory keeps nothing outside a running silo");
                return null;
        }
    }

    /// <summary>A failure of the store itself (unreachable, a bad file, a bad setting), reported as such rather than as a crash.</summary>
    public static bool IsStorageFailure(Exception e) =>
        e is Npgsql.NpgsqlException or Microsoft.Data.Sqlite.SqliteException or IOException or Microsoft.Extensions.Options.OptionsValidationException;

    /// <summary>Applies the schema; returns its version.</summary>
    public Task<int> Migrate() => postgres is not null ? postgres.Migrate() : sqlite!.Migrate();

    /// <summary>False for an embedded database that was never created (the silo has not run on this data directory).</summary>
    public bool Exists => sqlite is null || File.Exists(sqlite.Path);

    public IReplyOutbox Outbox() => postgres is not null ? new PostgresReplyOutbox(postgres) : new SqliteReplyOutbox(sqlite!);

    public async ValueTask DisposeAsync()
    {
        if (postgres is not null)
        {
            await postgres.DisposeAsync();
        }
    }
}
