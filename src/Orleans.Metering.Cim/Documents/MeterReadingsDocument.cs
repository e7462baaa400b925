using System.Diagnostics.CodeAnalysis;
using System.Xml.Linq;
using Orleans.Metering.Cim.Codes;
using static Orleans.Metering.Cim.Documents.ProfileXml;

namespace Orleans.Metering.Cim.Documents;

/// <summary>
/// The <c>MeterReadings</c> profile document: readings per meter (register values, interval
/// blocks, events) plus the definitions of the reading types and reading quality types they use.
/// The document-level EndDeviceEventType definitions, <c>isCoincidentTrigger</c>, Meter status,
/// IntervalBlock PendingCalculation, IntervalReading timePeriod and the comment / source / timeStamp
/// of ReadingQualities are not mapped (ignored on input).
/// </summary>
public sealed class MeterReadingsDocument
{
    public List<MeterReading> MeterReadings { get; set; } = [];

    /// <summary>Document-level ReadingType definitions (see <see cref="DescribeReadingTypes"/>).</summary>
    public List<ReadingTypeDefinition> ReadingTypes { get; set; } = [];

    /// <summary>Document-level ReadingQualityType definitions (see <see cref="DescribeReadingQualityTypes"/>).</summary>
    public List<ReadingQualityTypeDefinition> ReadingQualityTypes { get; set; } = [];

    public static MeterReadingsDocument FromXml(XElement element)
    {
        var m = CheckRoot(element, ProfileDocuments.MeterReadings, item => item.Name == MeterReadingNames.MeterReading ? MeterReading.Identify(item) : Identify(item));
        var doc = new MeterReadingsDocument();
        foreach (var child in element.Elements())
        {
            var name = child.Name;
            if (name == MeterReadingNames.MeterReading)
            {
                doc.MeterReadings.Add(MeterReading.Read(child));
            }
            else if (name == MeterReadingNames.ReadingType)
            {
                doc.ReadingTypes.Add(Item(child, ReadingTypeDefinition.Read));
            }
            else if (name == MeterReadingNames.ReadingQualityType)
            {
                doc.ReadingQualityTypes.Add(Item(child, ReadingQualityTypeDefinition.Read));
            }
        }

        return doc;
    }

    public XElement ToXml()
    {
        var root = NewRoot(ProfileDocuments.MeterReadings);
        root.Add(
            MeterReadings.Select(r => r.Write()),
            ReadingQualityTypes.Select(t => t.Write()),
            ReadingTypes.Select(t => t.Write()));
        return root;
    }

    /// <summary>
    /// Adds a <see cref="ReadingTypeDefinition"/> (generated from the code, see
    /// <see cref="ReadingTypeDefinition.FromCode"/>) for every ReadingType the readings and interval
    /// blocks refer to that <see cref="ReadingTypes"/> does not describe yet, in order of first use.
    /// References that are not 18-part codes cannot be described and are skipped. Returns how many were added.
    /// </summary>
    public int DescribeReadingTypes()
    {
        var known = new HashSet<string>(ReadingTypes.Select(t => t.MRID).OfType<string>(), StringComparer.Ordinal);
        var added = 0;
        foreach (var reading in MeterReadings)
        {
            foreach (var code in reading.Readings.Select(r => r.ReadingTypeRef).Concat(reading.IntervalBlocks.Select(b => b.ReadingTypeRef)))
            {
                if (known.Add(code) && ReadingType.TryParse(code, out var readingType))
                {
                    var definition = ReadingTypeDefinition.FromCode(readingType);
                    definition.MRID = code;
                    ReadingTypes.Add(definition);
                    added++;
                }
            }
        }

        return added;
    }

