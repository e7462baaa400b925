namespace Orleans.Metering.Storage.Readings;

/// <summary>
/// A caller's write waiting in the group-commit queue. The caller's cancellation counts only while
/// the write is queued: once the writer has taken it, it is committed (or fails) with its batch.
/// </summary>
internal sealed class PendingWrite
{
    private const int Queued = 0;
    private const int Taken = 1;
    private const int Cancelled = 2;

    private int state;
    private CancellationTokenRegistration registration;

    public PendingWrite(IReadOnlyList<NormalizedSeries> series, int valueCount)
    {
        Series = series;
        ValueCount = valueCount;
    }

    public IReadOnlyList<NormalizedSeries> Series { get; }

    public int ValueCount { get; }

    public TaskCompletionSource<WriteOutcome> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void CancelWith(CancellationToken cancellationToken)
    {
        if (cancellationToken.CanBeCanceled)
        {
            registration = cancellationToken.Register(
                static (s, token) => ((PendingWrite)s!).TryCancel(token),
                this);
        }
    }

    /// <summary>Claims the write for a batch; false when the caller cancelled it first.</summary>
    public bool TryTake() => Interlocked.CompareExchange(ref state, Taken, Queued) == Queued;

    public void Succeed(WriteOutcome outcome)
    {
        registration.Unregister();
        Completion.TrySetResult(outcome);
    }

    public void Fail(Exception exception)
    {
        registration.Unregister();
        Completion.TrySetException(exception);
    }

    private void TryCancel(CancellationToken token)
    {
        if (Interlocked.CompareExchange(ref state, Cancelled, Queued) == Queued)
        {
            Completion.TrySetCanceled(token);
        }
    }
}
