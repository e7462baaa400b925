using System.Xml.Linq;
using static Orleans.Metering.Cim.Documents.ProfileXml;

namespace Orleans.Metering.Cim.Documents;

/// <summary>
/// The <c>EndDeviceEvents</c> profile document (events reported by end devices). The
/// document-level EndDeviceEventType definitions are not mapped (ignored on input).
/// </summary>
public sealed class EndDeviceEventsDocument
{
    public List<EndDeviceEvent> Events { get; set; } = [];

    public static EndDeviceEventsDocument FromXml(XElement element)
    {
        var m = CheckRoot(element, ProfileDocuments.EndDeviceEvents);
        return new EndDeviceEventsDocument
        {
            Events = element.Elements(m + ProfileDocuments.EndDeviceEvent).Select(e => Item(e, EndDeviceEvent.Read)).ToList(),
        };
    }

    public XElement ToXml()
    {
        var root = NewRoot(ProfileDocuments.EndDeviceEvents);
        root.Add(Events.Select(e => e.Write()));
        return root;
    }
}

/// <summary>An EndDeviceEvent: what happened (EndDeviceEventType), when, and on which asset / usage point.</summary>
public sealed class EndDeviceEvent
{
    private static readonly XNamespace M = ProfileDocuments.Namespace(ProfileDocuments.EndDeviceEvents);

    public string? MRID { get; set; }

    /// <summary>createdDateTime (mandatory).</summary>
    public required DateTimeOffset CreatedDateTime { get; set; }
    public string? IssuerID { get; set; }
    public string? IssuerTrackingID { get; set; }
    public string? Reason { get; set; }
    public string? Severity { get; set; }
    public string? UserID { get; set; }

    /// <summary>The device the event is about (<c>Assets</c> element: mRID, Names).</summary>
    public ObjectRef? Asset { get; set; }
    public List<EndDeviceEventDetail> Details { get; set; } = [];

    /// <summary>The event type code, written as <c>&lt;m:EndDeviceEventType ref="..."/&gt;</c> (mandatory).</summary>
    public required string EventTypeRef { get; set; }
    public List<CimName> Names { get; set; } = [];
    public CimStatus? Status { get; set; }
    public ObjectRef? UsagePoint { get; set; }

    internal static EndDeviceEvent Read(XElement e)
    {
        var m = M;
        return new EndDeviceEvent
        {
            MRID = String(e, m + ProfileDocuments.MRID),
            CreatedDateTime = RequiredDateTime(e, m + "createdDateTime"),
            IssuerID = String(e, m + "issuerID"),
            IssuerTrackingID = String(e, m + "issuerTrackingID"),
            Reason = String(e, m + "reason"),
            Severity = String(e, m + "severity"),
            UserID = String(e, m + "userID"),
            Asset = e.Element(m + ProfileDocuments.Assets) is { } a ? ReadObjectRef(a, m) : null,
            Details = e.Elements(m + ProfileDocuments.EndDeviceEventDetails)
                .Select(d => new EndDeviceEventDetail(RequiredString(d, m + "name"), String(d, m + "value")))
                .ToList(),
            EventTypeRef = RequiredRef(e, m + ProfileDocuments.EndDeviceEventType),
            Names = ReadNames(e, m),
            Status = ReadStatus(e, m),
            UsagePoint = e.Element(m + ProfileDocuments.UsagePoint) is { } u ? ReadObjectRef(u, m) : null,
        };
    }

    internal XElement Write()
    {
        var m = M;
        return new XElement(
            m + ProfileDocuments.EndDeviceEvent,
            Element(m + ProfileDocuments.MRID, MRID),
            Element(m + "createdDateTime", CreatedDateTime),
            Element(m + "issuerID", IssuerID),
            Element(m + "issuerTrackingID", IssuerTrackingID),
            Element(m + "reason", Reason),
            Element(m + "severity", Severity),
            Element(m + "userID", UserID),
            Asset is null ? null : WriteObjectRef(m + ProfileDocuments.Assets, m, Asset),
            Details.Select(d => new XElement(
                m + ProfileDocuments.EndDeviceEventDetails,
                new XElement(m + "name", d.Name),
                Element(m + "value", d.Value))),
            WriteRef(m + ProfileDocuments.EndDeviceEventType, EventTypeRef),
            WriteNames(m, Names),
            WriteStatus(m, Status),
            UsagePoint is null ? null : WriteObjectRef(m + ProfileDocuments.UsagePoint, m, UsagePoint));
    }
}

/// <summary>An EndDeviceEventDetail: name (mandatory) and value.</summary>
public sealed record EndDeviceEventDetail(string Name, string? Value = null);
