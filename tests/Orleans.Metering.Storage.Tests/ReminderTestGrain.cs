using Orleans.Runtime;

namespace Orleans.Metering.Storage.Tests;

[Alias("storage-tests.IReminderTestGrain")]
public interface IReminderTestGrain : IGrainWithStringKey
{
    [Alias("Register")] Task Register(string name, TimeSpan dueTime, TimeSpan period);

    /// <summary>Whether the reminder service has the named reminder of this grain.</summary>
    [Alias("Has")] Task<bool> Has(string name);

    [Alias("Ticks")] Task<int> Ticks(string name);
}

/// <summary>Registers reminders on the silo's reminder service and counts the ticks of this activation.</summary>
public sealed class ReminderTestGrain : Grain, IReminderTestGrain, IRemindable
{
    private readonly Dictionary<string, int> ticks = [];

    public Task Register(string name, TimeSpan dueTime, TimeSpan period) => this.RegisterOrUpdateReminder(name, dueTime, period);

    public async Task<bool> Has(string name) => await this.GetReminder(name) is not null;

    public Task<int> Ticks(string name) => Task.FromResult(ticks.GetValueOrDefault(name));

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        ticks[reminderName] = ticks.GetValueOrDefault(reminderName) + 1;
        return Task.CompletedTask;
    }
}
