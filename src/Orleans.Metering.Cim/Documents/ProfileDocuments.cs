using System.Xml.Linq;

namespace Orleans.Metering.Cim.Documents;

/// <summary>
/// Nouns and element names of the IEC 61968-9 profile documents this project reads and writes
/// (2011 namespace set, see <see cref="CimNamespaces.Profile"/>).
/// </summary>
public static class ProfileDocuments
{
    /// <summary>The prefix used for the profile namespace in written documents.</summary>
    public const string Prefix = "m";

    // Nouns (= local name of the profile root element and the last part of its namespace).
    public const string MeterConfig = "MeterConfig";
    public const string GetMeterConfig = "GetMeterConfig";
    public const string EndDeviceControls = "EndDeviceControls";
    public const string EndDeviceEvents = "EndDeviceEvents";
    public const string GetEndDeviceEvents = "GetEndDeviceEvents";
    public const string MeterReadings = "MeterReadings";
    public const string GetMeterReadings = "GetMeterReadings";
    public const string MeterReadSchedule = "MeterReadSchedule";

    // Items of the documents.
    public const string Meter = "Meter";
    public const string UsagePoint = "UsagePoint";
    public const string EndDeviceGroup = "EndDeviceGroup";
    public const string EndDeviceControl = "EndDeviceControl";
    public const string EndDeviceControlType = "EndDeviceControlType";
    public const string EndDeviceEvent = "EndDeviceEvent";
    public const string EndDeviceEventType = "EndDeviceEventType";
    public const string TimeSchedule = "TimeSchedule";
    public const string EndDevice = "EndDevice";
    public const string UsagePointGroup = "UsagePointGroup";
    public const string MeterReading = "MeterReading";
    public const string Reading = "Reading";
    public const string ReadingType = "ReadingType";
    public const string ReadingQualityType = "ReadingQualityType";

    // Associations inside MeterReading / IntervalBlock / readings (role names).
    public const string Readings = "Readings";
    public const string IntervalBlocks = "IntervalBlocks";
    public const string IntervalReadings = "IntervalReadings";
    public const string ReadingQualities = "ReadingQualities";
    public const string TimePoints = "TimePoints";

    // Associations inside EndDeviceControl / EndDeviceEvent (plural role names).
    public const string EndDevices = "EndDevices";
    public const string EndDeviceGroups = "EndDeviceGroups";
    public const string UsagePoints = "UsagePoints";
    public const string UsagePointGroups = "UsagePointGroups";
    public const string Assets = "Assets";
    public const string EndDeviceEventDetails = "EndDeviceEventDetails";

    // The concrete EndDeviceAction elements of EndDeviceControl (the schema has no plain EndDeviceAction element).
    public const string PanDemandResponse = "PanDemandResponse";
    public const string PanDisplay = "PanDisplay";
    public const string PanPricing = "PanPricing";

    // Common parts.
    public const string MRID = "mRID";
    public const string Names = "Names";
    public const string Status = "status";
    public const string Ref = "ref";

    /// <summary>The namespace of a profile, e.g. <c>http://iec.ch/TC57/2011/MeterConfig#</c>.</summary>
    public static XNamespace Namespace(string noun) => CimNamespaces.Profile(noun);

    /// <summary>The root element name of a profile document, e.g. <c>{http://iec.ch/TC57/2011/MeterConfig#}MeterConfig</c>.</summary>
    public static XName Root(string noun) => XName.Get(noun, CimNamespaces.Profile(noun));
}
