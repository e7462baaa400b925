using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Orleans.Metering.Silo;

namespace Orleans.Metering.Benchmarks;

/// <summary>
/// The platform in this process, built by the silo's own <see cref="MeteringHost.Build"/> (the
/// same host-building code as `dotnet run --project src/Orleans.Metering.Silo`): one silo with the
/// gateway on Kestrel, on free loopback ports, reached over real HTTP.
/// </summary>
public sealed class Platform : IAsyncDisposable
{
    private readonly WebApplication app;

    private Platform(WebApplication app, Uri baseAddress)
    {
        this.app = app;
        BaseAddress = baseAddress;
        CimUrl = new Uri(baseAddress, "/cim");
    }

    public Uri BaseAddress { get; }

    public Uri CimUrl { get; }

    public IServiceProvider Services => app.Services;

    public IGrainFactory Grains => app.Services.GetRequiredService<IGrainFactory>();

    /// <summary>Starts the platform with <paramref name="settings"/> (configuration keys and values) on top of the repository's appsettings.json.</summary>
    public static async Task<Platform> Start(IReadOnlyDictionary<string, string> settings, Action<WebApplicationBuilder>? configure = null)
    {
        var args = new List<string>
        {
            "--urls=http://127.0.0.1:0",
            "--Orleans:SiloPort=" + FreePort(),
            "--Orleans:GatewayPort=" + FreePort(),
            "--Logging:LogLevel:Default=Warning",
        };
        args.AddRange(settings.Select(kv => $"--{kv.Key}={kv.Value}"));
        var app = await MeteringHost.Build([.. args], configure);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Platform(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await app.StopAsync(stopping.Token);
        }
        catch (OperationCanceledException)
        {
            Console.WriteLine("the platform did not stop within 2 minutes; going on");
        }

        await app.DisposeAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
