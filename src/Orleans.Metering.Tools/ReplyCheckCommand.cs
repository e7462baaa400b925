using System.Collections.Concurrent;
using System.Globalization;
using Orleans.Metering.Cim.Messages;
using Orleans.Metering.Simulation.Fleet;

namespace Orleans.Metering.Tools;

/// <summary>
/// <c>replies --url U1,U2,... [--controls N] [--listen URL] [--settle SECONDS] [--timeout SECONDS]</c>:
/// the cluster's "one delivery per reply" check. It listens as a ReplyAddress, registers N meters,
/// sends N asynchronous disconnects spread over the gateways, waits until each has its reply, then
/// waits <c>settle</c> seconds more for duplicates (several delivery polls of every silo), and
/// passes only when every reply arrived exactly once with the request's MessageID as CorrelationID.
/// </summary>
public static class ReplyCheckCommand
{
    private const string Source = "REPLYCHECK";

    public const string Usage = """
        usage: dotnet run --project src/Orleans.Metering.Tools -- replies --url URL[,URL...] [options]
          --url URL,...        the gateways to spread the controls over (required)
          --controls N         asynchronous disconnects to send, one meter each (default 30)
          --listen URL         where this command listens as the ReplyAddress (default http://127.0.0.1:5079)
          --settle SECONDS     how long to wait for duplicates after the last reply (default 20)
          --timeout SECONDS    how long to wait for all replies (default 120)
        Exit code 0 when every reply arrived exactly once with its request's MessageID as CorrelationID.
        """;

    public static async Task<int> Run(string[] args)
    {
        List<Uri> gateways;
        int controls;
        Uri listen;
        TimeSpan settle, timeout;
        try
        {
            var options = new OptionPairs(args);
            gateways = [.. (options.Text("url") ?? throw new ArgumentException("--url is required")).Split(',', StringSplitOptions.RemoveEmptyEntries).Select(OptionPairs.Url)];
            controls = options.PositiveInt("controls", 30);
            listen = OptionPairs.Url(options.Text("listen") ?? "http://127.0.0.1:5079");
            settle = TimeSpan.FromSeconds(options.PositiveInt("settle", 20));
            timeout = TimeSpan.FromSeconds(options.PositiveInt("timeout", 120));
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync($"replies: {e.Message}{Environment.NewLine}{Usage}");
            return 2;
        }

        // The receiver: every POST counted by the CorrelationID the CIM reader finds in it.
        var received = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var unreadable = 0;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(listen.GetLeftPart(UriPartial.Authority));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        await using var app = builder.Build();
        app.MapPost("/replies", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            body.Position = 0;
            if (CimMessageReader.Read(body).Header?.CorrelationID is { Length: > 0 } correlation)
            {
                received.AddOrUpdate(correlation, 1, (_, n) => n + 1);
            }
            else
            {
                Interlocked.Increment(ref unreadable);
            }

            return Results.Ok();
        });
        await app.StartAsync();

        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(1) };
        var run = Guid.NewGuid().ToString("N")[..8];
        var meters = Enumerable.Range(1, controls).Select(i => $"RPL-{run}-{i:0000}").ToList();
        var (registered, _) = await FleetDrill.Send(http, gateways, 0, FleetRequests.RegisterMeters(meters, Source, "SN-"), r => r is "OK");
        if (registered != "OK")
        {
            await Console.Error.WriteLineAsync($"replies: registering {controls} meters failed ({registered ?? "no answer"})");
            return 1;
        }

        var replyAddress = new Uri(listen, "/replies");
        var sent = new List<string>();
        for (var i = 0; i < meters.Count; i++)
        {
            var messageId = CimMessages.NewMessageId();
            var body = FleetRequests.AsyncControl($"CTL-{meters[i]}", meters[i], "3.31.0.23", Source, replyAddress, messageId);
            // Each request to its own gateway in turn; an answer other than OK is retried with the same MessageID.
            var (result, _) = await FleetDrill.Send(http, gateways, i, body, r => r is "OK");
            if (result == "OK")
            {
                sent.Add(messageId);
            }
            else
            {
                Console.WriteLine($"replies: control on {meters[i]} not accepted ({result ?? "no answer"})");
            }
        }

        var deadline = DateTimeOffset.UtcNow + timeout;
        while (sent.Any(id => !received.ContainsKey(id)) && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        await Task.Delay(settle); // time for any silo that would deliver the same reply again
        var missing = sent.Count(id => !received.ContainsKey(id));
        var duplicated = sent.Count(id => received.GetValueOrDefault(id) > 1);
        var once = sent.Count(id => received.GetValueOrDefault(id) == 1);
        var pass = sent.Count == controls && missing == 0 && duplicated == 0 && unreadable == 0;
        Console.WriteLine($"replies: {sent.Count} of {controls} asynchronous controls accepted over {gateways.Count} gateways; " +
            $"{once} replies received once, {missing} missing, {duplicated} more than once, {unreadable} unreadable: {(pass ? "PASS" : "FAIL")}");
        await app.StopAsync();
        return pass ? 0 : 1;
    }
}
