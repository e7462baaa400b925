using System.Collections.Concurrent;
using Orleans.Metering.Abstractions;

namespace Orleans.Metering.Grains.Tests.Support;

/// <summary>
/// A head-end whose behaviour is chosen by the device id, and which counts what it was asked to do.
/// <list type="bullet">
/// <item><c>FAIL-</c>: reports a failed outcome; the switch stays as it was.</item>
/// <item><c>SILENT-</c>: never answers and is unreachable for pings (expiry).</item>
/// <item><c>LOST-</c>: moves the switch but the outcome is lost; pings report the new state (reconciliation).</item>
/// <item><c>THROW-</c>: refuses the command synchronously (Execute throws).</item>
/// <item><c>PINGFAIL-</c>: never answers, and asking for its state fails (Ping throws).</item>
/// <item><c>SLOWPING-</c>: never answers, and asking for its state takes <see cref="SlowPing"/> (then unreachable).</item>
/// <item>anything else: succeeds after <see cref="Delay"/>.</item>
/// </list>
/// Devices start Connected.
/// </summary>
public sealed class TestHeadEnd(IHeadEndOutcomeSink sink) : IHeadEndAdapter
{
    public const string FailPrefix = "FAIL-";
    public const string SilentPrefix = "SILENT-";
    public const string LostPrefix = "LOST-";
    public const string ThrowPrefix = "THROW-";
    public const string PingFailsPrefix = "PINGFAIL-";
    public const string SlowPingPrefix = "SLOWPING-";

    public static readonly TimeSpan SlowPing = TimeSpan.FromSeconds(3);

    public static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(50);

    private readonly ConcurrentDictionary<string, int> executions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> pings = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SwitchState> switches = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Exception> reportErrors = new();

    /// <summary>How often Execute was called for <paramref name="controlId"/> on this silo.</summary>
    public int ExecuteCount(string controlId) => executions.GetValueOrDefault(controlId);

    public int PingCount(string deviceId) => pings.GetValueOrDefault(deviceId);

    public IReadOnlyCollection<Exception> ReportErrors => reportErrors;

    public SwitchState SwitchOf(string deviceId) => switches.GetValueOrDefault(deviceId, SwitchState.Connected);

    public Task Execute(HeadEndCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        executions.AddOrUpdate(command.ControlId, 1, (_, n) => n + 1);
        var device = command.DeviceId;
        if (device.StartsWith(ThrowPrefix, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("test head-end refuses " + command.ControlId);
        }

        if (device.StartsWith(SilentPrefix, StringComparison.Ordinal) || device.StartsWith(PingFailsPrefix, StringComparison.Ordinal)
            || device.StartsWith(SlowPingPrefix, StringComparison.Ordinal))
        {
            return Task.CompletedTask;
        }

        if (device.StartsWith(LostPrefix, StringComparison.Ordinal))
        {
            switches[device] = command.Target;
            return Task.CompletedTask;
        }

        var fail = device.StartsWith(FailPrefix, StringComparison.Ordinal);
        _ = Task.Run(() => Answer(command, fail), CancellationToken.None);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<RegisterRead>> ReadNow(string deviceId, IReadOnlyList<string> readingTypes, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<RegisterRead>>([]);

    public async Task<DevicePing> Ping(string deviceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        pings.AddOrUpdate(deviceId, 1, (_, n) => n + 1);
        if (deviceId.StartsWith(SlowPingPrefix, StringComparison.Ordinal))
        {
            await Task.Delay(SlowPing, cancellationToken);
            return new DevicePing(deviceId, false, SwitchState.Unknown);
        }

        if (deviceId.StartsWith(PingFailsPrefix, StringComparison.Ordinal))
        {
            throw new HttpRequestException("test head-end cannot be reached for " + deviceId);
        }

        var reachable = !deviceId.StartsWith(SilentPrefix, StringComparison.Ordinal);
        return new DevicePing(deviceId, reachable, reachable ? SwitchOf(deviceId) : SwitchState.Unknown);
    }

    private async Task Answer(HeadEndCommand command, bool fail)
    {
        try
        {
            await Task.Delay(Delay);
            var after = fail ? SwitchOf(command.DeviceId) : command.Target;
            switches[command.DeviceId] = after;
            var outcome = new ControlOutcome(command.ControlId, !fail, after, DateTimeOffset.UtcNow, fail ? "test device did not operate the switch" : null);
            await sink.Report(command.DeviceId, outcome);
        }
        catch (Exception e)
        {
            reportErrors.Enqueue(e);
        }
    }
}
