using Orleans.Metering.Storage.Readings;

namespace Orleans.Metering.Storage.Postgres;

/// <summary>What the writer knows of a series: its id and the latest timestamp known to be stored (high-water mark).</summary>
internal sealed class KnownSeries(long id, long highWater)
{
    /// <summary>No value stored yet.</summary>
    public const long Empty = long.MinValue;

    public long Id { get; } = id;

    /// <summary>The latest timestamp (ticks) this writer knows to be stored; values after it are believed new.</summary>
    public long HighWater { get; set; } = highWater;

    /// <summary>
    /// The batch (its list of writes) that learnt this series while its commit is not known durable:
    /// the series row may have been created by that transaction.
    /// </summary>
    public IReadOnlyList<PendingWrite>? CreatedBy { get; set; }
}

/// <summary>A run of one caller's values of one series, all sent the same way (appended or merged).</summary>
internal readonly record struct ValueRun(int Caller, long SeriesId, IReadOnlyList<StoredValue> Values, int Start, int End)
{
    public int Count => End - Start;
}

/// <summary>
/// How one batch is written: values after their series' high-water mark are APPENDED (believed
/// new: binary COPY straight into metering_reading), the others are MERGED (staged, then the
/// set-based merge). The batch is walked in queue order and every value raises its series' mark
/// for the callers after it, so a timestamp sent twice within a batch is appended at most once
/// (by its first caller) and every later copy is merged against it, in queue order.
/// </summary>
internal sealed class PostgresIngestPlan
{
    private readonly Dictionary<KnownSeries, long> marks = new(ReferenceEqualityComparer.Instance);

    private PostgresIngestPlan(int callers) => Appended = new int[callers];

    public List<ValueRun> Append { get; } = [];

    public List<ValueRun> Merge { get; } = [];

    /// <summary>Per caller, how many of its values are appended (each is Inserted once committed).</summary>
    public int[] Appended { get; }

    public int AppendCount { get; private set; }

    public int MergeCount { get; private set; }

    /// <summary>Each series of the batch with its high-water mark once the batch is committed.</summary>
    public IEnumerable<KeyValuePair<KnownSeries, long>> Marks => marks;

    /// <summary>Plans the batch; with <paramref name="optimistic"/> false every value is merged.</summary>
    public static PostgresIngestPlan For(IReadOnlyList<PendingWrite> batch, Func<SeriesKey, KnownSeries> series, bool optimistic)
    {
        var plan = new PostgresIngestPlan(batch.Count);
        for (var caller = 0; caller < batch.Count; caller++)
        {
            foreach (var write in batch[caller].Series)
            {
                var known = series(write.Series);
                var mark = plan.marks.TryGetValue(known, out var m) ? m : optimistic ? known.HighWater : long.MaxValue;
                var values = write.Values;
                var split = FirstAfter(values, mark);
                if (split > 0)
                {
                    plan.Merge.Add(new ValueRun(caller, known.Id, values, 0, split));
                    plan.MergeCount += split;
                }

                if (split < values.Count)
                {
                    plan.Append.Add(new ValueRun(caller, known.Id, values, split, values.Count));
                    plan.Appended[caller] += values.Count - split;
                    plan.AppendCount += values.Count - split;
                }

                plan.marks[known] = Math.Max(mark, values[^1].Ticks);
            }
        }

        return plan;
    }

    /// <summary>The index of the first value (values are sorted by time, distinct) later than <paramref name="mark"/>.</summary>
    private static int FirstAfter(IReadOnlyList<StoredValue> values, long mark)
    {
        int low = 0, high = values.Count;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (values[middle].Ticks > mark)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return low;
    }
}