    /// <summary>
    /// Adds a <see cref="ReadingQualityTypeDefinition"/> (see <see cref="ReadingQualityTypeDefinition.FromCode"/>)
    /// for every quality code used by the readings that <see cref="ReadingQualityTypes"/> does not
    /// describe yet, in order of first use; codes that are not <c>system.category.index</c> are skipped.
    /// Returns how many were added.
    /// </summary>
    public int DescribeReadingQualityTypes()
    {
        var known = new HashSet<string>(ReadingQualityTypes.Select(t => t.MRID).OfType<string>(), StringComparer.Ordinal);
        var added = 0;

        void Add(List<string> codes)
        {
            foreach (var code in codes)
            {
                if (known.Add(code) && ReadingQualityType.TryParse(code, out var quality))
                {
                    var definition = ReadingQualityTypeDefinition.FromCode(quality);
                    definition.MRID = code;
                    ReadingQualityTypes.Add(definition);
                    added++;
                }
            }
        }

        foreach (var meterReading in MeterReadings)
        {
            foreach (var reading in meterReading.Readings)
            {
                Add(reading.Qualities);
            }

            foreach (var block in meterReading.IntervalBlocks)
            {
                foreach (var reading in block.Readings)
                {
                    if (reading.HasQualities)
                    {
                        Add(reading.Qualities);
                    }
                }
            }
        }

        return added;
    }
}

/// <summary>
/// Element names of the MeterReadings profile, resolved once (the interval loop compares names by
/// reference instead of building them per reading).
/// </summary>
internal static class MeterReadingNames
{
    public static readonly XNamespace M = ProfileDocuments.Namespace(ProfileDocuments.MeterReadings);
    public static readonly XNamespace Events = ProfileDocuments.Namespace(ProfileDocuments.EndDeviceEvents);

    public static readonly XName MeterReading = M + ProfileDocuments.MeterReading;
    public static readonly XName ReadingType = M + ProfileDocuments.ReadingType;
    public static readonly XName ReadingQualityType = M + ProfileDocuments.ReadingQualityType;
    public static readonly XName EndDeviceEvents = M + ProfileDocuments.EndDeviceEvents;
    public static readonly XName IntervalBlocks = M + ProfileDocuments.IntervalBlocks;
    public static readonly XName IntervalReadings = M + ProfileDocuments.IntervalReadings;
    public static readonly XName Meter = M + ProfileDocuments.Meter;
    public static readonly XName Readings = M + ProfileDocuments.Readings;
    public static readonly XName UsagePoint = M + ProfileDocuments.UsagePoint;
    public static readonly XName ValuesInterval = M + "valuesInterval";
    public static readonly XName ReadingQualities = M + ProfileDocuments.ReadingQualities;
    public static readonly XName ReportedDateTime = M + "reportedDateTime";
    public static readonly XName Source = M + "source";
    public static readonly XName TimeStamp = M + "timeStamp";
    public static readonly XName Value = M + "value";
    public static readonly XName Reason = M + "reason";
    public static readonly XName TimePeriod = M + "timePeriod";
    public static readonly XName Start = M + "start";
    public static readonly XName End = M + "end";
}

/// <summary>The values of the schema's ReadingReasonKind enumeration (Reading.reason).</summary>
public static class ReadingReasonKind
{
    public const string Billing = "billing";
    public const string DemandReset = "demandReset";
    public const string Inquiry = "inquiry";
    public const string Installation = "installation";
    public const string LoadManagement = "loadManagement";
    public const string LoadResearch = "loadResearch";
    public const string MoveIn = "moveIn";
    public const string MoveOut = "moveOut";
    public const string Other = "other";
    public const string Removal = "removal";
    public const string ServiceConnect = "serviceConnect";
    public const string ServiceDisconnect = "serviceDisconnect";

    /// <summary>Every value; anything else is refused on input as SchemaInvalid.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        Billing, DemandReset, Inquiry, Installation, LoadManagement, LoadResearch,
        MoveIn, MoveOut, Other, Removal, ServiceConnect, ServiceDisconnect,
    ];
}

/// <summary>
/// One MeterReading: the readings of one meter and/or usage point. When reading fails inside it,
/// the <see cref="CimException"/> names the meter (else the usage point) as its object.
/// </summary>
public sealed class MeterReading
{
    public ObjectRef? Meter { get; set; }
    public ObjectRef? UsagePoint { get; set; }

