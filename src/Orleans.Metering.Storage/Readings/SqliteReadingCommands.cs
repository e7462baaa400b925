using Microsoft.Data.Sqlite;

namespace Orleans.Metering.Storage.Readings;

/// <summary>The writer's prepared statements, created once per connection and reused for every value.</summary>
internal sealed class SqliteReadingCommands : IDisposable
{
    private readonly SqliteCommand[] all;

    public SqliteReadingCommands(SqliteConnection connection)
    {
        InsertSeries = Create(connection, """
            INSERT INTO metering_series (device_id, reading_type) VALUES ($device, $type)
            ON CONFLICT (device_id, reading_type) DO NOTHING
            """, ("$device", SqliteType.Text), ("$type", SqliteType.Text));
        SelectSeries = Create(connection, """
            SELECT series_id FROM metering_series WHERE device_id = $device AND reading_type = $type
            """, ("$device", SqliteType.Text), ("$type", SqliteType.Text));
        SelectValue = Create(connection, """
            SELECT value, qualities FROM metering_reading WHERE series_id = $series AND ts = $ts
            """, ("$series", SqliteType.Integer), ("$ts", SqliteType.Integer));
        InsertValue = Create(connection, """
            INSERT INTO metering_reading (series_id, ts, value, qualities, recorded)
            VALUES ($series, $ts, $value, $qualities, $recorded)
            """, ("$series", SqliteType.Integer), ("$ts", SqliteType.Integer), ("$value", SqliteType.Real), ("$qualities", SqliteType.Text), ("$recorded", SqliteType.Integer));
        KeepVersion = Create(connection, """
            INSERT INTO metering_reading_version (series_id, ts, version, value, qualities, recorded, replaced)
            SELECT r.series_id, r.ts,
                   coalesce((SELECT max(v.version) FROM metering_reading_version v WHERE v.series_id = r.series_id AND v.ts = r.ts), 0) + 1,
                   r.value, r.qualities, r.recorded, $replaced
            FROM metering_reading r
            WHERE r.series_id = $series AND r.ts = $ts
            """, ("$series", SqliteType.Integer), ("$ts", SqliteType.Integer), ("$replaced", SqliteType.Integer));
        UpdateValue = Create(connection, """
            UPDATE metering_reading SET value = $value, qualities = $qualities, recorded = $recorded
            WHERE series_id = $series AND ts = $ts
            """, ("$series", SqliteType.Integer), ("$ts", SqliteType.Integer), ("$value", SqliteType.Real), ("$qualities", SqliteType.Text), ("$recorded", SqliteType.Integer));
        all = [InsertSeries, SelectSeries, SelectValue, InsertValue, KeepVersion, UpdateValue];
    }

    public SqliteCommand InsertSeries { get; }

    public SqliteCommand SelectSeries { get; }

    public SqliteCommand SelectValue { get; }

    public SqliteCommand InsertValue { get; }

    public SqliteCommand KeepVersion { get; }

    public SqliteCommand UpdateValue { get; }

    public void Enlist(SqliteTransaction transaction)
    {
        foreach (var command in all)
        {
            command.Transaction = transaction;
        }
    }

    public void Dispose()
    {
        foreach (var command in all)
        {
            command.Dispose();
        }
    }

    private static SqliteCommand Create(SqliteConnection connection, string sql, params (string Name, SqliteType Type)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, type) in parameters)
        {
            command.Parameters.Add(name, type);
        }

        command.Prepare();
        return command;
    }
}
