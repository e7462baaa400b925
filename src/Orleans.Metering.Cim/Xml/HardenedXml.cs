using System.Text;
using System.Xml;
using System.Xml.Linq;
using Orleans.Metering.Cim.Codes;

namespace Orleans.Metering.Cim.Xml;

/// <summary>
/// Bounds applied to untrusted XML. <see cref="MaxBytes"/> bounds the raw input, <see cref="MaxDepth"/>
/// the element nesting (the root element is depth 1), <see cref="MaxElements"/> the number of elements,
/// <see cref="MaxDecompressedBytes"/> what a gzip-compressed payload may expand to, and
/// <see cref="MaxAttributesPerElement"/> the attributes (namespace declarations included) of one element:
/// a profile element has a handful, and thousands on one element made loading cost grow with their square.
/// <see cref="MaxIdentifierLength"/> bounds the characters of an identifier (mRID, name, ref, Header
/// MessageID, CorrelationID, Source ...) and <see cref="MaxTextLength"/> those of any other text value:
/// the schemas leave xs:string unbounded, the platform stores and echoes these.
/// </summary>
public sealed record XmlLimits(
    long MaxBytes = 16 * 1024 * 1024,
    int MaxDepth = 64,
    int MaxElements = 1_000_000,
    long MaxDecompressedBytes = 64 * 1024 * 1024,
    int MaxAttributesPerElement = 64,
    int MaxIdentifierLength = 256,
    int MaxTextLength = 4096)
{
    public static XmlLimits Default { get; } = new();

    /// <summary>
    /// The limits a tree was loaded under (<see cref="HardenedXml"/> annotates the roots it builds), so
    /// that documents read later from that tree are bounded alike; <see cref="Default"/> otherwise.
    /// </summary>
    public static XmlLimits Of(XElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        var top = element;
        while (top.Parent is { } parent)
        {
            top = parent;
        }

        return top.Annotation<XmlLimits>() ?? Default;
    }

    /// <summary>The limits for parsing the content of a decompressed payload.</summary>
    public XmlLimits ForDecompressed() => this with { MaxBytes = MaxDecompressedBytes };
}

/// <summary>
/// The one place where the project creates XmlReaders for untrusted input: DTDs prohibited, no
/// resolver, comments and processing instructions dropped, and the size, depth and element-count
/// limits of <see cref="XmlLimits"/> enforced while reading. Every failure is a <see cref="CimException"/>:
/// malformed XML, a DTD or an entity gives <see cref="ReplyCode.SchemaInvalid"/>, a limit
/// <see cref="ReplyCode.TooManyItems"/>.
/// </summary>
public static class HardenedXml
{
    /// <summary>Characters that predefined entities and character references may expand to (there are no DTD entities).</summary>
    private const long MaxCharactersFromEntities = 64 * 1024;

