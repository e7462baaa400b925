using Orleans.Metering.Abstractions;
using Orleans.Metering.Cim.Codes;
using Orleans.Metering.Grains.Readings;
using Orleans.Metering.Storage.Readings;

namespace Orleans.Metering.Grains.EndDevices;

/// <summary>Readings: one call per meter per message; values are checked, marked and handed to the store.</summary>
public sealed partial class EndDeviceGrain
{
    public async Task<IngestResult> IngestReadings(MeterReadingsIngest ingest)
    {
        ArgumentNullException.ThrowIfNull(ingest);
        if (S.ReadingsMemo.Find(ingest.Message) is { } seen)
        {
            return seen.ContentDigest == ingest.Message.ContentDigest
                ? (seen.Ingest ?? new IngestResult()) with { Duplicate = true }
                : new IngestResult { Problems = [new(ReplyCode.RefusedByBusinessRule.Code, ConflictingReplay(ingest.Message).Reason)] };
        }

        if (S.Registration is null)
        {
            return NotRegisteredIngest();
        }

        var result = await Ingest(ingest.Series, ingest.UsagePointId);

        // Written lazily: the readings are durable already and re-storing them is a no-op with the same reply.
        S.ReadingsMemo.Remember(new MemoEntry(ingest.Message.Source, ingest.Message.MessageId, ingest.Message.ContentDigest,
            CommandOutcome.Ok(ReplyCode.NoErrors.Code, "readings stored"), null, time.GetUtcNow(), result), Options.ReadingsMemoCapacity, Options.MemoRetention);
        stateDirty = true;
        if (time.GetUtcNow() - lastStateWrite >= Options.LazyStateWrite)
        {
            await WriteState();
        }

        return result;
    }

    public async Task<OnDemandRead> ReadNow(IReadOnlyList<string> readingTypes, MessageKey message)
    {
        ArgumentNullException.ThrowIfNull(readingTypes);
        if (S.Registration is null)
        {
            return new OnDemandRead(NotRegisteredIngest(), []);
        }

        // A read is not replayed from the memo: asking again reads the device again.
        var reads = await headEnd.ReadNow(DeviceId, readingTypes);
        IReadOnlyList<ReadingSeries> series = [.. reads.GroupBy(r => r.ReadingType, StringComparer.Ordinal)
            .Select(g => new ReadingSeries(g.Key, ReadingKind.Register, [.. g.Select(r => new ReadingValue(r.TimeStamp, r.Value))]))];
        var result = await Ingest(series, usagePointId: null);
        stateDirty = true;
        // A head-end answers only for the registers it has; each type it left out is one it cannot supply (5.6).
        var unsupplied = readingTypes.Distinct(StringComparer.Ordinal).Where(t => !series.Any(s => s.ReadingType == t))
            .Select(t => new IngestProblem(ReplyCode.ReadingTypesUnavailableInHeadEnd.Code, $"the head-end cannot read ReadingType {t} from this meter", t)).ToList();
        return new OnDemandRead(unsupplied.Count == 0 ? result : result with { Problems = [.. result.Problems, .. unsupplied] }, series);
    }

    /// <summary>Checks, marks and stores the series; returns when the store has them.</summary>
    private async Task<IngestResult> Ingest(IReadOnlyList<ReadingSeries> seriesList, string? usagePointId)
    {
        var now = time.GetUtcNow();
        var problems = new List<IngestProblem>();
        var writes = new List<SeriesWrite>(seriesList.Count);
        var flagged = 0;
        foreach (var series in seriesList)
        {
            if (Check(series, problems) is not { } type)
            {
                continue;
            }

            var clean = WithoutBadNumbers(series, problems);
            var level = S.Levels.GetValueOrDefault(series.ReadingType);
            var checkedSeries = ReadingValidator.Validate(type, clean, level, now, validation.Value);
            if (checkedSeries.Level is { } newLevel)
            {
                KeepLevel(series.ReadingType, newLevel with { UpdatedAt = now });
            }

            flagged += checkedSeries.Flagged;
            if (checkedSeries.Values.Count > 0)
            {
                writes.Add(new SeriesWrite(new SeriesKey(DeviceId, series.ReadingType), checkedSeries.Values));
            }
        }

        var outcome = writes.Count > 0 ? await readings.Write(writes) : WriteOutcome.None;
        Count(outcome, flagged);
        if (usagePointId is not null && Span(seriesList) is var (since, latest))
        {
            await FollowUsagePoint(usagePointId, since, latest);
        }

        return new IngestResult
        {
            Stored = outcome.Inserted,
            Unchanged = outcome.Unchanged,
            Replaced = outcome.Replaced,
            Flagged = flagged,
            Problems = problems,
        };
    }

