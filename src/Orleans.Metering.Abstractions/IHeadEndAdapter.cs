namespace Orleans.Metering.Abstractions;

/// <summary>A command for the head-end: apply one control to one device.</summary>
public sealed record HeadEndCommand(string DeviceId, string ControlId, string ControlType, SwitchState Target);

/// <summary>What the head-end can tell about a device right now.</summary>
public sealed record DevicePing(string DeviceId, bool Reachable, SwitchState Switch);

/// <summary>A register value read on demand.</summary>
public sealed record RegisterRead(string DeviceId, string ReadingType, double Value, DateTimeOffset TimeStamp);

/// <summary>
/// The contract between the platform and a head-end system (AMI, MDC). Execute returns when the
/// head-end has taken the command; its outcome arrives later through <see cref="IHeadEndOutcomeSink"/>.
/// </summary>
public interface IHeadEndAdapter
{
    Task Execute(HeadEndCommand command, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<RegisterRead>> ReadNow(string deviceId, IReadOnlyList<string> readingTypes, CancellationToken cancellationToken = default);

    Task<DevicePing> Ping(string deviceId, CancellationToken cancellationToken = default);
}

/// <summary>Receives control outcomes from a head-end and hands them to the device.</summary>
public interface IHeadEndOutcomeSink
{
    Task Report(string deviceId, ControlOutcome outcome);
}
