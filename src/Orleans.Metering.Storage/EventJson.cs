using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Metering.Abstractions;

namespace Orleans.Metering.Storage;

/// <summary>JSON form of stored records (event bodies, outbox bodies): one set of options for all stores.</summary>
public static class StoreJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new InvalidDataException("Stored JSON is empty: " + typeof(T).Name);

    /// <summary>A time as stored in SQL columns: UTC ticks, exact to what DateTimeOffset holds.</summary>
    public static long ToTicks(DateTimeOffset t) => t.UtcTicks;

    public static DateTimeOffset FromTicks(long ticks) => new(ticks, TimeSpan.Zero);

    internal static DeviceEvent ReadEvent(string body) => Deserialize<DeviceEvent>(body);
}
