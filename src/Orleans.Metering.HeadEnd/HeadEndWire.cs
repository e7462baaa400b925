using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Metering.Abstractions;

namespace Orleans.Metering.HeadEnd;

/// <summary>
/// The HTTP contract between the platform and an external head-end process (JSON, camelCase, enums
/// as names). Head-end side: POST <see cref="CommandsPath"/> (a <see cref="HeadEndCommand"/>, answered
/// 202 once taken), POST <see cref="ReadPath"/> (a <see cref="ReadNowRequest"/>), GET
/// <see cref="PingPath"/>/{deviceId}. Platform side:
/// POST <see cref="OutcomesPath"/> (an <see cref="OutcomeReport"/>, 204 once the device took it).
/// </summary>
public static class HeadEndWire
{
    public const string CommandsPath = "/headend/commands";
    public const string ReadPath = "/headend/read";
    public const string PingPath = "/headend/ping";
    public const string OutcomesPath = "/headend/outcomes";

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };
}

/// <summary>Body of POST /headend/read.</summary>
public sealed record ReadNowRequest(string DeviceId, IReadOnlyList<string> ReadingTypes);

/// <summary>Body of POST /headend/outcomes: a control outcome for one device.</summary>
public sealed record OutcomeReport(string DeviceId, ControlOutcome Outcome);
