using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Serialization;
using Orleans.Storage;

namespace Orleans.Metering.Storage;

/// <summary>
/// Grain state on Orleans' ADO.NET storage, as the platform runs it (SQLite and PostgreSQL alike).
/// </summary>
public static class GrainStateStorage
{
    /// <summary>
    /// Adds an ADO.NET grain storage that writes state with Orleans' binary serializer and reads both
    /// that and the provider's default JSON. Binary because every control writes its device's state
    /// twice: JSON with type names was most of the serialisation CPU and two to three times the bytes
    /// PostgreSQL has to TOAST and WAL-log. The JSON fallback keeps states written by earlier versions
    /// readable; they become binary on their next write. <see cref="GrainStateFormat.Json"/> writes JSON
    /// (still reading both): for a rolling upgrade from a version that only reads JSON, until no such
    /// silo is left.
    /// </summary>
    public static ISiloBuilder AddMeteringGrainStorage(this ISiloBuilder silo, string name, string invariant, string connectionString, GrainStateFormat format = GrainStateFormat.Binary)
    {
        ArgumentNullException.ThrowIfNull(silo);
        return silo.AddAdoNetGrainStorage(name, (OptionsBuilder<AdoNetGrainStorageOptions> options) =>
            options.Configure<IServiceProvider>((o, services) =>
            {
                o.Invariant = invariant;
                o.ConnectionString = connectionString;
                o.GrainStorageSerializer = Serializer(services, format);
            }));
    }

    /// <summary>Writes <paramref name="format"/>; reads Orleans binary and JSON as the provider wrote it by default.</summary>
    public static IGrainStorageSerializer Serializer(IServiceProvider services, GrainStateFormat format = GrainStateFormat.Binary)
    {
        IGrainStorageSerializer binary = new PooledBinaryGrainStorageSerializer(services.GetRequiredService<Serializer>());
        IGrainStorageSerializer json = ActivatorUtilities.CreateInstance<JsonGrainStorageSerializer>(services);
        return format == GrainStateFormat.Json ? new GrainStorageSerializer(json, binary) : new GrainStorageSerializer(binary, json);
    }
}

/// <summary>
/// Orleans' binary format, byte for byte what <see cref="OrleansGrainStorageSerializer"/> writes and reads,
/// but serialized into Orleans' pooled buffer and copied once into an array of the exact size. The
/// provider's serializer grows a fresh buffer by doubling on every write: with a device state of a few KB
/// written twice per control that was a sixth of all allocations at 1,000 controls/s, and allocations
/// are what sets the GC pauses in the control latency tail.
/// </summary>
public sealed class PooledBinaryGrainStorageSerializer(Serializer serializer) : IGrainStorageSerializer
{
    public BinaryData Serialize<T>(T? input) => new(serializer.SerializeToArray(input));

    public T? Deserialize<T>(BinaryData input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return serializer.Deserialize<T>(input.ToMemory());
    }
}

/// <summary>How grain state is written (<c>Metering:GrainStateFormat</c>); both are always read.</summary>
public enum GrainStateFormat
{
    /// <summary>Orleans' binary serializer: small and fast (the default).</summary>
    Binary = 0,

    /// <summary>The ADO.NET provider's JSON, as versions before the binary format wrote it: for rolling upgrades from them.</summary>
    Json = 1,
}
