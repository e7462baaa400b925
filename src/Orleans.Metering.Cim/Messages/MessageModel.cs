using System.Xml.Linq;
using Orleans.Metering.Cim.Codes;

namespace Orleans.Metering.Cim.Messages;

/// <summary>Which of the four IEC 61968-100 message structures a message is.</summary>
public enum MessageKind { Request, Response, Event, Fault }

/// <summary>How a message was (or is to be) framed on the wire.</summary>
public enum EnvelopeStyle
{
    /// <summary>msg:RequestMessage / ResponseMessage / EventMessage / FaultMessage.</summary>
    Generic,

    /// <summary>The per-noun SOAP binding elements, e.g. CreateEndDeviceControls, EndDeviceControlsResponseMessage.</summary>
    PerNoun,
}

public enum SoapVersion { None, Soap11, Soap12 }

/// <summary>The framing of a message: envelope style and SOAP wrapper. A reply uses the framing of its request.</summary>
public sealed record MessageFraming(EnvelopeStyle Style, SoapVersion Soap)
{
    public static readonly MessageFraming Generic = new(EnvelopeStyle.Generic, SoapVersion.None);

    /// <summary>
    /// Per-noun framing of a Get&lt;Noun&gt; WSDL: the wrapper namespace is <c>http://iec.ch/TC57/2011/Get&lt;Noun&gt;Message</c>
    /// for the request (<c>Get&lt;Noun&gt;</c>) and for its <c>&lt;Noun&gt;ResponseMessage</c> / <c>&lt;Noun&gt;FaultMessage</c>.
    /// Set by the reader; the writer uses it for responses and faults (a <c>get</c> request always uses it).
    /// </summary>
    public bool QueryWrapper { get; init; }
}

public enum ReplyResult { OK, PARTIAL, FAILED }

public enum ErrorLevel { INFORM, WARNING, FATAL, CATASTROPHIC }

public enum IdKind { name, uuid, transaction, other }

/// <summary>HeaderType, every field in schema order.</summary>
public sealed class Header
{
    public required string Verb { get; set; }
    public required string Noun { get; set; }
    public string? Revision { get; set; }
    public ReplayDetection? ReplayDetection { get; set; }
    public string? Context { get; set; }
    public DateTimeOffset? Timestamp { get; set; }
    public string? Source { get; set; }
    public bool? AsyncReplyFlag { get; set; }
    public string? ReplyAddress { get; set; }
    public bool? AckRequired { get; set; }
    public MessageUser? User { get; set; }
    public string? MessageID { get; set; }
    public string? CorrelationID { get; set; }
    public string? Comment { get; set; }
    public List<MessageProperty> Property { get; } = [];

    /// <summary>Value of the first Property with this name, or null.</summary>
    public string? GetProperty(string name) => Property.FirstOrDefault(p => p.Name == name)?.Value;
}

public sealed record ReplayDetection(string Nonce, DateTimeOffset Created);

public sealed record MessageUser(string UserID, string? Organization);

public sealed record MessageProperty(string Name, string? Value);

public sealed record RequestOption(string Name, string? Value);

/// <summary>An ID element (Request.ID, Reply.ID, Payload.ID, Error.ID) with its attributes.</summary>
public sealed record MessageId(string Value, IdKind? Kind = null, string? IdType = null, string? IdAuthority = null, string? ObjectType = null);

/// <summary>RequestType: time range, options, IDs and the query documents (e.g. GetEndDeviceEvents).</summary>
public sealed class Request
{
    public DateTimeOffset? StartTime { get; set; }
    public DateTimeOffset? EndTime { get; set; }
    public List<RequestOption> Option { get; } = [];
    public List<MessageId> ID { get; } = [];

    /// <summary>Query profile documents (any element outside the message namespace).</summary>
    public List<XElement> Documents { get; } = [];

    public string? GetOption(string name) => Option.FirstOrDefault(o => o.Name == name)?.Value;
}

