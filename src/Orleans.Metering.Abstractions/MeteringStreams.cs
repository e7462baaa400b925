namespace Orleans.Metering.Abstractions;

/// <summary>Names of the Orleans stream provider and namespaces the platform publishes on.</summary>
public static class MeteringStreams
{
    public const string Provider = "MeteringStreams";

    /// <summary>One stream per EndDevice (key: device mRID) carrying <see cref="DeviceEvent"/>.</summary>
    public const string EndDeviceEvents = "EndDeviceEvents";

    public const string GrainStorage = "MeteringState";
    public const string PubSubStorage = "PubSubStore";
}
