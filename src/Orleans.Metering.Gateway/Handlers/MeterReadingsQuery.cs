using System.Globalization;
using Orleans.Metering.Abstractions;
using Orleans.Metering.Cim;
using Orleans.Metering.Cim.Codes;
using Orleans.Metering.Cim.Documents;
using Orleans.Metering.Cim.Messages;
using Orleans.Metering.Storage;
using Orleans.Metering.Storage.Readings;

namespace Orleans.Metering.Gateway.Handlers;

/// <summary>
/// get MeterReadings: by meters or usage points (through the meters installed there), reading types
/// and a time period (a reading stamped t is in the period when start &lt; t &lt;= end, so an interval
/// is in it when it lies inside [start, end)). At most <see cref="GatewayOptions.MaxReadingsPerReply"/>
/// values in one answer: beyond that a synchronous answer is PARTIAL (0.2), and with AsyncReplyFlag
/// the whole result is delivered as several ResponseMessages numbered by the MessageIndex property.
/// A Reading with reason <c>inquiry</c> (or option OnDemand=true) reads the meters now; option
/// EstimateGaps=true fills missing intervals by linear interpolation, marked 3.8.0; option
/// IncludePriorVersions=true adds, per series, a MeterReading with every superseded value in the
/// period (source <c>superseded</c>, reportedDateTime = when it was recorded), so an MDM can show what changed.
/// </summary>
public sealed class MeterReadingsQuery(HandlerContext context, IReadingStore store, IReplyOutbox outbox)
{
    public const string MessageIndexProperty = "MessageIndex";

    /// <summary>IntervalReading/source of a value that a later one replaced.</summary>
    public const string SupersededSource = "superseded";

    public async Task<CimMessage> Handle(CimMessage request, CancellationToken cancellationToken)
    {
        var query = HandlerContext.RequestDocument(request, ProfileDocuments.GetMeterReadings) is { } element
            ? GetMeterReadingsDocument.FromXml(element)
            : new GetMeterReadingsDocument();
        if (query.EndDeviceGroups.Count > 0 || query.UsagePointGroups.Count > 0)
        {
            throw new CimException(ReplyCode.InvalidEndDevice, "get MeterReadings by EndDeviceGroup or UsagePointGroup is not supported yet; name meters or usage points");
        }

        var meters = query.EndDevices.Select(d => d.Identifier).OfType<string>().Concat(request.Request?.ID.Select(i => i.Value) ?? []).Distinct(StringComparer.Ordinal).ToList();
        var usagePoints = query.UsagePoints.Select(u => u.Identifier).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (meters.Count + usagePoints.Count == 0)
        {
            throw new CimException(ReplyCode.RequestMissing, "get MeterReadings needs a GetMeterReadings query naming EndDevices or UsagePoints", xpath: "Request/GetMeterReadings");
        }

        context.CheckCount(meters.Count + usagePoints.Count, "meters and usage points");
        foreach (var type in query.ReadingTypes.Where(t => !ReadingType.TryParse(t, out _)))
        {
            throw new CimException(ReplyCode.InvalidReadingType, $"ReadingType '{type}' is not an 18-part code", type, "ReadingType");
        }

        var window = query.TimeSchedules.FirstOrDefault();
        var period = query.Readings.FirstOrDefault();
        var after = window?.Start ?? period?.PeriodStart ?? request.Request?.StartTime;
        var through = window?.End ?? period?.PeriodEnd ?? request.Request?.EndTime;
        if (after is not null && through is not null && through <= after)
        {
            throw new CimException(ReplyCode.RefusedByBusinessRule, $"The time period ends ({through:O}) before it starts ({after:O})", xpath: "Request/GetMeterReadings/TimeSchedule");
        }

        var onDemand = query.Readings.Any(r => r.Reason == ReadingReasonKind.Inquiry) || IsTrue(request.Request?.GetOption("OnDemand"));
        var replies = new ReplyCollector();
        if (onDemand)
        {
            return await ReadNow(request, meters, query.ReadingTypes, replies, cancellationToken);
        }

        var targets = await Resolve(meters, usagePoints, after, through, replies, cancellationToken);
        var estimate = IsTrue(request.Request?.GetOption("EstimateGaps"));
        var header = request.Header!;
        if (header.AsyncReplyFlag == true)
        {
            var replyAddress = HandlerContext.ReplyAddressOf(request, "AsyncReplyFlag is true");
            if (targets.Count == 0 && replies.Failed > 0)
            {
                return context.Respond(request, replies.Build()); // nothing to send later: every meter was refused now
            }

            return await QueueAll(request, replyAddress, targets, query.ReadingTypes, estimate, replies, cancellationToken);
        }

        var (readings, truncated) = await Collect(targets, query.ReadingTypes, context.Options.MaxReadingsPerReply, estimate, cancellationToken);
        await Account(targets, query.ReadingTypes, readings, truncated, replies, cancellationToken);
        var priorTruncated = false;
        if (IsTrue(request.Request?.GetOption("IncludePriorVersions")))
        {
            (var prior, priorTruncated) = await PriorVersions(targets, query.ReadingTypes, cancellationToken);
            readings.AddRange(prior);
        }

        var reply = replies.Build();
        if (priorTruncated)
        {
            reply.Result = ReplyResult.PARTIAL;
            reply.Error.Add(ReplyError.From(ReplyCode.PartialNoMoreFollow,
                $"The first {context.Options.MaxReadingsPerReply} prior versions are returned; more may match. Narrow the period to see the others.",
                ErrorLevel.WARNING));
        }

        if (truncated)
        {
            reply.Result = ReplyResult.PARTIAL;
            reply.Error.Add(ReplyError.From(ReplyCode.PartialNoMoreFollow,
                $"More than {context.Options.MaxReadingsPerReply} reading values match; the first {context.Options.MaxReadingsPerReply} are returned. Narrow the period or ask with AsyncReplyFlag to receive all of them in several messages.",
                ErrorLevel.WARNING));
        }

        return context.Respond(request, reply, readings.Count > 0 ? new MeterReadingsDocument { MeterReadings = readings }.ToXml() : null);
    }

