using System.Collections.Concurrent;
using Orleans.Metering.Abstractions;

namespace Orleans.Metering.Tools;

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

/// <summary>One command as the head-end received it, and when (if) the device completed it.</summary>
public sealed record CommandLogEntry(
    string DeviceId,
    string ControlId,
    string ControlType,
    SwitchState Target,
    DateTimeOffset ReceivedAt,
    DateTimeOffset? CompletedAt,
    bool? Succeeded);
