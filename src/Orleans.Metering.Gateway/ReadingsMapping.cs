using Orleans.Metering.Abstractions;
using Orleans.Metering.Cim.Codes;
using Orleans.Metering.Cim.Documents;
using Orleans.Metering.Storage.Readings;

namespace Orleans.Metering.Gateway;

/// <summary>MeterReadings documents to the platform's reading series and back.</summary>
public static class ReadingsMapping
{
    /// <summary>The series one MeterReading element carries: register Readings and IntervalBlocks, grouped by reading type.</summary>
    public static IEnumerable<ReadingSeries> ToSeries(MeterReading reading, List<(string Code, string Reason, string? ReadingType)> problems)
    {
        ArgumentNullException.ThrowIfNull(reading);
        ArgumentNullException.ThrowIfNull(problems);
        foreach (var block in reading.IntervalBlocks.GroupBy(b => b.ReadingTypeRef, StringComparer.Ordinal))
        {
            // Sized once: a day of 15-minute values per block, and most of what ingest allocates is values.
            var values = new ReadingValue[block.Sum(b => b.Readings.Count)];
            var i = 0;
            foreach (var r in block.SelectMany(b => b.Readings))
            {
                values[i++] = new ReadingValue(r.TimeStamp, r.Value, Qualities(r.Qualities));
            }

            yield return new ReadingSeries(block.Key, ReadingKind.Interval, values);
        }

        foreach (var group in reading.Readings.GroupBy(r => r.ReadingTypeRef, StringComparer.Ordinal))
        {
            var values = new List<ReadingValue>();
            foreach (var r in group)
            {
                var at = r.TimeStamp ?? r.PeriodEnd;
                if (at is null || r.NumericValue is not { } value)
                {
                    problems.Add((ReplyCode.SchemaInvalid.Code, $"A Reading of ReadingType {group.Key} has no timeStamp or no numeric value ('{r.Value}')", group.Key));
                    continue;
                }

                values.Add(new ReadingValue(at.Value, value, Qualities(r.Qualities)));
            }

            if (values.Count > 0)
            {
                yield return new ReadingSeries(group.Key, ReadingKind.Register, values);
            }
        }
    }

    /// <summary>One MeterReading for a stored series: interval reading types as an IntervalBlock, others as Readings.</summary>
    public static MeterReading ToDocument(SeriesReadings series, string? usagePointId = null, bool estimateGaps = false)
    {
        ArgumentNullException.ThrowIfNull(series);
        var reading = new MeterReading
        {
            Meter = ObjectRef.ById(series.Series.DeviceId),
            UsagePoint = usagePointId is null ? null : ObjectRef.ById(usagePointId),
        };
        var isInterval = ReadingType.TryParse(series.Series.ReadingType, out var type) && type.IntervalLength is not null;
        if (isInterval)
        {
            var values = estimateGaps ? WithEstimatedGaps(series.Values, type.IntervalLength!.Value) : series.Values;
            reading.IntervalBlocks.Add(new IntervalBlock
            {
                ReadingTypeRef = series.Series.ReadingType,
                Readings = [.. values.Select(v => new IntervalReading { TimeStamp = v.TimeStamp, Value = v.Value, Qualities = SplitQualities(v.Qualities) })],
            });
        }
        else
        {
            reading.Readings.AddRange(series.Values.Select(v => new Reading
            {
                ReadingTypeRef = series.Series.ReadingType,
                TimeStamp = v.TimeStamp,
                Value = v.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
                NumericValue = v.Value,
                Qualities = SplitQualities(v.Qualities),
            }));
        }

        return reading;
    }

    /// <summary>
    /// Fills missing intervals between two known values by linear interpolation, marked 3.8.0
    /// (estimated by the MDM) so that nobody mistakes them for measured data. Nothing is stored.
    /// </summary>
    public static IReadOnlyList<ReadingValue> WithEstimatedGaps(IReadOnlyList<ReadingValue> values, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(values);
        var estimated = ReadingQualityType.EstimatedByMdm.ToString();
        var result = new List<ReadingValue>(values.Count);
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0)
            {
                var previous = values[i - 1];
                var span = values[i].TimeStamp - previous.TimeStamp;
                var steps = (int)(span.Ticks / interval.Ticks);
                for (var k = 1; k < steps && span.Ticks % interval.Ticks == 0; k++)
                {
                    var fraction = (double)k / steps;
                    result.Add(new ReadingValue(previous.TimeStamp + (interval * k), previous.Value + ((values[i].Value - previous.Value) * fraction), estimated));
                }
            }

            result.Add(values[i]);
        }

        return result;
    }

    private static string? Qualities(List<string> codes) => codes.Count == 0 ? null : string.Join(',', codes);

    private static List<string> SplitQualities(string? codes) =>
        string.IsNullOrEmpty(codes) ? [] : [.. codes.Split(',', StringSplitOptions.RemoveEmptyEntries)];
}
