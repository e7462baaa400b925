using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;

namespace Orleans.Metering.Storage.Tests;

/// <summary>The pooled binary serializer writes and reads exactly the format of Orleans' own binary grain storage serializer.</summary>
public sealed class GrainStateSerializerTests : IDisposable
{
    private readonly ServiceProvider services = new ServiceCollection().AddSerializer(b => b.AddAssembly(typeof(TestState).Assembly)).BuildServiceProvider();

    public void Dispose() => services.Dispose();

    [Fact]
    public void Pooled_and_provider_binary_serializers_write_the_same_bytes_and_read_each_other()
    {
        var serializer = services.GetRequiredService<Serializer>();
        var pooled = new PooledBinaryGrainStorageSerializer(serializer);
        var provider = new OrleansGrainStorageSerializer(serializer);
        var state = new TestState { Value = new string('x', 5000) + "é" };

        var ours = pooled.Serialize(state).ToArray();
        var theirs = provider.Serialize(state).ToArray();

        Assert.Equal(theirs, ours);
        Assert.Equal(state.Value, pooled.Deserialize<TestState>(new BinaryData(theirs))!.Value);
        Assert.Equal(state.Value, provider.Deserialize<TestState>(new BinaryData(ours))!.Value);
    }

    [Fact]
    public void Each_serialized_state_is_its_own_array()
    {
        var pooled = new PooledBinaryGrainStorageSerializer(services.GetRequiredService<Serializer>());

        var first = pooled.Serialize(new TestState { Value = "first" });
        var second = pooled.Serialize(new TestState { Value = "second" });

        Assert.Equal("first", pooled.Deserialize<TestState>(first)!.Value);
        Assert.Equal("second", pooled.Deserialize<TestState>(second)!.Value);
    }
}