    /// <summary>valuesInterval/start.</summary>
    public DateTimeOffset? ValuesStart { get; set; }

    /// <summary>valuesInterval/end.</summary>
    public DateTimeOffset? ValuesEnd { get; set; }

    /// <summary>Register values (<c>Readings</c> elements).</summary>
    public List<Reading> Readings { get; set; } = [];
    public List<IntervalBlock> IntervalBlocks { get; set; } = [];

    /// <summary>Events reported with the readings (same type as in the EndDeviceEvents profile).</summary>
    public List<EndDeviceEvent> EndDeviceEvents { get; set; } = [];

    internal static MeterReading Read(XElement e)
    {
        try
        {
            return ReadContent(e);
        }
        catch (CimException ex) when (ex.ObjectId is null && Identify(e) is { } id)
        {
            throw new CimException(ex.Code, ex.Message, id.Id, id.Type, ex.XPath, ex);
        }
    }

    /// <summary>A MeterReading is named by its Meter, else by its UsagePoint.</summary>
    internal static (string Id, string Type)? Identify(XElement e) =>
        (e.Element(MeterReadingNames.Meter) is { } meter ? ProfileXml.Identify(meter) : null)
        ?? (e.Element(MeterReadingNames.UsagePoint) is { } point ? ProfileXml.Identify(point) : null);

    private static MeterReading ReadContent(XElement e)
    {
        var m = MeterReadingNames.M;
        var reading = new MeterReading();
        foreach (var child in e.Elements())
        {
            var name = child.Name;
            if (name == MeterReadingNames.IntervalBlocks)
            {
                reading.IntervalBlocks.Add(IntervalBlock.Read(child));
            }
            else if (name == MeterReadingNames.Readings)
            {
                reading.Readings.Add(Reading.Read(child));
            }
            else if (name == MeterReadingNames.Meter)
            {
                reading.Meter = ReadObjectRef(child, m);
            }
            else if (name == MeterReadingNames.UsagePoint)
            {
                reading.UsagePoint = ReadObjectRef(child, m);
            }
            else if (name == MeterReadingNames.ValuesInterval)
            {
                reading.ValuesStart = DateTime(child, MeterReadingNames.Start);
                reading.ValuesEnd = DateTime(child, MeterReadingNames.End);
            }
            else if (name == MeterReadingNames.EndDeviceEvents)
            {
                reading.EndDeviceEvents.Add(ReadEvent(child));
            }
        }

        return reading;
    }

    /// <summary>Reads an EndDeviceEvents element with the EndDeviceEvents profile's reader (same schema type).</summary>
    private static EndDeviceEvent ReadEvent(XElement e)
    {
        var copy = MoveToNamespace(e, MeterReadingNames.M, MeterReadingNames.Events, ProfileDocuments.EndDeviceEvents);
        try
        {
            return EndDeviceEvent.Read(copy);
        }
        catch (CimException ex)
        {
            var path = ex.XPath is null ? PathOf(e) : PathOf(e) + "/" + ex.XPath;
            throw new CimException(ex.Code, ex.Message, ex.ObjectId, ex.ObjectType, path, ex);
        }
    }

    internal XElement Write()
    {
        var m = MeterReadingNames.M;
        return new XElement(
            MeterReadingNames.MeterReading,
            EndDeviceEvents.Select(ev => MoveToNamespace(ev.Write(), MeterReadingNames.Events, m, ProfileDocuments.EndDeviceEvents)),
            IntervalBlocks.Select(b => b.Write()),
            Meter is null ? null : WriteObjectRef(MeterReadingNames.Meter, m, Meter),
            Readings.Select(r => r.Write()),
            UsagePoint is null ? null : WriteObjectRef(MeterReadingNames.UsagePoint, m, UsagePoint),
            WriteInterval(MeterReadingNames.ValuesInterval, m, ValuesStart, ValuesEnd));
    }
}

