namespace Orleans.Metering.Abstractions;

/// <summary>State of a remote connect/disconnect switch as last reported by the device.</summary>
[GenerateSerializer, Alias("metering.SwitchState")]
public enum SwitchState
{
    Unknown = 0,
    Connected = 1,
    Disconnected = 2,
    ArmedForClosure = 3,
    ArmedForOpen = 4,
}

/// <summary>An EndDevice's master data, as registered from MeterConfig.</summary>
[GenerateSerializer, Alias("metering.EndDeviceRegistration")]
public sealed record EndDeviceRegistration
{
    [Id(0)] public required string MRID { get; init; }
    [Id(1)] public IReadOnlyList<DeviceName> Names { get; init; } = [];
    [Id(2)] public string? SerialNumber { get; init; }
    [Id(3)] public string? Type { get; init; }
    [Id(4)] public string? AmrSystem { get; init; }
    [Id(5)] public string? Status { get; init; }
    [Id(6)] public DateOnly? InstallationDate { get; init; }
    [Id(7)] public DateOnly? RemovalDate { get; init; }
    [Id(8)] public DateOnly? RetiredDate { get; init; }
    [Id(9)] public string? ModelNumber { get; init; }
    [Id(10)] public string? Manufacturer { get; init; }
    [Id(11)] public int? TimeZoneOffsetMinutes { get; init; }
    [Id(12)] public string? FormNumber { get; init; }
    [Id(13)] public DateOnly? ManufacturedDate { get; init; }
}

[GenerateSerializer, Alias("metering.DeviceName")]
public sealed record DeviceName([property: Id(0)] string Name, [property: Id(1)] string? NameType = null, [property: Id(2)] string? NameTypeAuthority = null);

/// <summary>What the platform knows of a device: registration plus live state.</summary>
[GenerateSerializer, Alias("metering.EndDeviceSnapshot")]
public sealed record EndDeviceSnapshot(
    [property: Id(0)] EndDeviceRegistration Registration,
    [property: Id(1)] SwitchState Switch,
    [property: Id(2)] DateTimeOffset RegisteredAt,
    [property: Id(3)] DateTimeOffset? ChangedAt,
    [property: Id(4)] IReadOnlyList<ControlStatus> RecentControls);

/// <summary>
/// Identity of an incoming message for exactly-once effects: (Source, MessageID) plus a digest
/// of the request's content, so a replay with different content can be refused.
/// </summary>
[GenerateSerializer, Alias("metering.MessageKey")]
public sealed record MessageKey(
    [property: Id(0)] string Source,
    [property: Id(1)] string MessageId,
    [property: Id(2)] string ContentDigest);

/// <summary>The outcome of a command on a grain, in platform terms; the gateway maps it to a CIM Reply.</summary>
[GenerateSerializer, Alias("metering.CommandOutcome")]
public sealed record CommandOutcome(
    [property: Id(0)] bool Succeeded,
    [property: Id(1)] string Code,
    [property: Id(2)] string Reason,
    [property: Id(3)] bool Duplicate = false)
{
    public static CommandOutcome Ok(string code, string reason) => new(true, code, reason);
    public static CommandOutcome Fail(string code, string reason) => new(false, code, reason);
}
