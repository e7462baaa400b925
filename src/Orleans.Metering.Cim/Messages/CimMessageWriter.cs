using System.IO.Compression;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Orleans.Metering.Cim.Xml;

namespace Orleans.Metering.Cim.Messages;

/// <summary>
/// Writes an IEC 61968-100 message in a given framing: UTF-8 without BOM, with an XML declaration,
/// every element in Message.xsd order with the schema's names. Streams through <see cref="XmlWriter"/>;
/// profile documents are copied as they are (or gzip+base64 into <c>Compressed</c> when
/// <see cref="Payload.Compress"/> is set).
/// </summary>
/// <remarks>
/// Generic style: <c>msg:RequestMessage</c> / <c>ResponseMessage</c> / <c>EventMessage</c> / <c>FaultMessage</c>.
/// Per-noun style: <c>&lt;Verb&gt;&lt;Noun&gt;</c> (requests and events), <c>&lt;Noun&gt;ResponseMessage</c>,
/// <c>&lt;Noun&gt;FaultMessage</c> in <c>http://iec.ch/TC57/2011/&lt;Noun&gt;Message</c> (the Get&lt;Noun&gt; WSDL
/// namespace for a <c>get</c> request and, with <see cref="MessageFraming.QueryWrapper"/>, for its reply), with
/// Header/Request/Reply/Payload in that namespace and their content in the message namespace. A fault
/// without a Header (noun unknown) is always a generic FaultMessage. SOAP framings wrap it in Envelope/Body.
/// ErrorType.xpath is an xs:QName in the schema: an XPath that is not an unprefixed name (e.g. <c>Header/Verb</c>) is
/// written into <c>details</c> instead (<c>xpath: Header/Verb</c>). A character XML 1.0 cannot carry, in any value,
/// is written as U+FFFD (see <see cref="XmlText"/>): every message can be written, whatever its values hold.
/// </remarks>
public static class CimMessageWriter
{
    private const string Msg = CimNamespaces.Message;
    private const string MsgPrefix = "msg";
    private const string WrapperPrefix = "tns";

    private static readonly XmlWriterSettings Settings = new()
    {
        Encoding = new UTF8Encoding(false),
        OmitXmlDeclaration = false,
        Indent = false,
        CloseOutput = false,
        NamespaceHandling = NamespaceHandling.OmitDuplicates,
    };

    private static readonly XmlWriterSettings CompressedSettings = new()
    {
        Encoding = new UTF8Encoding(false),
        OmitXmlDeclaration = false,
        Indent = false,
        CloseOutput = false,
        NamespaceHandling = NamespaceHandling.OmitDuplicates,
    };

    private static readonly XmlWriterSettings CompressedFragmentSettings = new()
    {
        Encoding = new UTF8Encoding(false),
        OmitXmlDeclaration = true,
        Indent = false,
        CloseOutput = false,
        ConformanceLevel = ConformanceLevel.Fragment,
        NamespaceHandling = NamespaceHandling.OmitDuplicates,
    };

