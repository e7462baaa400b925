using System.Collections.Concurrent;
using Npgsql;
using NpgsqlTypes;
using Orleans.Metering.Storage.Readings;

namespace Orleans.Metering.Storage.Postgres;

/// <summary>How the PostgreSQL readings writer has written values so far (see <see cref="PostgresReadingStore.Paths"/>).</summary>
/// <param name="AppendedValues">Values COPYed straight into metering_reading (believed new, and they were).</param>
/// <param name="MergedValues">Values that went through the staging table and the set-based merge.</param>
/// <param name="Fallbacks">Batches whose append hit a stored key (stale high-water mark) and were redone through the merge.</param>
public sealed record PostgresIngestPaths(long AppendedValues, long MergedValues, long Fallbacks)
{
    public static readonly PostgresIngestPaths Empty = new(0, 0, 0);
}

/// <summary>
/// Applies one batch of callers' writes in ONE transaction. OPTIMISTIC APPEND: in steady state
/// head-ends send new intervals, so the writer keeps per series the latest timestamp known stored
/// (its high-water mark, learnt with the series id in one query per batch for the series not seen
/// yet, and advanced by every batch). Values after the mark go in ONE binary COPY straight into
/// metering_reading; only the others (re-sends, corrections, back-fills, a timestamp sent twice
/// within the batch) are staged and merged by the set-based <see cref="PostgresReadingSql.Merge"/>,
/// after the COPY, so they see its rows. Correctness never depends on the marks: if the append
/// hits a stored key (unique violation, e.g. another silo wrote the series meanwhile) or deadlocks
/// with another writer, the transaction is rolled back and the whole batch redone through the
/// merge, and the batch's series are forgotten so that their marks are read afresh.
/// PIPELINED COMMITS: the writer has two connections and uses them in turn. <see cref="Apply"/>
/// returns once its batch is written and its COMMIT sent; <see cref="Committed"/> then gives each
/// caller the commit to wait for (callers are acknowledged only once it is durable). The next
/// batch is planned and appended on the other connection while that commit is flushed. A batch
/// appends only keys that no earlier batch writes (the marks include the batches still
/// committing), so a batch that only appends to known series commits independently (the server
/// flushes both connections' commits together); one that merges, or uses a series created by a
/// batch still committing, first waits for the commit in flight, so every merge sees the batches
/// before it, and it is redone from scratch if that commit failed. A failed commit fails its own
/// callers and forgets its series. Before a transaction, the monthly partitions of the batch's
/// months (and of the clock's month and the next) are ensured, once per month per writer. Runs on the store's single writer loop only
/// (<see cref="Committed"/> excepted); after a failure the batch's connection is reopened.
/// </summary>
internal sealed class PostgresReadingWriter(PostgresDatabase database, int maxCachedSeries) : IAsyncDisposable
{
    /// <summary>How many connections (and commits in flight) the writer has (measured: 4 did no better than 2).</summary>
    private const int Lanes = 2;

    private readonly Dictionary<SeriesKey, KnownSeries> known = [];
    private readonly HashSet<int> months = [];
    private readonly NpgsqlConnection?[] lanes = new NpgsqlConnection?[Lanes];
    private readonly InFlight?[] inFlight = new InFlight?[Lanes];
    private readonly ConcurrentDictionary<object, Task> commits = new(ReferenceEqualityComparer.Instance);
    private int lastLane = Lanes - 1;
    private PostgresIngestPaths paths = PostgresIngestPaths.Empty;

    public PostgresIngestPaths Paths => Volatile.Read(ref paths);