/// <summary>A register value (<c>Readings</c> element of a MeterReading).</summary>
public sealed class Reading
{
    /// <summary>The ReadingType code (<c>&lt;m:ReadingType ref="..."/&gt;</c>; mandatory).</summary>
    public required string ReadingTypeRef { get; set; }

    /// <summary>One of <see cref="ReadingReasonKind"/>.</summary>
    public string? Reason { get; set; }
    public DateTimeOffset? ReportedDateTime { get; set; }
    public string? Source { get; set; }
    public DateTimeOffset? TimeStamp { get; set; }

    /// <summary>The value as text (xs:string in the schema). Written when set; otherwise <see cref="NumericValue"/> is.</summary>
    public string? Value { get; set; }

    /// <summary>The value as a number, when the text is a finite decimal number; null otherwise.</summary>
    public double? NumericValue { get; set; }

    /// <summary>ReadingQualities: ReadingQualityType codes (<c>system.category.index</c>).</summary>
    public List<string> Qualities { get; set; } = [];

    /// <summary>timePeriod/start.</summary>
    public DateTimeOffset? PeriodStart { get; set; }

    /// <summary>timePeriod/end.</summary>
    public DateTimeOffset? PeriodEnd { get; set; }

    internal static Reading Read(XElement e)
    {
        var m = MeterReadingNames.M;
        var value = String(e, MeterReadingNames.Value);
        var period = e.Element(MeterReadingNames.TimePeriod);
        return new Reading
        {
            Reason = Enumerated(e, MeterReadingNames.Reason, "ReadingReasonKind", ReadingReasonKind.All),
            ReportedDateTime = DateTime(e, MeterReadingNames.ReportedDateTime),
            Source = String(e, MeterReadingNames.Source),
            TimeStamp = DateTime(e, MeterReadingNames.TimeStamp),
            Value = value,
            NumericValue = value is not null && TryParseNumber(value, out var number) ? number : null,
            Qualities = e.Elements(MeterReadingNames.ReadingQualities).Select(q => RequiredRef(q, MeterReadingNames.ReadingQualityType)).ToList(),
            ReadingTypeRef = RequiredRef(e, MeterReadingNames.ReadingType),
            PeriodStart = period is null ? null : DateTime(period, MeterReadingNames.Start),
            PeriodEnd = period is null ? null : DateTime(period, MeterReadingNames.End),
        };
    }

    internal XElement Write()
    {
        var m = MeterReadingNames.M;
        return new XElement(
            MeterReadingNames.Readings,
            Element(MeterReadingNames.Reason, Reason),
            Element(MeterReadingNames.ReportedDateTime, ReportedDateTime),
            Element(MeterReadingNames.Source, Source),
            Element(MeterReadingNames.TimeStamp, TimeStamp),
            Element(MeterReadingNames.Value, Value ?? (NumericValue is { } n ? FormatNumber(n) : null)),
            Qualities.Select(WriteQuality),
            WriteRef(MeterReadingNames.ReadingType, ReadingTypeRef),
            WriteInterval(MeterReadingNames.TimePeriod, m, PeriodStart, PeriodEnd));
    }

    internal static XElement WriteQuality(string code) =>
        new(MeterReadingNames.ReadingQualities, WriteRef(MeterReadingNames.ReadingQualityType, code));
}

/// <summary>An IntervalBlock: the interval readings of one ReadingType.</summary>
public sealed class IntervalBlock
{
    /// <summary>The ReadingType code (<c>&lt;m:ReadingType ref="..."/&gt;</c>; mandatory).</summary>
    public required string ReadingTypeRef { get; set; }

    /// <summary>The <c>IntervalReadings</c> elements.</summary>
    public List<IntervalReading> Readings { get; set; } = [];

    internal static IntervalBlock Read(XElement e)
    {
        var block = new IntervalBlock { ReadingTypeRef = RequiredRef(e, MeterReadingNames.ReadingType) };
        var readings = block.Readings;
        var name = MeterReadingNames.IntervalReadings;
        for (var node = e.FirstNode; node is not null; node = node.NextNode)
        {
            if (node is XElement child && child.Name == name)
            {
                readings.Add(IntervalReading.Read(child));
            }
        }

        return block;
    }

