namespace Orleans.Metering.Storage.Tests;

public sealed class AppendBatcherTests
{
    private readonly List<int[]> commits = [];
    private readonly TaskCompletionSource firstCommitMayEnd = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource firstCommitStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    [Fact]
    public async Task Appends_queued_while_a_commit_runs_share_the_next_commit()
    {
        await using var batcher = new AppendBatcher<int>(BlockFirstCommit);
        var first = batcher.Append([0]);
        await firstCommitStarted.Task;

        var waiting = Enumerable.Range(1, 10).Select(i => batcher.Append([i, i + 100])).ToList();
        await Task.Delay(50);
        Assert.All(waiting, t => Assert.False(t.IsCompleted));
        firstCommitMayEnd.SetResult();
        await Task.WhenAll(waiting.Append(first));

        Assert.Equal(2, commits.Count);
        Assert.Equal([0], commits[0]);
        Assert.Equal(Enumerable.Range(1, 10).SelectMany(i => new[] { i, i + 100 }), commits[1]);
    }

    [Fact]
    public async Task A_failed_commit_fails_every_caller_in_it_and_the_next_batch_still_commits()
    {
        var calls = 0;
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var batcher = new AppendBatcher<int>(async items =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                firstCommitStarted.SetResult();
                await gate.Task;
                return;
            }

            if (items.Contains(13))
            {
                throw new InvalidOperationException("database gone");
            }

            commits.Add([.. items]);
        });
        var blocker = batcher.Append([1]);
        await firstCommitStarted.Task;
        var failing = new[] { batcher.Append([12]), batcher.Append([13]) };
        await Task.Delay(50);
        gate.SetResult();
        await blocker;

        foreach (var task in failing)
        {
            Assert.Equal("database gone", (await Assert.ThrowsAsync<InvalidOperationException>(() => task)).Message);
        }

        await batcher.Append([14]);
        Assert.Equal([14], Assert.Single(commits));
    }

    [Fact]
    public async Task A_commit_takes_at_most_max_items_but_never_splits_a_caller()
    {
        await using var batcher = new AppendBatcher<int>(BlockFirstCommit, maxItems: 3);
        var first = batcher.Append([0]);
        await firstCommitStarted.Task;
        var rest = new[] { batcher.Append([1, 2]), batcher.Append([3, 4]), batcher.Append([5, 6, 7, 8]) };
        firstCommitMayEnd.SetResult();
        await Task.WhenAll(rest.Append(first));

        Assert.Equal([[0], [1, 2, 3, 4], [5, 6, 7, 8]], commits);
    }

    [Fact]
    public async Task Dispose_commits_what_is_queued_and_refuses_later_appends()
    {
        var batcher = new AppendBatcher<int>(BlockFirstCommit);
        var queued = new[] { batcher.Append([1]), batcher.Append([2]) };
        var disposing = batcher.DisposeAsync();
        firstCommitMayEnd.SetResult();
        await disposing;

        await Task.WhenAll(queued);
        Assert.Equal([1, 2], commits.SelectMany(c => c));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => batcher.Append([3]));
    }

    private async Task BlockFirstCommit(IReadOnlyList<int> items)
    {
        if (commits.Count == 0 && firstCommitStarted.TrySetResult())
        {
            await firstCommitMayEnd.Task;
        }

        commits.Add([.. items]);
    }
}
