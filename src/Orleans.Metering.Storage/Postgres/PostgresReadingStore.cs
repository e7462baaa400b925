using Npgsql;
using Orleans.Metering.Storage.Readings;

namespace Orleans.Metering.Storage.Postgres;

/// <summary>
/// Readings in PostgreSQL (005-metering-readings.sql), written by a GROUP-COMMIT writer: Write
/// queues the caller's values; one background loop takes everything queued (up to
/// <see cref="PostgresReadingStoreOptions.MaxBatchValues"/>, or what arrived within
/// <see cref="PostgresReadingStoreOptions.MaxWait"/> after the first) and applies it in ONE
/// transaction whose values travel in ONE binary COPY (see <see cref="PostgresReadingWriter"/>);
/// once committed, each caller's task completes with its own <see cref="WriteOutcome"/>. If the
/// transaction fails, every caller in it gets the exception and none of their values is stored.
/// The result is that of running the writes one after another in queue order. Dispose stops
/// taking writes, commits those already queued, then closes the writer's connection.
/// The schema must have been applied with <see cref="PostgresDatabase.Migrate"/>.
/// </summary>
public sealed class PostgresReadingStore : IReadingStore, IAsyncDisposable
{
    private readonly PostgresDatabase database;
    private readonly PostgresReadingWriter writer;
    private readonly GroupCommitQueue queue;
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
        return count == 0 ? Task.FromResult(WriteOutcome.None) : queue.Enqueue(series, count, cancellationToken);
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
    }

    /// <summary>One read-only snapshot for every statement of a read (REPEATABLE READ).</summary>
    private static async Task<NpgsqlTransaction> Snapshot(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
}
