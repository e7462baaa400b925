using Orleans.Metering.Silo;

namespace Orleans.Metering.Gateway.Tests;

/// <summary>The log levels of the repository's appsettings.json: the platform's own lines, not a line per grain placement.</summary>
public sealed class LogLevelTests
{
    [Theory]
    [InlineData("Polly", false)]
    [InlineData("Orleans.Runtime.Catalog", false)]
    [InlineData("Microsoft.AspNetCore.Routing.EndpointMiddleware", false)]
    [InlineData("System.Net.Http.HttpClient.ReplyDelivery.LogicalHandler", false)]
    [InlineData("Microsoft.Hosting.Lifetime", true)]
    [InlineData("Orleans.Metering.Gateway.ReplyDeliveryService", true)]
    public async Task Information_is_logged_only_for_the_platform_and_its_lifetime(string category, bool information)
    {
        await using var app = await MeteringHost.Build(["--Metering:Storage=Memory"]);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(category);

        Assert.Equal(information, logger.IsEnabled(LogLevel.Information));
        Assert.True(logger.IsEnabled(LogLevel.Warning));
    }

    [Fact]
    public async Task A_command_line_level_overrides_the_file()
    {
        await using var app = await MeteringHost.Build(["--Metering:Storage=Memory", "--Logging:LogLevel:Polly=Information"]);

        Assert.True(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Polly").IsEnabled(LogLevel.Information));
    }
}
