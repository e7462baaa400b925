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
/// The schema (005-metering-readings.sql) must have been applied with <see cref="SqliteDatabase.Migrate"/>.
/// </summary>
public sealed class SqliteReadingStore : IReadingStore, IAsyncDisposable, IDisposable
{
    private readonly SqliteDatabase database;
    private readonly SqliteReadingStoreOptions options;
    private readonly TimeProvider time;
    private readonly SqliteReadingWriter writer;
    private readonly GroupCommitQueue queue;
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
        queue = new GroupCommitQueue(
            (batch, now) => ValueTask.FromResult(writer.Apply(batch, now)),
            this.options.MaxBatchValues,
            this.options.MaxWait,
            this.time,
            nameof(SqliteReadingStore));
    }

    /// <summary>A snapshot of what the writer has done so far.</summary>
    public ReadingWriterStats Stats => queue.Stats;

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

        return queue.Enqueue(series, count, cancellationToken);
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

    public async Task<IReadOnlyList<SeriesKey>> Series(ReadingQuery query, CancellationToken cancellationToken = default)
    {
        ReadingWrites.Validate(query);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        if (query.DeviceIds.Count == 0)
        {
            return [];
        }

        await using var connection = await database.Open(cancellationToken).ConfigureAwait(false);
        return await SqliteReadingReader.Series(connection, query, cancellationToken).ConfigureAwait(false);
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
        Interlocked.Exchange(ref disposed, 1);
        await queue.DisposeAsync().ConfigureAwait(false);
        writer.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