    /// <summary>
    /// Meters must be registered (2.4); usage points must have had a meter (2.12), and one in the period (5.7). The period is cut to
    /// each installation. Nothing counts as a success yet: the request succeeds for the data it finds (see <see cref="ReadingAvailability"/>).
    /// </summary>
    private async Task<List<ReadingTarget>> Resolve(List<string> meters, List<string> usagePoints, DateTimeOffset? after, DateTimeOffset? through, ReplyCollector replies, CancellationToken cancellationToken)
    {
        var targets = new List<ReadingTarget>();
        var gate = new Lock();
        await context.FanOut(meters, async (meter, _) =>
        {
            if (await context.Grains.GetGrain<IEndDeviceGrain>(meter).GetSnapshot() is null)
            {
                replies.Fail(ReplyCode.InvalidEndDevice, $"Meter {meter} is not registered", meter, "Meter");
                return;
            }

            lock (gate)
            {
                targets.Add(new ReadingTarget(meter, null, after, through));
            }
        }, cancellationToken);

        await context.FanOut(usagePoints, async (usagePoint, _) =>
        {
            var installations = await context.Grains.GetGrain<IUsagePointGrain>(usagePoint).GetInstallations();
            if (installations.Count == 0)
            {
                replies.Fail(ReplyCode.InvalidUsagePoint, $"UsagePoint {usagePoint} has no meter installed", usagePoint, "UsagePoint");
                return;
            }

            lock (gate)
            {
                var before = targets.Count;
                foreach (var installation in installations)
                {
                    // Readings stamped in (from, to] belong to the installation (end-of-interval convention).
                    var from = Max(after, installation.From == DateTimeOffset.MinValue ? null : installation.From - TimeSpan.FromTicks(1));
                    var to = Min(through, installation.To);
                    if (from is null || to is null || from < to)
                    {
                        targets.Add(new ReadingTarget(installation.MeterId, usagePoint, from, to));
                    }
                }

                if (targets.Count == before)
                {
                    replies.Fail(ReplyCode.DataUnavailable, $"UsagePoint {usagePoint} had no meter installed in the period {ReadingAvailability.Describe(after, through)}", usagePoint, "UsagePoint");
                }
            }
        }, cancellationToken);

        targets.Sort((a, b) => string.CompareOrdinal(a.UsagePointId + "|" + a.MeterId, b.UsagePointId + "|" + b.MeterId));
        return targets;
    }

