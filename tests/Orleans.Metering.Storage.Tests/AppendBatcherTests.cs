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
    public async Task A_failed_shared_commit_is_retried_per_caller_so_only_the_bad_append_fails()
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
                throw new InvalidOperationException("row refused");
            }

            commits.Add([.. items]);
        });
        var blocker = batcher.Append([1]);
        await firstCommitStarted.Task;
        var good = new[] { batcher.Append([11]), batcher.Append([12]) };
        var bad = batcher.Append([13]);
        await Task.Delay(50);
        gate.SetResult();
        await blocker;

        await Task.WhenAll(good);
        Assert.Equal("row refused", (await Assert.ThrowsAsync<InvalidOperationException>(() => bad)).Message);
        Assert.Equal([[11], [12]], commits);

        await batcher.Append([14]);
        Assert.Equal([14], commits[^1]);
    }

    [Fact]
    public async Task A_failure_that_is_not_an_items_fault_fails_the_whole_batch_without_retrying_each_caller()
    {
        var calls = 0;
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var batcher = new AppendBatcher<int>(
            async items =>
            {
                if (Interlocked.Increment(ref calls) == 1)
                {
                    firstCommitStarted.SetResult();
                    await gate.Task;
                    return;
                }

                throw new TimeoutException("database gone");
            },
            isItemError: e => e is InvalidOperationException);
        var blocker = batcher.Append([1]);
        await firstCommitStarted.Task;
        var waiting = new[] { batcher.Append([11]), batcher.Append([12]), batcher.Append([13]) };
        await Task.Delay(50);
        gate.SetResult();
        await blocker;

        foreach (var task in waiting)
        {
            await Assert.ThrowsAsync<TimeoutException>(() => task);
        }

        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task A_failed_commit_of_one_caller_fails_that_caller()
    {
        await using var batcher = new AppendBatcher<int>(_ => throw new InvalidOperationException("database gone"));

        Assert.Equal("database gone", (await Assert.ThrowsAsync<InvalidOperationException>(() => batcher.Append([1]))).Message);
    }

    [Fact]
    public async Task The_caller_may_reuse_its_list_once_Append_returned()
    {
        await using var batcher = new AppendBatcher<int>(BlockFirstCommit);
        var first = batcher.Append([0]);
        await firstCommitStarted.Task;
        var reused = new List<int> { 1, 2 };
        var append = batcher.Append(reused);
        reused.Clear();
        reused.Add(99);
        firstCommitMayEnd.SetResult();
        await Task.WhenAll(first, append);

        Assert.Equal([[0], [1, 2]], commits);
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
