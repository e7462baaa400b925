using System.Xml.Linq;
using static Orleans.Metering.Cim.Documents.ProfileXml;

namespace Orleans.Metering.Cim.Documents;

/// <summary>
/// The <c>MeterConfig</c> profile document (meter master data). Only the Meter items are mapped;
/// the document-level ComFunction, ConnectDisconnectFunction, ReadingType and
/// SimpleEndDeviceFunction lists are ignored on input.
/// </summary>
public sealed class MeterConfigDocument
{
    private static readonly XNamespace M = ProfileDocuments.Namespace(ProfileDocuments.MeterConfig);

    public List<MeterAsset> Meters { get; set; } = [];

    public static MeterConfigDocument FromXml(XElement element)
    {
        var m = CheckRoot(element, ProfileDocuments.MeterConfig);
        return new MeterConfigDocument
        {
            Meters = element.Elements(m + ProfileDocuments.Meter).Select(e => Item(e, MeterAsset.Read)).ToList(),
        };
    }

    public XElement ToXml()
    {
        var root = NewRoot(ProfileDocuments.MeterConfig);
        root.Add(Meters.Select(meter => meter.Write(M + ProfileDocuments.Meter)));
        return root;
    }
}

/// <summary>A Meter of the MeterConfig profile.</summary>
public sealed class MeterAsset
{
    private static readonly XNamespace M = ProfileDocuments.Namespace(ProfileDocuments.MeterConfig);

    public string? MRID { get; set; }
    public List<CimName> Names { get; set; } = [];

    /// <summary>The mRID, else the first name; null when the meter names nothing (see <see cref="ObjectRef.IdentifierOf"/>).</summary>
    public string? Identifier => ObjectRef.IdentifierOf(MRID, Names);

    public string? AmrSystem { get; set; }
    public string? FormNumber { get; set; }
    public bool? IsVirtual { get; set; }
    public string? SerialNumber { get; set; }

    /// <summary>timeZoneOffset, in minutes (CIM Minutes; must be whole on input).</summary>
    public int? TimeZoneOffset { get; set; }
    public string? Type { get; set; }
    public string? UtcNumber { get; set; }
    public CimStatus? Status { get; set; }
    public MeterLifecycle? Lifecycle { get; set; }

    /// <summary>EndDeviceInfo: AssetModel and capability.</summary>
    public MeterModel? Model { get; set; }

    /// <summary>ConfigurationEvents/effectiveDateTime.</summary>
    public DateTimeOffset? ConfigurationEffectiveDateTime { get; set; }

    /// <summary>mRIDs of the meter's ComFunction references (<c>&lt;m:ComFunction ref="..."/&gt;</c>).</summary>
    public List<string> ComFunctionRefs { get; set; } = [];

    /// <summary>mRIDs of the meter's ConnectDisconnectFunction references.</summary>
    public List<string> ConnectDisconnectFunctionRefs { get; set; } = [];

    /// <summary>mRIDs of the meter's SimpleEndDeviceFunction references.</summary>
    public List<string> SimpleEndDeviceFunctionRefs { get; set; } = [];

    internal static MeterAsset Read(XElement e)
    {
        var m = M;
        var info = e.Element(m + "EndDeviceInfo");
        var lifecycle = e.Element(m + "lifecycle");
        return new MeterAsset
        {
            MRID = String(e, m + ProfileDocuments.MRID),
            AmrSystem = String(e, m + "amrSystem"),
            FormNumber = String(e, m + "formNumber"),
            IsVirtual = Bool(e, m + "isVirtual"),
            SerialNumber = String(e, m + "serialNumber"),
            TimeZoneOffset = Minutes(e, m + "timeZoneOffset"),
            Type = String(e, m + "type"),
            UtcNumber = String(e, m + "utcNumber"),
            ConfigurationEffectiveDateTime = e.Element(m + "ConfigurationEvents") is { } ce ? DateTime(ce, m + "effectiveDateTime") : null,
            ComFunctionRefs = Refs(e, m + "ComFunction"),
            ConnectDisconnectFunctionRefs = Refs(e, m + "ConnectDisconnectFunction"),
            SimpleEndDeviceFunctionRefs = Refs(e, m + "SimpleEndDeviceFunction"),
            Model = info is null ? null : MeterModel.Read(info, m),
            Lifecycle = lifecycle is null ? null : MeterLifecycle.Read(lifecycle, m),
            Names = ReadNames(e, m),
            Status = ReadStatus(e, m),
        };
    }

