using System.Xml.Linq;
using static Orleans.Metering.Cim.Documents.ProfileXml;

namespace Orleans.Metering.Cim.Documents;

/// <summary>
/// The <c>EndDeviceControls</c> profile document (commands to end devices). The document-level
/// EndDeviceControlType definitions, priceSignal, secondaryDeviceTiming and the PAN-specific
/// fields of the action elements are not mapped (ignored on input).
/// </summary>
public sealed class EndDeviceControlsDocument
{
    public List<EndDeviceControl> Controls { get; set; } = [];

    public static EndDeviceControlsDocument FromXml(XElement element)
    {
        var m = CheckRoot(element, ProfileDocuments.EndDeviceControls);
        return new EndDeviceControlsDocument
        {
            Controls = element.Elements(m + ProfileDocuments.EndDeviceControl).Select(e => Item(e, EndDeviceControl.Read)).ToList(),
        };
    }

    public XElement ToXml()
    {
        var root = NewRoot(ProfileDocuments.EndDeviceControls);
        root.Add(Controls.Select(c => c.Write()));
        return root;
    }
}

/// <summary>An EndDeviceControl: a command (EndDeviceControlType) for end devices, groups or usage points.</summary>
public sealed class EndDeviceControl
{
    private static readonly XNamespace M = ProfileDocuments.Namespace(ProfileDocuments.EndDeviceControls);

    public string? MRID { get; set; }
    public int? DrProgramLevel { get; set; }
    public bool? DrProgramMandatory { get; set; }
    public string? IssuerID { get; set; }
    public string? IssuerTrackingID { get; set; }
    public string? Reason { get; set; }
    public EndDeviceAction? Action { get; set; }

    /// <summary>The control type code, written as <c>&lt;m:EndDeviceControlType ref="..."/&gt;</c> (mandatory).</summary>
    public required string ControlTypeRef { get; set; }
    public List<ObjectRef> EndDevices { get; set; } = [];
    public List<ObjectRef> EndDeviceGroups { get; set; } = [];
    public List<ObjectRef> UsagePoints { get; set; } = [];
    public List<ObjectRef> UsagePointGroups { get; set; } = [];
    public EndDeviceTiming? PrimaryDeviceTiming { get; set; }

    internal static EndDeviceControl Read(XElement e)
    {
        var m = M;
        return new EndDeviceControl
        {
            MRID = String(e, m + ProfileDocuments.MRID),
            DrProgramLevel = Int(e, m + "drProgramLevel"),
            DrProgramMandatory = Bool(e, m + "drProgramMandatory"),
            IssuerID = String(e, m + "issuerID"),
            IssuerTrackingID = String(e, m + "issuerTrackingID"),
            Reason = String(e, m + "reason"),
            Action = EndDeviceAction.Read(e, m),
            ControlTypeRef = RequiredRef(e, m + ProfileDocuments.EndDeviceControlType),
            EndDeviceGroups = ReadObjectRefs(e, m + ProfileDocuments.EndDeviceGroups, m),
            EndDevices = ReadObjectRefs(e, m + ProfileDocuments.EndDevices, m),
            PrimaryDeviceTiming = e.Element(m + "primaryDeviceTiming") is { } t ? EndDeviceTiming.Read(t, m) : null,
            UsagePointGroups = ReadObjectRefs(e, m + ProfileDocuments.UsagePointGroups, m),
            UsagePoints = ReadObjectRefs(e, m + ProfileDocuments.UsagePoints, m),
        };
    }

    internal XElement Write()
    {
        var m = M;
        return new XElement(
            m + ProfileDocuments.EndDeviceControl,
            Element(m + ProfileDocuments.MRID, MRID),
            Element(m + "drProgramLevel", DrProgramLevel),
            Element(m + "drProgramMandatory", DrProgramMandatory),
            Element(m + "issuerID", IssuerID),
            Element(m + "issuerTrackingID", IssuerTrackingID),
            Element(m + "reason", Reason),
            Action?.Write(m),
            WriteRef(m + ProfileDocuments.EndDeviceControlType, ControlTypeRef),
            WriteObjectRefs(m + ProfileDocuments.EndDeviceGroups, m, EndDeviceGroups),
            WriteObjectRefs(m + ProfileDocuments.EndDevices, m, EndDevices),
            PrimaryDeviceTiming?.Write(m + "primaryDeviceTiming", m),
            WriteObjectRefs(m + ProfileDocuments.UsagePointGroups, m, UsagePointGroups),
            WriteObjectRefs(m + ProfileDocuments.UsagePoints, m, UsagePoints));
    }
}

/// <summary>
/// Which element carries an <see cref="EndDeviceAction"/>. The schema has no plain EndDeviceAction
/// element: EndDeviceControl holds a choice of its subclasses PanDemandResponse, PanDisplay and
/// PanPricing, each of which has command, duration, durationIndefinite and startDateTime.
/// </summary>
public enum EndDeviceActionKind
{
    PanDemandResponse,
    PanDisplay,
    PanPricing,
}