    /// <exception cref="ArgumentException">The message does not have the parts its kind requires (Header, Reply).</exception>
    public static void Write(CimMessage message, Stream output, MessageFraming framing)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(framing);
        Check(message);
        using var writer = Create(output, Settings);
        Write(writer, message, framing);
    }

    /// <summary>
    /// Writes <paramref name="message"/> with payload documents that <paramref name="writePayloadDocuments"/>
    /// streams into the writer (after those in <see cref="Payload.Documents"/>), so that a large document
    /// never becomes a tree (see <see cref="Documents.MeterReadingsWriter"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The message has no Payload, or asks for compression.</exception>
    public static void Write(CimMessage message, Stream output, MessageFraming framing, Action<XmlWriter> writePayloadDocuments)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(framing);
        ArgumentNullException.ThrowIfNull(writePayloadDocuments);
        if (message.Payload is not { Compress: false })
        {
            throw new ArgumentException("Streamed documents need an uncompressed Payload", nameof(message));
        }

        Check(message);
        using var writer = Create(output, Settings);
        Write(writer, message, framing, writePayloadDocuments);
    }

    /// <summary>
    /// Writes to a stream that must not be written synchronously (an ASP.NET Core response body):
    /// the message is written to memory, then copied asynchronously.
    /// </summary>
    public static async Task WriteAsync(CimMessage message, Stream output, MessageFraming framing, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var buffer = new MemoryStream();
        Write(message, buffer, framing);
        buffer.Position = 0;
        await buffer.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
    }

    public static byte[] ToBytes(CimMessage message, MessageFraming framing)
    {
        using var buffer = new MemoryStream();
        Write(message, buffer, framing);
        return buffer.ToArray();
    }

    public static string ToXml(CimMessage message, MessageFraming framing) => Encoding.UTF8.GetString(ToBytes(message, framing));

    private static void Check(CimMessage message)
    {
        var kind = message.Kind;
        if (kind != MessageKind.Fault && message.Header is null) throw new ArgumentException($"A {kind} message needs a Header", nameof(message));
        if (kind is MessageKind.Response or MessageKind.Fault && message.Reply is null)
        {
            throw new ArgumentException($"A {kind} message needs a Reply", nameof(message));
        }

        if (kind != MessageKind.Request && message.Request is not null) throw new ArgumentException($"A {kind} message cannot carry a Request", nameof(message));
        if (kind is MessageKind.Request or MessageKind.Event && message.Reply is not null)
        {
            throw new ArgumentException($"A {kind} message cannot carry a Reply", nameof(message));
        }

        if (kind == MessageKind.Fault && message.Payload is not null) throw new ArgumentException("A Fault message cannot carry a Payload", nameof(message));
    }

    private static void Write(XmlWriter w, CimMessage message, MessageFraming framing, Action<XmlWriter>? streamed = null)
    {
        w.WriteStartDocument();
        string? soapNs = framing.Soap switch
        {
            SoapVersion.Soap11 => CimNamespaces.Soap11,
            SoapVersion.Soap12 => CimNamespaces.Soap12,
            _ => null,
        };
        if (soapNs is not null)
        {
            w.WriteStartElement("soap", "Envelope", soapNs);
            w.WriteStartElement("soap", "Body", soapNs);
        }

        var (prefix, local, ns) = RootName(message, framing);
        w.WriteStartElement(prefix, local, ns);
        if (ns != Msg) w.WriteAttributeString("xmlns", MsgPrefix, null, Msg);

        if (message.Kind != MessageKind.Fault) WriteHeader(w, message.Header!, prefix, ns);
        if (message.Request is not null) WriteRequest(w, message.Request, prefix, ns);
        if (message.Reply is not null) WriteReply(w, message.Reply, prefix, ns);
        if (message.Payload is not null) WritePayload(w, message.Payload, prefix, ns, streamed);

        w.WriteEndElement();
        if (soapNs is not null)
        {
            w.WriteEndElement();
            w.WriteEndElement();
        }

        w.WriteEndDocument();
    }

    private static (string Prefix, string Local, string Ns) RootName(CimMessage message, MessageFraming framing)
    {
        var header = message.Header;
        // The per-noun element names are made of the verb and noun: a noun that cannot be part of an XML
        // name (the answer to a request that sent such a noun) is answered in the generic form.
        if (framing.Style == EnvelopeStyle.Generic || header is null || !IsNamePart(header.Noun) || !IsNamePart(header.Verb))
        {
            return (MsgPrefix, message.Kind + "Message", Msg);
        }

        var noun = header.Noun;
        var verb = header.Verb;
        return message.Kind switch
        {
            MessageKind.Request when verb == CimVerbs.Get => (WrapperPrefix, "Get" + noun, CimNamespaces.PerNounMessage("Get" + noun)),
            MessageKind.Request or MessageKind.Event => (WrapperPrefix, CimVerbs.ToElementPrefix(verb) + noun, CimNamespaces.PerNounMessage(noun)),
            _ => (WrapperPrefix, noun + message.Kind + "Message", CimNamespaces.PerNounMessage(framing.QueryWrapper ? "Get" + noun : noun)),
        };
    }

    private static bool IsNamePart(string? text) => !string.IsNullOrEmpty(text) && XmlConvert.IsStartNCNameChar(text[0]) && text.All(XmlConvert.IsNCNameChar);

    private static void WriteHeader(XmlWriter w, Header h, string prefix, string ns)
    {
        w.WriteStartElement(prefix, "Header", ns);
        Text(w, "Verb", h.Verb);
        Text(w, "Noun", h.Noun);
        Text(w, "Revision", h.Revision);
        if (h.ReplayDetection is { } replay)
        {
            w.WriteStartElement(MsgPrefix, "ReplayDetection", Msg);
            Text(w, "Nonce", replay.Nonce);
            Text(w, "Created", Date(replay.Created));
            w.WriteEndElement();
        }

        Text(w, "Context", h.Context);
        if (h.Timestamp is { } timestamp) Text(w, "Timestamp", Date(timestamp));
        Text(w, "Source", h.Source);
        if (h.AsyncReplyFlag is { } asyncReply) Text(w, "AsyncReplyFlag", Bool(asyncReply));
        Text(w, "ReplyAddress", h.ReplyAddress);
        if (h.AckRequired is { } ack) Text(w, "AckRequired", Bool(ack));
        if (h.User is { } user)
        {
            w.WriteStartElement(MsgPrefix, "User", Msg);
            Text(w, "UserID", user.UserID);
            Text(w, "Organization", user.Organization);
            w.WriteEndElement();
        }

        Text(w, "MessageID", h.MessageID);
        Text(w, "CorrelationID", h.CorrelationID);
        Text(w, "Comment", h.Comment);
        foreach (var property in h.Property)
        {
            w.WriteStartElement(MsgPrefix, "Property", Msg);
            Text(w, "Name", property.Name);
            Text(w, "Value", property.Value);
            w.WriteEndElement();
        }

        w.WriteEndElement();
    }

    private static void WriteRequest(XmlWriter w, Request r, string prefix, string ns)
    {
        w.WriteStartElement(prefix, "Request", ns);
        if (r.StartTime is { } start) Text(w, "StartTime", Date(start));
        if (r.EndTime is { } end) Text(w, "EndTime", Date(end));
        foreach (var option in r.Option)
        {
            w.WriteStartElement(MsgPrefix, "Option", Msg);
            Text(w, "name", option.Name);
            Text(w, "value", option.Value);
            w.WriteEndElement();
        }

        foreach (var id in r.ID) WriteId(w, "ID", id);
        foreach (var document in r.Documents) document.WriteTo(w);
        w.WriteEndElement();
    }

    private static void WriteReply(XmlWriter w, Reply r, string prefix, string ns)
    {
        w.WriteStartElement(prefix, "Reply", ns);
        Text(w, "Result", r.Result.ToString());
        foreach (var error in r.Error) WriteError(w, error);
        foreach (var id in r.ID) WriteId(w, "ID", id);
        if (r.OperationId is { } operationId) Text(w, "operationId", XmlConvert.ToString(operationId));
        w.WriteEndElement();
    }

    private static void WriteError(XmlWriter w, ReplyError e)
    {
        w.WriteStartElement(MsgPrefix, "Error", Msg);
        Text(w, "code", e.Code);
        if (e.Level is { } level) Text(w, "level", level.ToString());
        Text(w, "reason", e.Reason);
        var details = e.Details;
        string? xpath = null;
        if (e.XPath is { Length: > 0 } path)
        {
            if (IsQName(path)) xpath = path;
            else details = details is null ? "xpath: " + path : details + " (xpath: " + path + ")";
        }

        Text(w, "details", details);
        Text(w, "xpath", xpath);
        if (e.ID is not null) WriteId(w, "ID", e.ID);
        if (e.RelatedID is not null) WriteId(w, "relatedID", e.RelatedID);
        if (e.Object is { } about && (about.MRID is not null || about.Name is not null || about.ObjectType is not null))
        {
            w.WriteStartElement(MsgPrefix, "object", Msg);
            Text(w, "mRID", about.MRID);
            if (about.Name is not null)
            {
                w.WriteStartElement(MsgPrefix, "Name", Msg);
                Text(w, "name", about.Name);
                w.WriteEndElement();
            }

            Text(w, "objectType", about.ObjectType);
            w.WriteEndElement();
        }

        if (e.OperationId is { } operationId) Text(w, "operationId", XmlConvert.ToString(operationId));
        w.WriteEndElement();
    }

    /// <summary>
    /// An unprefixed NCName: the only xs:QName value that stays valid whatever prefixes a receiver or
    /// intermediary re-serializes the message with.
    /// </summary>
    private static bool IsQName(string value)
    {
        try
        {
            XmlConvert.VerifyNCName(value);
            return true;
        }
        catch (XmlException)
        {
            return false;
        }
    }

    private static void WritePayload(XmlWriter w, Payload p, string prefix, string ns, Action<XmlWriter>? streamed)
    {
        w.WriteStartElement(prefix, "Payload", ns);
        if (p.Compress && p.Documents.Count > 0)
        {
            var gzip = Compress(p.Documents);
            w.WriteStartElement(MsgPrefix, "Compressed", Msg);
            w.WriteBase64(gzip, 0, gzip.Length);
            w.WriteEndElement();
        }
        else
        {
            foreach (var document in p.Documents) document.WriteTo(w);
            streamed?.Invoke(w);
        }

        if (p.OperationSet is { } set)
        {
            w.WriteStartElement(MsgPrefix, "OperationSet", Msg);
            if (set.EnforceMsgSequence is { } sequence) Text(w, "enforceMsgSequence", Bool(sequence));
            if (set.EnforceTransactionalIntegrity is { } integrity) Text(w, "enforceTransactionalIntegrity", Bool(integrity));
            foreach (var operation in set.Operation)
            {
                w.WriteStartElement(MsgPrefix, "Operation", Msg);
                Text(w, "operationId", XmlConvert.ToString(operation.OperationId));
                Text(w, "noun", operation.Noun);
                Text(w, "verb", operation.Verb);
                if (operation.ElementOperation) Text(w, "elementOperation", Bool(true));
                operation.Document?.WriteTo(w);
                w.WriteEndElement();
            }

            w.WriteEndElement();
        }

        foreach (var id in p.ID) WriteId(w, "ID", id);
        Text(w, "Format", p.Format);
        w.WriteEndElement();
    }

    /// <summary>gzip of the document (with its XML declaration), or of the documents one after another as a fragment.</summary>
    internal static byte[] Compress(IReadOnlyList<XElement> documents)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var writer = Create(gzip, documents.Count == 1 ? CompressedSettings : CompressedFragmentSettings))
        {
            foreach (var document in documents) document.WriteTo(writer);
        }

        return buffer.ToArray();
    }

    // Every writer of a message replaces what XML cannot carry instead of throwing.
    private static WritableTextXmlWriter Create(Stream output, XmlWriterSettings settings) => new(XmlWriter.Create(output, settings));

    private static void WriteId(XmlWriter w, string name, MessageId id)
    {
        w.WriteStartElement(MsgPrefix, name, Msg);
        if (id.IdType is not null) w.WriteAttributeString("idType", id.IdType);
        if (id.IdAuthority is not null) w.WriteAttributeString("idAuthority", id.IdAuthority);
        if (id.Kind is { } kind) w.WriteAttributeString("kind", kind.ToString());
        if (id.ObjectType is not null) w.WriteAttributeString("objectType", id.ObjectType);
        w.WriteString(id.Value);
        w.WriteEndElement();
    }

    private static void Text(XmlWriter w, string name, string? value)
    {
        if (value is not null) w.WriteElementString(MsgPrefix, name, Msg, value);
    }

    private static string Date(DateTimeOffset value) => XmlConvert.ToString(value.UtcDateTime, XmlDateTimeSerializationMode.Utc);

    private static string Bool(bool value) => value ? "true" : "false";
}
