namespace Orleans.Metering.Gateway.Tests;

/// <summary>/metrics says which service and which silo it is (OpenTelemetry resource, Prometheus target_info).</summary>
[Collection(PlatformCollection.Name)]
public sealed class MetricsTests(PlatformFixture fixture)
{
    [Fact]
    public async Task Metrics_name_the_service_and_the_silo()
    {
        var info = await TargetInfo(fixture.Host);

        Assert.Contains("service_name=\"orleans-metering\"", info, StringComparison.Ordinal);
        Assert.Contains("service_instance_id=\"127.0.0.1:", info, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_service_name_is_the_configured_Orleans_ServiceId()
    {
        await using var host = await PlatformHost.Start(settings: new Dictionary<string, string> { ["Orleans:ServiceId"] = "metering-west" });

        Assert.Contains("service_name=\"metering-west\"", await TargetInfo(host), StringComparison.Ordinal);
    }

    private static async Task<string> TargetInfo(PlatformHost host)
    {
        var text = await host.Http.GetStringAsync(new Uri(host.BaseAddress, "/metrics"));
        return Assert.Single(text.Split('\n'), l => l.StartsWith("target_info{", StringComparison.Ordinal));
    }
}
