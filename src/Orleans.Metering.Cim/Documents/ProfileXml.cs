using System.Globalization;
using System.Xml.Linq;
using Orleans.Metering.Cim.Codes;
using Orleans.Metering.Cim.Profiles;
using Orleans.Metering.Cim.Xml;

namespace Orleans.Metering.Cim.Documents;

/// <summary>
/// The one home of the read/write rules shared by every profile document: root checks, simple
/// types (xs:dateTime, xs:date, xs:boolean, xs:integer, Minutes), Names, status and object
/// references. Reading throws <see cref="CimException"/> whose XPath is relative to the profile
/// root (e.g. <c>EndDeviceControl/EndDeviceControlType</c>).
/// </summary>
internal static class ProfileXml
{
    // ---------------------------------------------------------------- structure

    /// <summary>
    /// Throws SchemaInvalid unless <paramref name="element"/> is the root of profile <paramref name="noun"/>,
    /// then checks the whole document against the profile's shape (<see cref="ProfileShapes"/>) under the
    /// limits it was loaded with, before anything in it is read or acted on. <paramref name="identify"/>
    /// names the item an error is in (default: <see cref="Identify"/>).
    /// </summary>
    public static XNamespace CheckRoot(XElement element, string noun, Func<XElement, (string Id, string Type)?>? identify = null)
    {
        ArgumentNullException.ThrowIfNull(element);
        var expected = ProfileDocuments.Root(noun);
        if (element.Name != expected)
        {
            throw new CimException(
                ReplyCode.SchemaInvalid,
                $"Expected the profile document {expected.LocalName} in namespace {expected.NamespaceName}, found {element.Name.LocalName} in namespace '{element.Name.NamespaceName}'",
                xpath: element.Name.LocalName);
        }

        ProfileShapes.Check(element, noun, XmlLimits.Of(element), identify ?? Identify);
        return expected.Namespace;
    }

    /// <summary>The mRID (else the first name) and the class of an item (Meter, EndDeviceControl ...), or null.</summary>
    public static (string Id, string Type)? Identify(XElement item)
    {
        var m = item.Name.Namespace;
        var id = item.Element(m + ProfileDocuments.MRID)?.Value ?? item.Element(m + ProfileDocuments.Names)?.Element(m + "name")?.Value;
        return id is null ? null : (id, item.Name.LocalName);
    }

    /// <summary>A new root element for profile <paramref name="noun"/>, declaring the <c>m</c> prefix.</summary>
    public static XElement NewRoot(string noun)
    {
        var name = ProfileDocuments.Root(noun);
        return new XElement(name, new XAttribute(XNamespace.Xmlns + ProfileDocuments.Prefix, name.NamespaceName));
    }

    /// <summary>Path of <paramref name="element"/> below the profile root (root excluded), e.g. <c>Meter/lifecycle</c>.</summary>
    public static string PathOf(XElement element)
    {
        var parts = new List<string>();
        for (var e = element; e is not null && !IsProfileRoot(e); e = e.Parent)
        {
            parts.Add(e.Name.LocalName);
        }

        parts.Reverse();
        return string.Join('/', parts);
    }

    private static string PathOf(XElement parent, XName child)
    {
        var path = PathOf(parent);
        return path.Length == 0 ? child.LocalName : path + "/" + child.LocalName;
    }

    private static bool IsProfileRoot(XElement e) =>
        e.Name.LocalName == CimNamespaces.NounOfProfile(e.Name.NamespaceName);

    /// <summary>The child <paramref name="name"/>, or MandatoryFieldMissing naming it.</summary>
    public static XElement Required(XElement parent, XName name) =>
        parent.Element(name) ?? throw Missing(parent, name);

    public static CimException Missing(XElement parent, XName name) =>
        new(ReplyCode.MandatoryFieldMissing, $"Mandatory element {PathOf(parent, name)} is missing", xpath: PathOf(parent, name));

    /// <summary>
    /// Parses one item (Meter, EndDeviceControl ...) and, when that fails, adds the item's mRID (or
    /// first name) to the exception so that the reply can name the object.
    /// </summary>
    public static T Item<T>(XElement element, Func<XElement, T> parse)
    {
        try
        {
            return parse(element);
        }
        catch (CimException ex) when (ex.ObjectId is null && Identify(element) is { } id)
        {
            throw new CimException(ex.Code, ex.Message, id.Id, id.Type, ex.XPath, ex);
        }
    }