    /// <summary>
    /// Values of the targets, at most <paramref name="limit"/> (estimated gap values count too). Targets that share a period are read together, one
    /// store query per <see cref="QueryBatch"/> meters, so a 1,000-meter day is a handful of queries.
    /// </summary>
    private async Task<(List<MeterReading> Readings, bool Truncated)> Collect(List<ReadingTarget> targets, IReadOnlyList<string> readingTypes, int limit, bool estimate, CancellationToken cancellationToken)
    {
        var readings = new List<MeterReading>();
        var left = limit;
        foreach (var batch in Batches(targets))
        {
            var first = batch[0];
            var result = await store.Query(new ReadingQuery { DeviceIds = [.. batch.Select(t => t.MeterId)], ReadingTypes = readingTypes, After = first.After, Through = first.Through, Limit = left }, cancellationToken);
            foreach (var series in result.Series.Where(s => s.Values.Count > 0)
                .OrderBy(s => s.Series.DeviceId, StringComparer.Ordinal).ThenBy(s => s.Series.ReadingType, StringComparer.Ordinal))
            {
                var reading = ReadingsMapping.ToDocument(series, first.UsagePointId, estimate);
                var count = reading.Readings.Count + reading.IntervalBlocks.Sum(b => b.Readings.Count);
                if (count > left)
                {
                    Cut(reading, left); // estimates made the series longer than what is left of the limit
                    readings.Add(reading);
                    return (readings, true);
                }

                readings.Add(reading);
                left -= count;
            }

            if (result.Truncated || left <= 0)
            {
                return (readings, true);
            }
        }

        return (readings, false);
    }

    /// <summary>Keeps the first <paramref name="max"/> values of a series document (oldest first).</summary>
    private static void Cut(MeterReading reading, int max)
    {
        foreach (var block in reading.IntervalBlocks)
        {
            block.Readings.RemoveRange(Math.Min(max, block.Readings.Count), block.Readings.Count - Math.Min(max, block.Readings.Count));
            max -= block.Readings.Count;
        }

        reading.IntervalBlocks.RemoveAll(b => b.Readings.Count == 0);
        reading.Readings.RemoveRange(Math.Min(max, reading.Readings.Count), reading.Readings.Count - Math.Min(max, reading.Readings.Count));
    }

    /// <summary>Meters per store query when several are read for the same period.</summary>
    private const int QueryBatch = 500;

