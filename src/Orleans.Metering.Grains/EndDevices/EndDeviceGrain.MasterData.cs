using Orleans.Metering.Abstractions;
using Orleans.Metering.Cim.Codes;

namespace Orleans.Metering.Grains.EndDevices;

/// <summary>Master data: create, change and read the EndDevice's registration (MeterConfig).</summary>
public sealed partial class EndDeviceGrain
{
    public async Task<CommandOutcome> Create(EndDeviceRegistration registration, MessageKey message)
    {
        ArgumentNullException.ThrowIfNull(registration);
        if (Replayed(message) is { } replay)
        {
            return replay;
        }

        if (S.Registration is { } existing)
        {
            return SameData(existing, registration with { MRID = DeviceId })
                ? await Remember(message, CommandOutcome.Ok(ReplyCode.NoErrors.Code, $"EndDevice {DeviceId} is already registered with the same data"))
                : CommandOutcome.Fail(ReplyCode.InvalidEndDevice.Code, $"EndDevice {DeviceId} already exists; use change MeterConfig to modify it");
        }

        S.Registration = registration with { MRID = DeviceId };
        S.RegisteredAt = time.GetUtcNow();
        S.Switch = SwitchState.Unknown;
        return await Remember(message, CommandOutcome.Ok(ReplyCode.NoErrors.Code, $"EndDevice {DeviceId} registered"));
    }

    public async Task<CommandOutcome> Change(EndDeviceRegistration registration, MessageKey message)
    {
        ArgumentNullException.ThrowIfNull(registration);
        if (Replayed(message) is { } replay)
        {
            return replay;
        }

        if (S.Registration is not { } existing)
        {
            return NotRegistered(DeviceId);
        }

        S.Registration = Merge(existing, registration);
        S.ChangedAt = time.GetUtcNow();
        return await Remember(message, CommandOutcome.Ok(ReplyCode.NoErrors.Code, $"EndDevice {DeviceId} changed"));
    }

    public Task<EndDeviceSnapshot?> GetSnapshot() => Task.FromResult(
        S.Registration is { } r ? new EndDeviceSnapshot(r, S.Switch, S.RegisteredAt, S.ChangedAt, [.. S.Controls]) : null);

    /// <summary>Value equality of registrations, Names compared by content (records compare lists by reference).</summary>
    private static bool SameData(EndDeviceRegistration a, EndDeviceRegistration b) =>
        a with { Names = [] } == b with { Names = [] } && a.Names.SequenceEqual(b.Names);

    private static EndDeviceRegistration Merge(EndDeviceRegistration old, EndDeviceRegistration change) => old with
    {
        Names = change.Names.Count > 0 ? change.Names : old.Names,
        SerialNumber = change.SerialNumber ?? old.SerialNumber,
        Type = change.Type ?? old.Type,
        AmrSystem = change.AmrSystem ?? old.AmrSystem,
        Status = change.Status ?? old.Status,
        InstallationDate = change.InstallationDate ?? old.InstallationDate,
        RemovalDate = change.RemovalDate ?? old.RemovalDate,
        RetiredDate = change.RetiredDate ?? old.RetiredDate,
        ManufacturedDate = change.ManufacturedDate ?? old.ManufacturedDate,
        ModelNumber = change.ModelNumber ?? old.ModelNumber,
        Manufacturer = change.Manufacturer ?? old.Manufacturer,
        TimeZoneOffsetMinutes = change.TimeZoneOffsetMinutes ?? old.TimeZoneOffsetMinutes,
        FormNumber = change.FormNumber ?? old.FormNumber,
    };
}
