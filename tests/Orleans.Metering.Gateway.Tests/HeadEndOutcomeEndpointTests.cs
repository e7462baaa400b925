using System.Net;
using System.Net.Http.Json;

namespace Orleans.Metering.Gateway.Tests;

/// <summary>POST /headend/outcomes refuses what could not be stored or written into a CIM reply.</summary>
[Collection(PlatformCollection.Name)]
public sealed class HeadEndOutcomeEndpointTests(PlatformFixture fixture)
{
    [Theory]
    [InlineData("MTR-1", "CTL-1", "breaker stuck\u0000")]
    [InlineData("MTR-\u0001", "CTL-1", null)]
    [InlineData("MTR-1", "CTL-\u001f", null)]
    [InlineData("MTR-1", "CTL-1", "a non-character \uFFFF")]
    public async Task An_outcome_with_a_control_character_is_refused_with_400(string deviceId, string controlId, string? reason)
    {
        using var response = await fixture.Host.Http.PostAsJsonAsync(new Uri(fixture.Host.BaseAddress, "/headend/outcomes"), new
        {
            deviceId,
            outcome = new { controlId, succeeded = false, switchAfter = "Unknown", at = DateTimeOffset.UtcNow, reason },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("character XML cannot carry", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_outcome_with_tabs_line_breaks_and_emoji_is_taken()
    {
        using var response = await fixture.Host.Http.PostAsJsonAsync(new Uri(fixture.Host.BaseAddress, "/headend/outcomes"), new
        {
            deviceId = "MTR-unknown-" + Guid.NewGuid().ToString("N"),
            outcome = new { controlId = "CTL-none", succeeded = true, switchAfter = "Connected", at = DateTimeOffset.UtcNow, reason = "line 1\r\nline 2\ttabbed, plug \U0001F50C" },
        });

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }
}
