using Orleans.Metering.Abstractions;
using Orleans.Metering.Cim;
using Orleans.Metering.Cim.Codes;
using Orleans.Metering.Cim.Documents;
using Orleans.Metering.Cim.Messages;

namespace Orleans.Metering.Gateway.Handlers;

/// <summary>
/// created / create MeterReadings: ingest, one grain call per meter per message, answered after
/// the readings store acknowledged. get MeterReadings: see <see cref="MeterReadingsQuery"/>.
/// </summary>
public sealed class MeterReadingsHandler(HandlerContext context, MeterReadingsQuery query) : ICimHandler
{
    public string Noun => ProfileDocuments.MeterReadings;

    public IReadOnlyCollection<string> Verbs { get; } = [CimVerbs.Created, CimVerbs.Create, CimVerbs.Get];

    public Task<CimMessage> Handle(CimMessage request, CancellationToken cancellationToken) =>
        request.Header!.Verb == CimVerbs.Get ? query.Handle(request, cancellationToken) : Ingest(request, cancellationToken);

    private async Task<CimMessage> Ingest(CimMessage request, CancellationToken cancellationToken)
    {
        var header = request.Header!;
        var document = MeterReadingsDocument.FromXml(HandlerContext.PayloadDocument(request, Noun));
        var replies = new ReplyCollector();
        var byMeter = new Dictionary<string, List<MeterReading>>(StringComparer.Ordinal);
        foreach (var reading in document.MeterReadings)
        {
            if (reading.Meter?.Identifier is not { Length: > 0 } meter)
            {
                replies.Fail(ReplyCode.InvalidEndDevice, "A MeterReading names no Meter (mRID or Names); its readings were not stored", objectType: "MeterReading");
                continue;
            }

            if (!byMeter.TryGetValue(meter, out var list))
            {
                byMeter[meter] = list = [];
            }

            list.Add(reading);
        }

        if (byMeter.Count == 0 && replies.Failed == 0)
        {
            throw new CimException(ReplyCode.PayloadMissing, "MeterReadings carries no MeterReading", xpath: "Payload/MeterReadings/MeterReading");
        }

        context.CheckCount(byMeter.Count, "meters");
        var source = HandlerContext.SourceOf(request);
        await context.FanOut(byMeter, async (entry, _) =>
        {
            var (meter, readings) = (entry.Key, entry.Value);
            var problems = new List<(string Code, string Reason, string? ReadingType)>();
            var series = readings.SelectMany(r => ReadingsMapping.ToSeries(r, problems)).ToList();
            var usagePoint = readings.Select(r => r.UsagePoint?.Identifier).FirstOrDefault(u => u is not null);
            var ingest = new MeterReadingsIngest
            {
                Message = new MessageKey(source, header.MessageID!, MessageDigest.OfReadings(header.Verb, series, usagePoint, problems.Select(p => p.Code + " " + p.Reason))),
                UsagePointId = usagePoint,
                Series = series,
            };
            try
            {
                var result = series.Count > 0 ? await context.Grains.GetGrain<IEndDeviceGrain>(meter).IngestReadings(ingest) : new IngestResult();
                var allProblems = problems.Select(p => new IngestProblem(p.Code, p.Reason, p.ReadingType)).Concat(result.Problems).ToList();
                if (result.Stored + result.Unchanged + result.Replaced > 0 || allProblems.Count == 0)
                {
                    replies.Succeeded();
                }

                foreach (var problem in allProblems)
                {
                    replies.Fail(problem.Code, $"Meter {meter}: {problem.Reason}", meter, "Meter");
                }
            }
#pragma warning disable CA1031 // one meter's failure is reported for that meter; the others go on
            catch (Exception e)
#pragma warning restore CA1031
            {
                replies.Fail(TransientFailures.CodeFor(e), $"Meter {meter}: readings not stored: {e.Message}", meter, "Meter");
            }
        }, cancellationToken);

        return context.Respond(request, replies.Build());
    }
}
