using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Metering.Abstractions;
using Orleans.Metering.Gateway;
using Orleans.Metering.Grains;
using Orleans.Metering.Grains.EndDevices;
using Orleans.Metering.Grains.Readings;
using Orleans.Metering.Grains.Schedules;
using Orleans.Metering.HeadEnd;
using Orleans.Metering.Storage;
using Orleans.Metering.Storage.Readings;
using Orleans.Metering.Storage.Sqlite;

namespace Orleans.Metering.Silo;

/// <summary>
/// Builds the platform: one silo with the gateway in the same host. Storage follows
/// <c>Metering:Storage</c>: Sqlite (embedded default), or Memory (tests).
/// </summary>
public static class MeteringHost
{
    public static async Task<WebApplication> Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = FindContentRoot() });
        configure?.Invoke(builder);

        var storage = builder.Configuration.GetSection("Metering").Get<MeteringStorageOptions>() ?? new MeteringStorageOptions();
        Validate(storage);
        builder.Services.AddSingleton(storage);
        builder.Services.Configure<EndDeviceOptions>(builder.Configuration.GetSection("Metering:EndDevice"));
        builder.Services.Configure<SimulatedHeadEndOptions>(builder.Configuration.GetSection("Metering:SimulatedHeadEnd"));
        builder.Services.Configure<Orleans.Metering.Gateway.GatewayOptions>(builder.Configuration.GetSection("Metering:Gateway"));
        builder.Services.Configure<ReadingValidationOptions>(builder.Configuration.GetSection("Metering:Validation"));
        builder.Services.Configure<ReadScheduleOptions>(builder.Configuration.GetSection("Metering:Schedules"));
        builder.Services.AddMeteringGrains();
        builder.Services.AddMeteringGateway();

        SqliteDatabase? sqlite = null;
        switch (storage.Storage)
        {
            case StorageKind.Sqlite:
                sqlite = new SqliteDatabase(storage, LoggerFactory.Create(l => l.AddConsole()).CreateLogger<SqliteDatabase>());
                await sqlite.Migrate().ConfigureAwait(false);
                builder.Services.AddSingleton(sqlite);
                builder.Services.AddSingleton<IEventStore, SqliteEventStore>();
                builder.Services.AddSingleton<IReplyOutbox, SqliteReplyOutbox>();
                builder.Services.AddSingleton<IReadingStore>(sp => new SqliteReadingStore(
                    sp.GetRequiredService<SqliteDatabase>(),
                    builder.Configuration.GetSection("Metering:ReadingStore").Get<SqliteReadingStoreOptions>(),
                    sp.GetRequiredService<TimeProvider>()));
                break;
            case StorageKind.Memory:
                builder.Services.AddSingleton<IEventStore, InMemoryEventStore>();
                builder.Services.AddSingleton<IReplyOutbox, InMemoryReplyOutbox>();
                builder.Services.AddSingleton<IReadingStore>(sp => new InMemoryReadingStore(sp.GetRequiredService<TimeProvider>()));
                break;
            default:
                throw new OptionsValidationException("Metering", typeof(MeteringStorageOptions),
                    [$"Metering:Storage={storage.Storage} is not available in this version; use Sqlite (default) or Memory."]);
        }

        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(
                siloPort: builder.Configuration.GetValue("Orleans:SiloPort", 11111),
                gatewayPort: builder.Configuration.GetValue("Orleans:GatewayPort", 30000));
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = builder.Configuration["Orleans:ClusterId"] ?? "metering";
                o.ServiceId = builder.Configuration["Orleans:ServiceId"] ?? "orleans-metering";
            });
            if (sqlite is not null)
            {
                foreach (var name in new[] { MeteringStreams.GrainStorage, MeteringStreams.PubSubStorage })
                {
                    silo.AddAdoNetGrainStorage(name, o =>
                    {
                        o.Invariant = SqliteDatabase.Invariant;
                        o.ConnectionString = sqlite.ConnectionString;
                    });
                }
            }
            else
            {
                silo.AddMemoryGrainStorage(MeteringStreams.GrainStorage);
                silo.AddMemoryGrainStorage(MeteringStreams.PubSubStorage);
            }

            // Live fan-out only: events are durable in the event store before they are published.
            silo.AddMemoryStreams(MeteringStreams.Provider);
        });

        // After the silo: the clock that runs MeterReadSchedules.
        builder.Services.AddHostedService<ScheduleClock>();

        var app = builder.Build();
        app.MapMeteringGateway();
        return app;
    }

    private static void Validate(MeteringStorageOptions options)
    {
        if (options.Storage == StorageKind.Sqlite && string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            throw new OptionsValidationException("Metering", typeof(MeteringStorageOptions), ["Metering:DataDirectory must name a directory"]);
        }
    }

    /// <summary>The repository root (where appsettings.json lives) when run from a checkout, else the working directory.</summary>
    private static string FindContentRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "appsettings.json")) && File.Exists(Path.Combine(dir.FullName, "Orleans.Metering.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
