using System.Globalization;
using System.Net.Http.Headers;
using System.Xml.Linq;
using Orleans.Metering.Cim;
using Orleans.Metering.Cim.Documents;
using Orleans.Metering.Simulation.Fleet;

namespace Orleans.Metering.Tools;

/// <summary>
/// The failure drill's client side (deploy/cluster/README.md). <c>simulate --journal FILE</c> pushes
/// the fleet's readings message by message and sends RCDSwitch controls, over one or more gateways,
/// the way a careful head-end or MDM does: a message that fails (transport, FAILED reply) is sent
/// again, same MessageID and content, to the next gateway after a pause (a PARTIAL answer too: it
/// names meters that did not take their values). Every message the platform acknowledged in full is
/// written to the journal (readings: OK; controls: accepted). <c>check
/// --journal FILE</c> then asks the platform for every journalled reading and for the outcome event
/// of every journalled control, and reports what is missing, not final, or final more than once.
/// </summary>
public static class FleetDrill
{
    private const string Msg = CimNamespaces.Message;
    private const string Source = "DRILL";

    public const string CheckUsage = """
        usage: dotnet run --project src/Orleans.Metering.Tools -- check --journal FILE [--url URL]
          --journal FILE   written by `simulate --journal FILE`: the readings and controls the platform acknowledged
          --url URL        the gateway to ask (default http://127.0.0.1:5081; the first of a comma-separated list)
        Exit code 0 when every acknowledged reading is stored with its value and every accepted control is final once.
        """;
    private static readonly MediaTypeHeaderValue TextXml = new("text/xml") { CharSet = "utf-8" };

    public sealed record DrillOptions(
        IReadOnlyList<Uri> Gateways,
        SimulatedFleet Fleet,
        int Meters,
        DateTimeOffset From,
        DateTimeOffset To,
        int MetersPerMessage,
        double Rate,
        int Controls,
        string Journal);

    public static async Task<int> Push(HttpClient http, DrillOptions o)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(o);
        var run = Guid.NewGuid().ToString("N")[..8];
        await using var journal = new StreamWriter(o.Journal, append: true) { AutoFlush = true };
        await journal.WriteLineAsync($"# seed {o.Fleet.Options.Seed} run {run} started {DateTimeOffset.UtcNow:O}");
        var gate = new SemaphoreSlim(1, 1);
        async Task Write(string line)
        {
            await gate.WaitAsync();
            try
            {
                await journal.WriteLineAsync(line);
            }
            finally
            {
                gate.Release();
            }
        }

        var messages = new FleetMessages(o.Fleet);
        var ids = o.Fleet.MeterIds(o.Meters);
        var work = new List<(int First, int Count, DateTimeOffset From, DateTimeOffset To)>();
        for (var day = o.From; day < o.To; day = day.AddDays(1))
        {
            for (var first = 0; first < ids.Count; first += o.MetersPerMessage)
            {
                work.Add((first, Math.Min(o.MetersPerMessage, ids.Count - first), day, day.AddDays(1) < o.To ? day.AddDays(1) : o.To));
            }
        }

