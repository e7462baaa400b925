using System.Buffers;
using System.Xml;
using System.Xml.Linq;
using Orleans.Metering.Cim.Codes;
using Orleans.Metering.Cim.Xml;

namespace Orleans.Metering.Cim.Messages;

/// <summary>
/// Reads an IEC 61968-100 message from untrusted input: the generic envelope (<c>msg:RequestMessage</c>,
/// <c>ResponseMessage</c>, <c>EventMessage</c>, <c>FaultMessage</c>, <c>Message</c>), the per-noun forms of
/// the SOAP binding (<c>CreateEndDeviceControls</c>, <c>EndDeviceEventsResponseMessage</c>, <c>GetMeterReadings</c> ...),
/// and either inside a SOAP 1.1 or 1.2 Envelope. Never throws for bad input: every failure is returned
/// as a <see cref="CimReadResult"/> carrying a <see cref="CimException"/> with its Annex B code.
/// </summary>
/// <remarks>
/// The reader checks the envelope structure (element names, namespaces, order, value types) the way
/// schema validation would (1.8), a missing Header or Header Verb/Noun (1.5), and the limits of
/// <see cref="XmlLimits"/> (3.1). It does not judge the verb (an unknown verb is kept, lower-cased, for the
/// gateway to answer 2.9), nor require MessageID, nor validate profile documents.
/// </remarks>
public static class CimMessageReader
{
    public static CimReadResult Read(Stream body, XmlLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        limits ??= XmlLimits.Default;
        XmlLoadResult load;
        try
        {
            load = HardenedXml.Load(body, limits);
        }
        catch (IOException e)
        {
            return CimReadResult.Failed(
                new CimException(ReplyCode.SchemaInvalid, "The message body could not be read: " + e.Message, inner: e), null, MessageFraming.Generic, null);
        }

        return FromLoad(load, limits);
    }

    public static CimReadResult Read(string xml, XmlLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(xml);
        limits ??= XmlLimits.Default;
        return FromLoad(HardenedXml.Load(xml, limits), limits);
    }

