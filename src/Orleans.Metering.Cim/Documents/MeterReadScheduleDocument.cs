using System.Xml.Linq;
using static Orleans.Metering.Cim.Documents.ProfileXml;

namespace Orleans.Metering.Cim.Documents;

/// <summary>
/// The <c>MeterReadSchedule</c> profile document: which end devices / groups / usage points to
/// read, which reading types, and when (TimeSchedule). In this schema EndDevice needs an mRID
/// (MandatoryFieldMissing on input; <see cref="InvalidOperationException"/> from <see cref="ToXml"/>)
/// and ReadingType is an object with an mRID (a <c>ref</c> attribute is accepted on input).
/// Durations are CIM Seconds (xs:float) and must be whole seconds here. CustomerAccount and
/// CustomerAgreement criteria are not mapped (ignored on input).
/// </summary>
public sealed class MeterReadScheduleDocument
{
    private static readonly XNamespace M = ProfileDocuments.Namespace(ProfileDocuments.MeterReadSchedule);

    /// <summary>End devices; each must have an mRID.</summary>
    public List<ObjectRef> EndDevices { get; set; } = [];
    public List<ObjectRef> EndDeviceGroups { get; set; } = [];
    public List<ObjectRef> UsagePoints { get; set; } = [];
    public List<ObjectRef> UsagePointGroups { get; set; } = [];

    /// <summary>ReadingType mRIDs (18-part codes).</summary>
    public List<string> ReadingTypes { get; set; } = [];
    public List<ReadTimeSchedule> TimeSchedules { get; set; } = [];

    public static MeterReadScheduleDocument FromXml(XElement element)
    {
        var m = CheckRoot(element, ProfileDocuments.MeterReadSchedule);
        return new MeterReadScheduleDocument
        {
            EndDevices = element.Elements(m + ProfileDocuments.EndDevice).Select(e => Item(e, d => ReadEndDevice(d, m))).ToList(),
            EndDeviceGroups = ReadObjectRefs(element, m + ProfileDocuments.EndDeviceGroup, m),
            ReadingTypes = element.Elements(m + ProfileDocuments.ReadingType).Select(e => RequiredId(e, m)).ToList(),
            TimeSchedules = element.Elements(m + ProfileDocuments.TimeSchedule).Select(e => ReadTimeSchedule.Read(e, m)).ToList(),
            UsagePoints = ReadObjectRefs(element, m + ProfileDocuments.UsagePoint, m),
            UsagePointGroups = ReadObjectRefs(element, m + ProfileDocuments.UsagePointGroup, m),
        };
    }

    public XElement ToXml()
    {
        var m = M;
        foreach (var device in EndDevices)
        {
            if (device.MRID is null)
            {
                throw new InvalidOperationException(
                    $"MeterReadSchedule EndDevice '{device.Identifier}' has no mRID; the MeterReadSchedule schema requires one");
            }
        }

        var root = NewRoot(ProfileDocuments.MeterReadSchedule);
        root.Add(
            WriteObjectRefs(m + ProfileDocuments.EndDevice, m, EndDevices),
            WriteObjectRefs(m + ProfileDocuments.EndDeviceGroup, m, EndDeviceGroups),
            ReadingTypes.Select(r => new XElement(m + ProfileDocuments.ReadingType, new XElement(m + ProfileDocuments.MRID, r))),
            TimeSchedules.Select(s => s.Write(m)),
            WriteObjectRefs(m + ProfileDocuments.UsagePoint, m, UsagePoints),
            WriteObjectRefs(m + ProfileDocuments.UsagePointGroup, m, UsagePointGroups));
        return root;
    }

    private static ObjectRef ReadEndDevice(XElement e, XNamespace m)
    {
        var reference = ReadObjectRef(e, m);
        return reference.MRID is null ? throw Missing(e, m + ProfileDocuments.MRID) : reference;
    }
}

/// <summary>A TimeSchedule of a MeterReadSchedule.</summary>
public sealed class ReadTimeSchedule
{
    public bool? Disabled { get; set; }

    /// <summary>offset (CIM Seconds, whole seconds).</summary>
    public int? OffsetSeconds { get; set; }
    public string? RecurrencePattern { get; set; }

    /// <summary>recurrencePeriod (CIM Seconds, whole seconds).</summary>
    public int? RecurrencePeriodSeconds { get; set; }

    /// <summary>scheduleInterval/start.</summary>
    public DateTimeOffset? Start { get; set; }

    /// <summary>scheduleInterval/end.</summary>
    public DateTimeOffset? End { get; set; }
    public List<TimePointDefinition> TimePoints { get; set; } = [];

    internal static ReadTimeSchedule Read(XElement e, XNamespace m)
    {
        var interval = e.Element(m + "scheduleInterval");
        return new ReadTimeSchedule
        {
            Disabled = Bool(e, m + "disabled"),
            OffsetSeconds = Seconds(e, m + "offset"),
            RecurrencePattern = String(e, m + "recurrencePattern"),
            RecurrencePeriodSeconds = Seconds(e, m + "recurrencePeriod"),
            Start = interval is null ? null : DateTime(interval, m + "start"),
            End = interval is null ? null : DateTime(interval, m + "end"),
            TimePoints = e.Elements(m + ProfileDocuments.TimePoints).Select(p => TimePointDefinition.Read(p, m)).ToList(),
        };
    }

    internal XElement Write(XNamespace m) =>
        new(
            m + ProfileDocuments.TimeSchedule,
            Element(m + "disabled", Disabled),
            Element(m + "offset", OffsetSeconds),
            Element(m + "recurrencePattern", RecurrencePattern),
            Element(m + "recurrencePeriod", RecurrencePeriodSeconds),
            WriteInterval(m + "scheduleInterval", m, Start, End),
            TimePoints.Select(p => p.Write(m)));
}

/// <summary>A TimePoint of a read schedule: an absolute dateTime or a time relative to the schedule start.</summary>
public sealed class TimePointDefinition
{
    public DateTimeOffset? DateTime { get; set; }

    /// <summary>relativeTimeInterval (CIM Seconds, whole seconds).</summary>
    public int? RelativeTimeIntervalSeconds { get; set; }
    public int? SequenceNumber { get; set; }

    /// <summary>window/start.</summary>
    public DateTimeOffset? WindowStart { get; set; }

    /// <summary>window/end.</summary>
    public DateTimeOffset? WindowEnd { get; set; }

    internal static TimePointDefinition Read(XElement e, XNamespace m)
    {
        var window = e.Element(m + "window");
        return new TimePointDefinition
        {
            DateTime = ProfileXml.DateTime(e, m + "dateTime"),
            RelativeTimeIntervalSeconds = Seconds(e, m + "relativeTimeInterval"),
            SequenceNumber = Int(e, m + "sequenceNumber"),
            WindowStart = window is null ? null : ProfileXml.DateTime(window, m + "start"),
            WindowEnd = window is null ? null : ProfileXml.DateTime(window, m + "end"),
        };
    }

    internal XElement Write(XNamespace m) =>
        new(
            m + ProfileDocuments.TimePoints,
            Element(m + "dateTime", DateTime),
            Element(m + "relativeTimeInterval", RelativeTimeIntervalSeconds),
            Element(m + "sequenceNumber", SequenceNumber),
            WriteInterval(m + "window", m, WindowStart, WindowEnd));
}
