using System.Xml.Linq;

namespace Orleans.Metering.Cim.Messages;

/// <summary>Builds the messages the platform sends: responses to requests, faults and events.</summary>
public static class CimMessages
{
    /// <summary>
    /// The ResponseMessage answering <paramref name="request"/>, in the request's framing. Header: Verb =
    /// <paramref name="verb"/> (default <c>reply</c>), Noun and Context copied from the request,
    /// CorrelationID = the request's MessageID, or its CorrelationID when it has no MessageID, a new
    /// MessageID (a GUID), Timestamp = now from <paramref name="time"/> (default the system clock), Source =
    /// <paramref name="source"/>.
    /// </summary>
    public static CimMessage ResponseTo(
        CimMessage request, Reply reply, Payload? payload = null, string? verb = null, TimeProvider? time = null, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Header ?? throw new ArgumentException("The request has no Header: answer with Fault", nameof(request));
        var response = ResponseTo(header, reply, payload, verb, time, source);
        response.Framing = request.Framing;
        return response;
    }

    /// <summary>
    /// The ResponseMessage answering a request of which only the Header is known (e.g.
    /// <see cref="CimReadResult.Header"/> of a message that could not be read); see
    /// <see cref="ResponseTo(CimMessage, Reply, Payload?, string?, TimeProvider?, string?)"/>.
    /// </summary>
    public static CimMessage ResponseTo(
        Header requestHeader, Reply reply, Payload? payload = null, string? verb = null, TimeProvider? time = null, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(requestHeader);
        ArgumentNullException.ThrowIfNull(reply);
        return new CimMessage
        {
            Kind = MessageKind.Response,
            Header = new Header
            {
                Verb = verb is null ? CimVerbs.Reply : CimVerbs.Normalize(verb),
                Noun = requestHeader.Noun,
                Context = requestHeader.Context,
                Timestamp = (time ?? TimeProvider.System).GetUtcNow(),
                Source = source,
                MessageID = NewMessageId(),
                CorrelationID = requestHeader.MessageID ?? requestHeader.CorrelationID,
            },
            Reply = reply,
            Payload = payload,
        };
    }

    /// <summary>A FaultMessage (only a Reply): the answer when no Header could be read.</summary>
    public static CimMessage Fault(Reply reply, MessageFraming? framing = null)
    {
        ArgumentNullException.ThrowIfNull(reply);
        return new CimMessage { Kind = MessageKind.Fault, Reply = reply, Framing = framing ?? MessageFraming.Generic };
    }

    /// <summary>
    /// The answer to a message that could not be read: a FAILED ResponseMessage echoing the Header when one
    /// was read, else a FaultMessage; in the framing detected.
    /// </summary>
    public static CimMessage ErrorAnswer(CimReadResult result, TimeProvider? time = null, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var error = result.Error ?? throw new ArgumentException("The message was read successfully", nameof(result));
        var reply = Reply.Failed(error);
        if (result.Header is null) return Fault(reply, result.Framing);
        var response = ResponseTo(result.Header, reply, time: time, source: source);
        response.Framing = result.Framing;
        return response;
    }

    /// <summary>
    /// An EventMessage (e.g. <c>created</c> <c>EndDeviceEvents</c>) carrying <paramref name="document"/>; with
    /// a null document the Payload is empty, for a document streamed by <see cref="CimMessageWriter"/>.
    /// </summary>
    public static CimMessage Event(
        string verb, string noun, XElement? document, TimeProvider? time = null, string? source = null, string? messageId = null, string? correlationId = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(verb);
        ArgumentException.ThrowIfNullOrEmpty(noun);
        var payload = new Payload();
        if (document is not null) payload.Documents.Add(document);
        return new CimMessage
        {
            Kind = MessageKind.Event,
            Header = new Header
            {
                Verb = CimVerbs.Normalize(verb),
                Noun = noun,
                Timestamp = (time ?? TimeProvider.System).GetUtcNow(),
                Source = source,
                MessageID = messageId ?? NewMessageId(),
                CorrelationID = correlationId,
            },
            Payload = payload,
        };
    }

    /// <summary>
    /// A RequestMessage: Header with Verb, Noun, Timestamp (now), Source and MessageID (a new GUID unless
    /// given). <paramref name="document"/> is the query of a <c>get</c> (in Request) or the payload of any
    /// other verb; callers add further Header fields and Request options to the result.
    /// </summary>
    public static CimMessage Request(
        string verb, string noun, XElement? document, string? source = null, string? messageId = null, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(verb);
        ArgumentException.ThrowIfNullOrEmpty(noun);
        var normalized = CimVerbs.Normalize(verb);
        var message = new CimMessage
        {
            Kind = MessageKind.Request,
            Header = new Header
            {
                Verb = normalized,
                Noun = noun,
                Timestamp = (time ?? TimeProvider.System).GetUtcNow(),
                Source = source,
                MessageID = messageId ?? NewMessageId(),
            },
        };
        if (normalized == CimVerbs.Get)
        {
            message.Request = new Request();
            if (document is not null) message.Request.Documents.Add(document);
        }
        else if (document is not null)
        {
            message.Payload = new Payload();
            message.Payload.Documents.Add(document);
        }

        return message;
    }

    /// <summary>A new MessageID: a GUID in its 36-character form.</summary>
    public static string NewMessageId() => Guid.NewGuid().ToString("D");
}