    /// <summary>
    /// Reads a body that must not be read synchronously (an ASP.NET Core request body): copies at most
    /// <see cref="XmlLimits.MaxBytes"/> into memory (refusing more with 3.1 without reading further), then parses.
    /// The copy goes into a pooled buffer sized from <paramref name="lengthHint"/> (the Content-Length, when
    /// known; trusted only up to 4 MiB before the bytes arrive, larger bodies grow the buffer as they come).
    /// A reading message is about a megabyte: growing a fresh buffer for each one made the GC take and zero
    /// new large-object pages per request, and a 1 MiB first buffer still meant a second one and a copy.
    /// </summary>
    public static async Task<CimReadResult> ReadAsync(Stream body, XmlLimits? limits = null, long? lengthHint = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        limits ??= XmlLimits.Default;
        var most = Math.Min(limits.MaxBytes + 1, 4 << 20);
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(lengthHint + 1 ?? 16 * 1024, Math.Min(1024, most), most));
        try
        {
            var length = 0;
            try
            {
                var bounded = new BoundedReadStream(body, limits.MaxBytes);
                int n;
                while ((n = await bounded.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    length += n;
                    if (length == buffer.Length)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, Array.MaxLength));
                        buffer.AsSpan(0, length).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }
                }
            }
            catch (CimException e)
            {
                return CimReadResult.Failed(e, null, MessageFraming.Generic, null);
            }
            catch (IOException e)
            {
                return CimReadResult.Failed(
                    new CimException(ReplyCode.SchemaInvalid, "The message body could not be read: " + e.Message, inner: e), null, MessageFraming.Generic, null);
            }

            using var read = new MemoryStream(buffer, 0, length, writable: false);
            return Read(read, limits);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads a message from an already loaded element (the root, or a SOAP Envelope).</summary>
    public static CimReadResult Read(XElement root, XmlLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        return new Parser(limits ?? XmlLimits.Default, null).Parse(root);
    }

    private static CimReadResult FromLoad(XmlLoadResult load, XmlLimits limits)
    {
        if (load.Error is null)
        {
            return new Parser(limits, null).Parse(load.Root!);
        }

        // The document could not be loaded completely: learn the framing from what was read and
        // the Header when its end tag was reached, so that the answer can still echo it.
        var parser = new Parser(limits, load.Open);
        if (load.Root is not null) parser.Recover(load.Root);
        return CimReadResult.Failed(load.Error, parser.Header, parser.Framing, parser.Kind);
    }

    private sealed class Parser(XmlLimits limits, IReadOnlySet<XElement>? open)
    {
        private const string Msg = CimNamespaces.Message;
        private const string Other = "##other";

        private static readonly string[] RootOrder = ["Header", "Request", "Reply", "Payload"];
        private static readonly string[] HeaderOrder =
            ["Verb", "Noun", "Revision", "ReplayDetection", "Context", "Timestamp", "Source", "AsyncReplyFlag", "ReplyAddress",
             "AckRequired", "User", "MessageID", "CorrelationID", "Comment", "Property", Other];
        private static readonly string[] RequestOrder = ["StartTime", "EndTime", "Option", "ID", Other];
        private static readonly string[] ReplyOrder = ["Result", "Error", "ID", Other, "operationId"];
        private static readonly string[] ErrorOrder =
            ["code", "level", "reason", "details", "xpath", "stackTrace", "Location", "ID", "relatedID", "object", "operationId"];
        private static readonly string[] ObjectOrder = ["mRID", "Name", "objectType"];
        private static readonly string[] OptionOrder = ["name", "value"];
        private static readonly string[] PropertyOrder = ["Name", "Value"];
        private static readonly string[] UserOrder = ["UserID", "Organization"];
        private static readonly string[] ReplayOrder = ["Nonce", "Created"];
        private static readonly string[] OperationSetOrder = ["enforceMsgSequence", "enforceTransactionalIntegrity", "Operation"];
        private static readonly string[] OperationOrder = ["operationId", "noun", "verb", "elementOperation", Other];

        // Payload is a choice of (documents | OperationSet | Compressed | ID*), then Format.
        private static readonly string[] PayloadOrder = [Other, "OperationSet", "Compressed", "ID", "Format"];

        private string wrapperNs = Msg;
        private string? rootVerb;
        private string? rootNoun;
        private string rootName = "";

        public MessageFraming Framing { get; private set; } = MessageFraming.Generic;
        public Header? Header { get; private set; }
        public MessageKind? Kind { get; private set; }

        /// <summary>SOAP header blocks marked mustUnderstand that were not understood (the answer is a SOAP fault).</summary>
        public IReadOnlyList<XName> NotUnderstood { get; private set; } = [];

        public CimReadResult Parse(XElement root)
        {
            try
            {
                return CimReadResult.Ok(ParseMessage(root));
            }
            catch (CimException e)
            {
                return CimReadResult.Failed(e, Header, Framing, Kind, NotUnderstood);
            }
            catch (Exception e) when (e is FormatException or OverflowException or XmlException or InvalidOperationException)
            {
                return CimReadResult.Failed(new CimException(ReplyCode.SchemaInvalid, "Invalid message: " + e.Message, inner: e), Header, Framing, Kind);
            }
        }

        /// <summary>Best effort on a partially loaded tree: framing, kind and a complete Header.</summary>
        public void Recover(XElement root)
        {
            try
            {
                var message = Unwrap(root);
                Identify(message);
                var header = FindHeader(message);
                if (header is not null && open?.Contains(header) != true)
                {
                    ParseHeader(header);
                }
            }
            catch (CimException)
            {
                // Whatever was learned before the failure stays.
            }
            catch (Exception e) when (e is FormatException or OverflowException or XmlException or InvalidOperationException)
            {
                // Same: best effort only.
            }
        }

        private CimMessage ParseMessage(XElement root)
        {
            var element = Unwrap(root);
            Identify(element);
            var kind = Kind!.Value;

            // The Header first, so that it is known even when something after it is wrong.
            var headerElement = FindHeader(element);
            if (headerElement is not null) ParseHeader(headerElement);

            var message = new CimMessage { Kind = kind, Framing = Framing };
            var order = new Order(RootOrder, rootName, []);
            foreach (var child in element.Elements())
            {
                if (!IsEnvelope(child))
                {
                    throw Invalid($"Unexpected element {Describe(child)} in {rootName}", child.Name.LocalName);
                }

                var name = order.Check(child);
                var allowed = kind switch
                {
                    MessageKind.Request => name is "Header" or "Request" or "Payload" || (name == "Reply" && rootName == "Message"),
                    MessageKind.Response => name is "Header" or "Reply" or "Payload" || (name == "Request" && rootName == "Message"),
                    MessageKind.Event => name is "Header" or "Payload" || (name is "Request" or "Reply" && rootName == "Message"),
                    _ => name == "Reply",
                };
                if (!allowed) throw Invalid($"{rootName} cannot contain {name}", name);
                switch (name)
                {
                    case "Header": message.Header = Header; break;
                    case "Request": message.Request = ParseRequest(child); break;
                    case "Reply": message.Reply = ParseReply(child, "Reply"); break;
                    case "Payload": message.Payload = ParsePayload(child); break;
                    default: break;
                }
            }

            if (kind != MessageKind.Fault && headerElement is null)
            {
                throw new CimException(ReplyCode.HeaderMissing, $"{rootName} has no Header", xpath: "Header");
            }

            if (kind is MessageKind.Response or MessageKind.Fault && message.Reply is null)
            {
                throw Invalid($"{rootName} has no Reply", "Reply");
            }

            if (Header is not null) CheckRootAgreesWithHeader(Header);
            EnvelopeNodes.Check(element, IsEnvelope);
            return message;
        }

        private XElement Unwrap(XElement root)
        {
            var ns = root.Name.NamespaceName;
            if (root.Name.LocalName != "Envelope" || ns is not (CimNamespaces.Soap11 or CimNamespaces.Soap12)) return root;
            var soap = ns == CimNamespaces.Soap11 ? SoapVersion.Soap11 : SoapVersion.Soap12;
            Framing = new MessageFraming(EnvelopeStyle.Generic, soap);
            var message = SoapEnvelope.Open(root, out var blocks);
            if (blocks.Count > 0)
            {
                // SOAP: a mustUnderstand block that is not understood stops the message before its Body is looked at.
                NotUnderstood = blocks;
                throw Invalid($"The SOAP header block {{{blocks[0].NamespaceName}}}{blocks[0].LocalName} is marked mustUnderstand and is not understood", "Envelope/Header/" + blocks[0].LocalName);
            }

            return message;
        }

        /// <summary>Kind, style, wrapper namespace and the per-noun verb and noun, from the root element's name.</summary>
        private void Identify(XElement element)
        {
            var ns = element.Name.NamespaceName;
            var local = element.Name.LocalName;
            rootName = local;
            if (ns == Msg)
            {
                Kind = local switch
                {
                    "RequestMessage" => MessageKind.Request,
                    "ResponseMessage" => MessageKind.Response,
                    "EventMessage" => MessageKind.Event,
                    "FaultMessage" => MessageKind.Fault,
                    "Message" => KindOfGenericMessage(element),
                    _ => throw UnknownRoot(element),
                };
                Framing = Framing with { Style = EnvelopeStyle.Generic };
                return;
            }

            var wrapperNoun = CimNamespaces.NounOfPerNounMessage(ns) ?? throw UnknownRoot(element);
            wrapperNs = ns;
            var queryWrapper = false;
            MessageKind kind;
            string noun;
            string? verb = null;
            var queryNoun = wrapperNoun.StartsWith("Get", StringComparison.Ordinal) && wrapperNoun.Length > 3 ? wrapperNoun[3..] : null;
            if (local == wrapperNoun + "ResponseMessage" || (queryNoun is not null && local == queryNoun + "ResponseMessage"))
            {
                kind = MessageKind.Response;
                noun = local[..^"ResponseMessage".Length];
                queryWrapper = noun != wrapperNoun;
            }
            else if (local == wrapperNoun + "FaultMessage" || (queryNoun is not null && local == queryNoun + "FaultMessage"))
            {
                kind = MessageKind.Fault;
                noun = local[..^"FaultMessage".Length];
                queryWrapper = noun != wrapperNoun;
            }
            else if (queryNoun is not null && local == wrapperNoun)
            {
                kind = MessageKind.Request;
                noun = queryNoun;
                verb = CimVerbs.Get;
                queryWrapper = true;
            }
            else if (local.Length > wrapperNoun.Length && local.EndsWith(wrapperNoun, StringComparison.Ordinal)
                     && CimVerbs.Normalize(local[..^wrapperNoun.Length]) is var v && CimVerbs.IsKnown(v) && v != CimVerbs.Reply)
            {
                verb = v;
                noun = wrapperNoun;
                kind = CimVerbs.IsPastTense(v) ? MessageKind.Event : MessageKind.Request;
            }
            else
            {
                throw UnknownRoot(element);
            }

            Kind = kind;
            rootVerb = verb;
            rootNoun = noun;
            Framing = Framing with { Style = EnvelopeStyle.PerNoun, QueryWrapper = queryWrapper };
        }

        private static MessageKind KindOfGenericMessage(XElement element)
        {
            if (element.Element(XName.Get("Reply", Msg)) is not null) return MessageKind.Response;
            var verb = element.Element(XName.Get("Header", Msg))?.Element(XName.Get("Verb", Msg))?.Value;
            return verb is not null && CimVerbs.IsPastTense(CimVerbs.Normalize(verb)) ? MessageKind.Event : MessageKind.Request;
        }

        private static CimException UnknownRoot(XElement element) => Invalid(
            $"The root element {element.Name.LocalName} in namespace '{element.Name.NamespaceName}' is not an IEC 61968-100 message "
            + $"(expected RequestMessage, ResponseMessage, EventMessage or FaultMessage in '{Msg}', or a per-noun message in 'http://iec.ch/TC57/2011/<Noun>Message')",
            element.Name.LocalName);

        private XElement? FindHeader(XElement message) =>
            message.Elements().FirstOrDefault(e => e.Name.LocalName == "Header" && IsEnvelope(e));

        private void CheckRootAgreesWithHeader(Header header)
        {
            if (rootVerb is not null && header.Verb != rootVerb)
            {
                throw Invalid($"The root element {rootName} does not agree with Header/Verb '{header.Verb}'", "Header/Verb");
            }

            if (rootNoun is not null && header.Noun != rootNoun)
            {
                throw Invalid($"The root element {rootName} does not agree with Header/Noun '{header.Noun}'", "Header/Noun");
            }
        }

        /// <summary>Direct children of the root (and the envelope elements of a per-noun Payload) may be in either namespace.</summary>
        private bool IsEnvelope(XElement e) => e.Name.NamespaceName == Msg || e.Name.NamespaceName == wrapperNs;

        private static bool IsMsg(XElement e) => e.Name.NamespaceName == Msg;

        // ---------------------------------------------------------------- Header

        private void ParseHeader(XElement element)
        {
            CimException? first = null;
            string? verb = null, noun = null;
            var header = new Header { Verb = "", Noun = "" };
            var order = new Order(HeaderOrder, "Header", ["Property", Other]);
            foreach (var child in element.Elements())
            {
                try
                {
                    var name = IsMsg(child) ? order.Check(child) : order.Check(child, Other);
                    var path = "Header/" + name;
                    switch (name)
                    {
                        case "Verb": verb = CimVerbs.Normalize(Identifier(child, path)); break;
                        case "Noun": noun = Identifier(child, path).Trim(); break;
                        case "Revision": header.Revision = Identifier(child, path); break;
                        case "ReplayDetection": header.ReplayDetection = ParseReplayDetection(child); break;
                        case "Context": header.Context = Identifier(child, path); break;
                        case "Timestamp": header.Timestamp = DateTime(child, path); break;
                        case "Source": header.Source = Identifier(child, path); break;
                        case "AsyncReplyFlag": header.AsyncReplyFlag = Boolean(child, path); break;
                        case "ReplyAddress": header.ReplyAddress = Text(child, path); break;
                        case "AckRequired": header.AckRequired = Boolean(child, path); break;
                        case "User": header.User = ParseUser(child); break;
                        case "MessageID": header.MessageID = Identifier(child, path); break;
                        case "CorrelationID": header.CorrelationID = Identifier(child, path); break;
                        case "Comment": header.Comment = Text(child, path); break;
                        case "Property": header.Property.Add(ParseProperty(child)); break;
                        default: break; // ##other extensions are tolerated
                    }
                }
                catch (CimException e)
                {
                    first ??= e;
                }
            }

            if (string.IsNullOrEmpty(verb) || string.IsNullOrEmpty(noun))
            {
                if (first is not null) throw first;
                var missing = string.IsNullOrEmpty(verb) ? "Verb" : "Noun";
                throw new CimException(ReplyCode.HeaderMissing, $"The Header has no {missing}", xpath: "Header/" + missing);
            }

            header.Verb = verb;
            header.Noun = noun;
            Header = header;
            if (first is not null) throw first;
        }

        private ReplayDetection ParseReplayDetection(XElement element)
        {
            string? nonce = null;
            DateTimeOffset? created = null;
            var order = new Order(ReplayOrder, "Header/ReplayDetection", []);
            foreach (var child in MsgChildren(element, "Header/ReplayDetection"))
            {
                switch (order.Check(child))
                {
                    case "Nonce": nonce = Identifier(child, "Header/ReplayDetection/Nonce"); break;
                    default: created = DateTime(child, "Header/ReplayDetection/Created"); break;
                }
            }

            return new ReplayDetection(
                nonce ?? throw Invalid("Header/ReplayDetection has no Nonce", "Header/ReplayDetection/Nonce"),
                created ?? throw Invalid("Header/ReplayDetection has no Created", "Header/ReplayDetection/Created"));
        }

        private MessageUser ParseUser(XElement element)
        {
            string? user = null, organization = null;
            var order = new Order(UserOrder, "Header/User", []);
            foreach (var child in MsgChildren(element, "Header/User"))
            {
                switch (order.Check(child))
                {
                    case "UserID": user = Identifier(child, "Header/User/UserID"); break;
                    default: organization = Identifier(child, "Header/User/Organization"); break;
                }
            }

            return new MessageUser(user ?? throw Invalid("Header/User has no UserID", "Header/User/UserID"), organization);
        }

        private MessageProperty ParseProperty(XElement element)
        {
            string? name = null, value = null;
            var order = new Order(PropertyOrder, "Header/Property", []);
            foreach (var child in MsgChildren(element, "Header/Property"))
            {
                switch (order.Check(child))
                {
                    case "Name": name = Identifier(child, "Header/Property/Name"); break;
                    default: value = Text(child, "Header/Property/Value"); break;
                }
            }

            return new MessageProperty(name ?? throw Invalid("Header/Property has no Name", "Header/Property/Name"), value);
        }

        // ---------------------------------------------------------------- Request

        private Request ParseRequest(XElement element)
        {
            var request = new Request();
            var order = new Order(RequestOrder, "Request", ["Option", "ID", Other]);
            foreach (var child in element.Elements())
            {
                var name = IsMsg(child) ? order.Check(child) : order.Check(child, Other);
                switch (name)
                {
                    case "StartTime": request.StartTime = DateTime(child, "Request/StartTime"); break;
                    case "EndTime": request.EndTime = DateTime(child, "Request/EndTime"); break;
                    case "Option": request.Option.Add(ParseOption(child)); break;
                    case "ID": request.ID.Add(ParseId(child, "Request/ID")); break;
                    default: request.Documents.Add(child); break;
                }
            }

            return request;
        }

        private RequestOption ParseOption(XElement element)
        {
            string? name = null, value = null;
            var order = new Order(OptionOrder, "Request/Option", []);
            foreach (var child in MsgChildren(element, "Request/Option"))
            {
                switch (order.Check(child))
                {
                    case "name": name = Identifier(child, "Request/Option/name"); break;
                    default: value = Text(child, "Request/Option/value"); break;
                }
            }

            return new RequestOption(name ?? throw Invalid("Request/Option has no name", "Request/Option/name"), value);
        }

        private MessageId ParseId(XElement element, string path)
        {
            var value = Identifier(element, path);
            IdKind? kind = null;
            var kindText = (string?)element.Attribute("kind");
            if (kindText is not null)
            {
                kind = kindText switch
                {
                    "name" => IdKind.name,
                    "uuid" => IdKind.uuid,
                    "transaction" => IdKind.transaction,
                    "other" => IdKind.other,
                    _ => throw Invalid($"{path}/@kind '{kindText}' is not one of name, uuid, transaction, other", path + "/@kind"),
                };
            }

            return new MessageId(
                value,
                kind,
                (string?)element.Attribute("idType"),
                (string?)element.Attribute("idAuthority"),
                (string?)element.Attribute("objectType"));
        }

        // ---------------------------------------------------------------- Reply

        private Reply ParseReply(XElement element, string path)
        {
            var reply = new Reply();
            var hasResult = false;
            var order = new Order(ReplyOrder, path, ["Error", "ID", Other]);
            foreach (var child in element.Elements())
            {
                var name = IsMsg(child) ? order.Check(child) : order.Check(child, Other);
                switch (name)
                {
                    case "Result":
                        reply.Result = child.Value.Trim() switch
                        {
                            "OK" => ReplyResult.OK,
                            "PARTIAL" => ReplyResult.PARTIAL,
                            "FAILED" => ReplyResult.FAILED,
                            var other => throw Invalid($"{path}/Result '{other}' is not one of OK, PARTIAL, FAILED", path + "/Result"),
                        };
                        hasResult = true;
                        break;
                    case "Error": reply.Error.Add(ParseError(child, path + "/Error")); break;
                    case "ID": reply.ID.Add(ParseId(child, path + "/ID")); break;
                    case "operationId": reply.OperationId = Integer(child, path + "/operationId"); break;
                    default: break; // extensions
                }
            }

            return hasResult ? reply : throw Invalid($"{path} has no Result", path + "/Result");
        }

        private ReplyError ParseError(XElement element, string path)
        {
            string? code = null;
            var error = new ReplyError { Code = "" };
            var order = new Order(ErrorOrder, path, []);
            foreach (var child in MsgChildren(element, path))
            {
                var name = order.Check(child);
                switch (name)
                {
                    case "code": code = child.Value.Trim(); break;
                    case "level":
                        error.Level = child.Value.Trim() switch
                        {
                            "INFORM" => ErrorLevel.INFORM,
                            "WARNING" => ErrorLevel.WARNING,
                            "FATAL" => ErrorLevel.FATAL,
                            "CATASTROPHIC" => ErrorLevel.CATASTROPHIC,
                            var other => throw Invalid($"{path}/level '{other}' is not one of INFORM, WARNING, FATAL, CATASTROPHIC", path + "/level"),
                        };
                        break;
                    case "reason": error.Reason = child.Value; break;
                    case "details": error.Details = child.Value; break;
                    case "xpath": error.XPath = child.Value; break;
                    case "ID": error.ID = ParseId(child, path + "/ID"); break;
                    case "relatedID": error.RelatedID = ParseId(child, path + "/relatedID"); break;
                    case "object": error.Object = ParseObject(child, path + "/object"); break;
                    case "operationId": error.OperationId = Integer(child, path + "/operationId"); break;
                    default: break; // stackTrace, Location: not kept
                }
            }

            error.Code = code ?? throw Invalid($"{path} has no code", path + "/code");
            return error;
        }

        private static ErrorObject ParseObject(XElement element, string path)
        {
            string? mrid = null, name = null, objectType = null;
            var order = new Order(ObjectOrder, path, ["Name"]);
            foreach (var child in MsgChildren(element, path))
            {
                switch (order.Check(child))
                {
                    case "mRID": mrid = child.Value; break;
                    case "Name":
                        name ??= child.Element(XName.Get("name", Msg))?.Value
                            ?? throw Invalid($"{path}/Name has no name", path + "/Name/name");
                        break;
                    default: objectType = child.Value; break;
                }
            }

            return new ErrorObject(mrid, name, objectType);
        }

        // ---------------------------------------------------------------- Payload

        private Payload ParsePayload(XElement element)
        {
            var payload = new Payload();
            var order = new Order(PayloadOrder, "Payload", [Other, "ID"]);
            foreach (var child in element.Elements())
            {
                var name = IsEnvelope(child) ? order.Check(child) : order.Check(child, Other);
                switch (name)
                {
                    case "OperationSet": payload.OperationSet = ParseOperationSet(child); break;
                    case "Compressed":
                        payload.Documents.AddRange(Decompress(child.Value));
                        payload.WasCompressed = true;
                        break;
                    case "ID": payload.ID.Add(ParseId(child, "Payload/ID")); break;
                    case "Format": payload.Format = child.Value; break;
                    default: payload.Documents.Add(child); break;
                }
            }

            return payload;
        }

        private IReadOnlyList<XElement> Decompress(string text)
        {
            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(text);
            }
            catch (FormatException e)
            {
                throw new CimException(ReplyCode.SchemaInvalid, "Payload/Compressed is not valid base64", xpath: "Payload/Compressed", inner: e);
            }

            try
            {
                return HardenedXml.LoadGzipFragment(bytes, limits);
            }
            catch (CimException e)
            {
                throw new CimException(e.Code, "Payload/Compressed: " + e.Message, xpath: "Payload/Compressed", inner: e);
            }
        }

        private OperationSet ParseOperationSet(XElement element)
        {
            var set = new OperationSet();
            var order = new Order(OperationSetOrder, "Payload/OperationSet", ["Operation"]);
            foreach (var child in element.Elements())
            {
                if (!IsEnvelope(child)) throw Invalid($"Unexpected element {Describe(child)} in Payload/OperationSet", "Payload/OperationSet");
                switch (order.Check(child))
                {
                    case "enforceMsgSequence": set.EnforceMsgSequence = Boolean(child, "Payload/OperationSet/enforceMsgSequence"); break;
                    case "enforceTransactionalIntegrity":
                        set.EnforceTransactionalIntegrity = Boolean(child, "Payload/OperationSet/enforceTransactionalIntegrity");
                        break;
                    default: set.Operation.Add(ParseOperation(child)); break;
                }
            }

            return set;
        }

        private Operation ParseOperation(XElement element)
        {
            const string path = "Payload/OperationSet/Operation";
            var operation = new Operation();
            var hasId = false;
            var order = new Order(OperationOrder, path, []);
            foreach (var child in element.Elements())
            {
                var name = IsEnvelope(child) ? order.Check(child) : order.Check(child, Other);
                switch (name)
                {
                    case "operationId":
                        operation.OperationId = Integer(child, path + "/operationId");
                        hasId = true;
                        break;
                    case "noun": operation.Noun = child.Value.Trim(); break;
                    case "verb": operation.Verb = CimVerbs.Normalize(child.Value); break;
                    case "elementOperation": operation.ElementOperation = Boolean(child, path + "/elementOperation"); break;
                    default: operation.Document = child; break;
                }
            }

            return hasId ? operation : throw Invalid($"{path} has no operationId", path + "/operationId");
        }

        // ---------------------------------------------------------------- values

        private static IEnumerable<XElement> MsgChildren(XElement element, string path)
        {
            foreach (var child in element.Elements())
            {
                if (!IsMsg(child)) throw Invalid($"Unexpected element {Describe(child)} in {path}", path);
                yield return child;
            }
        }

        private static DateTimeOffset DateTime(XElement element, string path)
        {
            var text = element.Value.Trim();
            try
            {
                return XmlConvert.ToDateTimeOffset(text);
            }
            catch (FormatException e)
            {
                throw new CimException(ReplyCode.SchemaInvalid, $"{path} '{Clip(text)}' is not a valid xs:dateTime", xpath: path, inner: e);
            }
        }

        private static bool Boolean(XElement element, string path)
        {
            var text = element.Value.Trim();
            return text switch
            {
                "true" or "1" => true,
                "false" or "0" => false,
                _ => throw Invalid($"{path} '{Clip(text)}' is not a valid xs:boolean (true, false, 1, 0)", path),
            };
        }

        private static int Integer(XElement element, string path)
        {
            var text = element.Value.Trim();
            try
            {
                return XmlConvert.ToInt32(text);
            }
            catch (Exception e) when (e is FormatException or OverflowException)
            {
                throw new CimException(ReplyCode.SchemaInvalid, $"{path} '{Clip(text)}' is not a valid integer", xpath: path, inner: e);
            }
        }

        /// <summary>The text of an identifier field (Verb, Noun, MessageID, Source ...): text only, at most <see cref="XmlLimits.MaxIdentifierLength"/> characters (3.1).</summary>
        private string Identifier(XElement element, string path) => Bounded(element, path, limits.MaxIdentifierLength, "an identifier");

        /// <summary>The text of any other text field: text only, at most <see cref="XmlLimits.MaxTextLength"/> characters (3.1).</summary>
        private string Text(XElement element, string path) => Bounded(element, path, limits.MaxTextLength, "a text");

        private static string Bounded(XElement element, string path, int most, string what)
        {
            if (element.HasElements) throw Invalid($"{path} must hold text only", path);
            var text = element.Value;
            return text.Length <= most
                ? text
                : throw new CimException(ReplyCode.TooManyItems, $"{path} is {text.Length} characters long; at most {most} are accepted for {what}", xpath: path);
        }

        private static string Clip(string text) => text.Length <= 64 ? text : text[..64] + "...";

        private static string Describe(XElement e) =>
            e.Name.NamespaceName.Length == 0 ? $"{e.Name.LocalName} (no namespace)" : $"{e.Name.LocalName} (namespace '{e.Name.NamespaceName}')";

        private static CimException Invalid(string reason, string? xpath) => new(ReplyCode.SchemaInvalid, reason, xpath: xpath);

        /// <summary>Checks that the children of a schema sequence come in order, and that only repeatable ones repeat.</summary>
        private struct Order(string[] names, string path, string[] repeatable)
        {
            private int last = -1;

            /// <summary>Checks <paramref name="element"/> by its local name (or as <paramref name="as"/>); returns the name it counts as.</summary>
            public string Check(XElement element, string? @as = null)
            {
                var name = @as ?? element.Name.LocalName;
                if (@as == Other && element.Name.NamespaceName.Length == 0)
                {
                    throw Invalid(
                        $"{path}/{element.Name.LocalName} has no namespace (envelope elements are in '{Msg}', documents in their profile namespace)",
                        path + "/" + element.Name.LocalName);
                }

                var index = Array.IndexOf(names, name);
                if (index < 0)
                {
                    throw Invalid($"Unexpected element {Describe(element)} in {path}", path + "/" + element.Name.LocalName);
                }

                if (index < last || (index == last && Array.IndexOf(repeatable, name) < 0))
                {
                    throw Invalid(
                        index == last
                            ? $"{path}/{element.Name.LocalName} appears more than once"
                            : $"{path}/{element.Name.LocalName} is out of order (expected order: {string.Join(", ", names.Where(n => n != Other))})",
                        path + "/" + element.Name.LocalName);
                }

                last = index;
                return name;
            }
        }
    }
}
