using System.Diagnostics.CodeAnalysis;
using System.Xml.Linq;

namespace Orleans.Metering.Cim.Messages;

/// <summary>
/// The outcome of <see cref="CimMessageReader"/>: the message, or the error with whatever could still
/// be learned about the message (its Header and framing) so that the answer can be a ResponseMessage
/// echoing the Header in the right framing, or a FaultMessage when no Header could be read.
/// </summary>
public sealed class CimReadResult
{
    internal CimReadResult(CimMessage? message, CimException? error, Header? header, MessageFraming framing, MessageKind? kind, IReadOnlyList<XName>? notUnderstood = null)
    {
        NotUnderstood = notUnderstood ?? [];
        Message = message;
        Error = error;
        Header = header;
        Framing = framing;
        Kind = kind;
    }

    /// <summary>The message; null when <see cref="Error"/> is set.</summary>
    public CimMessage? Message { get; }

    /// <summary>Why the message cannot be accepted (1.5, 1.8, 3.1 ...); null on success.</summary>
    public CimException? Error { get; }

    /// <summary>The Header as far as it could be read (also on error); null when there is none usable.</summary>
    public Header? Header { get; }

    /// <summary>The framing as detected (also on error; <see cref="MessageFraming.Generic"/> when nothing could be detected).</summary>
    public MessageFraming Framing { get; }

    /// <summary>The message kind as detected from the root element, when it could be.</summary>
    public MessageKind? Kind { get; }

    /// <summary>
    /// SOAP header blocks marked mustUnderstand (for this node) that the platform does not understand.
    /// When not empty the answer is a SOAP MustUnderstand fault (<see cref="SoapFaults"/>), not a 61968-100 message.
    /// </summary>
    public IReadOnlyList<XName> NotUnderstood { get; }

    [MemberNotNullWhen(true, nameof(Message))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Success => Error is null && Message is not null;

    internal static CimReadResult Ok(CimMessage message) =>
        new(message, null, message.Header, message.Framing, message.Kind);

    internal static CimReadResult Failed(CimException error, Header? header, MessageFraming framing, MessageKind? kind, IReadOnlyList<XName>? notUnderstood = null) =>
        new(null, error, header, framing, kind, notUnderstood);
}