/// <summary>ErrorType. The deprecated <c>object</c> element is what names the object the error is about.</summary>
public sealed class ReplyError
{
    public required string Code { get; set; }
    public ErrorLevel? Level { get; set; }
    public string? Reason { get; set; }
    public string? Details { get; set; }
    public string? XPath { get; set; }
    public MessageId? ID { get; set; }

    /// <summary>relatedID: the other object when the error is about the relationship of two objects.</summary>
    public MessageId? RelatedID { get; set; }

    public ErrorObject? Object { get; set; }
    public int? OperationId { get; set; }

    public static ReplyError From(ReplyCode code, string reason, ErrorLevel level = ErrorLevel.FATAL, ErrorObject? about = null) =>
        new() { Code = code.Code, Level = level, Reason = reason, Object = about };

    public static ReplyError From(CimException e) => new()
    {
        Code = e.Code.Code,
        Level = ErrorLevel.FATAL,
        Reason = e.Message,
        // Error.xpath is an xs:QName in the schema, which cannot hold a path; the location goes in details.
        Details = e.XPath is null ? null : "Location: " + e.XPath,
        Object = e.ObjectId is null ? null : new ErrorObject(e.ObjectId, null, e.ObjectType),
    };
}

/// <summary>ObjectType of an Error: mRID, a Name, and the CIM class.</summary>
public sealed record ErrorObject(string? MRID, string? Name, string? ObjectType);

/// <summary>ReplyType.</summary>
public sealed class Reply
{
    public ReplyResult Result { get; set; }
    public List<ReplyError> Error { get; } = [];
    public List<MessageId> ID { get; } = [];
    public int? OperationId { get; set; }

    public static Reply Ok(ReplyCode? code = null, string? reason = null)
    {
        var reply = new Reply { Result = ReplyResult.OK };
        if (code is not null) reply.Error.Add(ReplyError.From(code, reason ?? code.Description, ErrorLevel.INFORM));
        return reply;
    }

    public static Reply Failed(ReplyCode code, string reason, ErrorObject? about = null)
    {
        var reply = new Reply { Result = ReplyResult.FAILED };
        reply.Error.Add(ReplyError.From(code, reason, ErrorLevel.FATAL, about));
        return reply;
    }

    public static Reply Failed(CimException e)
    {
        var reply = new Reply { Result = ReplyResult.FAILED };
        reply.Error.Add(ReplyError.From(e));
        return reply;
    }
}

/// <summary>One Operation of an OperationSet.</summary>
public sealed class Operation
{
    public int OperationId { get; set; }
    public string? Noun { get; set; }
    public string? Verb { get; set; }
    public bool ElementOperation { get; set; }
    public XElement? Document { get; set; }
}

public sealed class OperationSet
{
    public bool? EnforceMsgSequence { get; set; }
    public bool? EnforceTransactionalIntegrity { get; set; }
    public List<Operation> Operation { get; } = [];
}

/// <summary>
/// PayloadType: profile documents, or an OperationSet, or a Compressed payload; then IDs and Format.
/// A Compressed payload is decompressed by the reader into <see cref="Documents"/> (with
/// <see cref="WasCompressed"/> set); the writer compresses when <see cref="Compress"/> is set.
/// </summary>
public sealed class Payload
{
    public List<XElement> Documents { get; } = [];
    public OperationSet? OperationSet { get; set; }
    public List<MessageId> ID { get; } = [];
    public string? Format { get; set; }
    public bool WasCompressed { get; set; }
    public bool Compress { get; set; }
}

/// <summary>A whole 61968-100 message. Fault messages have only a Reply.</summary>
public sealed class CimMessage
{
    public MessageKind Kind { get; set; }
    public Header? Header { get; set; }
    public Request? Request { get; set; }
    public Reply? Reply { get; set; }
    public Payload? Payload { get; set; }

    /// <summary>The framing the message arrived in (set by the reader).</summary>
    public MessageFraming Framing { get; set; } = MessageFraming.Generic;
}
