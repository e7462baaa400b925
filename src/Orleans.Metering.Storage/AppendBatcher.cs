using System.Threading.Channels;

namespace Orleans.Metering.Storage;

/// <summary>
/// Group commit for small idempotent appends (events): each caller's items are queued, one loop
/// commits everything queued since the last commit in one call, and each caller's task completes
/// when the commit holding its items did (or fails with its exception). Under load many devices'
/// outcome events share one transaction and one WAL flush instead of one each. No waiting to fill a
/// batch: what arrives during a commit forms the next one. The readings store has its own queue
/// (<see cref="Readings.GroupCommitQueue"/>) because it needs per-write outcomes and size limits.
/// </summary>
public sealed class AppendBatcher<T> : IAsyncDisposable
{
    private readonly Channel<(IReadOnlyList<T> Items, TaskCompletionSource Done)> queue =
        Channel.CreateUnbounded<(IReadOnlyList<T>, TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });

    private readonly Func<IReadOnlyList<T>, Task> commit;
    private readonly int maxItems;
    private readonly Task loop;

    /// <param name="commit">Stores the items in one transaction; must be idempotent (a caller may retry after a failure).</param>
    /// <param name="maxItems">Items per commit; a caller's items are never split, so one large append may exceed it.</param>
    public AppendBatcher(Func<IReadOnlyList<T>, Task> commit, int maxItems = 1000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxItems, 1);
        this.commit = commit;
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
        if (!queue.Writer.TryWrite((items, done)))
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
        var callers = new List<TaskCompletionSource>();
        var items = new List<T>();
        while (await queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            callers.Clear();
            items.Clear();
            while ((callers.Count == 0 || items.Count < maxItems) && queue.Reader.TryRead(out var next))
            {
                callers.Add(next.Done);
                items.AddRange(next.Items);
            }

            try
            {
                await commit(items.ToArray()).ConfigureAwait(false);
                callers.ForEach(c => c.TrySetResult());
            }
#pragma warning disable CA1031 // every caller of the batch gets the commit's exception; the loop goes on with the next batch
            catch (Exception e)
#pragma warning restore CA1031
            {
                callers.ForEach(c => c.TrySetException(e));
            }
        }
    }
}
