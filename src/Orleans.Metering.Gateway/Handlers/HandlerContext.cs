using Orleans.Metering.Abstractions;
using System.Xml.Linq;
using Microsoft.Extensions.Options;
using Orleans.Metering.Cim;
using Orleans.Metering.Cim.Codes;
using Orleans.Metering.Cim.Messages;

namespace Orleans.Metering.Gateway.Handlers;

/// <summary>What every handler needs: grains, clock, options, and the common steps of answering.</summary>
public sealed class HandlerContext(IGrainFactory grains, TimeProvider time, IOptions<GatewayOptions> options)
{
    public IGrainFactory Grains { get; } = grains;

    public TimeProvider Time { get; } = time;

    public GatewayOptions Options { get; } = options.Value;

    public static string SourceOf(CimMessage request) => string.IsNullOrWhiteSpace(request.Header!.Source) ? "(no Source)" : request.Header.Source!;

    public CimMessage Respond(CimMessage request, Reply reply, XElement? document = null)
    {
        Payload? payload = null;
        if (document is not null)
        {
            payload = new Payload();
            payload.Documents.Add(document);
        }

        return CimMessages.ResponseTo(request, reply, payload, time: Time, source: Options.Source);
    }

    /// <summary>The single profile document of <paramref name="noun"/> in the Payload; 1.7 when there is none.</summary>
    public static XElement PayloadDocument(CimMessage request, string noun)
    {
        var ns = CimNamespaces.Profile(noun);
        return request.Payload?.Documents.FirstOrDefault(d => d.Name.NamespaceName == ns && d.Name.LocalName == noun)
            ?? throw new CimException(ReplyCode.PayloadMissing, $"Payload must carry a {noun} document in namespace {ns}", xpath: "Payload/" + noun);
    }

    /// <summary>The query document of <paramref name="noun"/> in the Request, or null.</summary>
    public static XElement? RequestDocument(CimMessage request, string noun)
    {
        var ns = CimNamespaces.Profile(noun);
        return request.Request?.Documents.FirstOrDefault(d => d.Name.NamespaceName == ns && d.Name.LocalName == noun);
    }

    /// <summary>Runs <paramref name="work"/> for every item with at most <see cref="GatewayOptions.FanOut"/> in flight.</summary>
    public Task FanOut<T>(IEnumerable<T> items, Func<T, CancellationToken, ValueTask> work, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = Options.FanOut, CancellationToken = cancellationToken }, work);

    /// <summary>
    /// Calls <paramref name="call"/> for every item's device (at most <see cref="GatewayOptions.FanOut"/> at once)
    /// and reports each outcome for that device: success (with its note when <paramref name="inform"/>), or the
    /// refusal; a call that throws is reported for that device (5.1 when transient), and the others go on.
    /// </summary>
    public Task ForEachDevice<T>(IEnumerable<T> items, Func<T, string> deviceOf, Func<T, IEndDeviceGrain, Task<CommandOutcome>> call,
        ReplyCollector replies, string failure, CancellationToken cancellationToken, bool inform = false) =>
        FanOut(items, async (item, _) =>
        {
            var device = deviceOf(item);
            try
            {
                var outcome = await call(item, Grains.GetGrain<IEndDeviceGrain>(device));
                if (!outcome.Succeeded)
                {
                    replies.Fail(outcome.Code, outcome.Reason, device, "EndDevice");
                }
                else if (inform)
                {
                    replies.Inform(outcome.Code, outcome.Reason, device, "EndDevice");
                }
                else
                {
                    replies.Succeeded();
                }
            }
#pragma warning disable CA1031 // one device's failure is reported for that device; the others go on
            catch (Exception e)
#pragma warning restore CA1031
            {
                replies.Fail(TransientFailures.CodeFor(e), $"EndDevice {device}: {failure}: {e.Message}", device, "EndDevice");
            }
        }, cancellationToken);

    /// <summary>Header/Context TESTING (61968-100): the message is validated and answered, but no device is operated or read.</summary>
    public static bool IsTesting(Header header) => string.Equals(header?.Context?.Trim(), "TESTING", StringComparison.OrdinalIgnoreCase);

    public void CheckCount(int count, string what)
    {
        if (count > Options.MaxDevicesPerRequest)
        {
            throw new CimException(ReplyCode.TooManyItems, $"The request addresses {count} {what}; at most {Options.MaxDevicesPerRequest} are accepted in one message");
        }
    }

    /// <summary>
    /// Where asynchronous results of <paramref name="request"/> go: Header/ReplyAddress, which must be an
    /// absolute http or https URL (1.5 when missing, 6.1 when it is not one), because the outbox POSTs there.
    /// </summary>
    public static string ReplyAddressOf(CimMessage request, string why)
    {
        var address = request.Header?.ReplyAddress;
        if (string.IsNullOrWhiteSpace(address))
        {
            throw new CimException(ReplyCode.HeaderMissing, why + " but Header/ReplyAddress is missing", xpath: "Header/ReplyAddress");
        }

        if (!Uri.TryCreate(address.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new CimException(ReplyCode.RefusedByBusinessRule, $"Header/ReplyAddress '{address}' is not an absolute http or https URL; asynchronous replies are POSTed there", xpath: "Header/ReplyAddress");
        }

        return uri.AbsoluteUri;
    }
}
