namespace Orleans.Metering.Gateway.Tests;

/// <summary>One running platform shared by the end-to-end tests of a collection.</summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    public PlatformHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await PlatformHost.Start();

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "Platform over HTTP";
}