    // ---------------------------------------------------------------- simple types: reading

    public static string? String(XElement parent, XName name) => parent.Element(name)?.Value;

    public static string RequiredString(XElement parent, XName name) => Required(parent, name).Value;

    public static int? Int(XElement parent, XName name) =>
        parent.Element(name) is { } e ? ParseInt(e) : null;

    public static bool? Bool(XElement parent, XName name) =>
        parent.Element(name) is { } e ? ParseBool(e) : null;

    public static DateTimeOffset? DateTime(XElement parent, XName name) =>
        parent.Element(name) is { } e ? ParseDateTime(e) : null;

    public static DateTimeOffset RequiredDateTime(XElement parent, XName name) => ParseDateTime(Required(parent, name));

    public static DateOnly? Date(XElement parent, XName name) =>
        parent.Element(name) is { } e ? ParseDate(e) : null;

    /// <summary>A CIM Minutes value (xs:float) that must be a whole number of minutes.</summary>
    public static int? Minutes(XElement parent, XName name) =>
        parent.Element(name) is { } e ? ParseWholeMinutes(e) : null;

    private static int ParseInt(XElement e)
    {
        var text = e.Value.Trim();
        if (!XsdLexical.IsInteger(text))
        {
            throw Invalid(e, "xs:integer");
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            throw new CimException(ReplyCode.SchemaInvalid, $"Value '{text}' of {PathOf(e)} is out of range", xpath: PathOf(e));
        }

        return value;
    }

    private static bool ParseBool(XElement e) =>
        XsdLexical.TryParseBoolean(e.Value.Trim(), out var value) ? value : throw Invalid(e, "xs:boolean");

    private static DateTimeOffset ParseDateTime(XElement e) =>
        XsdLexical.TryParseDateTime(e.Value.Trim(), out var value) ? value : throw Invalid(e, "xs:dateTime");

    private static DateOnly ParseDate(XElement e) =>
        XsdLexical.TryParseDate(e.Value.Trim(), out var value) ? value : throw Invalid(e, "xs:date");

    private static int ParseWholeMinutes(XElement e) => ParseWholeNumber(e, "minutes");

    private static int ParseWholeNumber(XElement e, string unit)
    {
        var text = e.Value.Trim();
        if (!XsdLexical.IsNumber(text) || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            throw Invalid(e, "xs:float");
        }

        if (value != Math.Floor(value) || value is > int.MaxValue or < int.MinValue)
        {
            throw new CimException(ReplyCode.SchemaInvalid, $"Value '{text}' of {PathOf(e)} must be a whole number of {unit}", xpath: PathOf(e));
        }

        return (int)value;
    }

    private static CimException Invalid(XElement e, string type) =>
        new(ReplyCode.SchemaInvalid, $"Value '{e.Value}' of {PathOf(e)} is not a valid {type}", xpath: PathOf(e));

    // ---------------------------------------------------------------- simple types: writing

    /// <summary>An element with a text value, or null (= not written) when the value is null.</summary>
    public static XElement? Element(XName name, string? value) => value is null ? null : new XElement(name, value);

    public static XElement? Element(XName name, int? value) => value is null ? null : new XElement(name, FormatInt(value.Value));

    public static XElement? Element(XName name, bool? value) => value is null ? null : new XElement(name, FormatBool(value.Value));

    public static XElement? Element(XName name, DateTimeOffset? value) => value is null ? null : new XElement(name, FormatDateTime(value.Value));

    public static XElement? Element(XName name, DateOnly? value) => value is null ? null : new XElement(name, FormatDate(value.Value));

    /// <summary>xs:dateTime in UTC, e.g. <c>2024-03-01T08:00:00Z</c> or <c>2024-03-01T08:00:00.25Z</c>.</summary>
    public static string FormatDateTime(DateTimeOffset value) =>
        value.UtcDateTime.ToString(DateTimeFormat, CultureInfo.InvariantCulture);

