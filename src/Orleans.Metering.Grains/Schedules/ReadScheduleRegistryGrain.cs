using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Metering.Abstractions;

namespace Orleans.Metering.Grains.Schedules;

[GenerateSerializer, Alias("metering.ReadScheduleRegistryState")]
public sealed class ReadScheduleRegistryState
{
    [Id(0)] public HashSet<string> Live { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// One partition of the live schedules, ticked by every silo's schedule clock. A tick starts the schedules
/// that may be due, at most <see cref="InFlight"/> at a time, and returns: a slow schedule holds back
/// neither the clock nor the others, and is not ticked again while its tick runs. The next run each
/// schedule reported is kept in memory, so schedules that are not due cost no call.
/// </summary>
public sealed partial class ReadScheduleRegistryGrain(
    [PersistentState("schedules", MeteringStreams.GrainStorage)] IPersistentState<ReadScheduleRegistryState> state,
    TimeProvider time,
    IOptions<ReadScheduleOptions> options,
    ILogger<ReadScheduleRegistryGrain> logger) : Grain, IReadScheduleRegistryGrain
{
    private const int InFlight = 32;

    /// <summary>Schedules moved to their partition per call, so that no message carries a whole old registry.</summary>
    private const int MoveBatch = 10_000;

    private readonly Dictionary<string, DateTimeOffset> notBefore = new(StringComparer.Ordinal);
    private readonly HashSet<string> pending = new(StringComparer.Ordinal);
    private readonly Queue<string> waiting = new();
    private readonly List<string> finished = [];
    private TaskCompletionSource? idle;
    private int running;
    private int ran;
    private bool homesChecked;

    private HashSet<string> Live => state.State.Live;

    private int Partitions => options.Value.RegistryPartitions;

    private bool IsHome(string scheduleId) => ReadSchedulePartitions.Of(scheduleId, Partitions) == this.GetPrimaryKeyLong();

    public Task Add(string scheduleId) => AddRange([scheduleId]);

    public Task Remove(string scheduleId) => RemoveRange([scheduleId]);

    public async Task AddRange(IReadOnlyList<string> scheduleIds)
    {
        ArgumentNullException.ThrowIfNull(scheduleIds);
        var added = false;
        foreach (var id in scheduleIds)
        {
            notBefore.Remove(id); // registered again: ask it on the next tick
            added |= Live.Add(id);
            homesChecked &= IsHome(id); // e.g. from a silo that still uses the single registry
        }

        if (added)
        {
            await state.WriteStateAsync();
        }
    }

    public async Task RemoveRange(IReadOnlyList<string> scheduleIds)
    {
        ArgumentNullException.ThrowIfNull(scheduleIds);
        var removed = false;
        foreach (var id in scheduleIds)
        {
            notBefore.Remove(id);
            removed |= Live.Remove(id);
        }

        if (removed)
        {
            await state.WriteStateAsync();
        }
    }

    public async Task<int> TickAll()
    {
        if (!homesChecked)
        {
            homesChecked = true;
            try
            {
                await MoveHome();
            }
            catch
            {
                homesChecked = false;
                throw;
            }
        }

        var now = time.GetUtcNow();
        var started = 0;
        foreach (var id in Live)
        {
            if (!pending.Contains(id) && (!notBefore.TryGetValue(id, out var due) || due <= now))
            {
                pending.Add(id);
                waiting.Enqueue(id);
                started++;
            }
        }

        Pump();
        return started;
    }

    public async Task<int> Idle()
    {
        while (pending.Count > 0)
        {
            await (idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }

        var count = ran;
        ran = 0;
        return count;
    }

    public Task<IReadOnlyList<string>> List() => Task.FromResult<IReadOnlyList<string>>([.. Live.Order(StringComparer.Ordinal)]);

    /// <summary>
    /// Hands the schedules that hash to another partition (the old single registry's, or all after the
    /// partition count was raised) to that partition, then forgets them here. Removal is a call to this
    /// grain, so that the state is written by one request at a time.
    /// </summary>
    private async Task MoveHome()
    {
        var away = Live.Where(id => !IsHome(id)).ToList();
        foreach (var batch in away.Chunk(MoveBatch))
        {
            foreach (var home in batch.GroupBy(id => ReadSchedulePartitions.Of(id, Partitions)))
            {
                await GrainFactory.GetGrain<IReadScheduleRegistryGrain>(home.Key).AddRange([.. home]);
            }

            await this.AsReference<IReadScheduleRegistryGrain>().RemoveRange(batch);
            LogMoved(logger, batch.Length, this.GetPrimaryKeyLong());
        }
    }

    private void Pump()
    {
        while (running < InFlight && waiting.TryDequeue(out var id))
        {
            running++;
            _ = Run(id);
        }
    }

    private async Task Run(string scheduleId)
    {
        try
        {
            var tick = await GrainFactory.GetGrain<IReadScheduleGrain>(scheduleId).TickDue();
            ran += tick.Ran;
            if (tick.Finished)
            {
                finished.Add(scheduleId);
            }
            else
            {
                notBefore[scheduleId] = tick.NextRun ?? DateTimeOffset.MaxValue;
            }
        }
#pragma warning disable CA1031 // one schedule's failure must not stop the others; it is asked again next tick
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogTickFailed(logger, e, scheduleId);
        }
        finally
        {
            running--;
            Pump();
        }

        if (running == 0)
        {
            await Settle();
        }

        pending.Remove(scheduleId);
        if (pending.Count == 0)
        {
            idle?.TrySetResult();
            idle = null;
        }
    }

    /// <summary>Forgets schedules that can run no more (cancelled before they moved here, ended, never created).</summary>
    private async Task Settle()
    {
        if (finished.Count == 0)
        {
            return;
        }

        List<string> done = [.. finished];
        finished.Clear();
        try
        {
            await this.AsReference<IReadScheduleRegistryGrain>().RemoveRange(done);
        }
#pragma warning disable CA1031 // they are forgotten on a later tick
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogTickFailed(logger, e, string.Join(", ", done.Take(3)));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tick of schedule {ScheduleId} failed; it is asked again on the next tick")]
    private static partial void LogTickFailed(ILogger logger, Exception e, string scheduleId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Moved {Count} schedules from registry partition {Partition} to the partitions they hash to")]
    private static partial void LogMoved(ILogger logger, int count, long partition);
}
