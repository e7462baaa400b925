using Microsoft.Data.Sqlite;
using Orleans.Metering.Storage.Sqlite;

namespace Orleans.Metering.Storage.Readings;

/// <summary>
/// Applies one batch of callers' writes in ONE transaction on a connection kept open between
/// batches, with prepared statements. Runs on the store's single writer loop only. Series ids are
/// cached in memory; ids learnt inside a transaction are cached only once it commits. After a
/// failure the connection is dropped and reopened for the next batch.
/// </summary>
internal sealed class SqliteReadingWriter(SqliteDatabase database) : IDisposable
{
    private readonly Dictionary<SeriesKey, long> seriesIds = [];
    private SqliteConnection? connection;
    private SqliteReadingCommands? commands;

    public WriteOutcome[] Apply(IReadOnlyList<PendingWrite> batch, DateTimeOffset now)
    {
        try
        {
            connection ??= Open();
            commands ??= new SqliteReadingCommands(connection);
            var learnt = new Dictionary<SeriesKey, long>();
            var outcomes = new WriteOutcome[batch.Count];
            using (var transaction = connection.BeginTransaction(deferred: false))
            {
                commands.Enlist(transaction);
                var ticks = StoreJson.ToTicks(now);
                for (var i = 0; i < batch.Count; i++)
                {
                    outcomes[i] = ApplyOne(commands, batch[i], learnt, ticks);
                }

                transaction.Commit();
            }

            foreach (var (series, id) in learnt)
            {
                seriesIds[series] = id;
            }

            return outcomes;
        }
        catch
        {
            Reset();
            throw;
        }
    }

    public void Dispose() => Reset();

    private SqliteConnection Open()
    {
        var opened = new SqliteConnection(database.ConnectionString);
        opened.Open();
        return opened;
    }

    private WriteOutcome ApplyOne(SqliteReadingCommands c, PendingWrite write, Dictionary<SeriesKey, long> learnt, long now)
    {
        int inserted = 0, unchanged = 0, replaced = 0;
        foreach (var series in write.Series)
        {
            var seriesId = SeriesId(c, series.Series, learnt);
            foreach (var value in series.Values)
            {
                c.SelectValue.Parameters[0].Value = seriesId;
                c.SelectValue.Parameters[1].Value = value.Ticks;
                StoredValue? existing = null;
                using (var reader = c.SelectValue.ExecuteReader())
                {
                    if (reader.Read())
                    {
                        existing = new StoredValue(value.Ticks, reader.GetDouble(0), reader.IsDBNull(1) ? null : reader.GetString(1));
                    }
                }

                if (existing is null)
                {
                    Execute(c.InsertValue, seriesId, value, now);
                    inserted++;
                }
                else if (existing.Value.SameAs(value.Value, value.Qualities))
                {
                    unchanged++;
                }
                else
                {
                    c.KeepVersion.Parameters[0].Value = seriesId;
                    c.KeepVersion.Parameters[1].Value = value.Ticks;
                    c.KeepVersion.Parameters[2].Value = now;
                    c.KeepVersion.ExecuteNonQuery();
                    Execute(c.UpdateValue, seriesId, value, now);
                    replaced++;
                }
            }
        }

        return new WriteOutcome(inserted, unchanged, replaced);
    }

    private long SeriesId(SqliteReadingCommands c, SeriesKey series, Dictionary<SeriesKey, long> learnt)
    {
        if (seriesIds.TryGetValue(series, out var id) || learnt.TryGetValue(series, out id))
        {
            return id;
        }

        c.InsertSeries.Parameters[0].Value = series.DeviceId;
        c.InsertSeries.Parameters[1].Value = series.ReadingType;
        c.InsertSeries.ExecuteNonQuery();
        c.SelectSeries.Parameters[0].Value = series.DeviceId;
        c.SelectSeries.Parameters[1].Value = series.ReadingType;
        id = (long)c.SelectSeries.ExecuteScalar()!;
        learnt.Add(series, id);
        return id;
    }

    /// <summary>Runs InsertValue or UpdateValue: both take (series, ts, value, qualities, recorded).</summary>
    private static void Execute(SqliteCommand command, long seriesId, StoredValue value, long now)
    {
        command.Parameters[0].Value = seriesId;
        command.Parameters[1].Value = value.Ticks;
        command.Parameters[2].Value = value.Value;
        command.Parameters[3].Value = (object?)value.Qualities ?? DBNull.Value;
        command.Parameters[4].Value = now;
        command.ExecuteNonQuery();
    }

    private void Reset()
    {
        commands?.Dispose();
        commands = null;
        connection?.Dispose();
        connection = null;
    }
}
