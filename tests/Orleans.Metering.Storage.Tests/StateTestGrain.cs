using Orleans.Runtime;

namespace Orleans.Metering.Storage.Tests;

[GenerateSerializer, Alias("storage-tests.TestState")]
public sealed class TestState
{
    [Id(0)] public string? Value { get; set; }
}

[Alias("storage-tests.IStateTestGrain")]
public interface IStateTestGrain : IGrainWithStringKey
{
    [Alias("Set")] Task Set(string value);

    [Alias("Get")] Task<string?> Get();

    [Alias("ETag")] Task<string?> ETag();

    [Alias("Clear")] Task Clear();

    [Alias("Deactivate")] Task Deactivate();
}

/// <summary>A grain whose only job is to keep a value in the "MeteringState" ADO.NET storage.</summary>
public sealed class StateTestGrain([PersistentState("s", OrleansGrainStorageTests.StorageName)] IPersistentState<TestState> state)
    : Grain, IStateTestGrain
{
    public Task Set(string value)
    {
        state.State.Value = value;
        return state.WriteStateAsync();
    }

    public Task<string?> Get() => Task.FromResult(state.State.Value);

    public Task<string?> ETag() => Task.FromResult(state.Etag);

    public Task Clear() => state.ClearStateAsync();

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
