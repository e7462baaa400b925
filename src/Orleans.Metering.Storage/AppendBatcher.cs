using System.Threading.Channels;

namespace Orleans.Metering.Storage;

/// <summary>
/// Group commit for small idempotent appends (events): each caller's items are queued, one loop
/// commits everything queued since the last commit in one call, and each caller's task completes
/// when the commit holding its items did (or fails with its exception). Under load many devices'
/// outcome events share one transaction and one WAL flush instead of one each. No waiting to fill a
/// batch: what arrives during a commit forms the next one. When a shared commit fails, each caller's
/// items are committed alone, so one bad append fails only its own caller. The readings store has its own queue
/// (<see cref="Readings.GroupCommitQueue"/>) because it needs per-write outcomes and size limits.
/// </summary>
public sealed class AppendBatcher<T> : IAsyncDisposable
{
    private readonly Channel<(IReadOnlyList<T> Items, TaskCompletionSource Done)> queue =
        Channel.CreateUnbounded<(IReadOnlyList<T>, TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });

    private readonly Func<IReadOnlyList<T>, Task> commit;
    private readonly Func<Exception, bool> isItemError;
    private readonly int maxItems;
    private readonly Task loop;

    /// <param name="commit">Stores the items in one transaction; must be idempotent (a caller may retry after a failure).</param>
    /// <param name="isItemError">
    /// Whether a failed shared commit may be the fault of some items (bad data), so that each caller's
    /// items are worth committing alone. Other failures (connection, timeout) fail the whole batch at
    /// once: retrying each caller against a database that is gone would hold the queue for each one's
    /// timeout. Default: every failure may be an item's.
    /// </param>
    /// <param name="maxItems">Items per commit; a caller's items are never split, so one large append may exceed it.</param>
    public AppendBatcher(Func<IReadOnlyList<T>, Task> commit, Func<Exception, bool>? isItemError = null, int maxItems = 1000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxItems, 1);
        this.commit = commit;
        this.isItemError = isItemError ?? (_ => true);
        this.maxItems = maxItems;
        loop = Task.Run(Run);
    }

    /// <summary>
    /// Completes once the items are committed. Cancelling stops the wait, not the write: the items may
    /// still be stored, which an idempotent append allows.
    /// </summary>
    public Task Append(IReadOnlyList<T> items, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // A copy: the caller may reuse its list once Append returned.
        if (!queue.Writer.TryWrite(([.. items], done)))
        {
            done.SetException(new ObjectDisposedException(nameof(AppendBatcher<T>)));
        }

        return done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Stops taking appends and waits until those already queued are committed (or failed).</summary>
    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await loop.ConfigureAwait(false);
    }

    private async Task Run()
    {
        var batch = new List<(IReadOnlyList<T> Items, TaskCompletionSource Done)>();
        while (await queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            var count = 0;
            while ((batch.Count == 0 || count < maxItems) && queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
                count += next.Items.Count;
            }

            if (await TryCommit(batch.Count == 1 ? batch[0].Items : [.. batch.SelectMany(b => b.Items)]).ConfigureAwait(false) is not { } failure)
            {
                batch.ForEach(b => b.Done.TrySetResult());
            }
            else if (batch.Count == 1 || !isItemError(failure))
            {
                batch.ForEach(b => b.Done.TrySetException(failure));
            }
            else
            {
                // One caller's bad items (or a transient failure) must not fail the others: each alone.
                foreach (var (items, done) in batch)
                {
                    if (await TryCommit(items).ConfigureAwait(false) is { } own)
                    {
                        done.TrySetException(own);
                    }
                    else
                    {
                        done.TrySetResult();
                    }
                }
            }
        }
    }

    private async Task<Exception?> TryCommit(IReadOnlyList<T> items)
    {
        try
        {
            await commit(items).ConfigureAwait(false);
            return null;
        }
#pragma warning disable CA1031 // the exception goes to the callers whose items were in the commit; the loop goes on
        catch (Exception e)
#pragma warning restore CA1031
        {
            return e;
        }
    }
}
