using Orleans.Metering.Abstractions;

namespace Orleans.Metering.Grains.Tests.Support;

/// <summary>Builders for requests, with ids unique per call so tests sharing a cluster never meet.</summary>
public static class TestData
{
    public const string Source = "grain-tests";
    public const string Disconnect = "3.31.0.23";
    public const string Connect = "3.31.0.18";
    public const string ArmForClosure = "3.31.0.5";
    public const string DemandReset = "3.8.0.214";

    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    public static string NewId(string prefix = "DEV-") => prefix + Guid.NewGuid().ToString("N");

    public static MessageKey Message(string? messageId = null, string digest = "digest-1") =>
        new(Source, messageId ?? NewId("MSG-"), digest);

    public static EndDeviceRegistration Registration(string deviceId, string? manufacturer = "Landis+Gyr") => new()
    {
        MRID = deviceId,
        SerialNumber = "SN-" + deviceId,
        Type = "ElectricMeter",
        AmrSystem = "TEST-AMI",
        Manufacturer = manufacturer,
        ModelNumber = "E450",
        InstallationDate = new DateOnly(2024, 3, 1),
        TimeZoneOffsetMinutes = 60,
    };

    public static ControlRequest Control(string controlType, MessageKey? message = null, string? controlId = null, ReplyRoute? replyTo = null) => new()
    {
        ControlId = controlId ?? NewId("CTL-"),
        ControlType = controlType,
        Message = message ?? Message(digest: "control-" + controlType),
        Reason = "test",
        IssuerTrackingID = "TRK-1",
        ReplyTo = replyTo,
    };

    /// <summary>Creates the device and checks that it was accepted.</summary>
    public static async Task<IEndDeviceGrain> Registered(this IEndDeviceGrain device, string deviceId)
    {
        var outcome = await device.Create(Registration(deviceId), Message());
        Assert.True(outcome.Succeeded, outcome.Reason);
        return device;
    }
}