    internal XElement Write() =>
        new(
            MeterReadingNames.IntervalBlocks,
            Readings.Select(r => r.Write()),
            WriteRef(MeterReadingNames.ReadingType, ReadingTypeRef));
}

/// <summary>
/// One interval value. <see cref="TimeStamp"/> is required (the end of the interval) and
/// <see cref="Value"/> must be a finite number; on input a missing timeStamp is MandatoryFieldMissing
/// and a missing value is 5.8 (MandatoryFieldMissing), a non-numeric one 1.8 (SchemaInvalid).
/// </summary>
public sealed class IntervalReading
{
    private List<string>? qualities;

    public IntervalReading()
    {
    }

    [SetsRequiredMembers]
    public IntervalReading(DateTimeOffset timeStamp, double value)
    {
        TimeStamp = timeStamp;
        Value = value;
    }

    public required DateTimeOffset TimeStamp { get; set; }
    public required double Value { get; set; }

    /// <summary>ReadingQualities: ReadingQualityType codes (the list is created on first use).</summary>
    public List<string> Qualities
    {
        get => qualities ??= [];
        set => qualities = value;
    }

    public DateTimeOffset? ReportedDateTime { get; set; }
    public string? Source { get; set; }

    /// <summary>True when there are quality codes (without creating the list).</summary>
    internal bool HasQualities => qualities is { Count: > 0 };

    /// <summary>The hot path: one pass over the children, names compared by reference, no LINQ.</summary>
    internal static IntervalReading Read(XElement e)
    {
        DateTimeOffset? timeStamp = null;
        XElement? valueElement = null;
        List<string>? codes = null;
        DateTimeOffset? reported = null;
        string? source = null;
        for (var node = e.FirstNode; node is not null; node = node.NextNode)
        {
            if (node is not XElement child)
            {
                continue;
            }

            var name = child.Name;
            if (name == MeterReadingNames.TimeStamp)
            {
                timeStamp = ReadDateTime(child);
            }
            else if (name == MeterReadingNames.Value)
            {
                valueElement = child;
            }
            else if (name == MeterReadingNames.ReadingQualities)
            {
                (codes ??= []).Add(RequiredRef(child, MeterReadingNames.ReadingQualityType));
            }
            else if (name == MeterReadingNames.ReportedDateTime)
            {
                reported = ReadDateTime(child);
            }
            else if (name == MeterReadingNames.Source)
            {
                source = child.Value;
            }
        }

        if (timeStamp is not { } at)
        {
            throw Missing(e, MeterReadingNames.TimeStamp);
        }

        if (valueElement is null)
        {
            var path = PathOf(e) + "/value";
            throw new CimException(ReplyCode.MandatoryFieldMissing, $"The interval reading at {FormatDateTime(at)} has no value ({path})", xpath: path);
        }

        var text = valueElement.Value;
        if (!TryParseNumber(text, out var value))
        {
            var path = PathOf(valueElement);
            throw new CimException(ReplyCode.SchemaInvalid, $"Value '{text}' of {path} at {FormatDateTime(at)} is not a number", xpath: path);
        }

        return new IntervalReading(at, value) { qualities = codes, ReportedDateTime = reported, Source = source };
    }

    internal XElement Write()
    {
        var element = new XElement(
            MeterReadingNames.IntervalReadings,
            Element(MeterReadingNames.ReportedDateTime, ReportedDateTime),
            Element(MeterReadingNames.Source, Source),
            new XElement(MeterReadingNames.TimeStamp, FormatDateTime(TimeStamp)),
            new XElement(MeterReadingNames.Value, FormatNumber(Value)));
        if (qualities is not null)
        {
            foreach (var code in qualities)
            {
                element.Add(Reading.WriteQuality(code));
            }
        }

        return element;
    }
}

/// <summary>A rational number (ReadingType argument / interharmonic).</summary>
public sealed record RationalNumber(int Numerator, int Denominator);

