using Orleans.Metering.Abstractions;

namespace Orleans.Metering.Grains.Schedules;

[GenerateSerializer, Alias("metering.ReadScheduleRegistryState")]
public sealed class ReadScheduleRegistryState
{
    [Id(0)] public HashSet<string> Live { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>The live schedules: ticked by the schedule clock, so they resume by themselves after a restart.</summary>
public sealed class ReadScheduleRegistryGrain(
    [PersistentState("schedules", MeteringStreams.GrainStorage)] IPersistentState<ReadScheduleRegistryState> state) : Grain, IReadScheduleRegistryGrain
{
    public async Task Add(string scheduleId)
    {
        if (state.State.Live.Add(scheduleId))
        {
            await state.WriteStateAsync();
        }
    }

    public async Task Remove(string scheduleId)
    {
        if (state.State.Live.Remove(scheduleId))
        {
            await state.WriteStateAsync();
        }
    }

    public async Task<int> TickAll()
    {
        var ran = await Task.WhenAll(state.State.Live.ToList().Select(id => GrainFactory.GetGrain<IReadScheduleGrain>(id).Tick()));
        return ran.Sum();
    }
}
