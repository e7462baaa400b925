using Npgsql;
using NpgsqlTypes;
using Orleans.Metering.Abstractions;
using Orleans.Metering.Storage.Readings;

namespace Orleans.Metering.Storage.Postgres;

/// <summary>
/// The read side of the PostgreSQL readings store: series lookup, then per series one range scan
/// in primary-key order (series_id, ts), pruned to the partitions of the window.
/// </summary>
internal static class PostgresReadingReader
{
    public static async Task<ReadingQueryResult> Query(NpgsqlConnection connection, ReadingQuery query, CancellationToken cancellationToken)
    {
        var after = ReadingWrites.AfterTicks(query);
        var through = ReadingWrites.ThroughTicks(query);
        var series = await FindSeries(connection, query, cancellationToken).ConfigureAwait(false);
        var result = new List<SeriesReadings>();
        var remaining = query.Limit + 1L;
        var truncated = false;
        await using var command = RangeCommand(connection, PostgresReadingSql.Range, after, through, out var seriesParameter, out var limitParameter);
        foreach (var (key, id) in series)
        {
            if (after >= through || remaining == 0)
            {
                break;
            }

            seriesParameter.TypedValue = id;
            limitParameter.TypedValue = remaining;
            var values = new List<ReadingValue>();
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    values.Add(new(StoreJson.FromTicks(reader.GetInt64(0)), reader.GetDouble(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
                }
            }

            remaining -= values.Count;
            if (remaining == 0)
            {
                // One more than the Limit matched: drop it and say so.
                values.RemoveAt(values.Count - 1);
                truncated = true;
            }

            if (values.Count > 0)
            {
                result.Add(new SeriesReadings(key, values));
            }
        }

        return new ReadingQueryResult(result, truncated);
    }

    public static async Task<IReadOnlyList<SeriesPriorVersions>> PriorVersions(NpgsqlConnection connection, ReadingQuery query, CancellationToken cancellationToken)
    {
        var after = ReadingWrites.AfterTicks(query);
        var through = ReadingWrites.ThroughTicks(query);
        var result = new List<SeriesPriorVersions>();
        if (after >= through || query.Limit == 0)
        {
            return result;
        }

        var series = await FindSeries(connection, query, cancellationToken).ConfigureAwait(false);
        long remaining = query.Limit;
        await using var command = RangeCommand(connection, PostgresReadingSql.PriorVersions, after, through, out var seriesParameter, out var limitParameter);
        foreach (var (key, id) in series)
        {
            if (remaining == 0)
            {
                break;
            }

            seriesParameter.TypedValue = id;
            limitParameter.TypedValue = remaining;
            var versions = new List<ReadingVersion>();
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    versions.Add(new ReadingVersion(
                        StoreJson.FromTicks(reader.GetInt64(0)),
                        reader.GetDouble(1),
                        reader.IsDBNull(2) ? null : reader.GetString(2),
                        StoreJson.FromTicks(reader.GetInt64(3)),
                        StoreJson.FromTicks(reader.GetInt64(4))));
                }
            }

            remaining -= versions.Count;
            if (versions.Count > 0)
            {
                result.Add(new SeriesPriorVersions(key, versions));
            }
        }

        return result;
    }

    public static async Task<IReadOnlyList<ReadingVersion>> History(NpgsqlConnection connection, SeriesKey series, DateTimeOffset timeStamp, CancellationToken cancellationToken)
    {
        var ticks = StoreJson.ToTicks(timeStamp);
        await using var command = new NpgsqlCommand(PostgresReadingSql.History, connection);
        command.Parameters.Add(new NpgsqlParameter<string>("device", NpgsqlDbType.Text) { TypedValue = series.DeviceId });
        command.Parameters.Add(new NpgsqlParameter<string>("type", NpgsqlDbType.Text) { TypedValue = series.ReadingType });
        command.Parameters.Add(new NpgsqlParameter<long>("ts", NpgsqlDbType.Bigint) { TypedValue = ticks });
        var at = StoreJson.FromTicks(ticks);
        var versions = new List<ReadingVersion>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        do
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                versions.Add(new ReadingVersion(
                    at,
                    reader.GetDouble(0),
                    reader.IsDBNull(1) ? null : reader.GetString(1),
                    StoreJson.FromTicks(reader.GetInt64(2)),
                    reader.IsDBNull(3) ? null : StoreJson.FromTicks(reader.GetInt64(3))));
            }
        }
        while (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false));

        return versions;
    }

    private static NpgsqlCommand RangeCommand(NpgsqlConnection connection, string sql, long after, long through, out NpgsqlParameter<long> series, out NpgsqlParameter<long> limit)
    {
        var command = new NpgsqlCommand(sql, connection);
        series = new NpgsqlParameter<long>("series", NpgsqlDbType.Bigint);
        limit = new NpgsqlParameter<long>("limit", NpgsqlDbType.Bigint);
        command.Parameters.Add(series);
        command.Parameters.Add(new NpgsqlParameter<long>("after", NpgsqlDbType.Bigint) { TypedValue = after });
        command.Parameters.Add(new NpgsqlParameter<long>("through", NpgsqlDbType.Bigint) { TypedValue = through });
        command.Parameters.Add(limit);
        return command;
    }

    /// <summary>The keys of the stored series of the queried devices and reading types, any time.</summary>
    public static async Task<IReadOnlyList<SeriesKey>> Series(NpgsqlConnection connection, ReadingQuery query, CancellationToken cancellationToken) =>
        [.. (await FindSeries(connection, query, cancellationToken).ConfigureAwait(false)).Select(s => s.Key)];

    /// <summary>The stored series of the queried devices and reading types, in answer order (device, then type, ordinal).</summary>
    private static async Task<List<(SeriesKey Key, long Id)>> FindSeries(NpgsqlConnection connection, ReadingQuery query, CancellationToken cancellationToken)
    {
        var types = query.ReadingTypes.Count == 0 ? null : new HashSet<string>(query.ReadingTypes, StringComparer.Ordinal);
        var found = new List<(SeriesKey Key, long Id)>();
        await using var command = new NpgsqlCommand(PostgresReadingSql.FindSeries, connection);
        command.Parameters.Add(new NpgsqlParameter<string[]>("devices", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. query.DeviceIds.Distinct(StringComparer.Ordinal)] });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var key = new SeriesKey(reader.GetString(1), reader.GetString(2));
            if (types is null || types.Contains(key.ReadingType))
            {
                found.Add((key, reader.GetInt64(0)));
            }
        }

        found.Sort((a, b) => ReadingWrites.CompareSeries(a.Key, b.Key));
        return found;
    }
}