    /// <summary><see cref="FormatDateTime"/> into a buffer (at least 28 characters), for writers that stream.</summary>
    public static bool TryFormatDateTime(DateTimeOffset value, Span<char> destination, out int written) =>
        value.UtcDateTime.TryFormat(destination, out written, DateTimeFormat, CultureInfo.InvariantCulture);

    private const string DateTimeFormat = "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'";

    public static string FormatDate(DateOnly value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string FormatBool(bool value) => value ? "true" : "false";

    public static string FormatInt(int value) => value.ToString(CultureInfo.InvariantCulture);

    // ---------------------------------------------------------------- Names, status, references

    public static List<CimName> ReadNames(XElement parent, XNamespace m) =>
        parent.Elements(m + ProfileDocuments.Names).Select(n => ReadName(n, m)).ToList();

    private static CimName ReadName(XElement names, XNamespace m)
    {
        var name = RequiredString(names, m + "name");
        var type = names.Element(m + "NameType");
        if (type is null)
        {
            return new CimName(name);
        }

        var authority = type.Element(m + "NameTypeAuthority");
        return new CimName(name, RequiredString(type, m + "name"), authority is null ? null : RequiredString(authority, m + "name"));
    }

    /// <summary>
    /// Names elements. <paramref name="withNameType"/> false writes the name only, for profiles whose
    /// Name type has no NameType (GetEndDeviceEvents).
    /// </summary>
    public static IEnumerable<XElement> WriteNames(XNamespace m, IEnumerable<CimName> names, bool withNameType = true) =>
        names.Select(n => new XElement(
            m + ProfileDocuments.Names,
            new XElement(m + "name", n.Name),
            withNameType && n.NameType is not null
                ? new XElement(
                    m + "NameType",
                    new XElement(m + "name", n.NameType),
                    n.NameTypeAuthority is null ? null : new XElement(m + "NameTypeAuthority", new XElement(m + "name", n.NameTypeAuthority)))
                : null));

    public static CimStatus? ReadStatus(XElement parent, XNamespace m) =>
        parent.Element(m + ProfileDocuments.Status) is { } s
            ? new CimStatus(String(s, m + "value"), DateTime(s, m + "dateTime"), String(s, m + "reason"), String(s, m + "remark"))
            : null;

    public static XElement? WriteStatus(XNamespace m, CimStatus? status) =>
        status is null
            ? null
            : new XElement(
                m + ProfileDocuments.Status,
                Element(m + "dateTime", status.DateTime),
                Element(m + "reason", status.Reason),
                Element(m + "remark", status.Remark),
                Element(m + "value", status.Value));

    /// <summary>An object given by <c>mRID</c> and <c>Names</c> (other children are ignored).</summary>
    public static ObjectRef ReadObjectRef(XElement element, XNamespace m) =>
        new(String(element, m + ProfileDocuments.MRID), ReadNames(element, m));

    public static List<ObjectRef> ReadObjectRefs(XElement parent, XName name, XNamespace m) =>
        parent.Elements(name).Select(e => ReadObjectRef(e, m)).ToList();

    public static XElement WriteObjectRef(XName name, XNamespace m, ObjectRef reference, bool withNameType = true) =>
        new(name, Element(m + ProfileDocuments.MRID, reference.MRID), WriteNames(m, reference.Names, withNameType));

    public static IEnumerable<XElement> WriteObjectRefs(XName name, XNamespace m, IEnumerable<ObjectRef> references, bool withNameType = true) =>
        references.Select(r => WriteObjectRef(name, m, r, withNameType));

    /// <summary>
    /// The <c>ref</c> attribute of a type reference such as <c>&lt;m:EndDeviceControlType ref="3.31.0.18"/&gt;</c>
    /// (the profiles declare no children there). MandatoryFieldMissing when the element or the reference is missing.
    /// </summary>
    public static string RequiredRef(XElement parent, XName name)
    {
        var element = Required(parent, name);
        var value = element.Attribute(ProfileDocuments.Ref)?.Value;
        if (string.IsNullOrWhiteSpace(value))
        {
            var path = PathOf(element) + "/@" + ProfileDocuments.Ref;
            throw new CimException(ReplyCode.MandatoryFieldMissing, $"Mandatory reference {path} is missing", xpath: path);
        }

        return value;
    }

    public static XElement WriteRef(XName name, string value) => new(name, new XAttribute(ProfileDocuments.Ref, value));

    // ---------------------------------------------------------------- fast paths (interval data)

    /// <summary>
    /// The value of an xs:dateTime element in UTC (offsets accepted, no zone = UTC); SchemaInvalid
    /// naming the element when malformed. The common shape is parsed without allocating.
    /// </summary>
    public static DateTimeOffset ReadDateTime(XElement e) => ParseDateTime(e);

    /// <summary>A finite decimal number (<c>1234.5</c>, <c>-1e3</c>); false for text, NaN and infinities.</summary>
    public static bool TryParseNumber(ReadOnlySpan<char> s, out double value) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    /// <summary>The shortest text that reads back as the same double (invariant culture).</summary>
    public static string FormatNumber(double value) => value.ToString(NumberFormat, CultureInfo.InvariantCulture);

    /// <summary><see cref="FormatNumber"/> into a buffer (at least 32 characters), for writers that stream.</summary>
    public static bool TryFormatNumber(double value, Span<char> destination, out int written) =>
        value.TryFormat(destination, out written, NumberFormat, CultureInfo.InvariantCulture);

    private const string NumberFormat = "R";

    public static XElement? Element(XName name, double? value) => value is null ? null : new XElement(name, FormatNumber(value.Value));

    /// <summary>A CIM Seconds value (xs:float) that must be a whole number of seconds.</summary>
    public static int? Seconds(XElement parent, XName name) =>
        parent.Element(name) is { } e ? ParseWholeNumber(e, "seconds") : null;

    /// <summary>
    /// The value of an enumerated simple type (e.g. ReadingReasonKind); SchemaInvalid naming the
    /// element when it is not one of <paramref name="values"/>.
    /// </summary>
    public static string? Enumerated(XElement parent, XName name, string typeName, IReadOnlyCollection<string> values)
    {
        if (parent.Element(name) is not { } e)
        {
            return null;
        }

        var text = e.Value.Trim();
        return values.Contains(text) ? text : throw Invalid(e, typeName);
    }

    /// <summary>
    /// The identifier of a type given as an object (<c>&lt;m:ReadingType&gt;&lt;m:mRID&gt;...</c>; the profiles
    /// declare no <c>ref</c> attribute there). MandatoryFieldMissing (naming <c>.../mRID</c>) when it is
    /// missing: a type given only by name cannot be mapped.
    /// </summary>
    public static string RequiredId(XElement e, XNamespace m)
    {
        var value = String(e, m + ProfileDocuments.MRID);
        if (string.IsNullOrWhiteSpace(value))
        {
            var path = PathOf(e) + "/" + ProfileDocuments.MRID;
            throw new CimException(ReplyCode.MandatoryFieldMissing, $"Mandatory element {path} is missing", xpath: path);
        }

        return value;
    }

    /// <summary>A DateTimeInterval element (end, start) or null when both ends are open.</summary>
    public static XElement? WriteInterval(XName name, XNamespace m, DateTimeOffset? start, DateTimeOffset? end) =>
        start is null && end is null ? null : new XElement(name, Element(m + "end", end), Element(m + "start", start));

    /// <summary>
    /// A copy of <paramref name="element"/> with every element of namespace <paramref name="from"/>
    /// moved to <paramref name="to"/> (namespace declarations dropped), the copy's own local name
    /// replaced by <paramref name="rootName"/>. Lets a profile reuse an item class of another profile
    /// whose schema declares the same type (EndDeviceEvent in MeterReadings).
    /// </summary>
    public static XElement MoveToNamespace(XElement element, XNamespace from, XNamespace to, string rootName)
    {
        var copy = Move(element, from, to);
        copy.Name = to + rootName;
        return copy;
    }

    private static XElement Move(XElement element, XNamespace from, XNamespace to)
    {
        var name = element.Name.Namespace == from ? to + element.Name.LocalName : element.Name;
        var copy = new XElement(name, element.Attributes().Where(a => !a.IsNamespaceDeclaration));
        foreach (var node in element.Nodes())
        {
            copy.Add(node is XElement child ? Move(child, from, to) : node);
        }

        return copy;
    }
}
