using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Orleans.Metering.Cim.Messages;
using Orleans.Metering.Cim.Tests.Support;
using Orleans.Metering.Silo;

namespace Orleans.Metering.Gateway.Tests;

/// <summary>
/// The real platform (silo + gateway, SQLite in a temporary directory) on free loopback ports,
/// reached over HTTP like a utility's integration system would.
/// </summary>
public sealed class PlatformHost : IAsyncDisposable
{
    private WebApplication? app;

    private PlatformHost(string dataDirectory, IReadOnlyDictionary<string, string> settings)
    {
        DataDirectory = dataDirectory;
        Settings = settings;
    }

    public string DataDirectory { get; }

    public IReadOnlyDictionary<string, string> Settings { get; }

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(60) };

    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => app!.Services;

    public static async Task<PlatformHost> Start(string? dataDirectory = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        var host = new PlatformHost(dataDirectory ?? Path.Combine(Path.GetTempPath(), "metering-e2e-" + Guid.NewGuid().ToString("N")), settings ?? new Dictionary<string, string>());
        await host.Run();
        return host;
    }

    /// <summary>Stops the platform and starts it again on the same data directory.</summary>
    public async Task Restart()
    {
        await Stop();
        await Run();
    }

    private async Task Run()
    {
        var args = new List<string>
        {
            "--urls=http://127.0.0.1:0",
            "--Metering:Storage=Sqlite",
            "--Metering:DataDirectory=" + DataDirectory,
            "--Orleans:SiloPort=" + FreePort(),
            "--Orleans:GatewayPort=" + FreePort(),
            "--Metering:SimulatedHeadEnd:Delay=00:00:00.050",
            "--Metering:Gateway:DeliveryPollInterval=00:00:00.050",
            "--Metering:Gateway:FirstDeliveryBackoff=00:00:00.200",
            "--Logging:LogLevel:Default=Warning",
        };
        args.AddRange(Settings.Select(kv => $"--{kv.Key}={kv.Value}"));
        app = await MeteringHost.Build([.. args]);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
    }

    public async Task Stop()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
            app = null;
        }
    }

    /// <summary>POSTs a message to /cim; returns the status and the answer, saved for the schema check in CI.</summary>
    public async Task<(HttpStatusCode Status, string Xml)> Post(string xml, string name, string contentType = "text/xml")
    {
        using var content = new StringContent(xml, Encoding.UTF8, contentType);
        return await Post(content, name);
    }

    /// <summary>POSTs <paramref name="body"/> as it is, with a Content-Encoding when given; see <see cref="Post(string, string, string)"/>.</summary>
    public async Task<(HttpStatusCode Status, string Xml)> Post(byte[] body, string name, string? contentEncoding = null)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/xml");
        if (contentEncoding is not null) content.Headers.TryAddWithoutValidation("Content-Encoding", contentEncoding);
        return await Post(content, name);
    }

    private async Task<(HttpStatusCode Status, string Xml)> Post(HttpContent content, string name)
    {
        var (status, answer) = await Send(content);
        CimOutput.Save("Gateway_" + name, answer);
        return (status, answer);
    }

    /// <summary>POSTs a message whose answer is a bare SOAP fault: not a 61968-100 message, so it is not kept for the schema check (the caller checks it).</summary>
    public async Task<(HttpStatusCode Status, string Xml)> PostExpectingSoapFault(string xml, string contentType)
    {
        using var content = new StringContent(xml, Encoding.UTF8, contentType);
        return await Send(content);
    }

    private async Task<(HttpStatusCode Status, string Xml)> Send(HttpContent content)
    {
        using var response = await Http.PostAsync(new Uri(BaseAddress, "/cim"), content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>POSTs and reads the answer back as a CIM message.</summary>
    public async Task<CimMessage> Exchange(string xml, string name)
    {
        var (status, answer) = await Post(xml, name);
        Assert.Equal(HttpStatusCode.OK, status);
        var read = CimMessageReader.Read(answer);
        Assert.True(read.Success, read.Error?.Message);
        return read.Message!;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await Stop();
        Http.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // a file still held by a pooled connection is left in the temp directory
        }
    }
}
