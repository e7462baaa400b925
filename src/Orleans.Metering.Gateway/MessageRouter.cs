using Microsoft.Extensions.Options;
using Orleans.Metering.Abstractions;
using Orleans.Metering.Cim;
using Orleans.Metering.Cim.Codes;
using Orleans.Metering.Cim.Messages;

namespace Orleans.Metering.Gateway;

/// <summary>
/// Routes a read message by (Verb, Noun) to its handler. Unknown nouns get 2.5, verbs the noun
/// does not support get 2.9, a request without MessageID gets 1.5; a handler's CimException
/// becomes a FAILED reply with its code.
/// </summary>
public sealed class MessageRouter(IEnumerable<ICimHandler> handlers, IOptions<GatewayOptions> options, TimeProvider time)
{
    private readonly Dictionary<string, ICimHandler> byNoun = handlers.ToDictionary(h => h.Noun, StringComparer.Ordinal);

    /// <summary>The (verb, noun) pairs the gateway answers.</summary>
    public IEnumerable<(string Verb, string Noun)> Supported =>
        byNoun.Values.SelectMany(h => h.Verbs.Select(v => (v, h.Noun))).OrderBy(p => p.Noun, StringComparer.Ordinal).ThenBy(p => p.v, StringComparer.Ordinal);

    public async Task<CimMessage> Route(CimMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var answer = await RouteCore(request, cancellationToken);
        MeteringMetrics.Messages.Add(1,
            new KeyValuePair<string, object?>("verb", request.Header?.Verb),
            new KeyValuePair<string, object?>("noun", request.Header?.Noun),
            new KeyValuePair<string, object?>("result", answer.Reply?.Result.ToString()));
        return answer;
    }

    private async Task<CimMessage> RouteCore(CimMessage request, CancellationToken cancellationToken)
    {
        var header = request.Header!;
        if (request.Kind != MessageKind.Request && request.Kind != MessageKind.Event)
        {
            return Failed(request, ReplyCode.InvalidVerb, $"A {request.Kind} message is not a request; send RequestMessage or EventMessage", "Header/Verb");
        }

        if (!byNoun.TryGetValue(header.Noun, out var handler))
        {
            return Failed(request, ReplyCode.InvalidNoun, $"Noun '{header.Noun}' is not supported; supported nouns: {string.Join(", ", byNoun.Keys.Order(StringComparer.Ordinal))}", "Header/Noun");
        }

        if (!handler.Verbs.Contains(header.Verb))
        {
            return Failed(request, ReplyCode.InvalidVerb, $"Verb '{header.Verb}' is not supported for {header.Noun}; supported: {string.Join(", ", handler.Verbs)}", "Header/Verb");
        }

        if (string.IsNullOrWhiteSpace(header.MessageID))
        {
            return Failed(request, ReplyCode.HeaderMissing, "Header/MessageID is required: it identifies the request for exactly-once processing", "Header/MessageID");
        }

        try
        {
            return await handler.Handle(request, cancellationToken);
        }
        catch (CimException e)
        {
            return CimMessages.ResponseTo(request, Reply.Failed(e), time: time, source: options.Value.Source);
        }
    }

    private CimMessage Failed(CimMessage request, ReplyCode code, string reason, string xpath)
    {
        var reply = Reply.Failed(code, reason);
        reply.Error[0].Details = "Location: " + xpath;
        return CimMessages.ResponseTo(request, reply, time: time, source: options.Value.Source);
    }
}
