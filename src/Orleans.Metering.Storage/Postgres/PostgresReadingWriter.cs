using Npgsql;
using NpgsqlTypes;
using Orleans.Metering.Storage.Readings;

namespace Orleans.Metering.Storage.Postgres;

/// <summary>
/// Applies one batch of callers' writes in ONE transaction on a connection kept open between
/// batches: missing series are created (one round trip), the batch's values go into the session's
/// staging table in ONE binary COPY (with each value's caller index), and one set-based statement
/// (<see cref="PostgresReadingSql.Merge"/>) classifies, keeps prior versions, inserts, updates and
/// counts per caller. Before the transaction, the monthly partitions of the batch's months are
/// ensured (once per month per writer). Runs on the store's single writer loop only. Series ids
/// learnt inside a transaction are cached only once it commits; after a failure the connection is
/// dropped and reopened for the next batch.
/// </summary>
internal sealed class PostgresReadingWriter(PostgresDatabase database) : IAsyncDisposable
{
    private readonly Dictionary<SeriesKey, long> seriesIds = [];
    private readonly HashSet<int> months = [];
    private NpgsqlConnection? connection;

    public async ValueTask<WriteOutcome[]> Apply(IReadOnlyList<PendingWrite> batch, DateTimeOffset now)
    {
        try
        {
            connection ??= await Open().ConfigureAwait(false);
            await EnsurePartitions(connection, batch).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
            var learnt = await ResolveSeries(connection, transaction, batch).ConfigureAwait(false);
            await Stage(connection, batch, learnt).ConfigureAwait(false);
            var outcomes = await Merge(connection, transaction, batch.Count, StoreJson.ToTicks(now)).ConfigureAwait(false);
            await transaction.CommitAsync().ConfigureAwait(false);
            foreach (var (series, id) in learnt)
            {
                seriesIds[series] = id;
            }

            return outcomes;
        }
        catch
        {
            await Reset().ConfigureAwait(false);
            throw;
        }
    }

    public ValueTask DisposeAsync() => Reset();

    /// <summary>The month index (year * 12 + month - 1, UTC) of a tick value.</summary>
    internal static int MonthOf(long ticks)
    {
        var t = new DateTime(ticks, DateTimeKind.Utc);
        return (t.Year * 12) + t.Month - 1;
    }

