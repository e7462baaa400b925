using System.Xml;

namespace Orleans.Metering.Cim.Xml;

/// <summary>
/// Delegates to an inner writer and passes every text, attribute value, CDATA and comment through
/// <see cref="XmlText.Writable(string)"/>: one place that covers header fields, error details and
/// profile documents alike, so that no value can make the inner writer throw mid-message.
/// </summary>
internal sealed class WritableTextXmlWriter(XmlWriter inner) : XmlWriter
{
    public override WriteState WriteState => inner.WriteState;

    public override XmlWriterSettings? Settings => inner.Settings;

    public override string? XmlLang => inner.XmlLang;

    public override XmlSpace XmlSpace => inner.XmlSpace;

    public override void WriteString(string? text) => inner.WriteString(text is null ? null : XmlText.Writable(text));

    public override void WriteChars(char[] buffer, int index, int count)
    {
        if (XmlText.IsWritable(buffer.AsSpan(index, count))) inner.WriteChars(buffer, index, count);
        else inner.WriteString(XmlText.Writable(new string(buffer, index, count)));
    }

    public override void WriteCData(string? text) => inner.WriteCData(text is null ? null : XmlText.Writable(text));

    public override void WriteComment(string? text) => inner.WriteComment(text is null ? null : XmlText.Writable(text));

    public override void WriteCharEntity(char ch) => inner.WriteCharEntity(XmlConvert.IsXmlChar(ch) ? ch : XmlText.Replacement);

    public override void WriteSurrogateCharEntity(char lowChar, char highChar)
    {
        if (XmlConvert.IsXmlSurrogatePair(lowChar, highChar)) inner.WriteSurrogateCharEntity(lowChar, highChar);
        else inner.WriteCharEntity(XmlText.Replacement);
    }

    public override void WriteStartDocument() => inner.WriteStartDocument();

    public override void WriteStartDocument(bool standalone) => inner.WriteStartDocument(standalone);

    public override void WriteEndDocument() => inner.WriteEndDocument();

    public override void WriteDocType(string name, string? pubid, string? sysid, string? subset) => inner.WriteDocType(name, pubid, sysid, subset);

    public override void WriteStartElement(string? prefix, string localName, string? ns) => inner.WriteStartElement(prefix, localName, ns);

    public override void WriteEndElement() => inner.WriteEndElement();

    public override void WriteFullEndElement() => inner.WriteFullEndElement();

    public override void WriteStartAttribute(string? prefix, string localName, string? ns) => inner.WriteStartAttribute(prefix, localName, ns);

    public override void WriteEndAttribute() => inner.WriteEndAttribute();

    public override void WriteProcessingInstruction(string name, string? text) => inner.WriteProcessingInstruction(name, text);

    public override void WriteEntityRef(string name) => inner.WriteEntityRef(name);

    public override void WriteWhitespace(string? ws) => inner.WriteWhitespace(ws);

    public override void WriteRaw(char[] buffer, int index, int count) => inner.WriteRaw(buffer, index, count);

    public override void WriteRaw(string data) => inner.WriteRaw(data);

    public override void WriteBase64(byte[] buffer, int index, int count) => inner.WriteBase64(buffer, index, count);

    public override void Flush() => inner.Flush();

    public override string? LookupPrefix(string ns) => inner.LookupPrefix(ns);

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