/// <summary>
/// A document-level ReadingType definition: the mRID (18-part code), the fields as elements and
/// Names (mandatory: at least one). <see cref="FromCode"/> fills everything from the code, with the
/// code's <see cref="ReadingType.Description"/> as the name. The fields are xs:string in the schema;
/// written from a code they are the numeric values.
/// </summary>
public sealed class ReadingTypeDefinition
{
    public string? MRID { get; set; }
    public string? Accumulation { get; set; }
    public string? Aggregate { get; set; }
    public string? Commodity { get; set; }
    public int? ConsumptionTier { get; set; }
    public int? Cpp { get; set; }
    public string? Currency { get; set; }
    public string? FlowDirection { get; set; }
    public string? MacroPeriod { get; set; }
    public string? MeasurementKind { get; set; }
    public string? MeasuringPeriod { get; set; }
    public string? Multiplier { get; set; }
    public string? Phases { get; set; }
    public int? Tou { get; set; }
    public string? Unit { get; set; }
    public RationalNumber? Argument { get; set; }
    public RationalNumber? Interharmonic { get; set; }

    /// <summary>At least one is written: when empty, the code's description (else the mRID) is used.</summary>
    public List<CimName> Names { get; set; } = [];

    /// <summary>The definition of <paramref name="code"/>: every field from the code, named by its description.</summary>
    public static ReadingTypeDefinition FromCode(ReadingType code) => new()
    {
        MRID = code.ToString(),
        Accumulation = Text(code.Accumulation),
        Aggregate = Text(code.Aggregate),
        Commodity = Text(code.Commodity),
        ConsumptionTier = code.ConsumptionTier,
        Cpp = code.Cpp,
        Currency = Text(code.Currency),
        FlowDirection = Text(code.FlowDirection),
        MacroPeriod = Text(code.MacroPeriod),
        MeasurementKind = Text(code.MeasurementKind),
        MeasuringPeriod = Text(code.MeasuringPeriod),
        Multiplier = Text(code.Multiplier),
        Phases = Text(code.Phases),
        Tou = code.Tou,
        Unit = Text(code.Unit),
        Argument = new RationalNumber(code.ArgumentNumerator, code.ArgumentDenominator),
        Interharmonic = new RationalNumber(code.InterharmonicNumerator, code.InterharmonicDenominator),
        Names = [new CimName(code.Description)],
    };

    /// <summary>The code in <see cref="MRID"/>, when it is an 18-part ReadingType code.</summary>
    public bool TryGetCode(out ReadingType code) => ReadingType.TryParse(MRID, out code);

    private static string Text(int value) => FormatInt(value);

    internal static ReadingTypeDefinition Read(XElement e)
    {
        var m = MeterReadingNames.M;
        var names = ReadNames(e, m);
        if (names.Count == 0)
        {
            throw Missing(e, m + ProfileDocuments.Names);
        }

        return new ReadingTypeDefinition
        {
            MRID = String(e, m + ProfileDocuments.MRID),
            Accumulation = String(e, m + "accumulation"),
            Aggregate = String(e, m + "aggregate"),
            Commodity = String(e, m + "commodity"),
            ConsumptionTier = Int(e, m + "consumptionTier"),
            Cpp = Int(e, m + "cpp"),
            Currency = String(e, m + "currency"),
            FlowDirection = String(e, m + "flowDirection"),
            MacroPeriod = String(e, m + "macroPeriod"),
            MeasurementKind = String(e, m + "measurementKind"),
            MeasuringPeriod = String(e, m + "measuringPeriod"),
            Multiplier = String(e, m + "multiplier"),
            Phases = String(e, m + "phases"),
            Tou = Int(e, m + "tou"),
            Unit = String(e, m + "unit"),
            Argument = ReadRational(e.Element(m + "argument"), m),
            Interharmonic = ReadRational(e.Element(m + "interharmonic"), m),
            Names = names,
        };
    }

