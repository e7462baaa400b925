using Microsoft.Extensions.Options;
using Orleans.Metering.Abstractions;
using Orleans.Metering.Storage;
using Orleans.Metering.Storage.Postgres;
using Orleans.Metering.Storage.Readings;
using Orleans.Metering.Storage.Sqlite;

namespace Orleans.Metering.Silo;

/// <summary>
/// The three ways to store the platform (<c>Metering:Storage</c>): Sqlite (embedded default, one
/// silo, grain state and reminders through Orleans' ADO.NET providers), Postgres (production: ADO.NET clustering, grain state and reminders on PostgreSQL, several
/// silos), Memory (tests). Schemas are applied before Orleans starts.
/// </summary>
public static class StorageSetup
{
    public static async Task Configure(WebApplicationBuilder builder, MeteringStorageOptions storage)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(storage);
        var loggers = LoggerFactory.Create(l => l.AddConsole());
        var orleans = MeteringSettings.Read<OrleansHostingOptions>(builder.Configuration);
        var host = MeteringSettings.Read<MeteringHostOptions>(builder.Configuration);
        switch (storage.Storage)
        {
            case StorageKind.Sqlite:
                var sqlite = new SqliteDatabase(storage, loggers.CreateLogger<SqliteDatabase>());
                await sqlite.Migrate().ConfigureAwait(false);
                builder.Services.AddSingleton(sqlite);
                builder.Services.AddSingleton<IEventStore, SqliteEventStore>();
                builder.Services.AddSingleton<IReplyOutbox, SqliteReplyOutbox>();
                builder.Services.AddSingleton<IReadingStore>(sp => new SqliteReadingStore(
                    sqlite, sp.GetRequiredService<IOptions<SqliteReadingStoreOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
                builder.Services.AddSingleton<IDatabaseProbe>(new SqliteProbe(sqlite));
                builder.UseOrleans(silo =>
                {
                    silo.UseLocalhostClustering(
                        siloPort: orleans.SiloPort,
                        gatewayPort: orleans.GatewayPort);
                    AddAdoNetStorage(silo, SqliteDatabase.Invariant, sqlite.ConnectionString, storage.GrainStateFormat);
                    AddAdoNetReminders(silo, SqliteDatabase.Invariant, sqlite.ConnectionString);
                });
                break;

            case StorageKind.Postgres:
                var connection = builder.Configuration.GetConnectionString("Metering");
                if (string.IsNullOrWhiteSpace(connection))
                {
                    throw new OptionsValidationException("Metering", typeof(MeteringStorageOptions),
                        ["Metering:Storage=Postgres needs ConnectionStrings:Metering (e.g. --ConnectionStrings:Metering=\"Host=127.0.0.1;Port=5432;Username=metering;Database=metering\")"]);
                }

                var postgres = new PostgresDatabase(connection, loggers.CreateLogger<PostgresDatabase>());
                connection = postgres.ConnectionString;
                if (storage.MigrateOnStart)
                {
                    await postgres.Migrate().ConfigureAwait(false);
                }

                builder.Services.AddSingleton(postgres);
                builder.Services.AddSingleton<IEventStore, PostgresEventStore>();
                builder.Services.AddSingleton<IReplyOutbox, PostgresReplyOutbox>();
                builder.Services.AddSingleton<IReadingStore>(sp => new PostgresReadingStore(
                    postgres, sp.GetRequiredService<IOptions<PostgresReadingStoreOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
                builder.Services.AddSingleton<IDatabaseProbe>(new PostgresProbe(postgres));
                builder.UseOrleans(silo =>
                {
                    if (host.Kubernetes)
                    {
                        silo.UseKubernetesHosting();
                    }
                    else
                    {
                        silo.ConfigureEndpoints(
                            System.Net.IPAddress.Parse(orleans.AdvertisedIP),
                            orleans.SiloPort,
                            orleans.GatewayPort,
                            listenOnAnyHostAddress: orleans.ListenOnAnyHostAddress);
                    }

                    silo.UseAdoNetClustering(o =>
                    {
                        o.Invariant = PostgresDatabase.Invariant;
                        o.ConnectionString = connection;
                    });
                    AddAdoNetStorage(silo, PostgresDatabase.Invariant, connection, storage.GrainStateFormat);
                    AddAdoNetReminders(silo, PostgresDatabase.Invariant, connection);
                });
                break;

            default:
                builder.Services.AddSingleton<IEventStore, InMemoryEventStore>();
                builder.Services.AddSingleton<IReplyOutbox, InMemoryReplyOutbox>();
                builder.Services.AddSingleton<IReadingStore>(sp => new InMemoryReadingStore(sp.GetRequiredService<TimeProvider>()));
                builder.Services.AddSingleton<IDatabaseProbe>(new NoDatabaseProbe());
                builder.UseOrleans(silo =>
                {
                    silo.UseLocalhostClustering(
                        siloPort: orleans.SiloPort,
                        gatewayPort: orleans.GatewayPort);
                    silo.AddMemoryGrainStorage(MeteringStreams.GrainStorage);
                    silo.AddMemoryGrainStorage(MeteringStreams.PubSubStorage);
                    silo.UseInMemoryReminderService();
                });
                break;
        }
    }

    private static void AddAdoNetStorage(ISiloBuilder silo, string invariant, string connectionString, GrainStateFormat format)
    {
        foreach (var name in new[] { MeteringStreams.GrainStorage, MeteringStreams.PubSubStorage })
        {
            silo.AddMeteringGrainStorage(name, invariant, connectionString, format);
        }
    }

    /// <summary>Durable reminders in the same database (003-orleans-reminders on either engine).</summary>
    private static void AddAdoNetReminders(ISiloBuilder silo, string invariant, string connectionString) =>
        silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = invariant;
            o.ConnectionString = connectionString;
        });
}
