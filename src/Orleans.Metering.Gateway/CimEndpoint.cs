using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Orleans.Metering.Cim.Codes;
using Orleans.Metering.Cim.Messages;
using Orleans.Metering.Cim.Xml;

namespace Orleans.Metering.Gateway;

/// <summary>
/// POST /cim: one 61968-100 message in (generic envelope, per-noun element, SOAP 1.1 or 1.2), one
/// answer out in the same framing. A message whose Header can be read is always answered with a
/// ResponseMessage (HTTP 200, Result in the Reply); one without gets a FaultMessage and HTTP 400
/// (413 when too large).
/// </summary>
public sealed class CimEndpoint(MessageRouter router, TimeProvider time, IOptions<GatewayOptions> options)
{
    public async Task Handle(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
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
            return;
        }

        CimReadResult read;
        try
        {
            read = await CimMessageReader.ReadAsync(http.Request.Body, limits, http.Request.ContentLength, http.RequestAborted);
        }
        catch (BadHttpRequestException e)
        {
            var fault = CimMessages.Fault(Reply.Failed(ReplyCode.TooManyItems, "The message could not be received: " + e.Message));
            await Write(http, fault, e.StatusCode);
            return;
        }

        if (read.NotUnderstood.Count > 0)
        {
            // SOAP processing: a mustUnderstand header block the platform does not understand is a SOAP fault, not a 61968-100 answer.
            var fault = SoapFaults.MustUnderstand(read.Framing.Soap, read.NotUnderstood);
            await Write(http, fault, read.Framing.Soap, StatusCodes.Status500InternalServerError);
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

    private static Task Write(HttpContext http, CimMessage message, int status) =>
        Write(http, CimMessageWriter.ToBytes(message, message.Framing), message.Framing.Soap, status);

    private static async Task Write(HttpContext http, byte[] body, SoapVersion soap, int status)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = soap == SoapVersion.Soap12 ? "application/soap+xml; charset=utf-8" : "text/xml; charset=utf-8";
        http.Response.ContentLength = body.Length;
        await http.Response.Body.WriteAsync(body, http.RequestAborted);
    }
}