    private static RationalNumber? ReadRational(XElement? e, XNamespace m)
    {
        if (e is null)
        {
            return null;
        }

        var denominator = Int(e, m + "denominator") ?? throw Missing(e, m + "denominator");
        var numerator = Int(e, m + "numerator") ?? throw Missing(e, m + "numerator");
        return new RationalNumber(numerator, denominator);
    }

    internal XElement Write()
    {
        var m = MeterReadingNames.M;
        var names = Names.Count > 0
            ? Names
            : [new CimName(TryGetCode(out var code) ? code.Description : MRID ?? ProfileDocuments.ReadingType)];
        return new XElement(
            MeterReadingNames.ReadingType,
            Element(m + ProfileDocuments.MRID, MRID),
            Element(m + "accumulation", Accumulation),
            Element(m + "aggregate", Aggregate),
            Element(m + "commodity", Commodity),
            Element(m + "consumptionTier", ConsumptionTier),
            Element(m + "cpp", Cpp),
            Element(m + "currency", Currency),
            Element(m + "flowDirection", FlowDirection),
            Element(m + "macroPeriod", MacroPeriod),
            Element(m + "measurementKind", MeasurementKind),
            Element(m + "measuringPeriod", MeasuringPeriod),
            Element(m + "multiplier", Multiplier),
            Element(m + "phases", Phases),
            Element(m + "tou", Tou),
            Element(m + "unit", Unit),
            WriteRational(m + "argument", m, Argument),
            WriteRational(m + "interharmonic", m, Interharmonic),
            WriteNames(m, names));
    }

    private static XElement? WriteRational(XName name, XNamespace m, RationalNumber? value) =>
        value is null
            ? null
            : new XElement(name, Element(m + "denominator", value.Denominator), Element(m + "numerator", value.Numerator));
}

/// <summary>
/// A document-level ReadingQualityType definition: mRID (<c>system.category.index</c>), its parts
/// and Names (mandatory: at least one). <see cref="FromCode"/> fills everything from the code.
/// </summary>
public sealed class ReadingQualityTypeDefinition
{
    public string? MRID { get; set; }
    public string? SystemId { get; set; }
    public string? Category { get; set; }
    public string? SubCategory { get; set; }

    /// <summary>At least one is written: when empty, the code's description (else the mRID) is used.</summary>
    public List<CimName> Names { get; set; } = [];

    /// <summary>The definition of <paramref name="code"/>, named by its description.</summary>
    public static ReadingQualityTypeDefinition FromCode(ReadingQualityType code) => new()
    {
        MRID = code.ToString(),
        SystemId = FormatInt(code.System),
        Category = FormatInt(code.Category),
        SubCategory = FormatInt(code.Index),
        Names = [new CimName(code.Description)],
    };

    /// <summary>The code in <see cref="MRID"/>, when it is a <c>system.category.index</c> code.</summary>
    public bool TryGetCode(out ReadingQualityType code) => ReadingQualityType.TryParse(MRID, out code);

    internal static ReadingQualityTypeDefinition Read(XElement e)
    {
        var m = MeterReadingNames.M;
        var names = ReadNames(e, m);
        if (names.Count == 0)
        {
            throw Missing(e, m + ProfileDocuments.Names);
        }

        return new ReadingQualityTypeDefinition
        {
            MRID = String(e, m + ProfileDocuments.MRID),
            Category = String(e, m + "category"),
            SubCategory = String(e, m + "subCategory"),
            SystemId = String(e, m + "systemId"),
            Names = names,
        };
    }

    internal XElement Write()
    {
        var m = MeterReadingNames.M;
        var names = Names.Count > 0
            ? Names
            : [new CimName(TryGetCode(out var code) ? code.Description : MRID ?? ProfileDocuments.ReadingQualityType)];
        return new XElement(
            MeterReadingNames.ReadingQualityType,
            Element(m + ProfileDocuments.MRID, MRID),
            Element(m + "category", Category),
            Element(m + "subCategory", SubCategory),
            Element(m + "systemId", SystemId),
            WriteNames(m, names));
    }
}
