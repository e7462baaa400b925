namespace Orleans.Metering.Storage.Tests.Readings;

/// <summary>A clock the test moves by hand (only GetUtcNow is used by the readings stores).</summary>
public sealed class ManualTime(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
