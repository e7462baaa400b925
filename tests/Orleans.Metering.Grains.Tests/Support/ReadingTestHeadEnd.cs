using System.Collections.Concurrent;
using Orleans.Metering.Abstractions;
using Orleans.Metering.HeadEnd;

namespace Orleans.Metering.Grains.Tests.Support;

/// <summary>
/// <see cref="TestHeadEnd"/> for controls and pings, plus register reads on demand: every reading type
/// reads <see cref="ValueOf"/> at the silo's clock. Devices starting with <see cref="TestHeadEnd.ThrowPrefix"/>
/// cannot be read (ReadNow throws).
/// </summary>
public sealed class ReadingTestHeadEnd(TestHeadEnd inner, TimeProvider time) : IHeadEndAdapter
{
    private static readonly DateTimeOffset Epoch = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly ConcurrentDictionary<string, int> reads = new(StringComparer.Ordinal);

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

    public Task<IReadOnlyList<RegisterRead>> ReadNow(string deviceId, IReadOnlyList<string> readingTypes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        ArgumentNullException.ThrowIfNull(readingTypes);
        reads.AddOrUpdate(deviceId, 1, (_, n) => n + 1);
        if (deviceId.StartsWith(TestHeadEnd.ThrowPrefix, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("test head-end cannot read " + deviceId);
        }

        var now = time.GetUtcNow();
        return Task.FromResult<IReadOnlyList<RegisterRead>>([.. readingTypes.Select(rt => new RegisterRead(deviceId, rt, ValueOf(deviceId, rt, now), now))]);
    }
}
