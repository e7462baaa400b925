using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Metering.Cim.Codes;
using Orleans.Metering.Cim.Messages;
using Orleans.Metering.Cim.Xml;

namespace Orleans.Metering.Gateway;

/// <summary>
/// POST /cim: one 61968-100 message in (generic envelope, per-noun element, SOAP 1.1 or 1.2), one
/// answer out in the same framing. A message whose Header can be read is always answered with a
/// ResponseMessage (HTTP 200, Result in the Reply); one without gets a FaultMessage and HTTP 400
/// (413 when too large, 415 for a Content-Encoding other than gzip or deflate, see <see cref="RequestEncoding"/>).
/// Should anything still fail, the answer is a well-formed FaultMessage with 5.3 and HTTP 500, never an empty body.
/// </summary>
public sealed partial class CimEndpoint(MessageRouter router, TimeProvider time, IOptions<GatewayOptions> options, ILogger<CimEndpoint> logger)
{
    public async Task Handle(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var framing = MessageFraming.Generic;
        try
        {
            var read = await Read(http);
            if (read is null) return;
            framing = read.Framing;
            if (read.NotUnderstood.Count > 0)
            {
                // SOAP processing: a mustUnderstand header block the platform does not understand is a SOAP fault, not a 61968-100 answer.
                await Send(http, SoapFaults.MustUnderstand(read.Framing.Soap, read.NotUnderstood), read.Framing, StatusCodes.Status500InternalServerError);
                return;
            }

            if (!read.Success)
            {
                var answer = CimMessages.ErrorAnswer(read, time, options.Value.Source);
                var status = answer.Kind != MessageKind.Fault ? StatusCodes.Status200OK
                    : read.Error!.Code == ReplyCode.TooManyItems ? StatusCodes.Status413PayloadTooLarge
                    : StatusCodes.Status400BadRequest;
                await Write(http, answer, status);
                return;
            }

            var response = await router.Route(read.Message!, http.RequestAborted);
            await Write(http, response, StatusCodes.Status200OK);
        }
#pragma warning disable CA1031 // the last resort: whatever failed, the client gets a CIM answer, not an empty 500
        catch (Exception e) when (!http.RequestAborted.IsCancellationRequested && !http.Response.HasStarted)
#pragma warning restore CA1031
        {
            Failed(logger, e);
            await Send(http, CimMessageWriter.ToBytes(LastResort(framing), framing), framing, StatusCodes.Status500InternalServerError);
        }
    }

    /// <summary>The message read from the body; null when the body was refused and answered already.</summary>
    private async Task<CimReadResult?> Read(HttpContext http)
    {
        var limits = XmlLimits.Default with
        {
            MaxBytes = options.Value.MaxRequestBytes,
            MaxIdentifierLength = options.Value.MaxIdentifierLength,
            MaxTextLength = options.Value.MaxTextLength,
        };
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            // Our own bounded reader stops at MaxRequestBytes and answers with a CIM fault (3.1);
            // the server's limit sits above it, as a backstop only.
            size.MaxRequestBodySize = options.Value.MaxRequestBytes * 2;
        }

        if (http.Request.ContentLength > options.Value.MaxRequestBytes)
        {
            var tooLarge = CimMessages.Fault(Reply.Failed(ReplyCode.TooManyItems, $"The message is {http.Request.ContentLength} bytes; at most {options.Value.MaxRequestBytes} are accepted"));
            await Write(http, tooLarge, StatusCodes.Status413PayloadTooLarge);
            return null;
        }

        var (format, refusal) = RequestEncoding.Of(http.Request);
        if (refusal is not null)
        {
            http.Response.Headers.AcceptEncoding = RequestEncoding.Accepted;
            await Write(http, CimMessages.Fault(Reply.Failed(ReplyCode.SchemaInvalid, refusal)), StatusCodes.Status415UnsupportedMediaType);
            return null;
        }

        try
        {
            if (format is not { } compressed)
            {
                return await CimMessageReader.ReadAsync(http.Request.Body, limits, http.Request.ContentLength, http.RequestAborted);
            }

            var (decoded, decodedLimits) = RequestEncoding.Decode(http.Request.Body, compressed, limits);
            await using (decoded)
            {
                return await CimMessageReader.ReadAsync(decoded, decodedLimits, cancellationToken: http.RequestAborted);
            }
        }
        catch (BadHttpRequestException e)
        {
            var fault = CimMessages.Fault(Reply.Failed(ReplyCode.TooManyItems, "The message could not be received: " + e.Message));
            await Write(http, fault, e.StatusCode);
            return null;
        }
    }

    /// <summary>The answer when the real one could not be made or written: constant text, so it always can be.</summary>
    internal static CimMessage LastResort(MessageFraming framing) => CimMessages.Fault(
        Reply.Failed(ReplyCode.AttemptedAndFailed, "The platform could not answer this message (the error is in its log); the request may have been carried out. Send the same message again (same MessageID) for its outcome."),
        framing);

    // Written to memory first: should the writer throw, nothing has been sent and Handle's last resort can answer.
    private static Task Write(HttpContext http, CimMessage message, int status) =>
        Send(http, CimMessageWriter.ToBytes(message, message.Framing), message.Framing, status);

    private static async Task Send(HttpContext http, byte[] body, MessageFraming framing, int status)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = framing.Soap == SoapVersion.Soap12 ? "application/soap+xml; charset=utf-8" : "text/xml; charset=utf-8";
        http.Response.ContentLength = body.Length;
        await http.Response.Body.WriteAsync(body, http.RequestAborted);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "POST /cim could not be answered normally; the client got the last-resort fault (5.3, HTTP 500)")]
    private static partial void Failed(ILogger logger, Exception exception);
}
