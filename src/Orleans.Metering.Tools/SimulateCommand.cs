using System.Globalization;
using System.Net.Http.Headers;
using Orleans.Metering.Simulation.Fleet;

namespace Orleans.Metering.Tools;

/// <summary>
/// <c>simulate</c>: registers a simulated fleet with a running platform (create MeterConfig) and
/// pushes its data (created MeterReadings, optionally created EndDeviceEvents) at a chosen rate.
/// </summary>
public static class SimulateCommand
{
    public const string Usage = """
        usage: dotnet run --project src/Orleans.Metering.Tools -- simulate [options]
          --url URL[,URL...]        gateway base address(es) (default http://127.0.0.1:5080)
          --meters N                fleet size (default 100)
          --days N                  days of 15-minute data to push (default 1)
          --from yyyy-MM-dd         first day (default: N days before today, UTC)
          --rate N                  messages per second, 0 = as fast as allowed (default 0)
          --meters-per-message N    MeterReading elements per message (default 100)
          --events                  also push the fleet's outage events (power failed / restored)
          --outage-rate R           share of meters with an outage per day, 0 to 1 (default 0.05 with
                                    --events, so that events come at a visible rate; else 0.002)
          --seed N                  fleet seed (default 61968)
          --journal FILE            failure drill: push message by message, re-send what fails (same
                                    MessageID) to the next gateway, and journal what was acknowledged;
                                    then `check --journal FILE` verifies it (deploy/cluster/README.md)
          --controls N              with --journal: also send N RCDSwitch controls, one a second
        """;

    /// <summary>The outage rate with <c>--events</c>: 100 meters give about ten events a day, where the fleet's own rate gives none most days.</summary>
    public const double EventsOutageRate = 0.05;

    public static Task<int> Run(string[] args) => Run(args, Console.Out, Console.Error);

    public static async Task<int> Run(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            return await Simulate(Parse(args), output);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            await error.WriteLineAsync(e.Message + Environment.NewLine + Usage);
            return 2;
        }
        catch (HttpRequestException e)
        {
            await error.WriteLineAsync("The gateway could not be reached: " + e.Message);
            return 1;
        }
    }

    private static async Task<int> Simulate(Dictionary<string, string?> options, TextWriter output)
    {
        var gateways = (options.GetValueOrDefault("url") ?? "http://127.0.0.1:5080").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(u => new Uri(u)).ToList();
        var url = gateways[0];
        var meters = Int(options, "meters", 100);
        var days = Int(options, "days", 1);
        var from = options.GetValueOrDefault("from") is { } f
            ? DateTimeOffset.ParseExact(f, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
            : new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero).AddDays(-days);
        var journal = options.GetValueOrDefault("journal");
        var events = options.ContainsKey("events");
        if (journal is not null && (events || options.ContainsKey("outage-rate")))
        {
            // check --journal recomputes the readings with the fleet's own outage rate.
            throw new ArgumentException("--events and --outage-rate do not go with --journal");
        }

        var fleetOptions = new FleetOptions { MeterCount = meters, Seed = Int(options, "seed", 61968) };
        fleetOptions.OutageRatePerDay = Rate(options, "outage-rate", events ? EventsOutageRate : fleetOptions.OutageRatePerDay);
        var fleet = new SimulatedFleet(fleetOptions);
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };

        var ids = fleet.MeterIds(meters);
        await output.WriteLineAsync(ids.Count == 0 ? "meters: none" : $"meters: {ids.Count}, {ids[0]} to {ids[^1]}");
        foreach (var chunk in ids.Chunk(1000))
        {
            var result = await Register(http, url, chunk);
            await output.WriteLineAsync($"create MeterConfig for {chunk.Length} meters: {result}");
        }

        if (journal is { Length: > 0 })
        {
            return await FleetDrill.Push(http, new FleetDrill.DrillOptions(
                gateways, fleet, meters, from, from.AddDays(days), Int(options, "meters-per-message", 100), Int(options, "rate", 0), Int(options, "controls", 0), journal));
        }

        var summary = await new FleetPusher(http, fleet).Push(new FleetPushOptions
        {
            BaseUrl = url,
            From = from,
            To = from.AddDays(days),
            MeterCount = meters,
            MetersPerMessage = Int(options, "meters-per-message", 100),
            MessagesPerSecond = Int(options, "rate", 0),
            IncludeEvents = events,
        });
        await output.WriteLineAsync($"pushed {summary.Sent} messages in {summary.Elapsed.TotalSeconds:F1} s ({summary.Rate:F1}/s): " +
            $"{summary.Ok} OK, {summary.Partial} PARTIAL, {summary.Failed} FAILED, {summary.HttpFailures} HTTP failures");
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"sent {summary.Readings} readings and {summary.Events} events for {ids.Count} meters, {from:yyyy-MM-dd} to {from.AddDays(days):yyyy-MM-dd}") +
            (events ? string.Create(CultureInfo.InvariantCulture, $" (outage rate {fleetOptions.OutageRatePerDay} per meter and day)") : ""));
        return summary.HttpFailures == 0 && summary.Failed == 0 ? 0 : 1;
    }

    private static async Task<string> Register(HttpClient http, Uri url, IReadOnlyList<string> meterIds)
    {
        using var content = new ByteArrayContent(FleetRequests.RegisterMeters(meterIds, FleetMessages.SourceName, "SIM-SN-"));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/xml") { CharSet = "utf-8" };
        using var response = await http.PostAsync(new Uri(url, "/cim"), content);
        await using var body = await response.Content.ReadAsStreamAsync();
        return await FleetPusher.ReadResult(body) ?? $"HTTP {(int)response.StatusCode}";
    }

    private static Dictionary<string, string?> Parse(string[] args)
    {
        var options = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"unexpected argument '{args[i]}'");
            }

            var name = args[i][2..];
            var flag = name == "events";
            options[name] = flag ? null : i + 1 < args.Length ? args[++i] : throw new ArgumentException($"--{name} needs a value");
        }

        return options;
    }

    private static double Rate(Dictionary<string, string?> options, string name, double fallback) =>
        options.GetValueOrDefault(name) is { } v
            ? double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var r) && r is >= 0 and <= 1 ? r : throw new ArgumentException($"--{name} takes a number from 0 to 1, not '{v}'")
            : fallback;

    private static int Int(Dictionary<string, string?> options, string name, int fallback) =>
        options.GetValueOrDefault(name) is { } v
            ? int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0 ? n : throw new ArgumentException($"--{name} takes a whole number, not '{v}'")
            : fallback;
}
