using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Metering.Abstractions;
using Orleans.Metering.Cim;
using Orleans.Metering.Cim.Codes;
using Orleans.Metering.Cim.Messages;
using Orleans.Runtime;

namespace Orleans.Metering.Gateway;

/// <summary>
/// Tells the gateway, before it attempts anything, that the platform cannot serve requests right now
/// (its database is unreachable): the host implements it from its readiness probe.
/// </summary>
public interface IPlatformAvailability
{
    /// <summary>Null when requests can be served; otherwise why not (names what is down).</summary>
    string? Unavailable { get; }
}

/// <summary>
/// Routes a read message by (Verb, Noun) to its handler. Unknown nouns get 2.5, verbs the noun
/// does not support get 2.9, a request without MessageID gets 1.5; a handler's CimException
/// becomes a FAILED reply with its code. While the platform is unavailable (see
/// <see cref="IPlatformAvailability"/>) a request is refused at once with 5.2, nothing attempted;
/// a database, cluster or timeout failure that escapes a handler becomes 5.1 (retry later).
/// </summary>
public sealed partial class MessageRouter(IEnumerable<ICimHandler> handlers, IOptions<GatewayOptions> options, TimeProvider time, ILogger<MessageRouter> logger, IPlatformAvailability? availability = null)
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

        if (header.Revision is { } revision && !IsSupported(revision))
        {
            return Failed(request, ReplyCode.UnsupportedRevision, $"Header/Revision '{revision}' is not supported; supported: {options.Value.SupportedRevisions}", "Header/Revision");
        }

        if (request.Kind == MessageKind.Event && !CimVerbs.IsPastTense(header.Verb))
        {
            return Failed(request, ReplyCode.InvalidVerb, $"An EventMessage reports what happened: its verb must be past tense (created, changed, canceled, closed, deleted, executed), not '{header.Verb}'", "Header/Verb");
        }

        if (string.IsNullOrWhiteSpace(header.MessageID))
        {
            return Failed(request, ReplyCode.HeaderMissing, "Header/MessageID is required: it identifies the request for exactly-once processing", "Header/MessageID");
        }

        if (availability?.Unavailable is { } down)
        {
            return CimMessages.ResponseTo(request, Reply.Failed(ReplyCode.NotAttempted,
                $"Nothing was attempted: {down}. Retry the same message (same MessageID) later."), time: time, source: options.Value.Source);
        }

        try
        {
            return await handler.Handle(request, cancellationToken);
        }
        catch (CimException e)
        {
            return CimMessages.ResponseTo(request, Reply.Failed(e), time: time, source: options.Value.Source);
        }
        catch (Exception e) when (TransientFailures.IsTransient(e) && !cancellationToken.IsCancellationRequested)
        {
            return CimMessages.ResponseTo(request, Reply.Failed(ReplyCode.SystemBusy,
                $"The platform could not complete the request now ({TransientFailures.Describe(e)}); it may be partly done. Retry the same message (same MessageID) later."), time: time, source: options.Value.Source);
        }
#pragma warning disable CA1031 // the last resort: a defect answers FAILED with a CIM reply, never an empty HTTP 500
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            LogUnexpected(logger, e, header.Verb, header.Noun, header.MessageID);
            return CimMessages.ResponseTo(request, Reply.Failed(ReplyCode.AttemptedAndFailed,
                $"The platform failed on this request ({e.GetType().Name}); it may be partly done and the failure is logged. Retrying the same message is safe."), time: time, source: options.Value.Source);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure handling {Verb} {Noun} (MessageID {MessageId})")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string verb, string noun, string? messageId);

    private bool IsSupported(string revision) =>
        options.Value.SupportedRevisions.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Contains(revision.Trim(), StringComparer.Ordinal);

    private CimMessage Failed(CimMessage request, ReplyCode code, string reason, string xpath)
    {
        var reply = Reply.Failed(code, reason);
        reply.Error[0].Details = "Location: " + xpath;
        return CimMessages.ResponseTo(request, reply, time: time, source: options.Value.Source);
    }
}
