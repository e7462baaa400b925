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
    /// readable; they become binary on their next write.
    /// </summary>
    public static ISiloBuilder AddMeteringGrainStorage(this ISiloBuilder silo, string name, string invariant, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(silo);
        return silo.AddAdoNetGrainStorage(name, (OptionsBuilder<AdoNetGrainStorageOptions> options) =>
            options.Configure<IServiceProvider>((o, services) =>
            {
                o.Invariant = invariant;
                o.ConnectionString = connectionString;
                o.GrainStorageSerializer = BinaryWithJsonFallback(services);
            }));
    }

    /// <summary>Writes Orleans binary; reads Orleans binary, or JSON as the provider wrote it by default.</summary>
    public static IGrainStorageSerializer BinaryWithJsonFallback(IServiceProvider services) =>
        new GrainStorageSerializer(
            new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>()),
            ActivatorUtilities.CreateInstance<JsonGrainStorageSerializer>(services));
}
