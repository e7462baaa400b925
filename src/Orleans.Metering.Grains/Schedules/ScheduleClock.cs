using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Metering.Abstractions;

namespace Orleans.Metering.Grains.Schedules;

/// <summary>
/// Ticks every registry partition every <see cref="ReadScheduleOptions.TickInterval"/>; runs in each silo
/// (ticks are idempotent). The partitions are grains spread over the cluster, and a partition still busy
/// with this silo's previous tick is skipped rather than waited for.
/// </summary>
public sealed partial class ScheduleClock(IGrainFactory grains, TimeProvider time, IOptions<ReadScheduleOptions> options, ILogger<ScheduleClock> logger) : BackgroundService
{
    private readonly Dictionary<int, Task> ticking = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Value.TickInterval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            _ = TickPartitions();
        }
    }

    /// <summary>Starts a tick of each partition whose previous tick from this clock has ended; the task ends when those have returned.</summary>
    public Task TickPartitions()
    {
        var started = new List<Task>();
        for (var partition = 0; partition < options.Value.RegistryPartitions; partition++)
        {
            if (ticking.TryGetValue(partition, out var previous) && !previous.IsCompleted)
            {
                continue;
            }

            ticking[partition] = Tick(partition);
            started.Add(ticking[partition]);
        }

        return Task.WhenAll(started);
    }

    private async Task Tick(int partition)
    {
        try
        {
            await grains.GetGrain<IReadScheduleRegistryGrain>(partition).TickAll();
        }
#pragma warning disable CA1031 // the clock must keep ticking through a failed round
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogTickFailed(logger, e, partition);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tick of schedule registry partition {Partition} failed; retrying on the next tick")]
    private static partial void LogTickFailed(ILogger logger, Exception e, int partition);
}