    /// <summary>
    /// Writes the batch and sends its COMMIT; the outcomes hold once <see cref="Committed"/> of each
    /// write has completed. Throws (for every caller) when the batch could not be written.
    /// </summary>
    public async ValueTask<WriteOutcome[]> Apply(IReadOnlyList<PendingWrite> batch, DateTimeOffset now)
    {
        var recorded = StoreJson.ToTicks(now);
        var lane = lastLane = (lastLane + 1) % Lanes;
        try
        {
            // The lane's previous commit, if still in flight (if it failed, its callers have the error).
            await Settle(lane).ConfigureAwait(false);
            var c = lanes[lane] ??= await Open().ConfigureAwait(false);
            await EnsurePartitions(c, batch, recorded).ConfigureAwait(false);
            Written applied;
            try
            {
                applied = await Write(c, lane, batch, recorded, optimistic: true).ConfigureAwait(false);
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DeadlockDetected)
            {
                // A key stored by someone else (or a deadlock with another writer): redo it all through the merge.
                Forget(batch);
                Volatile.Write(ref paths, Paths with { Fallbacks = Paths.Fallbacks + 1 });
                applied = await Write(c, lane, batch, recorded, optimistic: false).ConfigureAwait(false);
            }
            catch (PreviousCommitFailedException)
            {
                // The batch may rest on what that commit would have stored (series ids, marks): redo it from scratch.
                applied = await Write(c, lane, batch, recorded, optimistic: true).ConfigureAwait(false);
            }

            inFlight[lane] = new InFlight(applied.Commit, batch, applied.Learnt);
            foreach (var write in batch)
            {
                commits[write.Series] = applied.Commit;
            }

            return applied.Outcomes;
        }
        catch
        {
            Forget(batch);
            await Reset(lane).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The commit a write applied by <see cref="Apply"/> waits for (taken once; completed when there is none).</summary>
    public Task Committed(IReadOnlyList<NormalizedSeries> write) => commits.TryRemove(write, out var commit) ? commit : Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        for (var lane = 0; lane < Lanes; lane++)
        {
            await Settle(lane).ConfigureAwait(false);
            await Reset(lane).ConfigureAwait(false);
        }
    }

    /// <summary>The month index (year * 12 + month - 1, UTC) of a tick value.</summary>
    internal static int MonthOf(long ticks)
    {
        var t = new DateTime(ticks, DateTimeKind.Utc);
        return (t.Year * 12) + t.Month - 1;
    }

    /// <summary>
    /// One transaction: resolve, plan, append, then merge and send the COMMIT. Marks and series
    /// learnt are taken into the cache when planned, so that the next batch plans on top of this
    /// one; every failure forgets the batch's series. A batch that merges, or uses a series created
    /// by a batch still committing, first waits for the commits in flight (and is redone if one of
    /// them failed); a batch that only appends to known series commits independently, so that the
    /// server flushes the commits of both connections together.
    /// </summary>
    private async Task<Written> Write(NpgsqlConnection c, int lane, IReadOnlyList<PendingWrite> batch, long recorded, bool optimistic)
    {
        var transaction = await c.BeginTransactionAsync().ConfigureAwait(false);
        try
        {
            var learnt = await ResolveSeries(c, transaction, batch).ConfigureAwait(false);
            var plan = PostgresIngestPlan.For(batch, key => known.TryGetValue(key, out var cached) ? cached : learnt[key], optimistic);
            if (optimistic)
            {
                Learn(learnt, plan, batch);
            }
            if (plan.AppendCount > 0)
            {
                await Copy(c, PostgresReadingSql.CopyReadings, plan.Append, caller: false, recorded).ConfigureAwait(false);
            }

            var outcomes = new WriteOutcome[batch.Count];
            for (var i = 0; i < outcomes.Length; i++)
            {
                outcomes[i] = plan.Appended[i] == 0 ? WriteOutcome.None : new WriteOutcome(plan.Appended[i], 0, 0);
            }

            var dependent = plan.MergeCount > 0 || plan.Marks.Any(m => m.Key.CreatedBy is { } creator && creator != batch);
            if (dependent && !await SettleOthers(lane).ConfigureAwait(false))
            {
                throw new PreviousCommitFailedException();
            }

            if (plan.MergeCount > 0)
            {
                await Copy(c, PostgresReadingSql.CopyStage, plan.Merge, caller: true, recorded).ConfigureAwait(false);
                await Merge(c, transaction, outcomes, recorded).ConfigureAwait(false);
            }

            var commit = Commit(transaction);
            var before = Paths;
            Volatile.Write(ref paths, before with { AppendedValues = before.AppendedValues + plan.AppendCount, MergedValues = before.MergedValues + plan.MergeCount });
            return new Written(outcomes, commit, [.. learnt.Values]);
        }
        catch
        {
            Forget(batch);
            await transaction.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task Commit(NpgsqlTransaction transaction)
    {
        await using (transaction.ConfigureAwait(false))
        {
            await transaction.CommitAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Waits for the lane's commit still in flight, if any; false when it failed (its series are
    /// then forgotten and its connection reset; its callers get the error from <see cref="Committed"/>).
    /// </summary>
    private async Task<bool> Settle(int lane)
    {
        if (inFlight[lane] is not { } previous)
        {
            return true;
        }

        inFlight[lane] = null;
        try
        {
            await previous.Commit.ConfigureAwait(false);
            foreach (var entry in previous.Learnt)
            {
                entry.CreatedBy = null;
            }

            return true;
        }
#pragma warning disable CA1031 // The callers of that batch get the exception; the writer carries on.
        catch (Exception)
#pragma warning restore CA1031
        {
            Forget(previous.Batch);
            await Reset(lane).ConfigureAwait(false);
            return false;
        }
    }

    /// <summary>Waits for the commits in flight on the other lanes; false when one of them failed.</summary>
    private async Task<bool> SettleOthers(int lane)
    {
        var settled = true;
        for (var other = 0; other < Lanes; other++)
        {
            if (other != lane)
            {
                settled &= await Settle(other).ConfigureAwait(false);
            }
        }

        return settled;
    }

    /// <summary>Takes the batch's new series and marks into the cache (forgotten again if the batch fails).</summary>
    private void Learn(Dictionary<SeriesKey, KnownSeries> learnt, PostgresIngestPlan plan, IReadOnlyList<PendingWrite> batch)
    {
        if (learnt.Count > 0 && known.Count + learnt.Count > maxCachedSeries)
        {
            known.Clear();
        }

        foreach (var (series, entry) in learnt)
        {
            entry.CreatedBy = batch;
            known[series] = entry;
        }

        foreach (var (entry, mark) in plan.Marks)
        {
            entry.HighWater = mark;
        }
    }

    /// <summary>After a fallback or a failure: the batch's series are resolved (and their marks read) afresh.</summary>
    private void Forget(IReadOnlyList<PendingWrite> batch)
    {
        foreach (var write in batch)
        {
            foreach (var series in write.Series)
            {
                known.Remove(series.Series);
            }
        }
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

    /// <summary>
    /// The partitions of the batch's months, and of the clock's month and the next one (so that a
    /// new month's partition exists before its first readings arrive), once per month per writer.
    /// </summary>
    private async Task EnsurePartitions(NpgsqlConnection c, IReadOnlyList<PendingWrite> batch, long now)
    {
        var missing = new SortedSet<int>();
        var current = MonthOf(now);
        foreach (var month in (int[])[current, current + 1])
        {
            if (month / 12 <= 9999 && !months.Contains(month))
            {
                missing.Add(month);
            }
        }

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

    /// <summary>
    /// The batch's series not cached yet, with their ids (creating the missing series) and their
    /// high-water marks, in one round trip.
    /// </summary>
    private async Task<Dictionary<SeriesKey, KnownSeries>> ResolveSeries(NpgsqlConnection c, NpgsqlTransaction transaction, IReadOnlyList<PendingWrite> batch)
    {
        var unknown = new HashSet<SeriesKey>();
        foreach (var write in batch)
        {
            foreach (var series in write.Series)
            {
                if (!known.ContainsKey(series.Series))
                {
                    unknown.Add(series.Series);
                }
            }
        }

        var learnt = new Dictionary<SeriesKey, KnownSeries>(unknown.Count);
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
                var highWater = reader.IsDBNull(3) ? KnownSeries.Empty : reader.GetInt64(3);
                learnt[new SeriesKey(reader.GetString(1), reader.GetString(2))] = new KnownSeries(reader.GetInt64(0), highWater);
            }
        }

        if (learnt.Count != unknown.Count)
        {
            throw new InvalidOperationException($"Resolved {learnt.Count} of {unknown.Count} reading series.");
        }

        return learnt;
    }

    /// <summary>
    /// ONE binary COPY of the runs: into metering_reading (series_id, ts, value, qualities,
    /// recorded), or with <paramref name="caller"/> into the staging table (caller, series_id, ts,
    /// value, qualities), which is then analyzed for the merge's plan.
    /// </summary>
    private static async Task Copy(NpgsqlConnection c, string copy, List<ValueRun> runs, bool caller, long recorded)
    {
        await using (var importer = await c.BeginBinaryImportAsync(copy).ConfigureAwait(false))
        {
            foreach (var run in runs)
            {
                for (var i = run.Start; i < run.End; i++)
                {
                    var value = run.Values[i];
                    await importer.StartRowAsync().ConfigureAwait(false);
                    if (caller)
                    {
                        await importer.WriteAsync(run.Caller, NpgsqlDbType.Integer).ConfigureAwait(false);
                    }

                    await importer.WriteAsync(run.SeriesId, NpgsqlDbType.Bigint).ConfigureAwait(false);
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

                    if (!caller)
                    {
                        await importer.WriteAsync(recorded, NpgsqlDbType.Bigint).ConfigureAwait(false);
                    }
                }
            }

            await importer.CompleteAsync().ConfigureAwait(false);
        }

        if (caller)
        {
            await using var analyze = new NpgsqlCommand(PostgresReadingSql.AnalyzeStage, c);
            await analyze.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The set-based merge of the staged values; adds each caller's counts to its outcome.</summary>
    private static async Task Merge(NpgsqlConnection c, NpgsqlTransaction transaction, WriteOutcome[] outcomes, long now)
    {
        await using var merge = new NpgsqlCommand(PostgresReadingSql.Merge, c, transaction);
        merge.Parameters.Add(new NpgsqlParameter<long>("now", NpgsqlDbType.Bigint) { TypedValue = now });
        await using var reader = await merge.ExecuteReaderAsync().ConfigureAwait(false);
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            var caller = reader.GetInt32(0);
            outcomes[caller] = outcomes[caller].Add(new WriteOutcome(reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3)));
        }
    }

    private async ValueTask Reset(int lane)
    {
        if (lanes[lane] is { } open)
        {
            lanes[lane] = null;
            await open.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>A batch written, with its outcomes, its COMMIT (sent) and the series it learnt.</summary>
    private sealed record Written(WriteOutcome[] Outcomes, Task Commit, IReadOnlyList<KnownSeries> Learnt);

    /// <summary>A lane's COMMIT, sent and not yet known durable.</summary>
    private sealed record InFlight(Task Commit, IReadOnlyList<PendingWrite> Batch, IReadOnlyList<KnownSeries> Learnt);

    /// <summary>The commit of the batch before failed: the batch being written is redone from scratch.</summary>
    private sealed class PreviousCommitFailedException() : Exception("The previous batch's commit failed.");
}
