using Orleans.Metering.Abstractions;

namespace Orleans.Metering.Storage.Readings;

/// <summary>
/// Readings store for tests: the same semantics as <see cref="SqliteReadingStore"/> (outcomes,
/// last-wins duplicates in one write, prior versions, query order, Limit and Truncated), nothing
/// durable. Each write is applied at once, under a lock.
/// </summary>
public sealed class InMemoryReadingStore(TimeProvider? time = null) : IReadingStore
{
    private readonly TimeProvider time = time ?? TimeProvider.System;
    private readonly Dictionary<SeriesKey, SortedDictionary<long, Cell>> series = [];
    private readonly Lock gate = new();

    public Task<WriteOutcome> Write(IReadOnlyList<SeriesWrite> writes, CancellationToken cancellationToken = default)
    {
        var normalized = ReadingWrites.Normalize(writes, out _);
        cancellationToken.ThrowIfCancellationRequested();
        int inserted = 0, unchanged = 0, replaced = 0;
        lock (gate)
        {
            var now = StoreJson.FromTicks(StoreJson.ToTicks(time.GetUtcNow()));
            foreach (var write in normalized)
            {
                if (!series.TryGetValue(write.Series, out var cells))
                {
                    cells = [];
                    series.Add(write.Series, cells);
                }

                foreach (var value in write.Values)
                {
                    if (!cells.TryGetValue(value.Ticks, out var cell))
                    {
                        cells.Add(value.Ticks, new Cell(value, now));
                        inserted++;
                    }
                    else if (cell.Current.SameAs(value.Value, value.Qualities))
                    {
                        unchanged++;
                    }
                    else
                    {
                        cell.Replace(value, now);
                        replaced++;
                    }
                }
            }
        }

        return Task.FromResult(new WriteOutcome(inserted, unchanged, replaced));
    }

    public Task<ReadingQueryResult> Query(ReadingQuery query, CancellationToken cancellationToken = default)
    {
        ReadingWrites.Validate(query);
        var after = ReadingWrites.AfterTicks(query);
        var through = ReadingWrites.ThroughTicks(query);
        var result = new List<SeriesReadings>();
        var remaining = query.Limit;
        var truncated = false;
        lock (gate)
        {
            var keys = Keys(query);
            foreach (var key in keys)
            {
                var matching = series[key].Where(c => c.Key > after && c.Key <= through).Select(c => c.Value.Current);
                var values = new List<ReadingValue>();
                foreach (var value in matching)
                {
                    if (remaining == 0)
                    {
                        truncated = true;
                        break;
                    }

                    values.Add(new ReadingValue(StoreJson.FromTicks(value.Ticks), value.Value, value.Qualities));
                    remaining--;
                }

                if (values.Count > 0)
                {
                    result.Add(new SeriesReadings(key, values));
                }

                if (truncated)
                {
                    break;
                }
            }
        }

        return Task.FromResult(new ReadingQueryResult(result, truncated));
    }

    public Task<IReadOnlyList<SeriesKey>> Series(ReadingQuery query, CancellationToken cancellationToken = default)
    {
        ReadingWrites.Validate(query);
        lock (gate)
        {
            return Task.FromResult<IReadOnlyList<SeriesKey>>(Keys(query));
        }
    }

    /// <summary>The series of the devices and types (empty = all), in answer order; the caller holds the gate.</summary>
    private List<SeriesKey> Keys(ReadingQuery query)
    {
        var devices = query.DeviceIds.ToHashSet(StringComparer.Ordinal);
        var types = query.ReadingTypes.ToHashSet(StringComparer.Ordinal);
        var keys = series.Keys
            .Where(k => devices.Contains(k.DeviceId) && (types.Count == 0 || types.Contains(k.ReadingType)))
            .ToList();
        keys.Sort(ReadingWrites.CompareSeries);
        return keys;
    }

    public Task<IReadOnlyList<SeriesPriorVersions>> PriorVersions(ReadingQuery query, CancellationToken cancellationToken = default)
    {
        ReadingWrites.Validate(query);
        var after = ReadingWrites.AfterTicks(query);
        var through = ReadingWrites.ThroughTicks(query);
        var result = new List<SeriesPriorVersions>();
        var remaining = query.Limit;
        lock (gate)
        {
            var keys = Keys(query);
            foreach (var key in keys)
            {
                if (remaining == 0)
                {
                    break;
                }

                var versions = new List<ReadingVersion>();
                foreach (var (ticks, cell) in series[key])
                {
                    if (ticks > through || remaining == 0)
                    {
                        break;
                    }

                    if (ticks <= after || cell.Prior.Count == 0)
                    {
                        continue;
                    }

                    var at = StoreJson.FromTicks(ticks);
                    for (var i = cell.Prior.Count - 1; i >= 0 && remaining > 0; i--, remaining--)
                    {
                        var prior = cell.Prior[i];
                        versions.Add(new ReadingVersion(at, prior.Value.Value, prior.Value.Qualities, prior.RecordedAt, prior.ReplacedAt));
                    }
                }

                if (versions.Count > 0)
                {
                    result.Add(new SeriesPriorVersions(key, versions));
                }
            }
        }

        return Task.FromResult<IReadOnlyList<SeriesPriorVersions>>(result);
    }

    public Task<IReadOnlyList<ReadingVersion>> History(SeriesKey series, DateTimeOffset timeStamp, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(series);
        var ticks = StoreJson.ToTicks(timeStamp);
        lock (gate)
        {
            if (!this.series.TryGetValue(series, out var cells) || !cells.TryGetValue(ticks, out var cell))
            {
                return Task.FromResult<IReadOnlyList<ReadingVersion>>([]);
            }

            var at = StoreJson.FromTicks(ticks);
            var versions = new List<ReadingVersion> { new(at, cell.Current.Value, cell.Current.Qualities, cell.RecordedAt, null) };
            for (var i = cell.Prior.Count - 1; i >= 0; i--)
            {
                var prior = cell.Prior[i];
                versions.Add(new ReadingVersion(at, prior.Value.Value, prior.Value.Qualities, prior.RecordedAt, prior.ReplacedAt));
            }

            return Task.FromResult<IReadOnlyList<ReadingVersion>>(versions);
        }
    }

    private sealed class Cell(StoredValue value, DateTimeOffset recordedAt)
    {
        public StoredValue Current { get; private set; } = value;

        public DateTimeOffset RecordedAt { get; private set; } = recordedAt;

        /// <summary>Earlier versions, oldest first.</summary>
        public List<(StoredValue Value, DateTimeOffset RecordedAt, DateTimeOffset ReplacedAt)> Prior { get; } = [];

        public void Replace(StoredValue value, DateTimeOffset now)
        {
            Prior.Add((Current, RecordedAt, now));
            Current = value;
            RecordedAt = now;
        }
    }
}
