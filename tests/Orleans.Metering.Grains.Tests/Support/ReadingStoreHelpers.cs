using Orleans.Metering.Abstractions;
using Orleans.Metering.Storage.Readings;
using Orleans.TestingHost;

namespace Orleans.Metering.Grains.Tests.Support;

/// <summary>Looks into the silos' in-memory readings stores (each silo has its own; a meter writes to the store of the silo it lives on).</summary>
public static class ReadingStoreHelpers
{
    /// <summary>The current values of one series, from every silo, oldest first.</summary>
    public static async Task<IReadOnlyList<ReadingValue>> StoredReadings<TSilo>(this ClusterFixtureBase<TSilo> fixture, string deviceId, string readingType)
        where TSilo : ISiloConfigurator, new()
    {
        ArgumentNullException.ThrowIfNull(fixture);
        var all = new List<ReadingValue>();
        foreach (var store in fixture.SiloServices<InMemoryReadingStore>())
        {
            var result = await store.Query(new ReadingQuery { DeviceIds = [deviceId], ReadingTypes = [readingType] });
            all.AddRange(result.Series.SelectMany(s => s.Values));
        }

        return [.. all.OrderBy(v => v.TimeStamp)];
    }

    /// <summary>Every stored value of a device, any reading type, from every silo.</summary>
    public static async Task<int> StoredCount<TSilo>(this ClusterFixtureBase<TSilo> fixture, string deviceId)
        where TSilo : ISiloConfigurator, new()
    {
        ArgumentNullException.ThrowIfNull(fixture);
        var count = 0;
        foreach (var store in fixture.SiloServices<InMemoryReadingStore>())
        {
            var result = await store.Query(new ReadingQuery { DeviceIds = [deviceId] });
            count += result.Series.Sum(s => s.Values.Count);
        }

        return count;
    }

    /// <summary>Every version of one stored value, current first, from the silo that has it.</summary>
    public static async Task<IReadOnlyList<ReadingVersion>> History<TSilo>(this ClusterFixtureBase<TSilo> fixture, string deviceId, string readingType, DateTimeOffset timeStamp)
        where TSilo : ISiloConfigurator, new()
    {
        ArgumentNullException.ThrowIfNull(fixture);
        var all = new List<ReadingVersion>();
        foreach (var store in fixture.SiloServices<InMemoryReadingStore>())
        {
            all.AddRange(await store.History(new SeriesKey(deviceId, readingType), timeStamp));
        }

        return all;
    }
}
