using Orleans.Runtime;

namespace Orleans.Metering.Postgres.Tests.Orleans;

[GenerateSerializer, Alias("postgres-tests.PgTestState")]
public sealed class PgTestState
{
    [Id(0)] public string? Value { get; set; }
}

[Alias("postgres-tests.IPgStateGrain")]
public interface IPgStateGrain : IGrainWithStringKey
{
    [Alias("Set")] Task Set(string value);

    [Alias("Get")] Task<string?> Get();

    [Alias("ETag")] Task<string?> ETag();

    [Alias("Clear")] Task Clear();

    [Alias("Deactivate")] Task Deactivate();

    [Alias("Silo")] Task<string> Silo();
}

/// <summary>Keeps one value in the "MeteringState" ADO.NET storage (PostgreSQL).</summary>
public sealed class PgStateGrain([PersistentState("s", PostgresOrleansCluster.StorageName)] IPersistentState<PgTestState> state)
    : Grain, IPgStateGrain
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

    public Task<string> Silo() => Task.FromResult(RuntimeIdentity);
}

[Alias("postgres-tests.IPgDeletingStateGrain")]
public interface IPgDeletingStateGrain : IPgStateGrain
{
}

/// <summary>Like <see cref="PgStateGrain"/>, on the storage whose clear deletes the row.</summary>
public sealed class PgDeletingStateGrain([PersistentState("s", PostgresOrleansCluster.DeletingStorageName)] IPersistentState<PgTestState> state)
    : Grain, IPgDeletingStateGrain
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

    public Task<string> Silo() => Task.FromResult(RuntimeIdentity);
}

[Alias("postgres-tests.IPgReminderGrain")]
public interface IPgReminderGrain : IGrainWithStringKey
{
    [Alias("Register")] Task Register(string name, TimeSpan dueTime, TimeSpan period);

    [Alias("List")] Task<List<string>> List();

    [Alias("Unregister")] Task Unregister(string name);

    [Alias("Ticks")] Task<int> Ticks(string name);
}

/// <summary>Registers reminders on the ADO.NET reminder service and counts their ticks.</summary>
public sealed class PgReminderGrain : Grain, IPgReminderGrain, IRemindable
{
    private readonly Dictionary<string, int> ticks = [];

    public Task Register(string name, TimeSpan dueTime, TimeSpan period) => this.RegisterOrUpdateReminder(name, dueTime, period);

    public async Task<List<string>> List() => [.. (await this.GetReminders()).Select(r => r.ReminderName).Order(StringComparer.Ordinal)];

    public async Task Unregister(string name)
    {
        var reminder = await this.GetReminder(name) ?? throw new InvalidOperationException($"no reminder {name}");
        await this.UnregisterReminder(reminder);
    }

    public Task<int> Ticks(string name) => Task.FromResult(ticks.GetValueOrDefault(name));

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        ticks[reminderName] = ticks.GetValueOrDefault(reminderName) + 1;
        return Task.CompletedTask;
    }
}