    public async Task<CommandOutcome> RecordEvents(IReadOnlyList<DeviceEvent> events, MessageKey message)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (Replayed(message) is { } replay)
        {
            return replay;
        }

        if (S.Registration is null)
        {
            return NotRegistered(DeviceId);
        }

        var mine = events.Select(e => e with { DeviceId = DeviceId }).ToList();
        await eventStore.Append(mine);

        // The memo is written before publishing, so a retried message is answered from it and not published again.
        var outcome = await Remember(message, CommandOutcome.Ok(ReplyCode.NoErrors.Code, $"{mine.Count} event(s) recorded"));
        foreach (var e in mine)
        {
            await Publish(e);
        }

        return outcome;
    }

    private IngestResult NotRegisteredIngest() =>
        new() { Problems = [new(ReplyCode.InvalidEndDevice.Code, $"Meter {DeviceId} is not registered")] };

    /// <summary>
    /// Keeps the level of a reading type, and at most <see cref="EndDeviceOptions.MaxSeriesLevels"/> of
    /// them: the least recently updated go (spike detection for that type learns its level again).
    /// </summary>
    private void KeepLevel(string readingType, SeriesLevel level)
    {
        S.Levels[readingType] = level;
        if (S.Levels.Count > Options.MaxSeriesLevels)
        {
            foreach (var stale in S.Levels.OrderBy(l => l.Value.UpdatedAt).Take(S.Levels.Count - Options.MaxSeriesLevels).Select(l => l.Key).ToList())
            {
                S.Levels.Remove(stale);
            }
        }
    }

    /// <summary>Earliest and latest timestamp of the values, in one pass; null when there are none.</summary>
    private static (DateTimeOffset Since, DateTimeOffset Latest)? Span(IReadOnlyList<ReadingSeries> seriesList)
    {
        (DateTimeOffset Since, DateTimeOffset Latest)? span = null;
        foreach (var series in seriesList)
        {
            foreach (var value in series.Values)
            {
                span = span is var (since, latest)
                    ? (value.TimeStamp < since ? value.TimeStamp : since, value.TimeStamp > latest ? value.TimeStamp : latest)
                    : (value.TimeStamp, value.TimeStamp);
            }
        }

        return span;
    }

    private static void Count(WriteOutcome outcome, int flagged)
    {
        MeteringMetrics.Readings.Add(outcome.Inserted, new KeyValuePair<string, object?>("outcome", "inserted"));
        MeteringMetrics.Readings.Add(outcome.Unchanged, new KeyValuePair<string, object?>("outcome", "unchanged"));
        MeteringMetrics.Readings.Add(outcome.Replaced, new KeyValuePair<string, object?>("outcome", "replaced"));
        MeteringMetrics.Readings.Add(flagged, new KeyValuePair<string, object?>("outcome", "flagged"));
    }

    /// <summary>The reading type of a series, or null with a problem recorded (2.6 invalid, 2.10 unsupported).</summary>
    private static ReadingType? Check(ReadingSeries series, List<IngestProblem> problems)
    {
        if (!ReadingType.TryParse(series.ReadingType, out var type))
        {
            problems.Add(new(ReplyCode.InvalidReadingType.Code, $"ReadingType '{series.ReadingType}' is not an 18-part code", series.ReadingType));
            return null;
        }

        if (type.Validate() is { Count: > 0 } issues)
        {
            problems.Add(new(ReplyCode.InvalidReadingType.Code, $"ReadingType {series.ReadingType}: {string.Join("; ", issues)}", series.ReadingType));
            return null;
        }

        if (series.Kind == ReadingKind.Interval && type.IntervalLength is null)
        {
            problems.Add(new(ReplyCode.UnsupportedReadingType.Code, $"ReadingType {series.ReadingType} has no fixed interval length; an IntervalBlock needs one", series.ReadingType));
            return null;
        }

        return type;
    }

    private static ReadingSeries WithoutBadNumbers(ReadingSeries series, List<IngestProblem> problems)
    {
        var bad = series.Values.Count(v => !double.IsFinite(v.Value));
        if (bad == 0)
        {
            return series;
        }

        problems.Add(new(ReplyCode.SchemaInvalid.Code, $"{bad} value(s) of ReadingType {series.ReadingType} are not finite numbers and were not stored", series.ReadingType));
        return series with { Values = [.. series.Values.Where(v => double.IsFinite(v.Value))] };
    }
}
