using Orleans.Concurrency;

namespace Orleans.Metering.Abstractions;

/// <summary>An EndDevice (meter, switch, PAN device), keyed by its mRID.</summary>
[Alias("metering.IEndDeviceGrain")]
public interface IEndDeviceGrain : IGrainWithStringKey
{
    /// <summary>Creates the device (create MeterConfig). Refused when it exists with other data.</summary>
    [Alias("Create")]
    Task<CommandOutcome> Create(EndDeviceRegistration registration, MessageKey message);

    /// <summary>Changes the master data of an existing device (change MeterConfig).</summary>
    [Alias("Change")]
    Task<CommandOutcome> Change(EndDeviceRegistration registration, MessageKey message);

    /// <summary>Registration and state, or null when the device is not known.</summary>
    [Alias("GetSnapshot"), ReadOnly]
    Task<EndDeviceSnapshot?> GetSnapshot();

    /// <summary>Accepts a control, persists it, then dispatches it to the head-end.</summary>
    [Alias("SubmitControl")]
    Task<ControlAcceptance> SubmitControl(ControlRequest request);

    /// <summary>
    /// Whether <see cref="SubmitControl"/> would accept <paramref name="request"/> now (0.0) or why not,
    /// changing nothing: the answer to a control sent with Header/Context TESTING, which never operates a device.
    /// </summary>
    [Alias("CheckControl"), ReadOnly]
    Task<CommandOutcome> CheckControl(ControlRequest request);

    /// <summary>Waits until the control is final or <paramref name="timeout"/> passes; returns its status then.</summary>
    [Alias("WaitForControl"), AlwaysInterleave]
    Task<ControlStatus?> WaitForControl(string controlId, TimeSpan timeout);

    [Alias("GetControl"), ReadOnly]
    Task<ControlStatus?> GetControl(string controlId);

    /// <summary>
    /// Validates and stores the readings one message carries for this meter; answers after the
    /// readings store acknowledged them.
    /// </summary>
    [Alias("IngestReadings")]
    Task<IngestResult> IngestReadings(MeterReadingsIngest ingest);

    /// <summary>Reads the given register reading types from the device now (through the head-end), stores and returns them.</summary>
    [Alias("ReadNow")]
    Task<OnDemandRead> ReadNow(IReadOnlyList<string> readingTypes, MessageKey message);

    /// <summary>
    /// Records events the head-end reported for this device (created EndDeviceEvents): stored
    /// first, then published on the device's stream. Returns how many were new.
    /// </summary>
    [Alias("RecordEvents")]
    Task<CommandOutcome> RecordEvents(IReadOnlyList<DeviceEvent> events, MessageKey message);

    /// <summary>Called by the head-end adapter when a control has been executed or has failed.</summary>
    [Alias("ReportOutcome")]
    Task ReportOutcome(ControlOutcome outcome);
}
