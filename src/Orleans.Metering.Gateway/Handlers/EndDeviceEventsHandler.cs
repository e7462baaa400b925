using Orleans.Metering.Abstractions;
using Orleans.Metering.Cim;
using Orleans.Metering.Cim.Codes;
using Orleans.Metering.Cim.Documents;
using Orleans.Metering.Cim.Messages;
using Orleans.Metering.Storage;

namespace Orleans.Metering.Gateway.Handlers;

/// <summary>
/// created EndDeviceEvents: events a head-end reports, stored by each device then published.
/// get EndDeviceEvents: by device, time range and event type, read from the event store.
/// </summary>
public sealed class EndDeviceEventsHandler(HandlerContext context, IEventStore store) : ICimHandler
{
    public string Noun => ProfileDocuments.EndDeviceEvents;

    public IReadOnlyCollection<string> Verbs { get; } = [CimVerbs.Created, CimVerbs.Get];

    public Task<CimMessage> Handle(CimMessage request, CancellationToken cancellationToken) =>
        request.Header!.Verb == CimVerbs.Created ? Record(request, cancellationToken) : Query(request, cancellationToken);

    private async Task<CimMessage> Record(CimMessage request, CancellationToken cancellationToken)
    {
        var header = request.Header!;
        var document = EndDeviceEventsDocument.FromXml(HandlerContext.PayloadDocument(request, Noun));
        var replies = new ReplyCollector();
        var byDevice = new Dictionary<string, List<EndDeviceEvent>>(StringComparer.Ordinal);
        foreach (var e in document.Events)
        {
            if (e.Asset?.Identifier is not { Length: > 0 } device)
            {
                replies.Fail(ReplyCode.InvalidEndDevice, $"EndDeviceEvent {e.MRID} names no device (Assets)", e.MRID, "EndDeviceEvent");
            }
            else if (!EndDeviceEventType.TryParse(e.EventTypeRef, out _))
            {
                replies.Fail(ReplyCode.SchemaInvalid, $"EndDeviceEventType '{e.EventTypeRef}' is not a type.domain.subdomain.eventOrAction code", e.MRID ?? device, "EndDeviceEvent");
            }
            else
            {
                (byDevice.TryGetValue(device, out var list) ? list : byDevice[device] = []).Add(e);
            }
        }

        if (document.Events.Count == 0)
        {
            throw new CimException(ReplyCode.PayloadMissing, "EndDeviceEvents carries no EndDeviceEvent", xpath: "Payload/EndDeviceEvents/EndDeviceEvent");
        }

        context.CheckCount(byDevice.Count, "devices");
        var source = HandlerContext.SourceOf(request);
        await context.ForEachDevice(byDevice, entry => entry.Key, (entry, device) =>
        {
            var events = entry.Value.Select(e => CimMapping.ToDeviceEvent(e, entry.Key)).ToList();
            var xml = new EndDeviceEventsDocument { Events = entry.Value }.ToXml();
            return device.RecordEvents(events, new MessageKey(source, header.MessageID!, MessageDigest.Of(header.Verb, xml)));
        }, replies, "events not stored", cancellationToken);

        return context.Respond(request, replies.Build());
    }

    private async Task<CimMessage> Query(CimMessage request, CancellationToken cancellationToken)
    {
        var query = HandlerContext.RequestDocument(request, ProfileDocuments.GetEndDeviceEvents) is { } element
            ? GetEndDeviceEventsDocument.FromXml(element)
            : new GetEndDeviceEventsDocument();
        if (query.EndDeviceGroups.Count > 0 || query.UsagePoints.Count > 0)
        {
            throw new CimException(ReplyCode.InvalidUsagePoint, "get EndDeviceEvents by UsagePoint or EndDeviceGroup is not supported yet; name the meters");
        }

        var devices = query.Meters.Select(m => m.Identifier).OfType<string>()
            .Concat(request.Request?.ID.Select(i => i.Value) ?? []).Distinct(StringComparer.Ordinal).ToList();
        if (devices.Count == 0)
        {
            throw new CimException(ReplyCode.RequestMissing, "get EndDeviceEvents needs a GetEndDeviceEvents query naming at least one Meter", xpath: "Request/GetEndDeviceEvents/Meter");
        }

        context.CheckCount(devices.Count, "meters");
        foreach (var type in query.EventTypeRefs.Where(t => !EndDeviceEventType.TryParse(t, out _)))
        {
            throw new CimException(ReplyCode.SchemaInvalid, $"EndDeviceEventType '{type}' is not a type.domain.subdomain.eventOrAction code", type, "EndDeviceEventType");
        }

        var window = query.TimeSchedules.FirstOrDefault();
        var from = window?.Start ?? request.Request?.StartTime;
        var to = window?.End ?? request.Request?.EndTime;
        if (from is not null && to is not null && to <= from)
        {
            throw new CimException(ReplyCode.RefusedByBusinessRule, $"The time period ends ({to:O}) before it starts ({from:O})", xpath: "Request/GetEndDeviceEvents/TimeSchedule");
        }

        var replies = new ReplyCollector();
        var known = new List<string>();
        var gate = new Lock();
        await context.FanOut(devices, async (id, _) =>
        {
            if (await context.Grains.GetGrain<IEndDeviceGrain>(id).GetSnapshot() is null)
            {
                replies.Fail(ReplyCode.InvalidEndDevice, $"Meter {id} is not registered", id, "Meter");
                return;
            }

            lock (gate)
            {
                known.Add(id);
            }

            replies.Succeeded();
        }, cancellationToken);

        var document = new EndDeviceEventsDocument();
        if (known.Count > 0)
        {
            var limit = context.Options.MaxEventsPerReply;
            var found = await store.Query(new EventQuery { DeviceIds = known, EventTypes = query.EventTypeRefs, From = from, To = to, Limit = limit + 1 }, cancellationToken);
            document.Events.AddRange(found.Take(limit).Select(CimMapping.ToDocument));
            if (found.Count > limit)
            {
                var reply = replies.Build();
                reply.Result = ReplyResult.PARTIAL;
                reply.Error.Add(ReplyError.From(ReplyCode.PartialNoMoreFollow,
                    $"More than {limit} events match; the first {limit} (oldest first) are returned. Narrow the time period to see the rest.", ErrorLevel.WARNING));
                return context.Respond(request, reply, document.ToXml());
            }
        }

        return context.Respond(request, replies.Build(), document.Events.Count > 0 ? document.ToXml() : null);
    }
}
