using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Metering.Abstractions;

namespace Orleans.Metering.Grains.Schedules;

/// <summary>Ticks the schedule registry every <see cref="ReadScheduleOptions.TickInterval"/>; runs in each silo (ticks are idempotent).</summary>
public sealed partial class ScheduleClock(IGrainFactory grains, TimeProvider time, IOptions<ReadScheduleOptions> options, ILogger<ScheduleClock> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Value.TickInterval, time, stoppingToken);
                await grains.GetGrain<IReadScheduleRegistryGrain>(0).TickAll();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // the clock must keep ticking through a failed round
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogTickFailed(logger, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Schedule tick failed; retrying on the next tick")]
    private static partial void LogTickFailed(ILogger logger, Exception e);
}
