using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Orleans.Metering.Abstractions;
using Orleans.Metering.HeadEnd;
using Orleans.Metering.Simulation;

namespace Orleans.Metering.Tools;

/// <summary>
/// <c>headend</c>: the simulated head-end as its own process, the external system a cluster of silos
/// shares (so that a device keeps its switch when a silo dies). It serves <see cref="HeadEndWire"/>
/// over HTTP with <see cref="SimulatedHeadEnd"/> behind it, reports outcomes to the platform's silos
/// (<c>Metering:HeadEnd:PlatformUrls</c>, comma-separated) and keeps a log of every command it got
/// (GET /headend/commands).
/// </summary>
public static class HeadEndServerCommand
{
    public const string DefaultUrl = "http://127.0.0.1:5070";

    public const string Usage = """
        usage: dotnet run --project src/Orleans.Metering.Tools -- headend [settings]
          --urls URL                                 where it listens (else Metering:HeadEnd:Listen, ASPNETCORE_URLS, http://127.0.0.1:5070)
          --Metering:HeadEnd:PlatformUrls=U1,U2      the silos it reports outcomes to (default http://127.0.0.1:5080)
          --Metering:HeadEnd:ReportTimeout=00:00:05  one outcome report attempt
          --Metering:HeadEnd:ReportGiveUpAfter=00:10:00  how long an outcome is retried over the silos
          --Metering:HeadEnd:LateReportPrefix=P, --Metering:HeadEnd:LateReportDelay=T
                                                     hold back reports of devices whose mRID starts with P by T
          --Metering:SimulatedHeadEnd:*              the simulated devices (Delay, FailureRate, Seed, UnreachablePrefix, FleetSeed)
        Serves POST /headend/commands, GET /headend/commands (the log), POST /headend/read, GET /headend/ping/{id}, GET /health.
        """;

    public static async Task<int> Run(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        // Where it listens: --urls, else Metering:HeadEnd:Listen, else ASPNETCORE_URLS (containers), else
        // 127.0.0.1:5070; never the platform's Urls of an appsettings.json next to the binary.
        builder.WebHost.UseUrls(UrlsArgument(args)
            ?? builder.Configuration["Metering:HeadEnd:Listen"]
            ?? Environment.GetEnvironmentVariable("ASPNETCORE_URLS")
            ?? DefaultUrl);

        var platform = (builder.Configuration["Metering:HeadEnd:PlatformUrls"] ?? "http://127.0.0.1:5080")
            .Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries)
            .Select(u => new Uri(u))
            .ToList();
        var attemptTimeout = builder.Configuration.GetValue("Metering:HeadEnd:ReportTimeout", TimeSpan.FromSeconds(5));
        var giveUpAfter = builder.Configuration.GetValue("Metering:HeadEnd:ReportGiveUpAfter", TimeSpan.FromMinutes(10));

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.Services.Configure<SimulatedHeadEndOptions>(builder.Configuration.GetSection("Metering:SimulatedHeadEnd"));
        builder.Services.AddSingleton<CommandLog>();
        builder.Services.AddHttpClient(nameof(HttpOutcomeSink));
        var latePrefix = builder.Configuration["Metering:HeadEnd:LateReportPrefix"];
        var lateDelay = builder.Configuration.GetValue("Metering:HeadEnd:LateReportDelay", TimeSpan.Zero);
        builder.Services.AddSingleton<IHeadEndOutcomeSink>(sp => new LoggingOutcomeSink(
            sp.GetRequiredService<CommandLog>(),
            new LateOutcomeSink(latePrefix, lateDelay, new HttpOutcomeSink(
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(HttpOutcomeSink)),
                platform, attemptTimeout, giveUpAfter,
                sp.GetRequiredService<ILogger<HttpOutcomeSink>>()))));
        builder.Services.AddSingleton(sp => new SimulatedHeadEnd(
            sp.GetRequiredService<IHeadEndOutcomeSink>(),
            sp.GetRequiredService<IOptions<SimulatedHeadEndOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<SimulatedHeadEnd>>()));

        var app = builder.Build();
        app.MapPost(HeadEndWire.CommandsPath, async (HeadEndCommand command, SimulatedHeadEnd headEnd, CommandLog log, TimeProvider time) =>
        {
            log.Received(command, time.GetUtcNow());
            await headEnd.Execute(command);
            return Results.Accepted();
        });
        app.MapGet(HeadEndWire.CommandsPath, (CommandLog log) => Results.Json(log.Entries(), HeadEndWire.Json));
        app.MapPost(HeadEndWire.ReadPath, async (ReadNowRequest request, SimulatedHeadEnd headEnd) =>
            Results.Json(await headEnd.ReadNow(request.DeviceId, request.ReadingTypes), HeadEndWire.Json));
        app.MapGet(HeadEndWire.PingPath + "/{deviceId}", async (string deviceId, SimulatedHeadEnd headEnd) =>
            Results.Json(await headEnd.Ping(deviceId), HeadEndWire.Json));
        app.MapGet("/health", () => Results.Text("Healthy"));

        Console.WriteLine($"head-end reporting outcomes to {string.Join(", ", platform)}");
        await app.RunAsync();
        return 0;
    }

    private static string? UrlsArgument(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith("--urls=", StringComparison.Ordinal))
            {
                return args[i]["--urls=".Length..];
            }

            if (args[i] == "--urls" && i + 1 < args.Length)
            {
                return args[i + 1];
            }
        }

        return null;
    }
}

/// <summary>
/// Holds back the outcome reports of devices whose mRID starts with a prefix
/// (<c>Metering:HeadEnd:LateReportPrefix</c>, <c>LateReportDelay</c>): a head-end whose notifications
/// come late, so that tests see the platform reconcile with the device before the report arrives.
/// </summary>
internal sealed class LateOutcomeSink(string? prefix, TimeSpan delay, IHeadEndOutcomeSink inner) : IHeadEndOutcomeSink
{
    public async Task Report(string deviceId, Orleans.Metering.Abstractions.ControlOutcome outcome)
    {
        if (!string.IsNullOrEmpty(prefix) && delay > TimeSpan.Zero && deviceId.StartsWith(prefix, StringComparison.Ordinal))
        {
            await Task.Delay(delay);
        }

        await inner.Report(deviceId, outcome);
    }
}
