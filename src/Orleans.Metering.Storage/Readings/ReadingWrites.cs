using Orleans.Metering.Abstractions;

namespace Orleans.Metering.Storage.Readings;

/// <summary>One value as stored: the timestamp in UTC ticks.</summary>
internal readonly record struct StoredValue(long Ticks, double Value, string? Qualities)
{
    public bool SameAs(double value, string? qualities) =>
        Value.Equals(value) && string.Equals(Qualities, qualities, StringComparison.Ordinal);
}

/// <summary>The values of one series in a write, one per timestamp, oldest first.</summary>
internal sealed record NormalizedSeries(SeriesKey Series, IReadOnlyList<StoredValue> Values);

/// <summary>
/// Checks and normalizes a caller's write, the same way for every store: a series named twice is
/// merged, and when one write carries the same timestamp twice for a series the LAST value wins
/// and counts once. NaN is refused (a reading is a number; SQLite cannot store NaN).
/// </summary>
internal static class ReadingWrites
{
    public static IReadOnlyList<NormalizedSeries> Normalize(IReadOnlyList<SeriesWrite> writes, out int valueCount)
    {
        ArgumentNullException.ThrowIfNull(writes);
        var named = writes.Count > 1 ? new HashSet<SeriesKey>() : null;
        var repeated = false;
        foreach (var write in writes)
        {
            ArgumentNullException.ThrowIfNull(write, nameof(writes));
            ArgumentNullException.ThrowIfNull(write.Series, nameof(writes));
            ArgumentNullException.ThrowIfNull(write.Values, nameof(writes));
            ArgumentException.ThrowIfNullOrEmpty(write.Series.DeviceId, nameof(writes));
            ArgumentException.ThrowIfNullOrEmpty(write.Series.ReadingType, nameof(writes));
            repeated |= named is not null && !named.Add(write.Series);
        }

        return repeated || !TryInOrder(writes, out var inOrder, out valueCount) ? Merge(writes, out valueCount) : inOrder;
    }

    /// <summary>
    /// The usual write: every series named once, its timestamps strictly ascending (a meter's interval
    /// block). Copied straight into arrays of the exact size, without the merge's dictionaries and sort,
    /// which were a fifth of everything the ingest allocated. False as soon as a series is out of order.
    /// </summary>
    private static bool TryInOrder(IReadOnlyList<SeriesWrite> writes, out IReadOnlyList<NormalizedSeries> result, out int valueCount)
    {
        var list = new List<NormalizedSeries>(writes.Count);
        result = list;
        valueCount = 0;
        foreach (var write in writes)
        {
            if (write.Values.Count == 0)
            {
                continue;
            }

            var values = new StoredValue[write.Values.Count];
            for (var i = 0; i < values.Length; i++)
            {
                var value = write.Values[i];
                CheckNumber(write.Series, value, nameof(writes));
                var ticks = StoreJson.ToTicks(value.TimeStamp);
                if (i > 0 && ticks <= values[i - 1].Ticks)
                {
                    return false;
                }

                values[i] = new StoredValue(ticks, value.Value, value.Qualities);
            }

            list.Add(new NormalizedSeries(write.Series, values));
            valueCount += values.Length;
        }

        return true;
    }

    /// <summary>Any write: a series named twice is merged, a timestamp given twice keeps the last value, values sorted.</summary>
    private static List<NormalizedSeries> Merge(IReadOnlyList<SeriesWrite> writes, out int valueCount)
    {
        var bySeries = new Dictionary<SeriesKey, Dictionary<long, StoredValue>>();
        var order = new List<SeriesKey>();
        foreach (var write in writes)
        {
            if (!bySeries.TryGetValue(write.Series, out var values))
            {
                values = [];
                bySeries.Add(write.Series, values);
                order.Add(write.Series);
            }

            foreach (var value in write.Values)
            {
                CheckNumber(write.Series, value, nameof(writes));
                var ticks = StoreJson.ToTicks(value.TimeStamp);
                values[ticks] = new StoredValue(ticks, value.Value, value.Qualities);
            }
        }

        valueCount = 0;
        var result = new List<NormalizedSeries>(order.Count);
        foreach (var series in order)
        {
            var values = bySeries[series];
            if (values.Count == 0)
            {
                continue;
            }

            valueCount += values.Count;
            result.Add(new NormalizedSeries(series, [.. values.Values.OrderBy(v => v.Ticks)]));
        }

        return result;
    }

    private static void CheckNumber(SeriesKey series, ReadingValue value, string paramName)
    {
        if (double.IsNaN(value.Value))
        {
            throw new ArgumentException($"Reading {series.DeviceId}/{series.ReadingType} at {value.TimeStamp:O} is NaN.", paramName);
        }
    }

    /// <summary>Series order in query answers: device, then reading type, both ordinal.</summary>
    public static int CompareSeries(SeriesKey a, SeriesKey b)
    {
        var device = string.CompareOrdinal(a.DeviceId, b.DeviceId);
        return device != 0 ? device : string.CompareOrdinal(a.ReadingType, b.ReadingType);
    }

    public static void Validate(ReadingQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(query.DeviceIds, nameof(query));
        ArgumentNullException.ThrowIfNull(query.ReadingTypes, nameof(query));
        ArgumentOutOfRangeException.ThrowIfNegative(query.Limit, nameof(query));
    }

    public static long AfterTicks(ReadingQuery query) => query.After is { } after ? StoreJson.ToTicks(after) : long.MinValue;

    public static long ThroughTicks(ReadingQuery query) => query.Through is { } through ? StoreJson.ToTicks(through) : long.MaxValue;
}
