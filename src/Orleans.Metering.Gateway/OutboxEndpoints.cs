using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Orleans.Metering.Storage;

namespace Orleans.Metering.Gateway;

/// <summary>
/// The operator's side of the reply outbox: list the dead letters (<see cref="GatewayOptions.DeadLetterAfter"/>)
/// and re-queue one or all of them, after which the delivery service tries them again as new.
/// </summary>
public sealed partial class OutboxEndpoints(IReplyOutbox outbox, TimeProvider time, ILogger<OutboxEndpoints> logger)
{
    public const string Path = "/outbox/dead-letters";

    /// <summary>Dead letters one GET lists unless <c>max</c> says otherwise.</summary>
    public const int DefaultMax = 100;

    /// <summary>Most dead letters one GET lists.</summary>
    public const int MaxLimit = 1000;

    /// <summary>Maps the endpoints as one group, returned so that a policy can be put on all of them at once.</summary>
    public static RouteGroupBuilder Map(IEndpointRouteBuilder endpoints)
    {
        // Unauthenticated for now; issue 12 (security) puts authorization on this group.
        var group = endpoints.MapGroup(Path);
        group.MapGet("/", (string? max, OutboxEndpoints e, CancellationToken ct) => e.List(max, ct));
        group.MapGet("/{id}", (string id, OutboxEndpoints e, CancellationToken ct) => e.Get(id, ct));
        group.MapPost("/{id}/requeue", (string id, OutboxEndpoints e, CancellationToken ct) => e.Requeue(id, ct));
        group.MapPost("/requeue", (OutboxEndpoints e, CancellationToken ct) => e.RequeueAll(ct));
        return group;
    }

    public async Task<IResult> List(string? max, CancellationToken cancellationToken)
    {
        var limit = DefaultMax;
        if (max is not null && (!int.TryParse(max, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            return Results.Problem($"max must be a whole number from 1 to {MaxLimit} (default {DefaultMax}); got '{max}'",
                statusCode: StatusCodes.Status400BadRequest, title: "Bad max");
        }

        var dead = await outbox.DeadLetters(limit, cancellationToken);
        return Results.Ok(dead.Select(d => DeadLetterView.Of(d)));
    }

    public async Task<IResult> Get(string id, CancellationToken cancellationToken)
    {
        id = Unescape(id);
        var item = await outbox.Get(id, cancellationToken);
        return item is { DeadAt: not null } ? Results.Ok(DeadLetterView.Of(item, withBody: true)) : NotFound(id, item);
    }

    public async Task<IResult> Requeue(string id, CancellationToken cancellationToken)
    {
        id = Unescape(id);
        if (!await outbox.Requeue(id, time.GetUtcNow(), cancellationToken))
        {
            return NotFound(id, await outbox.Get(id, cancellationToken));
        }

        var item = await outbox.Get(id, cancellationToken);
        LogRequeued(logger, id, item?.Address);
        return item is null ? Results.NotFound() : Results.Ok(DeadLetterView.Of(item));
    }

    public async Task<IResult> RequeueAll(CancellationToken cancellationToken)
    {
        var count = await outbox.RequeueAll(time.GetUtcNow(), cancellationToken);
        LogRequeuedAll(logger, count);
        return Results.Ok(new { requeued = count });
    }

    private static IResult NotFound(string id, OutboxItem? item) =>
        Results.Problem(DeadLetterView.NotADeadLetter(id, item), statusCode: StatusCodes.Status404NotFound, title: "No such dead letter");

    /// <summary>
    /// Reply ids contain '/' (device/control:reply), sent as %2F; the server decodes every escape in a
    /// path segment but that one, so it is decoded here.
    /// </summary>
    private static string Unescape(string id) => id.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dead letter {Id} to {Address} re-queued by an operator")]
    private static partial void LogRequeued(ILogger logger, string id, string? address);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} dead letters re-queued by an operator")]
    private static partial void LogRequeuedAll(ILogger logger, int count);
}