/// <summary>
/// The action of a control (command, duration in minutes, durationIndefinite, startDateTime),
/// written as the <see cref="Kind"/> element (PanDemandResponse unless set otherwise). On input
/// any of the three elements is accepted.
/// </summary>
public sealed class EndDeviceAction
{
    public EndDeviceActionKind Kind { get; set; } = EndDeviceActionKind.PanDemandResponse;
    public string? Command { get; set; }

    /// <summary>duration, in minutes (CIM Minutes; must be whole on input).</summary>
    public int? Duration { get; set; }
    public bool? DurationIndefinite { get; set; }
    public DateTimeOffset? StartDateTime { get; set; }

    internal static EndDeviceAction? Read(XElement control, XNamespace m)
    {
        foreach (var element in control.Elements())
        {
            if (element.Name.Namespace != m)
            {
                continue;
            }

            EndDeviceActionKind? kind = element.Name.LocalName switch
            {
                ProfileDocuments.PanDemandResponse => EndDeviceActionKind.PanDemandResponse,
                ProfileDocuments.PanDisplay => EndDeviceActionKind.PanDisplay,
                ProfileDocuments.PanPricing => EndDeviceActionKind.PanPricing,
                _ => null,
            };
            if (kind is not null)
            {
                return new EndDeviceAction
                {
                    Kind = kind.Value,
                    Command = String(element, m + "command"),
                    Duration = Minutes(element, m + "duration"),
                    DurationIndefinite = Bool(element, m + "durationIndefinite"),
                    StartDateTime = DateTime(element, m + "startDateTime"),
                };
            }
        }

        return null;
    }

    internal XElement Write(XNamespace m)
    {
        var command = Element(m + "command", Command);
        var duration = Element(m + "duration", Duration);
        var indefinite = Element(m + "durationIndefinite", DurationIndefinite);
        var start = Element(m + "startDateTime", StartDateTime);

        // The four common fields sit at different places among each subclass's own fields;
        // only those four are written, in the order of the chosen element's sequence.
        return Kind switch
        {
            EndDeviceActionKind.PanDisplay => new XElement(m + ProfileDocuments.PanDisplay, command, duration, indefinite, start),
            EndDeviceActionKind.PanPricing => new XElement(m + ProfileDocuments.PanPricing, command, duration, indefinite, start),
            _ => new XElement(m + ProfileDocuments.PanDemandResponse, command, duration, indefinite, start),
        };
    }
}

/// <summary>EndDeviceTiming (primaryDeviceTiming): duration in minutes, durationIndefinite, randomisation, interval.</summary>
public sealed class EndDeviceTiming
{
    /// <summary>duration, in minutes (CIM Minutes; must be whole on input).</summary>
    public int? Duration { get; set; }
    public bool? DurationIndefinite { get; set; }

    public RandomisationKind? Randomisation { get; set; }
    public DateTimeOffset? IntervalStart { get; set; }
    public DateTimeOffset? IntervalEnd { get; set; }

    internal static EndDeviceTiming Read(XElement e, XNamespace m)
    {
        var interval = e.Element(m + "interval");
        return new EndDeviceTiming
        {
            Duration = Minutes(e, m + "duration"),
            DurationIndefinite = Bool(e, m + "durationIndefinite"),
            Randomisation = ReadRandomisation(e, m + "randomisation"),
            IntervalEnd = interval is null ? null : DateTime(interval, m + "end"),
            IntervalStart = interval is null ? null : DateTime(interval, m + "start"),
        };
    }

    private static readonly string[] RandomisationNames = ["default", "end", "none", "start", "startAndEnd"];

    private static RandomisationKind? ReadRandomisation(XElement e, XName name)
    {
        if (e.Element(name) is not { } element)
        {
            return null;
        }

        var index = Array.IndexOf(RandomisationNames, element.Value.Trim());
        return index >= 0
            ? (RandomisationKind)index
            : throw new CimException(
                Codes.ReplyCode.SchemaInvalid,
                $"Value '{element.Value}' of {PathOf(element)} is not a RandomisationKind ({string.Join(", ", RandomisationNames)})",
                xpath: PathOf(element));
    }

    internal XElement Write(XName name, XNamespace m) => new(
        name,
        Element(m + "duration", Duration),
        Element(m + "durationIndefinite", DurationIndefinite),
        Element(m + "randomisation", Randomisation is null ? null : RandomisationNames[(int)Randomisation.Value]),
        IntervalStart is null && IntervalEnd is null
            ? null
            : new XElement(m + "interval", Element(m + "end", IntervalEnd), Element(m + "start", IntervalStart)));
}

/// <summary>RandomisationKind of EndDeviceTiming (written as default, end, none, start, startAndEnd).</summary>
public enum RandomisationKind
{
    Default,
    End,
    None,
    Start,
    StartAndEnd,
}
