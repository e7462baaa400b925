using Orleans.Metering.Abstractions;

namespace Orleans.Metering.Grains.EndDevices;

/// <summary>The link to the usage point the meter measures, as its readings say.</summary>
public sealed partial class EndDeviceGrain
{
    /// <summary>
    /// Keeps the meter's usage point as its readings say: a new usage point from now on, or older data
    /// for the current one that widens the installation. Data older than the current installation that
    /// names another usage point is back-fill of an earlier installation: stored, but it moves nothing.
    /// </summary>
    private async Task FollowUsagePoint(string usagePointId, DateTimeOffset since, DateTimeOffset latest)
    {
        if (usagePointId == S.UsagePointId)
        {
            if (since >= S.UsagePointSince)
            {
                return;
            }
        }
        else if (S.UsagePointId is not null && latest < S.UsagePointSince)
        {
            return;
        }

        await GrainFactory.GetGrain<IUsagePointGrain>(usagePointId).Install(DeviceId, since);
        S.UsagePointSince = usagePointId == S.UsagePointId && S.UsagePointSince < since ? S.UsagePointSince : since;
        S.UsagePointId = usagePointId;
        await WriteState();
    }
}
