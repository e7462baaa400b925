using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Metering.Abstractions;
using Orleans.Metering.HeadEnd;
using Orleans.Metering.Silo;
using Orleans.Metering.Simulation;
using Orleans.Metering.Storage;

namespace Orleans.Metering.Gateway.Tests;

/// <summary>Simulation is never an accident: a cluster names its head-end or asks for simulation.</summary>
public sealed class HeadEndModeTests
{
    [Fact]
    public async Task Postgres_without_a_head_end_url_refuses_to_start_before_touching_the_database()
    {
        // Nothing listens on this port: had the silo tried to open or migrate the database, it would
        // fail with a connection error, not with the head-end message.
        var connection = $"Host=127.0.0.1;Port={ClosedPort()};Username=metering;Database=metering;Timeout=2";

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            MeteringHost.Build(["--Metering:Storage=Postgres", "--ConnectionStrings:Metering=" + connection, "--Logging:LogLevel:Default=Warning"]));

        Assert.Contains("Metering:HeadEnd:Url", error.Message, StringComparison.Ordinal);
        Assert.Contains("Metering:HeadEnd:Mode=Simulated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http_mode_without_a_url_refuses_to_start()
    {
        var data = Path.Combine(Path.GetTempPath(), "metering-headend-" + Guid.NewGuid().ToString("N"));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            MeteringHost.Build(["--Metering:DataDirectory=" + data, "--Metering:HeadEnd:Mode=Http", "--Logging:LogLevel:Default=Warning"]));

        Assert.Contains("Metering:HeadEnd:Mode=Http needs Metering:HeadEnd:Url", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(data), "the database was created before the head-end settings were checked");
    }

    [Fact]
    public async Task The_embedded_default_runs_the_simulated_head_end()
    {
        var data = Path.Combine(Path.GetTempPath(), "metering-headend-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var app = await MeteringHost.Build(["--Metering:DataDirectory=" + data, "--Logging:LogLevel:Default=Warning"]);

            Assert.Equal(StorageKind.Sqlite, app.Services.GetRequiredService<MeteringStorageOptions>().Storage);
            Assert.IsType<SimulatedHeadEnd>(app.Services.GetRequiredService<IHeadEndAdapter>());
        }
        finally
        {
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }

    [Theory]
    [InlineData(null, null, StorageKind.Sqlite, HeadEndMode.Simulated)]
    [InlineData(null, null, StorageKind.Memory, HeadEndMode.Simulated)]
    [InlineData(null, "http://127.0.0.1:5070", StorageKind.Postgres, HeadEndMode.Http)]
    [InlineData(HeadEndMode.Http, "http://127.0.0.1:5070", StorageKind.Sqlite, HeadEndMode.Http)]
    [InlineData(HeadEndMode.Simulated, null, StorageKind.Postgres, HeadEndMode.Simulated)]
    public void The_mode_follows_the_settings_and_the_storage(HeadEndMode? mode, string? url, StorageKind storage, HeadEndMode expected)
    {
        var options = new HeadEndOptions { Mode = mode, Url = url is null ? null : new Uri(url) };

        Assert.Equal(expected, HeadEndSetup.ModeOf(options, storage));
    }

    [Fact]
    public void Simulated_mode_with_a_url_is_refused_rather_than_the_url_ignored()
    {
        var options = new HeadEndOptions { Mode = HeadEndMode.Simulated, Url = new Uri("http://127.0.0.1:5070") };

        var error = Assert.Throws<OptionsValidationException>(() => HeadEndSetup.ModeOf(options, StorageKind.Postgres));

        Assert.Contains("Metering:HeadEnd:Url is set", error.Message, StringComparison.Ordinal);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
