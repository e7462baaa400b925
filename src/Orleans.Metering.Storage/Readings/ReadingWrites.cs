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
        var bySeries = new Dictionary<SeriesKey, Dictionary<long, StoredValue>>();
        var order = new List<SeriesKey>();
        foreach (var write in writes)
        {
            ArgumentNullException.ThrowIfNull(write, nameof(writes));
            ArgumentNullException.ThrowIfNull(write.Series, nameof(writes));
            ArgumentNullException.ThrowIfNull(write.Values, nameof(writes));
            ArgumentException.ThrowIfNullOrEmpty(write.Series.DeviceId, nameof(writes));
            ArgumentException.ThrowIfNullOrEmpty(write.Series.ReadingType, nameof(writes));
            if (!bySeries.TryGetValue(write.Series, out var values))
            {
                values = [];
                bySeries.Add(write.Series, values);
                order.Add(write.Series);
            }

            foreach (var value in write.Values)
            {
                if (double.IsNaN(value.Value))
                {
                    throw new ArgumentException($"Reading {write.Series.DeviceId}/{write.Series.ReadingType} at {value.TimeStamp:O} is NaN.", nameof(writes));
                }

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
