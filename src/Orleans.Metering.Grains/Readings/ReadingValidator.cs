using Orleans.Metering.Abstractions;
using Orleans.Metering.Cim.Codes;

namespace Orleans.Metering.Grains.Readings;

/// <summary>Recent level of a series, kept in the device's state for spike detection (small: two numbers).</summary>
[GenerateSerializer, Alias("metering.SeriesLevel")]
public sealed record SeriesLevel([property: Id(0)] double Level, [property: Id(1)] int Samples)
{
    /// <summary>When a message last moved the level (which levels a meter keeps: <c>EndDeviceOptions.MaxSeriesLevels</c>).</summary>
    [Id(2)] public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>
/// Applies <see cref="ReadingValidationOptions"/> to one series of one message: marks values with
/// quality codes and updates the series' recent level. Pure: no I/O, no clock of its own.
/// </summary>
public static class ReadingValidator
{
    private const double LevelWeight = 0.1;

    public sealed record Result(IReadOnlyList<ReadingValue> Values, int Flagged, SeriesLevel? Level);

    public static Result Validate(ReadingType type, ReadingSeries series, SeriesLevel? level, DateTimeOffset now, ReadingValidationOptions rules)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(rules);
        var interval = series.Kind == ReadingKind.Interval ? type.IntervalLength : null;
        var checkNegative = rules.NegativeForwardDelta && type.IsDelta && type.IsForwardEnergy;
        var checkSpike = rules.Spike && series.Kind == ReadingKind.Interval && type.IsDelta;

        // Last occurrence of a timestamp wins; earlier ones are dropped as duplicates (and the kept one marked).
        // Values in strictly ascending time (the usual interval block) have none: no index is built for them.
        Dictionary<DateTimeOffset, int>? lastIndex = null;
        if (!Ascending(series.Values))
        {
            lastIndex = new Dictionary<DateTimeOffset, int>(series.Values.Count);
            for (var i = 0; i < series.Values.Count; i++)
            {
                lastIndex[series.Values[i].TimeStamp] = i;
            }
        }

        var distinct = lastIndex?.Count ?? series.Values.Count;
        var result = new List<ReadingValue>(distinct);
        var flagged = 0;
        var qualities = new List<string>(4);
        for (var i = 0; i < series.Values.Count; i++)
        {
            var value = series.Values[i];
            if (lastIndex is not null && lastIndex[value.TimeStamp] != i)
            {
                continue;
            }

            qualities.Clear();
            if (rules.DuplicateInMessage && distinct < series.Values.Count && IsDuplicated(series.Values, value.TimeStamp, i))
            {
                qualities.Add(ReadingQualityType.Duplicate.ToString());
            }

            if (checkNegative && value.Value < 0)
            {
                qualities.Add(ReadingQualityType.NegativeValue.ToString());
            }

            if (checkSpike && level is { Samples: >= 4 } known && known.Level > rules.SpikeMinimumLevel && value.Value > known.Level * rules.SpikeFactor)
            {
                qualities.Add(ReadingQualityType.Spike.ToString());
            }

            if (rules.OffGrid && interval is { } length && value.TimeStamp.UtcTicks % length.Ticks != 0)
            {
                qualities.Add(ReadingQualityType.OffGridTimestamp.ToString());
            }

            if (rules.FutureTimestamp && value.TimeStamp > now + rules.FutureTolerance)
            {
                qualities.Add(ReadingQualityType.FutureTimestamp.ToString());
            }

            if (qualities.Count > 0)
            {
                flagged++;
                result.Add(value with { Qualities = Merge(value.Qualities, qualities) });
            }
            else
            {
                result.Add(value);
                if (checkSpike && value.Value >= 0)
                {
                    // Only clean values move the level, so one spike does not hide the next.
                    level = level is null ? new SeriesLevel(value.Value, 1)
                        : new SeriesLevel(level.Level + (LevelWeight * (value.Value - level.Level)), level.Samples + 1);
                }
            }
        }

        return new Result(result, flagged, level);
    }

    private static bool Ascending(IReadOnlyList<ReadingValue> values)
    {
        for (var i = 1; i < values.Count; i++)
        {
            if (values[i].TimeStamp <= values[i - 1].TimeStamp)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsDuplicated(IReadOnlyList<ReadingValue> values, DateTimeOffset timeStamp, int keptIndex)
    {
        for (var j = 0; j < keptIndex; j++)
        {
            if (values[j].TimeStamp == timeStamp)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Quality codes as stored: the sender's codes, then ours, without repeats.</summary>
    public static string Merge(string? existing, IEnumerable<string> added)
    {
        var all = new List<string>();
        if (!string.IsNullOrEmpty(existing))
        {
            all.AddRange(existing.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        foreach (var code in added)
        {
            if (!all.Contains(code))
            {
                all.Add(code);
            }
        }

        return string.Join(',', all);
    }
}
