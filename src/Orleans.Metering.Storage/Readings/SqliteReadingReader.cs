using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Orleans.Metering.Storage.Readings;

/// <summary>The read side of the SQLite readings store: series lookup, range scans, versions.</summary>
internal static class SqliteReadingReader
{
    private const int DevicesPerStatement = 500;

    public static async Task<ReadingQueryResult> Query(SqliteConnection connection, ReadingQuery query, CancellationToken cancellationToken)
    {
        var series = await FindSeries(connection, query, cancellationToken).ConfigureAwait(false);
        var after = ReadingWrites.AfterTicks(query);
        var through = ReadingWrites.ThroughTicks(query);
        var result = new List<SeriesReadings>();
        var remaining = query.Limit + 1L;
        var truncated = false;
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT ts, value, qualities FROM metering_reading
            WHERE series_id = $series AND ts > $after AND ts <= $through
            ORDER BY ts LIMIT $limit
            """;
        var seriesParameter = command.Parameters.Add("$series", SqliteType.Integer);
        command.Parameters.AddWithValue("$after", after);
        command.Parameters.AddWithValue("$through", through);
        var limitParameter = command.Parameters.Add("$limit", SqliteType.Integer);
        foreach (var (key, id) in series)
        {
            if (after >= through || remaining == 0)
            {
                break;
            }

            seriesParameter.Value = id;
            limitParameter.Value = remaining;
            var values = new List<Abstractions.ReadingValue>();
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

    /// <summary>
    /// The prior versions in the window, per series one range scan of metering_reading_version on its
    /// primary key (series_id, ts, version): the key's prefix serves the range, so no extra index.
    /// </summary>
    public static async Task<IReadOnlyList<SeriesPriorVersions>> PriorVersions(SqliteConnection connection, ReadingQuery query, CancellationToken cancellationToken)
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
        await using var command = connection.CreateCommand();
        command.CommandText = PriorVersionsSql;
        var seriesParameter = command.Parameters.Add("$series", SqliteType.Integer);
        command.Parameters.AddWithValue("$after", after);
        command.Parameters.AddWithValue("$through", through);
        var limitParameter = command.Parameters.Add("$limit", SqliteType.Integer);
        foreach (var (key, id) in series)
        {
            if (remaining == 0)
            {
                break;
            }

            seriesParameter.Value = id;
            limitParameter.Value = remaining;
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

    /// <summary>The range scan behind <see cref="PriorVersions"/>: newest version first within a timestamp.</summary>
    private const string PriorVersionsSql = """
        SELECT ts, value, qualities, recorded, replaced FROM metering_reading_version
        WHERE series_id = $series AND ts > $after AND ts <= $through
        ORDER BY ts, version DESC LIMIT $limit
        """;

    public static async Task<IReadOnlyList<ReadingVersion>> History(SqliteConnection connection, SeriesKey series, DateTimeOffset timeStamp, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT r.value, r.qualities, r.recorded, NULL
            FROM metering_series s JOIN metering_reading r ON r.series_id = s.series_id
            WHERE s.device_id = $device AND s.reading_type = $type AND r.ts = $ts;
            SELECT v.value, v.qualities, v.recorded, v.replaced
            FROM metering_series s JOIN metering_reading_version v ON v.series_id = s.series_id
            WHERE s.device_id = $device AND s.reading_type = $type AND v.ts = $ts
            ORDER BY v.version DESC;
            """;
        command.Parameters.AddWithValue("$device", series.DeviceId);
        command.Parameters.AddWithValue("$type", series.ReadingType);
        command.Parameters.AddWithValue("$ts", StoreJson.ToTicks(timeStamp));
        var at = StoreJson.FromTicks(StoreJson.ToTicks(timeStamp));
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

    /// <summary>The keys of the stored series of the queried devices and reading types, any time.</summary>
    public static async Task<IReadOnlyList<SeriesKey>> Series(SqliteConnection connection, ReadingQuery query, CancellationToken cancellationToken) =>
        [.. (await FindSeries(connection, query, cancellationToken).ConfigureAwait(false)).Select(s => s.Key)];

    /// <summary>The stored series of the queried devices and reading types, in answer order.</summary>
    private static async Task<List<(SeriesKey Key, long Id)>> FindSeries(SqliteConnection connection, ReadingQuery query, CancellationToken cancellationToken)
    {
        var types = query.ReadingTypes.Count == 0 ? null : new HashSet<string>(query.ReadingTypes, StringComparer.Ordinal);
        var found = new List<(SeriesKey Key, long Id)>();
        foreach (var chunk in query.DeviceIds.Distinct(StringComparer.Ordinal).Chunk(DevicesPerStatement))
        {
            await using var command = connection.CreateCommand();
            var sql = new StringBuilder("SELECT series_id, device_id, reading_type FROM metering_series WHERE device_id IN (");
            for (var i = 0; i < chunk.Length; i++)
            {
                var name = "$d" + i.ToString(CultureInfo.InvariantCulture);
                sql.Append(i == 0 ? "" : ", ").Append(name);
                command.Parameters.AddWithValue(name, chunk[i]);
            }

            command.CommandText = sql.Append(')').ToString();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var key = new SeriesKey(reader.GetString(1), reader.GetString(2));
                if (types is null || types.Contains(key.ReadingType))
                {
                    found.Add((key, reader.GetInt64(0)));
                }
            }
        }

        found.Sort((a, b) => ReadingWrites.CompareSeries(a.Key, b.Key));
        return found;
    }
}
