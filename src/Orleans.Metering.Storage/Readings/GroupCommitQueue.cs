using System.Threading.Channels;
using Orleans.Metering.Abstractions;

namespace Orleans.Metering.Storage.Readings;

/// <summary>
/// The group-commit queue shared by the durable readings stores: callers' writes are queued; one
/// background loop takes everything queued (up to <c>maxBatchValues</c>, or what arrived within
/// <c>maxWait</c> after the first), hands the batch to the store's <see cref="ApplyBatch"/> (ONE
/// transaction) and, once that returned, completes each caller's task with its own outcome. If it
/// throws, every caller in the batch gets the exception. A caller's write is never split; batches
/// are applied in queue order. Dispose stops taking writes and drains those already queued.
/// </summary>
internal sealed class GroupCommitQueue : IAsyncDisposable
{
    private readonly Channel<PendingWrite> queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ApplyBatch apply;
    private readonly int maxBatchValues;
    private readonly TimeSpan maxWait;
    private readonly TimeProvider time;
    private readonly string owner;
    private readonly Task loop;
    private ReadingWriterStats stats = ReadingWriterStats.Empty;
    private PendingWrite? carried;

    public GroupCommitQueue(ApplyBatch apply, int maxBatchValues, TimeSpan maxWait, TimeProvider time, string owner)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchValues, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWait, TimeSpan.Zero);
        this.apply = apply;
        this.maxBatchValues = maxBatchValues;
        this.maxWait = maxWait;
        this.time = time;
        this.owner = owner;
        loop = Task.Run(Run);
    }

    /// <summary>Applies one batch in one transaction; returns one outcome per write, in batch order.</summary>
    public delegate ValueTask<WriteOutcome[]> ApplyBatch(IReadOnlyList<PendingWrite> batch, DateTimeOffset now);

    public ReadingWriterStats Stats => Volatile.Read(ref stats);

    /// <summary>Queues normalized values; the task completes once they are committed.</summary>
    public Task<WriteOutcome> Enqueue(IReadOnlyList<NormalizedSeries> series, int count, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new PendingWrite(series, count);
        pending.CancelWith(cancellationToken);
        if (!queue.Writer.TryWrite(pending))
        {
            pending.Fail(new ObjectDisposedException(owner));
            return pending.Completion.Task;
        }

        // Queue depth for the metrics: counted until committed or failed (in Commit) or found cancelled (in Skip).
        MeteringMetrics.ReadingQueue.Add(count);
        return pending.Completion.Task;
    }

    /// <summary>Stops taking writes and waits until those already queued are committed (or failed).</summary>
    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await loop.ConfigureAwait(false);
    }

    private async Task Run()
    {
        while (await Next().ConfigureAwait(false) is { } first)
        {
            var batch = new List<PendingWrite> { first };
            var values = first.ValueCount;
            var full = Take(batch, ref values);
            if (!full && maxWait > TimeSpan.Zero)
            {
                await Task.Delay(maxWait).ConfigureAwait(false);
                Take(batch, ref values);
            }

            await Commit(batch, values).ConfigureAwait(false);
        }
    }

    /// <summary>The first write of the next batch; null once the queue is completed and drained.</summary>
    private async Task<PendingWrite?> Next()
    {
        if (carried is { } carry)
        {
            carried = null;
            if (carry.TryTake())
            {
                return carry;
            }

            Skip(carry);
        }

        while (await queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            if (queue.Reader.TryRead(out var next))
            {
                if (next.TryTake())
                {
                    return next;
                }

                Skip(next);
            }
        }

        return null;
    }

    /// <summary>Adds queued writes to the batch; true when it is full (the write that did not fit waits for the next one).</summary>
    private bool Take(List<PendingWrite> batch, ref int values)
    {
        while (queue.Reader.TryRead(out var next))
        {
            if (values + (long)next.ValueCount > maxBatchValues)
            {
                // Not taken yet: it can still be cancelled while it waits for the next batch.
                carried = next;
                return true;
            }

            if (!next.TryTake())
            {
                Skip(next);
                continue;
            }

            batch.Add(next);
            values += next.ValueCount;
        }

        return values >= maxBatchValues;
    }

    /// <summary>A write cancelled while queued is never taken; it leaves the queue depth here.</summary>
    private static void Skip(PendingWrite cancelled) => MeteringMetrics.ReadingQueue.Add(-cancelled.ValueCount);

    private async Task Commit(List<PendingWrite> batch, int values)
    {
        WriteOutcome[] outcomes;
        try
        {
            outcomes = await apply(batch, time.GetUtcNow()).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            MeteringMetrics.ReadingQueue.Add(-values);
            Volatile.Write(ref stats, Stats with { BatchesFailed = Stats.BatchesFailed + 1 });
            foreach (var pending in batch)
            {
                pending.Fail(e);
            }

            return;
        }

        MeteringMetrics.ReadingQueue.Add(-values);
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
