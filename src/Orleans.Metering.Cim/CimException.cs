using Orleans.Metering.Cim.Codes;

namespace Orleans.Metering.Cim;

/// <summary>
/// A message or document that cannot be accepted. Carries the Annex B code for the reply, and
/// where known the offending object and an XPath-like location, so the gateway can answer FAILED
/// with an Error that names what was wrong.
/// </summary>
public sealed class CimException : Exception
{
    public CimException(ReplyCode code, string reason, string? objectId = null, string? objectType = null, string? xpath = null, Exception? inner = null)
        : base(reason, inner)
    {
        Code = code;
        ObjectId = objectId;
        ObjectType = objectType;
        XPath = xpath;
    }

    public CimException() : this(ReplyCode.SchemaInvalid, "Invalid message") { }

    public CimException(string message) : this(ReplyCode.SchemaInvalid, message) { }

    public CimException(string message, Exception innerException) : this(ReplyCode.SchemaInvalid, message, inner: innerException) { }

    public ReplyCode Code { get; }

    /// <summary>mRID or name of the object the error is about, when known.</summary>
    public string? ObjectId { get; }

    /// <summary>CIM class of that object (EndDevice, Meter, ReadingType ...).</summary>
    public string? ObjectType { get; }

    /// <summary>Where in the message the problem is (e.g. <c>Header/Verb</c>).</summary>
    public string? XPath { get; }
}
