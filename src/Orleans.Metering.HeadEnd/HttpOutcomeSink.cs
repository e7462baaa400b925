using System.Collections.Concurrent;
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

/// <summary>
/// What a head-end process executed: every command received (device, control, type, when) and when
/// the device completed it, so that tests can see whether a control was sent twice, and when.
/// </summary>
public sealed class CommandLog
{
    private readonly ConcurrentQueue<CommandLogEntry> received = new();
    private readonly ConcurrentDictionary<string, (DateTimeOffset At, bool Succeeded)> completed = new(StringComparer.Ordinal);

    public void Received(HeadEndCommand command, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(command);
        received.Enqueue(new CommandLogEntry(command.DeviceId, command.ControlId, command.ControlType, command.Target, at, null, null));
    }

    /// <summary>The first completion of a control is kept (a re-sent control completes again later).</summary>
    public void Completed(string deviceId, ControlOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        completed.TryAdd(deviceId + "\n" + outcome.ControlId, (outcome.At, outcome.Succeeded));
    }

    public IReadOnlyList<CommandLogEntry> Entries() =>
        [.. received.Select(e => completed.TryGetValue(e.DeviceId + "\n" + e.ControlId, out var c) ? e with { CompletedAt = c.At, Succeeded = c.Succeeded } : e)];
}

/// <summary>Notes each outcome in the <see cref="CommandLog"/> before passing it on.</summary>
public sealed class LoggingOutcomeSink(CommandLog log, IHeadEndOutcomeSink inner) : IHeadEndOutcomeSink
{
    public Task Report(string deviceId, ControlOutcome outcome)
    {
        log.Completed(deviceId, outcome);
        return inner.Report(deviceId, outcome);
    }
}
