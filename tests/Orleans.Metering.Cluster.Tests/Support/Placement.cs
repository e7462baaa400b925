using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Runtime;

namespace Orleans.Metering.Cluster.Tests.Support;

/// <summary>
/// Where the cluster holds grains right now, asked of Orleans' management grain through a client
/// that joins by the survivors' gateways: it looks at activations without activating anything.
/// </summary>
public static class Placement
{
    /// <summary>The silo (by its silo port) of each active EndDevice grain among <paramref name="deviceIds"/>.</summary>
    public static async Task<IReadOnlyDictionary<string, int>> SiloPortsOfDevices(IEnumerable<int> gatewayPorts, string clusterId, IEnumerable<string> deviceIds)
    {
        var wanted = deviceIds.ToHashSet(StringComparer.Ordinal);
        using var host = new HostBuilder()
            .UseOrleansClient(client => client
                .UseStaticClustering([.. gatewayPorts.Select(p => new IPEndPoint(IPAddress.Loopback, p))])
                .Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = clusterId;
                    o.ServiceId = "orleans-metering";
                }))
            .Build();
        await host.StartAsync();
        try
        {
            var management = host.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0);
            var statistics = await management.GetDetailedGrainStatistics();
            return statistics
                .Where(s => s.GrainType.Contains("EndDeviceGrain", StringComparison.Ordinal) && wanted.Contains(s.GrainId.Key.ToString()!))
                .ToDictionary(s => s.GrainId.Key.ToString()!, s => s.SiloAddress.Endpoint.Port, StringComparer.Ordinal);
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
