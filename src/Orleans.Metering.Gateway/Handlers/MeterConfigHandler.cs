using Orleans.Metering.Abstractions;
using Orleans.Metering.Cim;
using Orleans.Metering.Cim.Codes;
using Orleans.Metering.Cim.Documents;
using Orleans.Metering.Cim.Messages;

namespace Orleans.Metering.Gateway.Handlers;

/// <summary>create / change / get MeterConfig: registration and master data of meters.</summary>
public sealed class MeterConfigHandler(HandlerContext context) : ICimHandler
{
    public string Noun => ProfileDocuments.MeterConfig;

    public IReadOnlyCollection<string> Verbs { get; } = [CimVerbs.Create, CimVerbs.Change, CimVerbs.Get];

    public Task<CimMessage> Handle(CimMessage request, CancellationToken cancellationToken) =>
        request.Header!.Verb == CimVerbs.Get ? Get(request, cancellationToken) : Register(request, cancellationToken);

    private async Task<CimMessage> Register(CimMessage request, CancellationToken cancellationToken)
    {
        var header = request.Header!;
        var document = MeterConfigDocument.FromXml(HandlerContext.PayloadDocument(request, Noun));
        if (document.Meters.Count == 0)
        {
            throw new CimException(ReplyCode.PayloadMissing, "MeterConfig carries no Meter", xpath: "Payload/MeterConfig/Meter");
        }

        context.CheckCount(document.Meters.Count, "meters");
        var source = HandlerContext.SourceOf(request);
        var replies = new ReplyCollector();
        await context.FanOut(document.Meters.Select((m, i) => (Meter: m, Index: i)), async (item, _) =>
        {
            var mrid = item.Meter.Identifier;
            if (mrid is null)
            {
                replies.Fail(ReplyCode.MandatoryFieldMissing, $"Meter #{item.Index + 1} has neither mRID nor Names", objectType: "Meter");
                return;
            }

            var one = new MeterConfigDocument { Meters = [item.Meter] }.ToXml();
            var key = new MessageKey(source, header.MessageID!, MessageDigest.Of(header.Verb, one));
            var grain = context.Grains.GetGrain<IEndDeviceGrain>(mrid);
            var registration = CimMapping.ToRegistration(item.Meter, mrid);
            try
            {
                var outcome = header.Verb == CimVerbs.Create ? await grain.Create(registration, key) : await grain.Change(registration, key);
                if (outcome.Succeeded)
                {
                    replies.Succeeded();
                }
                else
                {
                    replies.Fail(outcome.Code, outcome.Reason, mrid, "Meter");
                }
            }
#pragma warning disable CA1031 // one meter's failure is reported for that meter; the others go on
            catch (Exception e)
#pragma warning restore CA1031
            {
                replies.Fail(TransientFailures.CodeFor(e), $"Meter {mrid}: {e.Message}", mrid, "Meter");
            }
        }, cancellationToken);

        return context.Respond(request, replies.Build());
    }

    private async Task<CimMessage> Get(CimMessage request, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        if (HandlerContext.RequestDocument(request, ProfileDocuments.GetMeterConfig) is { } query)
        {
            var get = GetMeterConfigDocument.FromXml(query);
            if (get.UsagePoints.Count > 0 || get.EndDeviceGroups.Count > 0)
            {
                throw new CimException(ReplyCode.InvalidUsagePoint, "get MeterConfig by UsagePoint or EndDeviceGroup is not supported yet; name the meters");
            }

            ids.AddRange(get.Meters.Select(m => m.Identifier).OfType<string>());
        }

        ids.AddRange(request.Request?.ID.Select(i => i.Value) ?? []);
        if (ids.Count == 0)
        {
            throw new CimException(ReplyCode.RequestMissing, "get MeterConfig needs a GetMeterConfig query naming meters (or Request/ID)", xpath: "Request/GetMeterConfig");
        }

        context.CheckCount(ids.Count, "meters");
        var replies = new ReplyCollector();
        var found = new EndDeviceSnapshot?[ids.Count];
        await context.FanOut(ids.Distinct(StringComparer.Ordinal).Select((id, i) => (id, i)), async (item, _) =>
        {
            found[item.i] = await context.Grains.GetGrain<IEndDeviceGrain>(item.id).GetSnapshot();
            if (found[item.i] is null)
            {
                replies.Fail(ReplyCode.InvalidEndDevice, $"Meter {item.id} is not registered", item.id, "Meter");
            }
            else
            {
                replies.Succeeded();
            }
        }, cancellationToken);

        var document = new MeterConfigDocument { Meters = [.. found.OfType<EndDeviceSnapshot>().Select(CimMapping.ToMeterAsset)] };
        return context.Respond(request, replies.Build(), document.Meters.Count > 0 ? document.ToXml() : null);
    }
}