        var next = -1;
        var (acked, gaveUp, retries, readings) = (0, 0, 0, 0L);
        var pace = o.Rate > 0 ? TimeSpan.FromSeconds(1 / o.Rate) : TimeSpan.Zero;
        var pushers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            for (int i; (i = Interlocked.Increment(ref next)) < work.Count;)
            {
                var (first, count, from, to) = work[i];
                using var body = new MemoryStream();
                var messageId = messages.WriteMeterReadings(body, [.. ids.Skip(first).Take(count)], from, to, includeRegister: true, out var values);
                // PARTIAL names meters whose values were not stored: the same message goes again until
                // every meter took it (those that did answer as duplicates).
                var (result, attempts) = await Send(http, o.Gateways, i, body.ToArray(), r => r is "OK");
                Interlocked.Add(ref retries, attempts - 1);
                if (result is "OK")
                {
                    Interlocked.Increment(ref acked);
                    Interlocked.Add(ref readings, values);
                    await Write(string.Create(CultureInfo.InvariantCulture, $"R {messageId} {first} {count} {from.UtcTicks} {to.UtcTicks}"));
                }
                else
                {
                    Interlocked.Increment(ref gaveUp);
                }

                await Task.Delay(pace * 4);
            }
        })).ToList();

        // Controls alongside: one every second, disconnect then connect, each to its own meter.
        var (accepted, refused) = (0, 0);
        var controls = Task.Run(async () =>
        {
            for (var c = 0; c < o.Controls; c++)
            {
                var meter = ids[(c * 7) % ids.Count];
                var type = (c / ids.Count) % 2 == 0 ? "3.31.0.23" : "3.31.0.18";
                var controlId = $"DRILL-{run}-{c:0000}";
                var body = FleetRequests.Control(controlId, meter, type, Source, messageId: $"{controlId}-msg");
                var (result, _) = await Send(http, o.Gateways, c, body, r => r is "OK");
                if (result == "OK")
                {
                    Interlocked.Increment(ref accepted);
                    await Write($"C {controlId} {meter} {type}");
                }
                else
                {
                    Interlocked.Increment(ref refused);
                }

                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        });

        await Task.WhenAll([.. pushers, controls]);
        Console.WriteLine($"readings: {acked} of {work.Count} messages acknowledged ({readings} values, {retries} re-sends), {gaveUp} given up; " +
            $"controls: {accepted} of {o.Controls} accepted, {refused} given up; journal {o.Journal}");
        return gaveUp == 0 && refused == 0 ? 0 : 1;
    }

    /// <summary>Posts <paramref name="body"/> until <paramref name="done"/> says so: up to 30 tries over the gateways, 2 s apart.</summary>
    internal static async Task<(string? Result, int Attempts)> Send(HttpClient http, IReadOnlyList<Uri> gateways, int seed, byte[] body, Func<string?, bool> done)
    {
        string? result = null;
        for (var attempt = 1; attempt <= 30; attempt++)
        {
            var gateway = gateways[(seed + attempt - 1) % gateways.Count];
            try
            {
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = TextXml;
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                using var response = await http.PostAsync(new Uri(gateway, "/cim"), content, timeout.Token);
                await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
                result = await FleetPusher.ReadResult(stream, timeout.Token);
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
            {
                result = null;
            }

            if (done(result))
            {
                return (result, attempt);
            }

            await Task.Delay(TimeSpan.FromSeconds(2));
        }

        return (result, 30);
    }

    /// <summary><c>check --journal FILE [--url URL]</c>: every journalled reading stored with its value, every journalled control final exactly once.</summary>
    public static async Task<int> Check(string[] args)
    {
        string? path;
        Uri url;
        try
        {
            var options = new OptionPairs(args);
            path = options.Text("journal");
            url = OptionPairs.Url((options.Text("url") ?? "http://127.0.0.1:5081").Split(',')[0]);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync($"check: {e.Message}{Environment.NewLine}{CheckUsage}");
            return 2;
        }

        if (path is null || !File.Exists(path))
        {
            await Console.Error.WriteLineAsync(CheckUsage);
            return 2;
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        var lines = await File.ReadAllLinesAsync(path);
        var seed = lines.Where(l => l.StartsWith("# seed ", StringComparison.Ordinal)).Select(l => int.Parse(l.Split(' ')[2], CultureInfo.InvariantCulture)).DefaultIfEmpty(61968).First();
        var fleet = new SimulatedFleet(new FleetOptions { Seed = seed });

        // Readings: expected values per meter, from the fleet, for every acknowledged message.
        var expected = new Dictionary<string, Dictionary<DateTimeOffset, double>>(StringComparer.Ordinal);
        foreach (var p in lines.Where(l => l.StartsWith("R ", StringComparison.Ordinal)).Select(l => l.Split(' ')))
        {
            var (first, count) = (int.Parse(p[2], CultureInfo.InvariantCulture), int.Parse(p[3], CultureInfo.InvariantCulture));
            var (from, to) = (new DateTimeOffset(long.Parse(p[4], CultureInfo.InvariantCulture), TimeSpan.Zero), new DateTimeOffset(long.Parse(p[5], CultureInfo.InvariantCulture), TimeSpan.Zero));
            for (var m = first; m < first + count; m++)
            {
                var meter = fleet.MeterId(m + 1);
                var values = expected.TryGetValue(meter, out var v) ? v : expected[meter] = [];
                foreach (var r in fleet.Intervals(meter, from, to))
                {
                    values[r.TimeStamp] = r.Value;
                }
            }
        }

        var (checkedValues, missing) = (0, 0);
        foreach (var batch in expected.Chunk(20))
        {
            var from = batch.Min(e => e.Value.Keys.Min()).AddMinutes(-15);
            var to = batch.Max(e => e.Value.Keys.Max());
            var stored = await StoredIntervals(http, url, batch.Select(b => b.Key), from, to);
            foreach (var (meter, values) in batch)
            {
                foreach (var (at, value) in values)
                {
                    checkedValues++;
                    if (!stored.TryGetValue((meter, at), out var got) || Math.Abs(got - value) > 1e-9)
                    {
                        if (missing++ < 10)
                        {
                            Console.WriteLine($"MISSING reading {meter} {at:O} {value.ToString(CultureInfo.InvariantCulture)} (stored: {(stored.TryGetValue((meter, at), out var s) ? s.ToString(CultureInfo.InvariantCulture) : "none")})");
                        }
                    }
                }
            }
        }

        // Controls: exactly one outcome event (mRID "<control>:<event type>") per accepted control.
        var controls = lines.Where(l => l.StartsWith("C ", StringComparison.Ordinal)).Select(l => l.Split(' ')).Select(p => (Id: p[1], Meter: p[2])).ToList();
        var (final, open, twice) = (0, 0, 0);
        foreach (var batch in controls.GroupBy(c => c.Meter).Chunk(50))
        {
            var events = await EventIds(http, url, batch.Select(g => g.Key));
            foreach (var control in batch.SelectMany(g => g))
            {
                var outcomes = events.Count(e => e.StartsWith(control.Id + ":", StringComparison.Ordinal));
                if (outcomes == 1)
                {
                    final++;
                }
                else if (outcomes == 0)
                {
                    open++;
                    Console.WriteLine($"NOT FINAL control {control.Id} on {control.Meter}");
                }
                else
                {
                    twice++;
                    Console.WriteLine($"FINAL {outcomes} TIMES control {control.Id} on {control.Meter}");
                }
            }
        }

        var ok = missing == 0 && open == 0 && twice == 0;
        Console.WriteLine($"check: {checkedValues} acknowledged readings, {missing} missing or different; " +
            $"{controls.Count} accepted controls, {final} final once, {open} not final, {twice} final more than once: {(ok ? "PASS" : "FAIL")}");
        return ok ? 0 : 1;
    }

    private static async Task<Dictionary<(string, DateTimeOffset), double>> StoredIntervals(HttpClient http, Uri url, IEnumerable<string> meters, DateTimeOffset from, DateTimeOffset to)
    {
        var request = FleetRequests.GetMeterReadings(meters, SimulatedFleet.IntervalReadingType, from, to, Source);
        XNamespace m = CimNamespaces.Profile(ProfileDocuments.MeterReadings);
        var result = new Dictionary<(string, DateTimeOffset), double>();
        foreach (var reading in (await Post(http, url, request)).Descendants(m + "MeterReading"))
        {
            var meter = (string?)reading.Element(m + "Meter")?.Element(m + "mRID") ?? "";
            foreach (var value in reading.Descendants(m + "IntervalReadings"))
            {
                result[(meter, DateTimeOffset.Parse((string)value.Element(m + "timeStamp")!, CultureInfo.InvariantCulture))] =
                    double.Parse((string)value.Element(m + "value")!, CultureInfo.InvariantCulture);
            }
        }

        return result;
    }

    private static async Task<List<string>> EventIds(HttpClient http, Uri url, IEnumerable<string> meters)
    {
        var request = FleetRequests.GetEndDeviceEvents(meters, Source);
        XNamespace e = CimNamespaces.Profile(ProfileDocuments.EndDeviceEvents);
        return [.. (await Post(http, url, request)).Descendants(e + "EndDeviceEvent").Select(x => (string?)x.Element(e + "mRID") ?? "")];
    }

    private static async Task<XDocument> Post(HttpClient http, Uri url, byte[] request)
    {
        using var content = new ByteArrayContent(request);
        content.Headers.ContentType = TextXml;
        using var response = await http.PostAsync(new Uri(url, "/cim"), content);
        var doc = XDocument.Parse(await response.Content.ReadAsStringAsync());
        var result = doc.Descendants(XName.Get("Result", Msg)).FirstOrDefault()?.Value;
        return result is "OK" or "PARTIAL" ? doc : throw new HttpRequestException($"{url}cim answered {result}: {doc.ToString()[..Math.Min(600, doc.ToString().Length)]}");
    }
}
