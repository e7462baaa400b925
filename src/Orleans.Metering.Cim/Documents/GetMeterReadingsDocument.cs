using System.Xml.Linq;
using static Orleans.Metering.Cim.Documents.ProfileXml;

namespace Orleans.Metering.Cim.Documents;

/// <summary>
/// The <c>GetMeterReadings</c> query: readings of which end devices / groups / usage points, of
/// which reading types, in which time windows, and how (Reading: reason, source, period and
/// Connexo's scheduleStrategy, connectionMethod, dataSource). ReadingType is an object with an mRID
/// in this schema (<c>&lt;m:ReadingType&gt;&lt;m:mRID&gt;...</c>, as written); a <c>ref</c> attribute is
/// accepted on input. EndDevice serialNumber, MeterReadings (coincident readings), ReadingQuality
/// and TransformerTank criteria are not mapped (ignored on input).
/// </summary>
public sealed class GetMeterReadingsDocument
{
    private static readonly XNamespace M = ProfileDocuments.Namespace(ProfileDocuments.GetMeterReadings);

    public List<ObjectRef> EndDevices { get; set; } = [];
    public List<ObjectRef> EndDeviceGroups { get; set; } = [];
    public List<ObjectRef> UsagePoints { get; set; } = [];
    public List<ObjectRef> UsagePointGroups { get; set; } = [];

    /// <summary>ReadingType mRIDs (18-part codes).</summary>
    public List<string> ReadingTypes { get; set; } = [];

    /// <summary>TimeSchedule/scheduleInterval windows.</summary>
    public List<TimeWindow> TimeSchedules { get; set; } = [];

    /// <summary>The Reading criteria.</summary>
    public List<ReadingRequest> Readings { get; set; } = [];

    public static GetMeterReadingsDocument FromXml(XElement element)
    {
        var m = CheckRoot(element, ProfileDocuments.GetMeterReadings);
        return new GetMeterReadingsDocument
        {
            EndDevices = ReadObjectRefs(element, m + ProfileDocuments.EndDevice, m),
            EndDeviceGroups = ReadObjectRefs(element, m + ProfileDocuments.EndDeviceGroup, m),
            Readings = element.Elements(m + ProfileDocuments.Reading).Select(e => ReadingRequest.Read(e, m)).ToList(),
            ReadingTypes = element.Elements(m + ProfileDocuments.ReadingType).Select(e => RequiredId(e, m)).ToList(),
            TimeSchedules = element.Elements(m + ProfileDocuments.TimeSchedule).Select(e => ReadTimeSchedule(e, m)).ToList(),
            UsagePoints = ReadObjectRefs(element, m + ProfileDocuments.UsagePoint, m),
            UsagePointGroups = ReadObjectRefs(element, m + ProfileDocuments.UsagePointGroup, m),
        };
    }

    public XElement ToXml()
    {
        var m = M;
        var root = NewRoot(ProfileDocuments.GetMeterReadings);
        root.Add(
            WriteObjectRefs(m + ProfileDocuments.EndDevice, m, EndDevices),
            WriteObjectRefs(m + ProfileDocuments.EndDeviceGroup, m, EndDeviceGroups),
            Readings.Select(r => r.Write(m)),
            ReadingTypes.Select(r => new XElement(m + ProfileDocuments.ReadingType, new XElement(m + ProfileDocuments.MRID, r))),
            TimeSchedules.Select(w => new XElement(
                m + ProfileDocuments.TimeSchedule,
                new XElement(m + "scheduleInterval", Element(m + "end", w.End), Element(m + "start", w.Start)))),
            WriteObjectRefs(m + ProfileDocuments.UsagePoint, m, UsagePoints),
            WriteObjectRefs(m + ProfileDocuments.UsagePointGroup, m, UsagePointGroups));
        return root;
    }

    private static TimeWindow ReadTimeSchedule(XElement e, XNamespace m)
    {
        var interval = Required(e, m + "scheduleInterval");
        return new TimeWindow(DateTime(interval, m + "start"), DateTime(interval, m + "end"));
    }
}

/// <summary>A Reading criterion of GetMeterReadings: why, from where and over which period to read.</summary>
public sealed class ReadingRequest
{
    /// <summary>One of <see cref="ReadingReasonKind"/>.</summary>
    public string? Reason { get; set; }

    /// <summary>Connexo extension: how the read is to be scheduled (free text).</summary>
    public string? ScheduleStrategy { get; set; }

    /// <summary>Connexo extension: the connection method to use for an on-demand read.</summary>
    public string? ConnectionMethod { get; set; }

    /// <summary>Connexo extension: where to read from (name + NameType, both mandatory).</summary>
    public List<ReadingDataSource> DataSources { get; set; } = [];
    public string? Source { get; set; }

    /// <summary>timePeriod/start.</summary>
    public DateTimeOffset? PeriodStart { get; set; }

    /// <summary>timePeriod/end.</summary>
    public DateTimeOffset? PeriodEnd { get; set; }

    internal static ReadingRequest Read(XElement e, XNamespace m)
    {
        var period = e.Element(m + "timePeriod");
        return new ReadingRequest
        {
            Reason = Enumerated(e, m + "reason", "ReadingReasonKind", ReadingReasonKind.All),
            ScheduleStrategy = String(e, m + "scheduleStrategy"),
            ConnectionMethod = String(e, m + "connectionMethod"),
            DataSources = e.Elements(m + "dataSource").Select(d => ReadDataSource(d, m)).ToList(),
            Source = String(e, m + "source"),
            PeriodStart = period is null ? null : DateTime(period, m + "start"),
            PeriodEnd = period is null ? null : DateTime(period, m + "end"),
        };
    }

    private static ReadingDataSource ReadDataSource(XElement e, XNamespace m)
    {
        var name = RequiredString(e, m + "name");
        var type = Required(e, m + "NameType");
        var authority = type.Element(m + "NameTypeAuthority");
        return new ReadingDataSource(name, RequiredString(type, m + "name"), authority is null ? null : RequiredString(authority, m + "name"));
    }

    internal XElement Write(XNamespace m) =>
        new(
            m + ProfileDocuments.Reading,
            Element(m + "reason", Reason),
            Element(m + "scheduleStrategy", ScheduleStrategy),
            Element(m + "connectionMethod", ConnectionMethod),
            DataSources.Select(d => new XElement(
                m + "dataSource",
                new XElement(m + "name", d.Name),
                new XElement(
                    m + "NameType",
                    new XElement(m + "name", d.NameType),
                    d.NameTypeAuthority is null ? null : new XElement(m + "NameTypeAuthority", new XElement(m + "name", d.NameTypeAuthority))))),
            Element(m + "source", Source),
            WriteInterval(m + "timePeriod", m, PeriodStart, PeriodEnd));
}

/// <summary>A Connexo dataSource of a Reading criterion: a name with its (mandatory) NameType and optional authority.</summary>
public sealed record ReadingDataSource(string Name, string NameType, string? NameTypeAuthority = null);
