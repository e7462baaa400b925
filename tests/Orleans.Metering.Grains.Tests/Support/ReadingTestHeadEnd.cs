using System.Collections.Concurrent;
using Orleans.Metering.Abstractions;

namespace Orleans.Metering.Grains.Tests.Support;

/// <summary>
/// <see cref="TestHeadEnd"/> for controls and pings, plus register reads on demand: every reading type
/// reads <see cref="ValueOf"/> at the silo's clock. Devices starting with <see cref="TestHeadEnd.ThrowPrefix"/>
/// cannot be read (ReadNow throws); devices starting with <see cref="HeldPrefix"/> answer only once
/// <see cref="HeldReads"/> is completed (a slow head-end). <see cref="Unreadable"/> is left out of every answer
/// (a register the meters lack).
/// </summary>
public sealed class ReadingTestHeadEnd(TestHeadEnd inner, TimeProvider time) : IHeadEndAdapter
{
    private static readonly DateTimeOffset Epoch = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public const string HeldPrefix = "HELD-";

    /// <summary>A valid ReadingType (voltage) this head-end never returns.</summary>
    public const string Unreadable = "0.0.0.6.0.1.54.0.0.0.0.0.0.0.0.0.29.0";

    private readonly ConcurrentDictionary<string, int> reads = new(StringComparer.Ordinal);

    /// <summary>Completed by a test to let the reads of <see cref="HeldPrefix"/> devices answer.</summary>
    public static TaskCompletionSource HeldReads { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The register value the head-end reads for a device and reading type at a time: deterministic, growing.</summary>
    public static double ValueOf(string deviceId, string readingType, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        ArgumentNullException.ThrowIfNull(readingType);
        var hash = 17u;
        foreach (var c in deviceId + "|" + readingType)
        {
            hash = unchecked((hash * 31) + c);
        }

        return Math.Round(1_000 + (hash % 9_000) + ((at - Epoch).TotalHours * 0.5), 3);
    }

    /// <summary>How often ReadNow was called for <paramref name="deviceId"/> on this silo.</summary>
    public int ReadCount(string deviceId) => reads.GetValueOrDefault(deviceId);

    public Task Execute(HeadEndCommand command, CancellationToken cancellationToken = default) => inner.Execute(command, cancellationToken);

    public Task<DevicePing> Ping(string deviceId, CancellationToken cancellationToken = default) => inner.Ping(deviceId, cancellationToken);

    public async Task<IReadOnlyList<RegisterRead>> ReadNow(string deviceId, IReadOnlyList<string> readingTypes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        ArgumentNullException.ThrowIfNull(readingTypes);
        reads.AddOrUpdate(deviceId, 1, (_, n) => n + 1);
        if (deviceId.StartsWith(TestHeadEnd.ThrowPrefix, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("test head-end cannot read " + deviceId);
        }

        if (deviceId.StartsWith(HeldPrefix, StringComparison.Ordinal))
        {
            await HeldReads.Task.WaitAsync(cancellationToken);
        }

        var now = time.GetUtcNow();
        return [.. readingTypes.Where(rt => rt != Unreadable).Select(rt => new RegisterRead(deviceId, rt, ValueOf(deviceId, rt, now), now))];
    }
}