    private async Task<NpgsqlConnection> Open()
    {
        var opened = await database.Open().ConfigureAwait(false);
        try
        {
            await using var create = new NpgsqlCommand(PostgresReadingSql.CreateStage, opened);
            await create.ExecuteNonQueryAsync().ConfigureAwait(false);
            return opened;
        }
        catch
        {
            await opened.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task EnsurePartitions(NpgsqlConnection c, IReadOnlyList<PendingWrite> batch)
    {
        var missing = new SortedSet<int>();
        foreach (var write in batch)
        {
            foreach (var series in write.Series)
            {
                // Values are sorted by time: only a change of month needs a look.
                long low = long.MaxValue, high = long.MinValue;
                foreach (var value in series.Values)
                {
                    if (value.Ticks >= low && value.Ticks < high)
                    {
                        continue;
                    }

                    var month = MonthOf(value.Ticks);
                    var start = new DateTime(month / 12, (month % 12) + 1, 1, 0, 0, 0, DateTimeKind.Utc);
                    low = start.Ticks;
                    high = month / 12 == 9999 && month % 12 == 11 ? long.MaxValue : start.AddMonths(1).Ticks;
                    if (!months.Contains(month))
                    {
                        missing.Add(month);
                    }
                }
            }
        }

        foreach (var month in missing)
        {
            // Autocommitted, outside the batch's transaction: a partition outlives a failed batch.
            await using var ensure = new NpgsqlCommand(PostgresReadingSql.EnsurePartition, c);
            ensure.Parameters.Add(new NpgsqlParameter<DateOnly>("month", NpgsqlDbType.Date) { TypedValue = new DateOnly(month / 12, (month % 12) + 1, 1) });
            await ensure.ExecuteNonQueryAsync().ConfigureAwait(false);
            months.Add(month);
        }
    }

    /// <summary>The ids of the batch's series not cached yet, creating those that do not exist.</summary>
    private async Task<Dictionary<SeriesKey, long>> ResolveSeries(NpgsqlConnection c, NpgsqlTransaction transaction, IReadOnlyList<PendingWrite> batch)
    {
        var unknown = new HashSet<SeriesKey>();
        foreach (var write in batch)
        {
            foreach (var series in write.Series)
            {
                if (!seriesIds.ContainsKey(series.Series))
                {
                    unknown.Add(series.Series);
                }
            }
        }

        var learnt = new Dictionary<SeriesKey, long>(unknown.Count);
        if (unknown.Count == 0)
        {
            return learnt;
        }

        string[] devices = [.. unknown.Select(k => k.DeviceId)];
        string[] types = [.. unknown.Select(k => k.ReadingType)];
        await using var resolve = new NpgsqlBatch(c, transaction)
        {
            BatchCommands = { new(PostgresReadingSql.InsertSeries), new(PostgresReadingSql.SelectSeries) },
        };
        foreach (var command in resolve.BatchCommands)
        {
            command.Parameters.Add(new NpgsqlParameter<string[]>("devices", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = devices });
            command.Parameters.Add(new NpgsqlParameter<string[]>("types", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = types });
        }

        await using (var reader = await resolve.ExecuteReaderAsync().ConfigureAwait(false))
        {
            while (await reader.ReadAsync().ConfigureAwait(false) || await reader.NextResultAsync().ConfigureAwait(false) && await reader.ReadAsync().ConfigureAwait(false))
            {
                learnt[new SeriesKey(reader.GetString(1), reader.GetString(2))] = reader.GetInt64(0);
            }
        }

        if (learnt.Count != unknown.Count)
        {
            throw new InvalidOperationException($"Resolved {learnt.Count} of {unknown.Count} reading series.");
        }

        return learnt;
    }

    /// <summary>ONE binary COPY of the batch's values into the staging table, each with its caller's index.</summary>
    private async Task Stage(NpgsqlConnection c, IReadOnlyList<PendingWrite> batch, Dictionary<SeriesKey, long> learnt)
    {
        await using (var importer = await c.BeginBinaryImportAsync(PostgresReadingSql.CopyStage).ConfigureAwait(false))
        {
            for (var caller = 0; caller < batch.Count; caller++)
            {
                foreach (var series in batch[caller].Series)
                {
                    var id = seriesIds.TryGetValue(series.Series, out var cached) ? cached : learnt[series.Series];
                    foreach (var value in series.Values)
                    {
                        await importer.StartRowAsync().ConfigureAwait(false);
                        await importer.WriteAsync(caller, NpgsqlDbType.Integer).ConfigureAwait(false);
                        await importer.WriteAsync(id, NpgsqlDbType.Bigint).ConfigureAwait(false);
                        await importer.WriteAsync(value.Ticks, NpgsqlDbType.Bigint).ConfigureAwait(false);
                        await importer.WriteAsync(value.Value, NpgsqlDbType.Double).ConfigureAwait(false);
                        if (value.Qualities is { } qualities)
                        {
                            await importer.WriteAsync(qualities, NpgsqlDbType.Text).ConfigureAwait(false);
                        }
                        else
                        {
                            await importer.WriteNullAsync().ConfigureAwait(false);
                        }
                    }
                }
            }

            await importer.CompleteAsync().ConfigureAwait(false);
        }

        await using var analyze = new NpgsqlCommand(PostgresReadingSql.AnalyzeStage, c);
        await analyze.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    private static async Task<WriteOutcome[]> Merge(NpgsqlConnection c, NpgsqlTransaction transaction, int callers, long now)
    {
        var outcomes = new WriteOutcome[callers];
        Array.Fill(outcomes, WriteOutcome.None);
        await using var merge = new NpgsqlCommand(PostgresReadingSql.Merge, c, transaction);
        merge.Parameters.Add(new NpgsqlParameter<long>("now", NpgsqlDbType.Bigint) { TypedValue = now });
        await using var reader = await merge.ExecuteReaderAsync().ConfigureAwait(false);
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            outcomes[reader.GetInt32(0)] = new WriteOutcome(reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3));
        }

        return outcomes;
    }

    private async ValueTask Reset()
    {
        if (connection is { } open)
        {
            connection = null;
            await open.DisposeAsync().ConfigureAwait(false);
        }
    }
}
