using System.Xml;
using Orleans.Metering.Cim.Codes;

namespace Orleans.Metering.Cim.Xml;

/// <summary>
/// Delegates to an inner reader and enforces <see cref="XmlLimits.MaxDepth"/>,
/// <see cref="XmlLimits.MaxElements"/> and <see cref="XmlLimits.MaxAttributesPerElement"/> on every
/// element it reads (3.1 beyond them), before anything is built from it.
/// </summary>
internal sealed class LimitedXmlReader : XmlReader, IXmlLineInfo
{
    private readonly XmlReader inner;
    private readonly XmlLimits limits;
    private readonly Stream? ownedStream;
    private long elements;

    public LimitedXmlReader(XmlReader inner, XmlLimits limits, Stream? ownedStream)
    {
        this.inner = inner;
        this.limits = limits;
        this.ownedStream = ownedStream;
    }

    public override bool Read()
    {
        if (!inner.Read()) return false;
        if (inner.NodeType == XmlNodeType.Element)
        {
            if (++elements > limits.MaxElements)
            {
                throw new CimException(ReplyCode.TooManyItems, $"The message has more than the limit of {limits.MaxElements} elements", xpath: inner.LocalName);
            }

            if (inner.Depth >= limits.MaxDepth)
            {
                throw new CimException(ReplyCode.TooManyItems, $"Elements are nested deeper than the limit of {limits.MaxDepth} levels", xpath: inner.LocalName);
            }

            if (inner.AttributeCount > limits.MaxAttributesPerElement)
            {
                throw new CimException(ReplyCode.TooManyItems, $"Element {inner.LocalName} has {inner.AttributeCount} attributes; the limit is {limits.MaxAttributesPerElement}", xpath: inner.LocalName);
            }
        }

        return true;
    }

    public override int AttributeCount => inner.AttributeCount;
    public override string BaseURI => inner.BaseURI;
    public override int Depth => inner.Depth;
    public override bool EOF => inner.EOF;
    public override bool HasValue => inner.HasValue;
    public override bool IsDefault => inner.IsDefault;
    public override bool IsEmptyElement => inner.IsEmptyElement;
    public override string LocalName => inner.LocalName;
    public override string Name => inner.Name;
    public override string NamespaceURI => inner.NamespaceURI;
    public override XmlNameTable NameTable => inner.NameTable;
    public override XmlNodeType NodeType => inner.NodeType;
    public override string Prefix => inner.Prefix;
    public override char QuoteChar => inner.QuoteChar;
    public override ReadState ReadState => inner.ReadState;
    public override XmlReaderSettings? Settings => inner.Settings;
    public override string Value => inner.Value;
    public override string XmlLang => inner.XmlLang;
    public override XmlSpace XmlSpace => inner.XmlSpace;
    public override bool CanResolveEntity => false;

    public override string GetAttribute(int i) => inner.GetAttribute(i);
    public override string? GetAttribute(string name) => inner.GetAttribute(name);
    public override string? GetAttribute(string name, string? namespaceURI) => inner.GetAttribute(name, namespaceURI);
    public override string? LookupNamespace(string prefix) => inner.LookupNamespace(prefix);
    public override void MoveToAttribute(int i) => inner.MoveToAttribute(i);
    public override bool MoveToAttribute(string name) => inner.MoveToAttribute(name);
    public override bool MoveToAttribute(string name, string? ns) => inner.MoveToAttribute(name, ns);
    public override bool MoveToElement() => inner.MoveToElement();
    public override bool MoveToFirstAttribute() => inner.MoveToFirstAttribute();
    public override bool MoveToNextAttribute() => inner.MoveToNextAttribute();
    public override bool ReadAttributeValue() => inner.ReadAttributeValue();

    public override void ResolveEntity() =>
        throw new CimException(ReplyCode.SchemaInvalid, "Entity references other than the XML predefined entities are not allowed");

    public bool HasLineInfo() => inner is IXmlLineInfo info && info.HasLineInfo();
    public int LineNumber => inner is IXmlLineInfo info ? info.LineNumber : 0;
    public int LinePosition => inner is IXmlLineInfo info ? info.LinePosition : 0;

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            ownedStream?.Dispose();
        }

        base.Dispose(disposing);
    }
}
