namespace Orleans.Metering.Abstractions;

/// <summary>A meter installed at a usage point from <see cref="From"/> until <see cref="To"/> (open when null).</summary>
[GenerateSerializer, Alias("metering.MeterInstallation")]
public sealed record MeterInstallation(
    [property: Id(0)] string MeterId,
    [property: Id(1)] DateTimeOffset From,
    [property: Id(2)] DateTimeOffset? To);

/// <summary>A UsagePoint, keyed by its mRID: which meter measured it when.</summary>
[Alias("metering.IUsagePointGrain")]
public interface IUsagePointGrain : IGrainWithStringKey
{
    /// <summary>Records that <paramref name="meterId"/> measures this usage point since <paramref name="since"/>; closes the previous installation.</summary>
    [Alias("Install")]
    Task Install(string meterId, DateTimeOffset since);

    /// <summary>Installations, oldest first; empty when the usage point is not known.</summary>
    [Alias("GetInstallations"), Orleans.Concurrency.ReadOnly]
    Task<IReadOnlyList<MeterInstallation>> GetInstallations();
}

/// <summary>The result of an on-demand read: what was stored, and the values read.</summary>
[GenerateSerializer, Alias("metering.OnDemandRead")]
public sealed record OnDemandRead(
    [property: Id(0)] IngestResult Result,
    [property: Id(1)] IReadOnlyList<ReadingSeries> Series);
