using System.Net.Http.Json;
using Microsoft.Extensions.Logging;
using Orleans.Metering.Abstractions;

namespace Orleans.Metering.HeadEnd;

/// <summary>
/// The head-end process's side of outcomes: POSTs each to the platform's /headend/outcomes, trying
/// the platform's silos in turn (any silo hands it to the device grain), and retrying until one
/// accepted it or <paramref name="giveUpAfter"/> passed. A silo that was killed, or a database that is
/// down, only delays the report.
/// </summary>
public sealed partial class HttpOutcomeSink(
    HttpClient http,
    IReadOnlyList<Uri> platform,
    TimeSpan attemptTimeout,
    TimeSpan giveUpAfter,
    ILogger<HttpOutcomeSink> logger) : IHeadEndOutcomeSink
{
    private int next;

    public async Task Report(string deviceId, ControlOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (platform.Count == 0)
        {
            throw new InvalidOperationException("No platform address to report outcomes to (Metering:HeadEnd:PlatformUrls)");
        }

        var report = new OutcomeReport(deviceId, outcome);
        var deadline = DateTimeOffset.UtcNow + giveUpAfter;
        var delay = TimeSpan.FromMilliseconds(200);
        for (var attempt = 1; ; attempt++)
        {
            var target = platform[(int)((uint)Interlocked.Increment(ref next) % platform.Count)];
            try
            {
                using var timeout = new CancellationTokenSource(attemptTimeout);
                using var response = await http.PostAsJsonAsync(new Uri(target, HeadEndWire.OutcomesPath), report, HeadEndWire.Json, timeout.Token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                LogRetry(logger, outcome.ControlId, deviceId, target, attempt, $"HTTP {(int)response.StatusCode}");
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
            {
                LogRetry(logger, outcome.ControlId, deviceId, target, attempt, e.Message);
            }

            if (DateTimeOffset.UtcNow + delay > deadline)
            {
                throw new TimeoutException($"The outcome of control {outcome.ControlId} for {deviceId} could not be delivered within {giveUpAfter}");
            }

            await Task.Delay(delay).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 2000));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Outcome of control {ControlId} for {DeviceId} not taken by {Target} (attempt {Attempt}: {Why}); retrying")]
    private static partial void LogRetry(ILogger logger, string controlId, string deviceId, Uri target, int attempt, string why);
}
