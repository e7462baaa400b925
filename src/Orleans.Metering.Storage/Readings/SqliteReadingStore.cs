using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Orleans.Metering.Storage.Sqlite;

namespace Orleans.Metering.Storage.Readings;

/// <summary>
/// Readings in the embedded SQLite database, written by a GROUP-COMMIT writer: Write queues the
/// caller's values; one background loop takes everything queued (up to
/// <see cref="SqliteReadingStoreOptions.MaxBatchValues"/>, or what arrived within
/// <see cref="SqliteReadingStoreOptions.MaxWait"/> after the first), applies it in ONE transaction
/// and, once committed, completes each caller's task with its own <see cref="WriteOutcome"/>. If the
/// transaction fails, every caller in it gets the exception and none of their values is stored.
/// Writes are applied in queue order, so the result is that of running them one after another.
/// Dispose stops taking writes, commits those already queued, then closes the writer.
/// The schema (003-readings.sql) must have been applied with <see cref="SqliteDatabase.Migrate"/>.
/// </summary>
public sealed class SqliteReadingStore : IReadingStore, IAsyncDisposable, IDisposable
{
    private readonly SqliteDatabase database;
    private readonly SqliteReadingStoreOptions options;
    private readonly TimeProvider time;
    private readonly Channel<PendingWrite> queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SqliteReadingWriter writer;
    private readonly Task loop;
    private ReadingWriterStats stats = ReadingWriterStats.Empty;
    private PendingWrite? carried;
    private int disposed;

    public SqliteReadingStore(SqliteDatabase database, SqliteReadingStoreOptions? options = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        this.database = database;
        this.options = options ?? new SqliteReadingStoreOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(this.options.MaxBatchValues, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(this.options.MaxWait, TimeSpan.Zero, nameof(options));
        this.time = time ?? TimeProvider.System;
        writer = new SqliteReadingWriter(database);
        loop = Task.Run(RunWriter);
    }

    /// <summary>A snapshot of what the writer has done so far.</summary>
    public ReadingWriterStats Stats => Volatile.Read(ref stats);

    /// <summary>
    /// Queues the values and completes once they are committed. Cancelling helps only while the
    /// write is still queued; a write the writer has taken is committed (or fails) with its batch.
    /// </summary>
    public Task<WriteOutcome> Write(IReadOnlyList<SeriesWrite> writes, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        var series = ReadingWrites.Normalize(writes, out var count);
        if (count == 0)
        {
            return Task.FromResult(WriteOutcome.None);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var pending = new PendingWrite(series, count);
        pending.CancelWith(cancellationToken);
        if (!queue.Writer.TryWrite(pending))
        {
            pending.Fail(new ObjectDisposedException(nameof(SqliteReadingStore)));
        }

        return pending.Completion.Task;
    }

    public async Task<ReadingQueryResult> Query(ReadingQuery query, CancellationToken cancellationToken = default)
    {
        ReadingWrites.Validate(query);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        if (query.DeviceIds.Count == 0)
        {
            return new ReadingQueryResult([], false);
        }

        await using var connection = await database.Open(cancellationToken).ConfigureAwait(false);
        // One read transaction: every series is read from the same snapshot.
        await using var snapshot = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        return await SqliteReadingReader.Query(connection, query, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<SeriesPriorVersions>> PriorVersions(ReadingQuery query, CancellationToken cancellationToken = default)
    {
        ReadingWrites.Validate(query);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        if (query.DeviceIds.Count == 0)
        {
            return [];
        }

        await using var connection = await database.Open(cancellationToken).ConfigureAwait(false);
        // One read transaction: every series is read from the same snapshot.
        await using var snapshot = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        return await SqliteReadingReader.PriorVersions(connection, query, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ReadingVersion>> History(SeriesKey series, DateTimeOffset timeStamp, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(series);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        await using var connection = await database.Open(cancellationToken).ConfigureAwait(false);
        await using var snapshot = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        return await SqliteReadingReader.History(connection, series, timeStamp, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            queue.Writer.TryComplete();
        }

        await loop.ConfigureAwait(false);
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task RunWriter()
    {
        try
        {
            while (await Next().ConfigureAwait(false) is { } first)
            {
                var batch = new List<PendingWrite> { first };
                var values = first.ValueCount;
                var full = Take(batch, ref values);
                if (!full && options.MaxWait > TimeSpan.Zero)
                {
                    await Task.Delay(options.MaxWait).ConfigureAwait(false);
                    Take(batch, ref values);
                }

                Commit(batch, values);
            }
        }
        finally
        {
            writer.Dispose();
        }
    }

    /// <summary>The first write of the next batch; null once the store is disposed and the queue drained.</summary>
    private async Task<PendingWrite?> Next()
    {
        if (carried is { } carry)
        {
            carried = null;
            return carry;
        }

        while (await queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            if (queue.Reader.TryRead(out var next) && next.TryTake())
            {
                return next;
            }
        }

        return null;
    }

    /// <summary>Adds queued writes to the batch; true when it is full (the write that did not fit waits for the next one).</summary>
    private bool Take(List<PendingWrite> batch, ref int values)
    {
        while (queue.Reader.TryRead(out var next))
        {
            if (!next.TryTake())
            {
                continue;
            }

            if (values + (long)next.ValueCount > options.MaxBatchValues)
            {
                carried = next;
                return true;
            }

            batch.Add(next);
            values += next.ValueCount;
        }

        return values >= options.MaxBatchValues;
    }

    private void Commit(List<PendingWrite> batch, int values)
    {
        WriteOutcome[] outcomes;
        try
        {
            outcomes = writer.Apply(batch, time.GetUtcNow());
        }
        catch (Exception e)
        {
            Volatile.Write(ref stats, Stats with { BatchesFailed = Stats.BatchesFailed + 1 });
            foreach (var pending in batch)
            {
                pending.Fail(e);
            }

            return;
        }

        var before = Stats;
        Volatile.Write(ref stats, before with
        {
            BatchesCommitted = before.BatchesCommitted + 1,
            WritesAcknowledged = before.WritesAcknowledged + batch.Count,
            ValuesWritten = before.ValuesWritten + values,
            LastBatchWrites = batch.Count,
            LastBatchValues = values,
            LargestBatchWrites = Math.Max(before.LargestBatchWrites, batch.Count),
        });
        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Succeed(outcomes[i]);
        }
    }
}