    /// <summary>Runs of targets (in their order) with the same usage point and period, cut at <see cref="QueryBatch"/>.</summary>
    private static IEnumerable<List<ReadingTarget>> Batches(List<ReadingTarget> targets)
    {
        var batch = new List<ReadingTarget>();
        foreach (var target in targets)
        {
            if (batch.Count > 0 && (batch.Count == QueryBatch || batch[0] with { MeterId = target.MeterId } != target))
            {
                yield return batch;
                batch = [];
            }

            batch.Add(target);
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    /// <summary>Superseded values, at most MaxReadingsPerReply in all; Truncated when that many were returned (more may match).</summary>
    private async Task<(List<MeterReading> Readings, bool Truncated)> PriorVersions(List<ReadingTarget> targets, IReadOnlyList<string> readingTypes, CancellationToken cancellationToken)
    {
        var readings = new List<MeterReading>();
        var left = context.Options.MaxReadingsPerReply;
        foreach (var target in targets.TakeWhile(_ => left > 0))
        {
            var query = new ReadingQuery { DeviceIds = [target.MeterId], ReadingTypes = readingTypes, After = target.After, Through = target.Through, Limit = left };
            foreach (var series in await store.PriorVersions(query, cancellationToken))
            {
                left -= series.Versions.Count;
                var values = series.Versions.Select(v => new ReadingValue(v.TimeStamp, v.Value, v.Qualities)).ToList();
                var reading = ReadingsMapping.ToDocument(new SeriesReadings(series.Series, values), target.UsagePointId);
                var recorded = series.Versions.Select(v => v.RecordedAt).ToList();
                var i = 0;
                foreach (var interval in reading.IntervalBlocks.SelectMany(b => b.Readings))
                {
                    interval.Source = SupersededSource;
                    interval.ReportedDateTime = recorded[i++];
                }

                i = 0;
                foreach (var register in reading.Readings)
                {
                    register.Source = SupersededSource;
                    register.ReportedDateTime = recorded[i++];
                }

                readings.Add(reading);
            }
        }

        return (readings, left <= 0);
    }

    /// <summary>
    /// Found data is the success; each requested meter and type without any is 5.5 or 5.7. A truncated result
    /// is not searched for what is missing: the targets past the cut were not read, so nothing can be said of them.
    /// </summary>
    private async Task Account(List<ReadingTarget> targets, IReadOnlyList<string> readingTypes, List<MeterReading> found, bool truncated, ReplyCollector replies, CancellationToken cancellationToken)
    {
        if (found.Count > 0)
        {
            replies.Succeeded();
        }

        if (!truncated)
        {
            await ReadingAvailability.Report(store, targets, readingTypes, found, replies, cancellationToken);
        }
    }

    /// <summary>The whole result, cut into pages, stored in the outbox before the 0.3 answer: it is delivered even across a restart.</summary>
    private async Task<CimMessage> QueueAll(CimMessage request, string replyAddress, List<ReadingTarget> targets, IReadOnlyList<string> readingTypes, bool estimate, ReplyCollector replies, CancellationToken cancellationToken)
    {
        var header = request.Header!;
        var (all, truncated) = await Collect(targets, readingTypes, context.Options.MaxAsyncReadings, estimate, cancellationToken);
        var outcome = new ReplyCollector(); // of the result: carried by the last page; the answer now is only the 0.3
        await Account(targets, readingTypes, all, truncated, outcome, cancellationToken);
        var pages = Paginate(all, context.Options.MaxReadingsPerReply);
        var framing = request.Framing;
        var now = context.Time.GetUtcNow();
        for (var i = 0; i < pages.Count; i++)
        {
            var last = i == pages.Count - 1;
            var reply = last ? outcome.Build() : new Reply { Result = ReplyResult.PARTIAL };
            if (!last)
            {
                reply.Error.Add(ReplyError.From(ReplyCode.PartialMoreFollow, $"Part {i + 1} of {pages.Count}; more results follow", ErrorLevel.INFORM));
            }
            else if (truncated)
            {
                reply.Result = ReplyResult.PARTIAL;
                reply.Error.Add(ReplyError.From(ReplyCode.PartialNoMoreFollow, $"The result was cut at {context.Options.MaxAsyncReadings} values; narrow the period for the rest", ErrorLevel.WARNING));
            }

            var payload = new Payload();
            if (pages[i].Count > 0)
            {
                payload.Documents.Add(new MeterReadingsDocument { MeterReadings = pages[i] }.ToXml());
            }

            var message = CimMessages.ResponseTo(request, reply, payload.Documents.Count > 0 ? payload : null, time: context.Time, source: context.Options.Source);
            message.Header!.Property.Add(new MessageProperty(MessageIndexProperty, $"{i + 1}/{pages.Count}"));
            var body = System.Text.Encoding.UTF8.GetString(CimMessageWriter.ToBytes(message, framing));
            await outbox.Enqueue(new OutboxItem($"{header.Source}|{header.MessageID}|{OutboxPages.Number(i + 1, pages.Count)}", replyAddress, ReplyDeliveryService.RawMessageKind(framing), body, 0, now, now), cancellationToken);
        }

        replies.Inform(ReplyCode.Acknowledged.Code, $"The result follows in {pages.Count} message(s) to {replyAddress}");
        return context.Respond(request, replies.Build());
    }

    private async Task<CimMessage> ReadNow(CimMessage request, List<string> meters, List<string> readingTypes, ReplyCollector replies, CancellationToken cancellationToken)
    {
        if (meters.Count == 0)
        {
            throw new CimException(ReplyCode.InvalidEndDevice, "An on-demand read names the meters to read (EndDevice)");
        }

        IReadOnlyList<string> types = readingTypes.Count > 0 ? readingTypes : [ReadingType.BulkForwardEnergyKWh.ToString()];
        var header = request.Header!;
        if (HandlerContext.IsTesting(header))
        {
            // Validated and answered, never sent to the head-end: each meter must be one the platform knows.
            await context.ForEachDevice(meters, meter => meter, async (meter, device) => await device.GetSnapshot() is null
                ? CommandOutcome.Fail(ReplyCode.InvalidEndDevice.Code, $"EndDevice {meter} is not registered")
                : CommandOutcome.Ok(ReplyCode.NoErrors.Code, $"Meter {meter} would be read now ({string.Join(", ", types)}); not read (Header/Context TESTING)"),
                replies, "not checked", cancellationToken, inform: true);
            return context.Respond(request, replies.Build());
        }

        var readings = new List<MeterReading>();
        var gate = new Lock();
        await context.FanOut(meters, async (meter, _) =>
        {
            var key = new MessageKey(HandlerContext.SourceOf(request), header.MessageID! + "/read", MessageDigest.Of(header.Verb, new System.Xml.Linq.XElement("read", meter), string.Join(',', types)));
            var read = await context.Grains.GetGrain<IEndDeviceGrain>(meter).ReadNow(types, key);
            foreach (var problem in read.Result.Problems)
            {
                replies.Fail(problem.Code, $"Meter {meter}: {problem.Reason}", meter, "Meter");
            }

            if (read.Series.Count > 0)
            {
                replies.Succeeded();
                lock (gate)
                {
                    readings.AddRange(read.Series.Select(s => ReadingsMapping.ToDocument(new SeriesReadings(new(meter, s.ReadingType), s.Values))));
                }
            }
        }, cancellationToken);

        return context.Respond(request, replies.Build(), readings.Count > 0 ? new MeterReadingsDocument { MeterReadings = readings }.ToXml() : null);
    }

    /// <summary>Cuts MeterReadings into pages of at most <paramref name="size"/> values (a long series is split).</summary>
    private static List<List<MeterReading>> Paginate(List<MeterReading> readings, int size)
    {
        var pages = new List<List<MeterReading>> { new() };
        var count = 0;
        foreach (var reading in readings)
        {
            foreach (var part in Split(reading, size))
            {
                var values = part.IntervalBlocks.Sum(b => b.Readings.Count) + part.Readings.Count;
                if (count > 0 && count + values > size)
                {
                    pages.Add([]);
                    count = 0;
                }

                pages[^1].Add(part);
                count += values;
            }
        }

        return pages;
    }

    private static IEnumerable<MeterReading> Split(MeterReading reading, int size)
    {
        var values = reading.IntervalBlocks.Sum(b => b.Readings.Count) + reading.Readings.Count;
        if (values <= size || reading.IntervalBlocks.Count != 1)
        {
            yield return reading;
            yield break;
        }

        var block = reading.IntervalBlocks[0];
        for (var i = 0; i < block.Readings.Count; i += size)
        {
            yield return new MeterReading
            {
                Meter = reading.Meter,
                UsagePoint = reading.UsagePoint,
                IntervalBlocks = [new IntervalBlock { ReadingTypeRef = block.ReadingTypeRef, Readings = block.Readings.GetRange(i, Math.Min(size, block.Readings.Count - i)) }],
            };
        }
    }

    private static bool IsTrue(string? option) => option is not null && (option.Equals("true", StringComparison.OrdinalIgnoreCase) || option == "1");

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;

    internal static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);
}