    private static List<string> Refs(XElement e, XName name) =>
        e.Elements(name).Select(f => f.Attribute(ProfileDocuments.Ref)?.Value).OfType<string>().ToList();

    internal XElement Write(XName name)
    {
        var m = M;
        return new XElement(
            name,
            Element(m + ProfileDocuments.MRID, MRID),
            Element(m + "amrSystem", AmrSystem),
            Element(m + "formNumber", FormNumber),
            Element(m + "isVirtual", IsVirtual),
            Element(m + "serialNumber", SerialNumber),
            Element(m + "timeZoneOffset", TimeZoneOffset),
            Element(m + "type", Type),
            Element(m + "utcNumber", UtcNumber),
            ConfigurationEffectiveDateTime is null
                ? null
                : new XElement(m + "ConfigurationEvents", Element(m + "effectiveDateTime", ConfigurationEffectiveDateTime)),
            ComFunctionRefs.Select(r => WriteRef(m + "ComFunction", r)),
            ConnectDisconnectFunctionRefs.Select(r => WriteRef(m + "ConnectDisconnectFunction", r)),
            SimpleEndDeviceFunctionRefs.Select(r => WriteRef(m + "SimpleEndDeviceFunction", r)),
            Model?.Write(m),
            Lifecycle?.Write(m),
            WriteNames(m, Names),
            WriteStatus(m, Status));
    }
}

/// <summary>The Meter's <c>lifecycle</c> (LifecycleDate) dates.</summary>
public sealed class MeterLifecycle
{
    public DateOnly? InstallationDate { get; set; }
    public DateOnly? ManufacturedDate { get; set; }
    public DateOnly? PurchaseDate { get; set; }
    public DateOnly? ReceivedDate { get; set; }
    public DateOnly? RemovalDate { get; set; }
    public DateOnly? RetiredDate { get; set; }

    internal static MeterLifecycle Read(XElement e, XNamespace m) => new()
    {
        InstallationDate = Date(e, m + "installationDate"),
        ManufacturedDate = Date(e, m + "manufacturedDate"),
        PurchaseDate = Date(e, m + "purchaseDate"),
        ReceivedDate = Date(e, m + "receivedDate"),
        RemovalDate = Date(e, m + "removalDate"),
        RetiredDate = Date(e, m + "retiredDate"),
    };

    internal XElement Write(XNamespace m) => new(
        m + "lifecycle",
        Element(m + "installationDate", InstallationDate),
        Element(m + "manufacturedDate", ManufacturedDate),
        Element(m + "purchaseDate", PurchaseDate),
        Element(m + "receivedDate", ReceivedDate),
        Element(m + "removalDate", RemovalDate),
        Element(m + "retiredDate", RetiredDate));
}

/// <summary>
/// The Meter's <c>EndDeviceInfo</c>: AssetModel (modelNumber, modelVersion, Manufacturer name) and
/// capability/connectDisconnect.
/// </summary>
public sealed class MeterModel
{
    public string? ModelNumber { get; set; }
    public string? ModelVersion { get; set; }

    /// <summary>AssetModel/Manufacturer/Names/name.</summary>
    public string? ManufacturerName { get; set; }

    /// <summary>capability/connectDisconnect.</summary>
    public bool? ConnectDisconnectCapable { get; set; }

    internal static MeterModel Read(XElement info, XNamespace m)
    {
        var model = info.Element(m + "AssetModel");
        var manufacturer = model?.Element(m + "Manufacturer");
        var capability = info.Element(m + "capability");
        return new MeterModel
        {
            ModelNumber = model is null ? null : String(model, m + "modelNumber"),
            ModelVersion = model is null ? null : String(model, m + "modelVersion"),
            ManufacturerName = manufacturer is null ? null : ReadNames(manufacturer, m).FirstOrDefault()?.Name,
            ConnectDisconnectCapable = capability is null ? null : Bool(capability, m + "connectDisconnect"),
        };
    }

    internal XElement Write(XNamespace m) => new(
        m + "EndDeviceInfo",
        ModelNumber is null && ModelVersion is null && ManufacturerName is null
            ? null
            : new XElement(
                m + "AssetModel",
                Element(m + "modelNumber", ModelNumber),
                Element(m + "modelVersion", ModelVersion),
                ManufacturerName is null ? null : new XElement(m + "Manufacturer", WriteNames(m, [new CimName(ManufacturerName)]))),
        ConnectDisconnectCapable is null
            ? null
            : new XElement(m + "capability", Element(m + "connectDisconnect", ConnectDisconnectCapable)));
}
