using System.Globalization;
using Orleans.Metering.Cim.Codes;
using Orleans.Metering.Cim.Documents;
using Orleans.Metering.Storage.Readings;

namespace Orleans.Metering.Gateway.Handlers;

/// <summary>
/// What a get MeterReadings asked for and did not find, per meter and reading type: 5.5 when the store
/// has never had that series for the meter, 5.7 when it has but holds no value in the period. An empty
/// period is not the client's fault, so these only shape the Reply; what was found is still returned.
/// </summary>
internal static class ReadingAvailability
{
    /// <summary>One error per (target, requested type) without a value in <paramref name="found"/>; per target when no type was named.</summary>
    public static async Task Report(IReadingStore store, IReadOnlyList<ReadingTarget> targets, IReadOnlyList<string> readingTypes,
        IReadOnlyList<MeterReading> found, ReplyCollector replies, CancellationToken cancellationToken)
    {
        var present = found.SelectMany(r => TypesOf(r).Select(t => (r.UsagePoint?.MRID, r.Meter?.MRID, t))).ToHashSet();
        var missing = new List<(ReadingTarget Target, string? Type)>();
        foreach (var target in targets)
        {
            if (readingTypes.Count == 0)
            {
                if (!present.Any(p => p.Item1 == target.UsagePointId && p.Item2 == target.MeterId))
                {
                    missing.Add((target, null));
                }

                continue;
            }

            missing.AddRange(readingTypes.Where(t => !present.Contains((target.UsagePointId, target.MeterId, t))).Select(t => (target, (string?)t)));
        }

        if (missing.Count == 0)
        {
            return;
        }

        // One look at the series (no values read) tells "never stored" from "nothing in this period".
        var stored = readingTypes.Count == 0
            ? []
            : (await store.Series(new ReadingQuery { DeviceIds = [.. missing.Select(m => m.Target.MeterId).Distinct(StringComparer.Ordinal)], ReadingTypes = readingTypes }, cancellationToken)).ToHashSet();
        foreach (var (target, type) in missing)
        {
            var meter = target.UsagePointId is null ? $"Meter {target.MeterId}" : $"Meter {target.MeterId} (UsagePoint {target.UsagePointId})";
            if (type is not null && !stored.Contains(new SeriesKey(target.MeterId, type)))
            {
                replies.Fail(ReplyCode.ReadingTypesUnavailableInMdms, $"{meter}: ReadingType {type} has never been stored for this meter", target.MeterId, "Meter");
            }
            else
            {
                var what = type is null ? "no reading values" : $"no values of ReadingType {type}";
                replies.Fail(ReplyCode.DataUnavailable, $"{meter}: {what} in the period {Describe(target.After, target.Through)}", target.MeterId, "Meter");
            }
        }
    }

    /// <summary>The period as the query reads it: timestamps t with start &lt; t &lt;= end.</summary>
    public static string Describe(DateTimeOffset? after, DateTimeOffset? through) =>
        $"({after?.ToString("O", CultureInfo.InvariantCulture) ?? "any time"}, {through?.ToString("O", CultureInfo.InvariantCulture) ?? "any time"}]";

    private static IEnumerable<string> TypesOf(MeterReading reading) =>
        reading.IntervalBlocks.Select(b => b.ReadingTypeRef).Concat(reading.Readings.Select(r => r.ReadingTypeRef));
}
