using System.Xml.Linq;
using Orleans.Metering.Cim.Codes;
using static Orleans.Metering.Cim.Documents.ProfileXml;

namespace Orleans.Metering.Cim.Documents;

/// <summary>
/// The <c>GetEndDeviceEvents</c> query: events of which meters / groups / usage points, of which
/// types, in which time windows. Customer, EndDeviceEvent and ServiceCategory criteria are not
/// mapped (ignored on input). This profile's Name type has no NameType, so only the name of each
/// <see cref="CimName"/> is written.
/// </summary>
public sealed class GetEndDeviceEventsDocument
{
    private static readonly XNamespace M = ProfileDocuments.Namespace(ProfileDocuments.GetEndDeviceEvents);

    public List<ObjectRef> Meters { get; set; } = [];
    public List<ObjectRef> EndDeviceGroups { get; set; } = [];
    public List<ObjectRef> UsagePoints { get; set; } = [];

    /// <summary>EndDeviceEventType mRIDs (<c>&lt;m:EndDeviceEventType&gt;&lt;m:mRID&gt;...</c>).</summary>
    public List<string> EventTypeRefs { get; set; } = [];

    /// <summary>TimeSchedule/scheduleInterval windows.</summary>
    public List<TimeWindow> TimeSchedules { get; set; } = [];

    public static GetEndDeviceEventsDocument FromXml(XElement element)
    {
        var m = CheckRoot(element, ProfileDocuments.GetEndDeviceEvents);
        return new GetEndDeviceEventsDocument
        {
            EventTypeRefs = element.Elements(m + ProfileDocuments.EndDeviceEventType).Select(e => ReadEventType(e, m)).ToList(),
            EndDeviceGroups = ReadObjectRefs(element, m + ProfileDocuments.EndDeviceGroup, m),
            Meters = ReadObjectRefs(element, m + ProfileDocuments.Meter, m),
            TimeSchedules = element.Elements(m + ProfileDocuments.TimeSchedule).Select(e => ReadTimeSchedule(e, m)).ToList(),
            UsagePoints = ReadObjectRefs(element, m + ProfileDocuments.UsagePoint, m),
        };
    }

    public XElement ToXml()
    {
        var m = M;
        var root = NewRoot(ProfileDocuments.GetEndDeviceEvents);
        root.Add(
            EventTypeRefs.Select(r => new XElement(m + ProfileDocuments.EndDeviceEventType, new XElement(m + ProfileDocuments.MRID, r))),
            WriteObjectRefs(m + ProfileDocuments.EndDeviceGroup, m, EndDeviceGroups, withNameType: false),
            WriteObjectRefs(m + ProfileDocuments.Meter, m, Meters, withNameType: false),
            TimeSchedules.Select(w => new XElement(
                m + ProfileDocuments.TimeSchedule,
                new XElement(m + "scheduleInterval", Element(m + "end", w.End), Element(m + "start", w.Start)))),
            WriteObjectRefs(m + ProfileDocuments.UsagePoint, m, UsagePoints, withNameType: false));
        return root;
    }

    /// <summary>
    /// The mRID of a type filter (a <c>ref</c> attribute is accepted in its place). A type given only
    /// by name cannot be mapped and is refused rather than dropped, which would widen the query.
    /// </summary>
    private static string ReadEventType(XElement e, XNamespace m)
    {
        var value = String(e, m + ProfileDocuments.MRID) ?? e.Attribute(ProfileDocuments.Ref)?.Value;
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new CimException(
                ReplyCode.MandatoryFieldMissing,
                "EndDeviceEventType filter without mRID",
                xpath: PathOf(e) + "/" + ProfileDocuments.MRID);
        }

        return value;
    }

    private static TimeWindow ReadTimeSchedule(XElement e, XNamespace m)
    {
        var interval = Required(e, m + "scheduleInterval");
        return new TimeWindow(DateTime(interval, m + "start"), DateTime(interval, m + "end"));
    }
}

/// <summary>A time window (DateTimeInterval); either end may be open.</summary>
public sealed record TimeWindow(DateTimeOffset? Start, DateTimeOffset? End);
