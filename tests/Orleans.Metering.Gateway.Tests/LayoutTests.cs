using System.Reflection;
using Orleans.Metering.Abstractions;
using Orleans.Metering.Grains;
using Orleans.Metering.HeadEnd;
using Orleans.Metering.Storage;

namespace Orleans.Metering.Gateway.Tests;

/// <summary>Runtime assemblies hold only what a production silo runs: simulation and tools live apart.</summary>
public sealed class LayoutTests
{
    public static TheoryData<string> Runtime => new()
    {
        typeof(IHeadEndAdapter).Assembly.GetName().Name!,
        typeof(GrainOutcomeSink).Assembly.GetName().Name!,
        typeof(MeteringStorageOptions).Assembly.GetName().Name!,
        typeof(GatewayOptions).Assembly.GetName().Name!,
        typeof(HeadEndOptions).Assembly.GetName().Name!,
        typeof(Cim.CimNamespaces).Assembly.GetName().Name!,
    };

    [Theory]
    [MemberData(nameof(Runtime))]
    public void A_runtime_assembly_references_neither_the_simulation_nor_the_tools(string name)
    {
        var references = Assembly.Load(name).GetReferencedAssemblies().Select(a => a.Name).ToList();

        Assert.DoesNotContain("Orleans.Metering.Simulation", references);
        Assert.DoesNotContain("Orleans.Metering.Tools", references);
    }

    [Fact]
    public void The_grains_use_the_head_end_contract_without_an_implementation()
    {
        var references = typeof(GrainOutcomeSink).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();

        Assert.Contains("Orleans.Metering.Abstractions", references);
        Assert.DoesNotContain("Orleans.Metering.HeadEnd", references);
    }
}
