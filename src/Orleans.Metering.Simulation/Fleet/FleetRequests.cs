using Orleans.Metering.Cim.Documents;
using Orleans.Metering.Cim.Messages;

namespace Orleans.Metering.Simulation.Fleet;

/// <summary>
/// The requests the tools and the benchmark send besides the fleet's pushes (register, control, query),
/// built with the CIM layer's documents and envelope, written in the generic framing.
/// </summary>
public static class FleetRequests
{
    /// <summary><c>create MeterConfig</c>: the meters as electric meters of the simulated head-end, serial number = prefix + mRID.</summary>
    public static byte[] RegisterMeters(IEnumerable<string> meterIds, string source, string serialPrefix)
    {
        ArgumentNullException.ThrowIfNull(meterIds);
        var document = new MeterConfigDocument
        {
            Meters = [.. meterIds.Select(id => new MeterAsset { MRID = id, AmrSystem = FleetMessages.SourceName, Type = "ElectricMeter", SerialNumber = serialPrefix + id })],
        };
        return Write(CimMessages.Request(CimVerbs.Create, ProfileDocuments.MeterConfig, document.ToXml(), source));
    }

    /// <summary><c>create EndDeviceControls</c>: one control of <paramref name="controlType"/> on one device.</summary>
    public static byte[] Control(string controlId, string deviceId, string controlType, string source, string? reason = null, string? messageId = null) =>
        Write(ControlRequest(controlId, deviceId, controlType, source, reason, messageId));

    /// <summary><c>create EndDeviceControls</c> of one type on many devices in one message: one EndDeviceControl per device, mRID = prefix + device.</summary>
    public static byte[] Controls(string controlIdPrefix, IEnumerable<string> deviceIds, string controlType, string source)
    {
        ArgumentNullException.ThrowIfNull(deviceIds);
        var document = new EndDeviceControlsDocument
        {
            Controls = [.. deviceIds.Select(d => new EndDeviceControl { MRID = controlIdPrefix + d, ControlTypeRef = controlType, EndDevices = [ObjectRef.ById(d)] })],
        };
        return Write(CimMessages.Request(CimVerbs.Create, ProfileDocuments.EndDeviceControls, document.ToXml(), source));
    }

    /// <summary>The same control, answered 0.3 at once and its outcome POSTed to <paramref name="replyAddress"/> (AsyncReplyFlag).</summary>
    public static byte[] AsyncControl(string controlId, string deviceId, string controlType, string source, Uri replyAddress, string messageId)
    {
        ArgumentNullException.ThrowIfNull(replyAddress);
        var message = ControlRequest(controlId, deviceId, controlType, source, null, messageId);
        var header = message.Header!; // a request always has one
        header.AsyncReplyFlag = true;
        header.ReplyAddress = replyAddress.ToString();
        return Write(message);
    }

    private static CimMessage ControlRequest(string controlId, string deviceId, string controlType, string source, string? reason, string? messageId)
    {
        var document = new EndDeviceControlsDocument
        {
            Controls = [new EndDeviceControl { MRID = controlId, ControlTypeRef = controlType, Reason = reason, EndDevices = [ObjectRef.ById(deviceId)] }],
        };
        return CimMessages.Request(CimVerbs.Create, ProfileDocuments.EndDeviceControls, document.ToXml(), source, messageId);
    }

    /// <summary><c>get MeterReadings</c> of EndDevices for one reading type in the half-open period (start, end].</summary>
    public static byte[] GetMeterReadings(IEnumerable<string> meterIds, string readingType, DateTimeOffset start, DateTimeOffset end, string source)
    {
        ArgumentNullException.ThrowIfNull(meterIds);
        var query = new GetMeterReadingsDocument
        {
            EndDevices = [.. meterIds.Select(ObjectRef.ById)],
            ReadingTypes = [readingType],
            TimeSchedules = [new TimeWindow(start, end)],
        };
        return Write(CimMessages.Request(CimVerbs.Get, ProfileDocuments.MeterReadings, query.ToXml(), source));
    }

    /// <summary><c>get EndDeviceEvents</c> of meters, any type, any time.</summary>
    public static byte[] GetEndDeviceEvents(IEnumerable<string> meterIds, string source)
    {
        ArgumentNullException.ThrowIfNull(meterIds);
        var query = new GetEndDeviceEventsDocument { Meters = [.. meterIds.Select(ObjectRef.ById)] };
        return Write(CimMessages.Request(CimVerbs.Get, ProfileDocuments.EndDeviceEvents, query.ToXml(), source));
    }

    private static byte[] Write(CimMessage message) => CimMessageWriter.ToBytes(message, MessageFraming.Generic);
}
