using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Metering.Abstractions;
using Orleans.Metering.Gateway;
using Orleans.Metering.Grains;
using Orleans.Metering.Grains.EndDevices;
using Orleans.Metering.Grains.Readings;
using Orleans.Metering.Grains.Schedules;
using Orleans.Metering.Storage;

namespace Orleans.Metering.Silo;

/// <summary>
/// Builds the platform: a silo with the gateway in the same host. Storage follows
/// <c>Metering:Storage</c> (see <see cref="StorageSetup"/>).
/// </summary>
public static class MeteringHost
{
    /// <summary>Runs the platform until it is stopped; a wrong setting ends it with the keys named and exit code 2.</summary>
    public static async Task<int> Run(string[] args)
    {
        try
        {
            await using var app = await Build(args).ConfigureAwait(false);
            await app.RunAsync().ConfigureAwait(false);
            return 0;
        }
        catch (Exception e) when (ConfigurationErrors(e) is { Count: > 0 } errors)
        {
            await Console.Error.WriteLineAsync("The configuration is not valid:" + string.Concat(errors.Select(m => Environment.NewLine + "  " + m))).ConfigureAwait(false);
            return 2;
        }
    }

    /// <summary>The messages of the settings validation failures in <paramref name="e"/> (start-up validation aggregates them).</summary>
    internal static List<string> ConfigurationErrors(Exception e) => e switch
    {
        OptionsValidationException o => [.. o.Failures],
        AggregateException a => [.. a.InnerExceptions.SelectMany(ConfigurationErrors)],
        _ => [],
    };

    public static async Task<WebApplication> Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = CreateBuilder(args);
        configure?.Invoke(builder);

        var storage = StorageOptionsOf(builder);
        builder.Services.AddSingleton(storage);
        builder.Services.AddMeteringSettings(builder.Configuration);
        var host = MeteringSettings.Read<MeteringHostOptions>(builder.Configuration);
        var orleans = MeteringSettings.Read<OrleansHostingOptions>(builder.Configuration);
        var dashboard = MeteringSettings.Read<DashboardOptions>(builder.Configuration);
        var metricsExport = MeteringSettings.Read<MetricsOptions>(builder.Configuration);
        HeadEndSetup.Configure(builder, storage.Storage);
        builder.Services.AddMeteringGrains();
        builder.Services.AddMeteringGateway();

        // Scheduled results go out in pages of the size asynchronous query answers use. Read without
        // validation: a wrong MaxReadingsPerReply is reported under its own key, not as a schedule setting.
        builder.Services.AddOptions<ReadScheduleOptions>().Configure(schedules =>
        {
            var gateway = builder.Configuration.GetSection("Metering:Gateway").Get<Orleans.Metering.Gateway.GatewayOptions>() ?? new();
            if (gateway.MaxReadingsPerReply > 0)
            {
                schedules.LimitValuesPerMessage(gateway.MaxReadingsPerReply);
            }
        });

        await StorageSetup.Configure(builder, storage).ConfigureAwait(false);
        builder.Services.AddSingleton<DatabaseMonitor>();
        builder.Services.AddSingleton<IPlatformAvailability>(sp => sp.GetRequiredService<DatabaseMonitor>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DatabaseMonitor>());
        builder.UseOrleans(silo =>
        {
            if (!host.Kubernetes)
            {
                // On Kubernetes the cluster and service ids come from the pod (ORLEANS_CLUSTER_ID, ORLEANS_SERVICE_ID).
                silo.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = orleans.ClusterId;
                    o.ServiceId = orleans.ServiceId;
                });
            }

            // Failure detection (Orleans:Membership:ProbeTimeout, NumMissedProbesLimit, ...): the defaults
            // unless set; the failure tests shorten them so that a killed silo is declared dead in seconds.
            silo.Configure<ClusterMembershipOptions>(builder.Configuration.GetSection("Orleans:Membership"));

            // Live fan-out only: events are durable in the event store before they are published.
            silo.AddMemoryStreams(MeteringStreams.Provider);
            if (dashboard.Enabled)
            {
                silo.AddDashboard();
            }
        });

        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: ["ready"])
            .AddCheck<ClusterHealthCheck>("cluster", tags: ["ready"]);
        // /metrics names the service (target_info service_name) as the cluster does, and the silo by its address.
        var serviceId = host.Kubernetes ? Environment.GetEnvironmentVariable("ORLEANS_SERVICE_ID") ?? orleans.ServiceId : orleans.ServiceId;
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceId, serviceInstanceId: $"{orleans.AdvertisedIP}:{orleans.SiloPort}"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(MeteringMetrics.MeterName, "Microsoft.Orleans");
                metrics.AddPrometheusExporter();
                if (metricsExport.OtlpEndpoint is { } otlp)
                {
                    metrics.AddOtlpExporter(o => o.Endpoint = otlp);
                }
            });

        // After the silo: the clock that runs MeterReadSchedules.
        builder.Services.AddHostedService<ScheduleClock>();

        var app = builder.Build();
        app.MapMeteringGateway();
        HeadEndSetup.MapOutcomes(app);
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteHealth });
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteHealth });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = WriteHealth });
        app.MapPrometheusScrapingEndpoint("/metrics");
        if (dashboard.Enabled)
        {
            app.MapOrleansDashboard(dashboard.Path);
        }

        return app;
    }

    private static Task WriteHealth(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), e.Value.Description }),
        }));
    }

    /// <summary>The host builder of every command that runs the platform or its storage: one content root, one configuration.</summary>
    internal static WebApplicationBuilder CreateBuilder(string[] args) =>
        WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = FindContentRoot() });

    /// <summary>The <c>Metering</c> storage settings, validated, with a relative data directory made absolute.</summary>
    internal static MeteringStorageOptions StorageOptionsOf(WebApplicationBuilder builder)
    {
        var storage = MeteringSettings.Read<MeteringStorageOptions>(builder.Configuration);

        // A relative data directory is relative to the content root (the repository root in a checkout),
        // not to wherever `dotnet run --project` happens to start the process.
        if (!string.IsNullOrWhiteSpace(storage.DataDirectory))
        {
            storage.DataDirectory = Path.GetFullPath(storage.DataDirectory, builder.Environment.ContentRootPath);
        }

        return storage;
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
