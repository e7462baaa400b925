using System.Collections.Concurrent;
using Npgsql;
using Orleans.Metering.Storage.Readings;

namespace Orleans.Metering.Storage.Postgres;

/// <summary>
/// Readings in PostgreSQL (005-metering-readings.sql), written by a GROUP-COMMIT writer: Write
/// queues the caller's values; one background loop takes everything queued (up to
/// <see cref="PostgresReadingStoreOptions.MaxBatchValues"/>, or what arrived within
/// <see cref="PostgresReadingStoreOptions.MaxWait"/> after the first) and applies it in ONE
/// transaction whose values travel in ONE binary COPY (see <see cref="PostgresReadingWriter"/>);
/// once committed (durable), each caller's task completes with its own <see cref="WriteOutcome"/>.
/// If the transaction fails, every caller in it gets the exception and none of their values is
/// stored. Values believed new are appended, the rest merged, and the next batch is written while
/// the previous one's COMMIT is flushed (see <see cref="PostgresReadingWriter"/>); <see cref="Stats"/>
/// counts a batch committed once its COMMIT is sent.
/// The result is that of running the writes one after another in queue order. Dispose stops
/// taking writes, commits those already queued, then closes the writer's connection.
/// The schema must have been applied with <see cref="PostgresDatabase.Migrate"/>.
/// </summary>
public sealed class PostgresReadingStore : IReadingStore, IAsyncDisposable
{
    private readonly PostgresDatabase database;
    private readonly PostgresReadingWriter writer;
    private readonly GroupCommitQueue queue;
    private readonly ConcurrentDictionary<Task, bool> outstanding = new();
    private int disposed;

    public PostgresReadingStore(PostgresDatabase database, PostgresReadingStoreOptions? options = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        options ??= new PostgresReadingStoreOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatchValues, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxWait, TimeSpan.Zero, nameof(options));
        this.database = database;
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxCachedSeries, 0, nameof(options));
        writer = new PostgresReadingWriter(database, options.MaxCachedSeries);
        queue = new GroupCommitQueue(writer.Apply, options.MaxBatchValues, options.MaxWait, time ?? TimeProvider.System, nameof(PostgresReadingStore));
    }

    /// <summary>A snapshot of what the writer has done so far.</summary>
    public ReadingWriterStats Stats => queue.Stats;

    /// <summary>How the writer has written values so far: appended (fast path), merged, and fallbacks from append to merge.</summary>
    public PostgresIngestPaths Paths => writer.Paths;

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

        var write = Durable(queue.Enqueue(series, count, cancellationToken), series);
        if (!write.IsCompleted && outstanding.TryAdd(write, true))
        {
            write.ContinueWith(static (done, s) => ((ConcurrentDictionary<Task, bool>)s!).TryRemove(done, out _), outstanding, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        return write;
    }

    /// <summary>The outcome, once the batch's commit (sent by the writer before the queue answers) is durable.</summary>
    private async Task<WriteOutcome> Durable(Task<WriteOutcome> applied, IReadOnlyList<NormalizedSeries> series)
    {
        var outcome = await applied.ConfigureAwait(false);
        await writer.Committed(series).ConfigureAwait(false);
        return outcome;
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
        await using var snapshot = await Snapshot(connection, cancellationToken).ConfigureAwait(false);
        return await PostgresReadingReader.Query(connection, query, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<SeriesKey>> Series(ReadingQuery query, CancellationToken cancellationToken = default)
    {
        ReadingWrites.Validate(query);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        if (query.DeviceIds.Count == 0)
        {
            return [];
        }

        await using var connection = await database.Open(cancellationToken).ConfigureAwait(false);
        return await PostgresReadingReader.Series(connection, query, cancellationToken).ConfigureAwait(false);
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
        await using var snapshot = await Snapshot(connection, cancellationToken).ConfigureAwait(false);
        return await PostgresReadingReader.PriorVersions(connection, query, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ReadingVersion>> History(SeriesKey series, DateTimeOffset timeStamp, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(series);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        await using var connection = await database.Open(cancellationToken).ConfigureAwait(false);
        return await PostgresReadingReader.History(connection, series, timeStamp, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        Interlocked.Exchange(ref disposed, 1);
        await queue.DisposeAsync().ConfigureAwait(false);
        await writer.DisposeAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(outstanding.Keys).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Each caller has its own outcome or error; Dispose only waits for them to be settled.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    /// <summary>One read-only snapshot for every statement of a read (REPEATABLE READ).</summary>
    private static async Task<NpgsqlTransaction> Snapshot(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
}
