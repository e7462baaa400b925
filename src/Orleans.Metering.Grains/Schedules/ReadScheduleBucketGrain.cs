using Orleans.Metering.Abstractions;

namespace Orleans.Metering.Grains.Schedules;

/// <summary>Reads one slice of a schedule's meters for one occurrence; the readings are stored by each meter.</summary>
public sealed class ReadScheduleBucketGrain : Grain, IReadScheduleBucketGrain
{
    private const int InFlight = 64;

    public async Task<IReadOnlyList<ScheduledMeterRead>> Read(IReadOnlyList<string> deviceIds, IReadOnlyList<string> readingTypes, DateTimeOffset occurrence)
    {
        ArgumentNullException.ThrowIfNull(deviceIds);
        var scheduleId = this.GetPrimaryKeyString();
        var results = new ScheduledMeterRead[deviceIds.Count];
        for (var start = 0; start < deviceIds.Count; start += InFlight)
        {
            var batch = Enumerable.Range(start, Math.Min(InFlight, deviceIds.Count - start)).Select(async i =>
            {
                // Each read is a new measurement: a unique key, so a re-run occurrence stores what it read.
                var key = new MessageKey("schedule:" + scheduleId, $"{occurrence.UtcTicks}/{Guid.NewGuid():N}", "scheduled-read");
                try
                {
                    var read = await GrainFactory.GetGrain<IEndDeviceGrain>(deviceIds[i]).ReadNow(readingTypes, key);
                    results[i] = new ScheduledMeterRead(deviceIds[i], read.Series, read.Result.Problems);
                }
#pragma warning disable CA1031 // one meter's failure is reported in the results; the others go on
                catch (Exception e)
#pragma warning restore CA1031
                {
                    results[i] = new ScheduledMeterRead(deviceIds[i], [], [new IngestProblem(Cim.Codes.ReplyCode.AttemptedAndFailed.Code, e.Message)]);
                }
            });
            await Task.WhenAll(batch);
        }

        return results;
    }
}
