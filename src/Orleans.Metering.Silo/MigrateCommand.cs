using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Metering.Storage;
using Orleans.Metering.Storage.Postgres;
using Orleans.Metering.Storage.Sqlite;

namespace Orleans.Metering.Silo;

/// <summary><c>migrate</c>: applies the schema of the configured storage and exits (for operators who migrate before rolling silos).</summary>
public static class MigrateCommand
{
    public static async Task<int> Run(string[] args)
    {
        var builder = MeteringHost.CreateBuilder(args);
        try
        {
            var storage = MeteringHost.StorageOptionsOf(builder);
            int version;
            switch (storage.Storage)
            {
                case StorageKind.Postgres:
                    var connection = builder.Configuration.GetConnectionString("Metering");
                    if (string.IsNullOrWhiteSpace(connection))
                    {
                        await Console.Error.WriteLineAsync("migrate: Metering:Storage=Postgres needs --ConnectionStrings:Metering=...");
                        return 2;
                    }

                    await using (var postgres = new PostgresDatabase(connection, NullLogger<PostgresDatabase>.Instance))
                    {
                        version = await postgres.Migrate();
                    }

                    break;
                case StorageKind.Sqlite:
                    version = await new SqliteDatabase(storage, NullLogger<SqliteDatabase>.Instance).Migrate();
                    break;
                default:
                    await Console.Error.WriteLineAsync("migrate: Metering:Storage=Memory has no schema");
                    return 2;
            }

            Console.WriteLine($"{storage.Storage} schema at version {version}");
            return 0;
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or Microsoft.Data.Sqlite.SqliteException or IOException or Microsoft.Extensions.Options.OptionsValidationException)
        {
            await Console.Error.WriteLineAsync("migrate failed: " + e.Message);
            return 1;
        }
    }
}