    /// <summary>Reader settings for untrusted input under <paramref name="limits"/>.</summary>
    public static XmlReaderSettings CreateSettings(XmlLimits limits, ConformanceLevel conformance = ConformanceLevel.Document)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersFromEntities = MaxCharactersFromEntities,
            MaxCharactersInDocument = Math.Max(1, limits.MaxBytes),
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
            CloseInput = false,
            ConformanceLevel = conformance,
            ValidationType = ValidationType.None,
        };
    }

    /// <summary>
    /// A reader over <paramref name="input"/> that refuses input over <see cref="XmlLimits.MaxBytes"/>,
    /// deeper than <see cref="XmlLimits.MaxDepth"/> or with more than <see cref="XmlLimits.MaxElements"/>
    /// elements by throwing <see cref="CimException"/> from <see cref="XmlReader.Read"/>. Other failures
    /// surface as <see cref="XmlException"/>; use <see cref="LoadElement(Stream, XmlLimits?)"/> to have them mapped.
    /// </summary>
    public static XmlReader CreateReader(Stream input, XmlLimits? limits = null, ConformanceLevel conformance = ConformanceLevel.Document)
    {
        ArgumentNullException.ThrowIfNull(input);
        limits ??= XmlLimits.Default;
        var bounded = new BoundedReadStream(input, limits.MaxBytes);
        return new LimitedXmlReader(XmlReader.Create(bounded, CreateSettings(limits, conformance)), limits, bounded);
    }

    /// <summary>Loads one XML document from <paramref name="input"/> into LINQ to XML.</summary>
    /// <exception cref="CimException">1.8 for malformed or prohibited XML, 3.1 when a limit is exceeded.</exception>
    public static XElement LoadElement(Stream input, XmlLimits? limits = null)
    {
        var result = Load(input, limits);
        return result.Error is null ? result.Root! : throw result.Error;
    }

    /// <summary>Loads one XML document from a string into LINQ to XML.</summary>
    /// <exception cref="CimException">1.8 for malformed or prohibited XML, 3.1 when a limit is exceeded.</exception>
    public static XElement LoadElement(string xml, XmlLimits? limits = null)
    {
        var result = Load(xml, limits);
        return result.Error is null ? result.Root! : throw result.Error;
    }

    /// <summary>Loads every top-level element of an XML fragment (one or more documents without a common root).</summary>
    public static IReadOnlyList<XElement> LoadFragment(Stream input, XmlLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        limits ??= XmlLimits.Default;
        var roots = new List<XElement>();
        CimException? error;
        try
        {
            using var reader = CreateReader(input, limits, ConformanceLevel.Fragment);
            error = Build(reader, roots, limits, out _);
        }
        catch (XmlException e)
        {
            error = Map(e);
        }

        return error is null ? roots : throw error;
    }

    /// <summary>
    /// Decompresses gzip data and loads the XML document(s) it holds, never expanding more than
    /// <see cref="XmlLimits.MaxDecompressedBytes"/> (3.1 beyond). Bad gzip data gives 1.8.
    /// </summary>
    public static IReadOnlyList<XElement> LoadGzipFragment(byte[] gzip, XmlLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(gzip);
        limits ??= XmlLimits.Default;
        using var compressed = new MemoryStream(gzip, writable: false);
        var decompressed = limits.ForDecompressed();
        using var gunzip = new DecompressingReadStream(compressed, CompressedFormat.Gzip, decompressed.MaxBytes, "payload");
        return LoadFragment(gunzip, decompressed);
    }

    /// <summary>Loads a document; on failure also returns the part of the tree built so far.</summary>
    internal static XmlLoadResult Load(Stream input, XmlLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        limits ??= XmlLimits.Default;
        if (input.CanSeek)
        {
            long remaining;
            try
            {
                remaining = input.Length - input.Position;
            }
            catch (NotSupportedException)
            {
                remaining = 0;
            }

            if (remaining > limits.MaxBytes)
            {
                return new XmlLoadResult(null, TooLarge(limits.MaxBytes, "message"), EmptyOpen);
            }
        }

        var roots = new List<XElement>(1);
        try
        {
            using var reader = CreateReader(input, limits);
            var error = Build(reader, roots, limits, out var open);
            return new XmlLoadResult(roots.FirstOrDefault(), error, open);
        }
        catch (XmlException e)
        {
            return new XmlLoadResult(null, Map(e), EmptyOpen);
        }
        catch (CimException e)
        {
            // Creating the reader already reads the first bytes (encoding detection).
            return new XmlLoadResult(null, e, EmptyOpen);
        }
    }

    internal static XmlLoadResult Load(string xml, XmlLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(xml);
        limits ??= XmlLimits.Default;
        if (xml.Length > limits.MaxBytes || Encoding.UTF8.GetByteCount(xml) > limits.MaxBytes)
        {
            return new XmlLoadResult(null, TooLarge(limits.MaxBytes, "message"), EmptyOpen);
        }

        var roots = new List<XElement>(1);
        try
        {
            using var text = new StringReader(xml);
            using var reader = new LimitedXmlReader(XmlReader.Create(text, CreateSettings(limits)), limits, null);
            var error = Build(reader, roots, limits, out var open);
            return new XmlLoadResult(roots.FirstOrDefault(), error, open);
        }
        catch (XmlException e)
        {
            return new XmlLoadResult(null, Map(e), EmptyOpen);
        }
    }

    private static readonly IReadOnlySet<XElement> EmptyOpen = new HashSet<XElement>();

    /// <summary>Builds the LINQ to XML tree; returns the failure (if any) and the elements still open when it happened.</summary>
    private static CimException? Build(XmlReader reader, List<XElement> roots, XmlLimits limits, out IReadOnlySet<XElement> open)
    {
        var stack = new Stack<XElement>();
        var names = new NameCache();
        try
        {
            while (reader.Read())
            {
                switch (reader.NodeType)
                {
                    case XmlNodeType.Element:
                        var element = new XElement(names.Get(reader.LocalName, reader.NamespaceURI));
                        if (reader.MoveToFirstAttribute())
                        {
                            do
                            {
                                element.Add(new XAttribute(AttributeName(reader), reader.Value));
                            }
                            while (reader.MoveToNextAttribute());
                            reader.MoveToElement();
                        }

                        if (stack.Count == 0)
                        {
                            // Documents read from this tree later are bounded alike (XmlLimits.Of).
                            element.AddAnnotation(limits);
                            roots.Add(element);
                        }
                        else
                        {
                            stack.Peek().Add(element);
                        }

                        if (!reader.IsEmptyElement) stack.Push(element);
                        break;
                    case XmlNodeType.EndElement:
                        stack.Pop();
                        break;
                    case XmlNodeType.Text:
                    case XmlNodeType.Whitespace:
                    case XmlNodeType.SignificantWhitespace:
                        // A string, not an XText: an element whose only content is text keeps it as a string (one object less per value).
                        if (stack.Count > 0) stack.Peek().Add(reader.Value);
                        break;
                    case XmlNodeType.CDATA:
                        if (stack.Count > 0) stack.Peek().Add(new XCData(reader.Value));
                        break;
                    case XmlNodeType.EntityReference:
                        throw new CimException(ReplyCode.SchemaInvalid, "Entity references are not allowed: &" + reader.Name + ";");
                    default:
                        break;
                }
            }

            open = EmptyOpen;
            return null;
        }
        catch (CimException e)
        {
            open = new HashSet<XElement>(stack);
            return e;
        }
        catch (XmlException e)
        {
            open = new HashSet<XElement>(stack);
            return Map(e);
        }
        catch (DecoderFallbackException e)
        {
            open = new HashSet<XElement>(stack);
            return new CimException(ReplyCode.SchemaInvalid, "Malformed XML: invalid character encoding (" + e.Message + ")", inner: e);
        }
    }

    /// <summary>
    /// XName per (local name, namespace) as the reader's name table atomizes them: a message repeats a few
    /// dozen names many thousand times, and a lookup by reference is cheaper than XName.Get's by string.
    /// </summary>
    private sealed class NameCache
    {
        private readonly Dictionary<(object Local, object Namespace), XName> names = new(new SameStrings());

        public XName Get(string localName, string namespaceUri)
        {
            if (!names.TryGetValue((localName, namespaceUri), out var name))
            {
                names[(localName, namespaceUri)] = name = XName.Get(localName, namespaceUri);
            }

            return name;
        }

        private sealed class SameStrings : IEqualityComparer<(object Local, object Namespace)>
        {
            public bool Equals((object Local, object Namespace) x, (object Local, object Namespace) y) =>
                ReferenceEquals(x.Local, y.Local) && ReferenceEquals(x.Namespace, y.Namespace);

            public int GetHashCode((object Local, object Namespace) obj) =>
                HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Local), System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Namespace));
        }
    }

    private static XName AttributeName(XmlReader reader)
    {
        const string xmlns = "http://www.w3.org/2000/xmlns/";
        if (reader.NamespaceURI == xmlns)
        {
            return reader.Prefix.Length == 0 ? XName.Get("xmlns") : XNamespace.Xmlns.GetName(reader.LocalName);
        }

        return XName.Get(reader.LocalName, reader.NamespaceURI);
    }

    internal static CimException TooLarge(long limit, string what) =>
        new(ReplyCode.TooManyItems, $"The {what} is larger than the limit of {limit} bytes");

    /// <summary>Maps a reader failure to 1.8 with a reason clients can act on (3.1 for the reader's own size limits).</summary>
    internal static CimException Map(XmlException e)
    {
        var where = e.LineNumber > 0 ? $" (line {e.LineNumber}, position {e.LinePosition})" : "";
        var message = e.Message;
        if (message.Contains("MaxCharactersInDocument", StringComparison.Ordinal))
        {
            return new CimException(ReplyCode.TooManyItems, "The document is larger than the size limit" + where, inner: e);
        }

        if (message.Contains("DTD", StringComparison.OrdinalIgnoreCase) || message.Contains("DOCTYPE", StringComparison.OrdinalIgnoreCase))
        {
            return new CimException(ReplyCode.SchemaInvalid, "DTDs (DOCTYPE declarations) and entity declarations are not allowed" + where, inner: e);
        }

        if (message.Contains("entity", StringComparison.OrdinalIgnoreCase) || message.Contains("MaxCharactersFromEntities", StringComparison.Ordinal))
        {
            return new CimException(ReplyCode.SchemaInvalid, "Entity references other than the XML predefined entities are not allowed" + where, inner: e);
        }

        // XmlException messages repeat the position; keep the reason short and stable.
        var cut = message.IndexOf(" Line ", StringComparison.Ordinal);
        if (cut > 0) message = message[..cut];
        return new CimException(ReplyCode.SchemaInvalid, "Malformed XML: " + message + where, inner: e);
    }
}

/// <summary>The outcome of loading untrusted XML: the (possibly partial) tree and the failure, if any.</summary>
/// <param name="Root">The root element; on failure the part built before the failure (null when nothing was read).</param>
/// <param name="Error">The failure, or null.</param>
/// <param name="Open">On failure, the elements whose end tag had not been read: everything else in <paramref name="Root"/> is complete.</param>
internal sealed record XmlLoadResult(XElement? Root, CimException? Error, IReadOnlySet<XElement> Open);
