using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Metering.Abstractions;
using Orleans.Metering.Cim.Codes;
using Orleans.Metering.Simulation.Fleet;

namespace Orleans.Metering.Simulation;

public sealed class SimulatedHeadEndOptions
{
    /// <summary>How long a simulated device takes to execute a control.</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Share of controls that fail, 0 to 1.</summary>
    public double FailureRate { get; set; }

    /// <summary>Seed for the failure draws, so that a run can be repeated.</summary>
    public int Seed { get; set; } = 61968;

    /// <summary>Devices whose mRID starts with this prefix never answer (for tests of expiry).</summary>
    public string UnreachablePrefix { get; set; } = "UNREACHABLE-";

    /// <summary>
    /// When set, on-demand reads come from a <see cref="SimulatedFleet"/> with this seed, so that they
    /// agree with the interval data the fleet generates (and pushes) for the same meters.
    /// </summary>
    public int? FleetSeed { get; set; }
}

/// <summary>
/// A head-end with simulated devices, so the platform runs without real meters. Each device has a
/// switch that controls move after <see cref="SimulatedHeadEndOptions.Delay"/>; a configurable share
/// of controls fail and leave the switch as it was.
/// </summary>
public sealed partial class SimulatedHeadEnd(
    IHeadEndOutcomeSink sink,
    IOptions<SimulatedHeadEndOptions> options,
    TimeProvider time,
    ILogger<SimulatedHeadEnd> logger) : IHeadEndAdapter
{
    private readonly ConcurrentDictionary<string, SwitchState> switches = new(StringComparer.Ordinal);

    /// <summary>Commands being executed, by (device, control id): a command sent again meanwhile is not executed twice.</summary>
    private readonly ConcurrentDictionary<(string DeviceId, string ControlId), byte> executing = new();
    private readonly Random random = new(options.Value.Seed);
    private readonly Lock randomLock = new();
    private readonly SimulatedFleet? fleet = options.Value.FleetSeed is int seed ? new SimulatedFleet(new FleetOptions { Seed = seed }) : null;

    /// <summary>A head-end whose on-demand reads come from <paramref name="fleet"/> (used by DI when a SimulatedFleet is registered).</summary>
    public SimulatedHeadEnd(
        IHeadEndOutcomeSink sink,
        IOptions<SimulatedHeadEndOptions> options,
        TimeProvider time,
        ILogger<SimulatedHeadEnd> logger,
        SimulatedFleet fleet)
        : this(sink, options, time, logger)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        this.fleet = fleet;
    }

    /// <summary>The fleet behind on-demand reads, if any.</summary>
    public SimulatedFleet? Fleet => fleet;

    public Task Execute(HeadEndCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.DeviceId.StartsWith(options.Value.UnreachablePrefix, StringComparison.Ordinal))
        {
            return Task.CompletedTask;
        }

        // As a head-end does with command ids: the same control sent again while it executes (e.g. by a
        // platform reconciling after a crash) is taken, but runs once and is reported once.
        if (executing.TryAdd((command.DeviceId, command.ControlId), 0))
        {
            _ = Task.Run(() => Complete(command), CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<RegisterRead>> ReadNow(string deviceId, IReadOnlyList<string> readingTypes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(readingTypes);
        var now = time.GetUtcNow();
        // A register that grows steadily from a per-device base, so repeated reads are consistent.
        var baseKwh = (StableHash(deviceId) % 50_000) + 1_000;
        var hours = (now - new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero)).TotalHours;
        var useFleet = fleet is not null && now >= SimulatedFleet.Epoch + SimulatedFleet.IntervalLength;
        IReadOnlyList<RegisterRead> reads = [.. readingTypes.Where(CanRead).Select(rt =>
            useFleet && TryReadFromFleet(fleet!, deviceId, rt, now) is { } read
                ? read
                : new RegisterRead(deviceId, rt, Math.Round(baseKwh + (hours * 0.45), 3), now))];
        return Task.FromResult(reads);
    }

    /// <summary>
    /// The simulated meters measure electricity energy only; any other reading type (water, voltage, a
    /// malformed code ...) is left out of the answer, as a head-end does for a register the meter lacks.
    /// </summary>
    public static bool CanRead(string readingType) =>
        ReadingType.TryParse(readingType, out var type) && type.Commodity is 1 or 2 && type.MeasurementKind == 12;

    /// <summary>
    /// From the fleet: the bulk register now (consistent with the fleet's intervals), or for the 15-minute
    /// delta the last complete interval, stamped with its end, whether or not a collection lost it.
    /// Other reading types: null (the steady simulated register is used).
    /// </summary>
    private static RegisterRead? TryReadFromFleet(SimulatedFleet fleet, string deviceId, string readingType, DateTimeOffset now)
    {
        if (readingType == SimulatedFleet.RegisterReadingType)
        {
            return new RegisterRead(deviceId, readingType, fleet.Register(deviceId, now), now);
        }

        if (readingType == SimulatedFleet.IntervalReadingType)
        {
            var end = SimulatedFleet.FloorToGrid(now);
            return new RegisterRead(deviceId, readingType, fleet.IntervalValue(deviceId, end), end);
        }

        return null;
    }

    public Task<DevicePing> Ping(string deviceId, CancellationToken cancellationToken = default)
    {
        var reachable = !deviceId.StartsWith(options.Value.UnreachablePrefix, StringComparison.Ordinal);
        return Task.FromResult(new DevicePing(deviceId, reachable, switches.GetValueOrDefault(deviceId, SwitchState.Connected)));
    }

    /// <summary>The simulated device's switch (devices start connected).</summary>
    public SwitchState SwitchOf(string deviceId) => switches.GetValueOrDefault(deviceId, SwitchState.Connected);

    private async Task Complete(HeadEndCommand command)
    {
        try
        {
            if (options.Value.Delay > TimeSpan.Zero)
            {
                await Task.Delay(options.Value.Delay, time).ConfigureAwait(false);
            }

            bool fail;
            lock (randomLock)
            {
                fail = random.NextDouble() < options.Value.FailureRate;
            }

            var before = switches.GetValueOrDefault(command.DeviceId, SwitchState.Connected);
            var after = fail ? before : command.Target;
            switches[command.DeviceId] = after;
            var outcome = new ControlOutcome(command.ControlId, !fail, after, time.GetUtcNow(), fail ? "Simulated device did not execute the command" : null);
            await sink.Report(command.DeviceId, outcome).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // a background completion must log, never crash the host
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogOutcomeFailed(logger, e, command.DeviceId, command.ControlId);
        }
        finally
        {
            executing.TryRemove((command.DeviceId, command.ControlId), out _);
        }
    }

    private static long StableHash(string s)
    {
        ulong h = 1469598103934665603;
        foreach (var c in s)
        {
            h = (h ^ c) * 1099511628211;
        }

        return (long)(h % int.MaxValue);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not report the outcome of control {ControlId} for {DeviceId}")]
    private static partial void LogOutcomeFailed(ILogger logger, Exception e, string deviceId, string controlId);
}
