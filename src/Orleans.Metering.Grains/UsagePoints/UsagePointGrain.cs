using Microsoft.Extensions.Options;
using Orleans.Metering.Abstractions;

namespace Orleans.Metering.Grains.UsagePoints;

[GenerateSerializer, Alias("metering.UsagePointState")]
public sealed class UsagePointState
{
    [Id(0)] public List<MeterInstallation> Installations { get; set; } = [];
}

/// <summary>A UsagePoint: the history of which meter measured it, so readings can be asked for by usage point.</summary>
public sealed class UsagePointGrain(
    [PersistentState("usagepoint", MeteringStreams.GrainStorage)] IPersistentState<UsagePointState> state,
    IOptions<UsagePointOptions> options) : Grain, IUsagePointGrain
{
    public async Task Install(string meterId, DateTimeOffset since)
    {
        var installations = state.State.Installations;
        var current = installations.Count > 0 ? installations[^1] : null;
        if (current is { To: null } && current.MeterId == meterId)
        {
            if (since >= current.From)
            {
                return;
            }

            installations[^1] = current with { From = since }; // earlier data for the same meter widens the installation
        }
        else
        {
            if (current is { To: null })
            {
                installations[^1] = current with { To = since > current.From ? since : current.From };
            }

            installations.Add(new MeterInstallation(meterId, since, null));
            var excess = installations.Count - options.Value.MaxInstallations;
            if (excess > 0)
            {
                installations.RemoveRange(0, excess); // the oldest are closed: only the last one is open
            }
        }

        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<MeterInstallation>> GetInstallations() =>
        Task.FromResult<IReadOnlyList<MeterInstallation>>([.. state.State.Installations]);
}
