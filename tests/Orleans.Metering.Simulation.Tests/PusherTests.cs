using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Metering.Cim.Messages;
using Orleans.Metering.Simulation.Fleet;

namespace Orleans.Metering.Simulation.Tests;

/// <summary>A stand-in gateway on 127.0.0.1 that records what it gets and answers a fixed ResponseMessage.</summary>
internal sealed class GatewayStub : IAsyncDisposable
{
    private readonly WebApplication app;

    private GatewayStub(WebApplication app) => this.app = app;

    public ConcurrentQueue<(string? ContentType, string Body)> Received { get; } = new();

    public Uri BaseUrl { get; private set; } = null!;

    public int InFlight;
    public int MaxInFlight;

    /// <summary>The gateway's answer with this Result, written by the CIM layer as the platform writes it.</summary>
    public static string Response(string result)
    {
        var request = new Header { Verb = "created", Noun = "MeterReadings", MessageID = "stub" };
        var reply = new Reply { Result = Enum.Parse<ReplyResult>(result) };
        return CimMessageWriter.ToXml(
            CimMessages.ResponseTo(request, reply), MessageFraming.Generic);
    }

    /// <summary>Starts the stub; <paramref name="answer"/> maps the request number (1-based) to status and body.</summary>
    public static async Task<GatewayStub> Start(Func<int, (int Status, string Body)>? answer = null, TimeSpan delay = default)
    {
        answer ??= _ => (200, Response("OK"));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var stub = new GatewayStub(app);
        var count = 0;
        app.MapPost("/cim", async (HttpContext http) =>
        {
            var n = Interlocked.Increment(ref count);
            var inFlight = Interlocked.Increment(ref stub.InFlight);
            InterlockedMax(ref stub.MaxInFlight, inFlight);
            try
            {
                using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
                stub.Received.Enqueue((http.Request.ContentType, await reader.ReadToEndAsync()));
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay);
                }

                var (status, body) = answer(n);
                http.Response.StatusCode = status;
                http.Response.ContentType = "text/xml; charset=utf-8";
                await http.Response.WriteAsync(body);
            }
            finally
            {
                Interlocked.Decrement(ref stub.InFlight);
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        stub.BaseUrl = new Uri(address);
        return stub;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}

public sealed class PusherTests
{
    private static readonly DateTimeOffset Day = new(2024, 2, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly XNamespace Msg = Orleans.Metering.Cim.CimNamespaces.Message;
    private static readonly XNamespace M = Orleans.Metering.Cim.CimNamespaces.Profile("MeterReadings");

    private static SimulatedFleet Fleet(double outages = 0) =>
        new(new FleetOptions { Seed = 5, MeterCount = 10, MissingIntervalRate = 0.002, OutageRatePerDay = outages });

    [Fact]
    public async Task Pushes_every_window_and_batch_and_counts_the_results()
    {
        await using var stub = await GatewayStub.Start();
        using var http = new HttpClient();
        var pusher = new FleetPusher(http, Fleet());
        var summary = await pusher.Push(new FleetPushOptions
        {
            BaseUrl = stub.BaseUrl,
            From = Day,
            To = Day.AddDays(2),
            MetersPerMessage = 4,
            MaxConcurrency = 3,
        });

        // 10 meters in batches of 4 -> 3 messages per day, 2 days.
        Assert.Equal(6, summary.Sent);
        Assert.Equal(6, summary.Ok);
        Assert.Equal(0, summary.HttpFailures);
        Assert.Equal(0, summary.NoResult);
        Assert.True(summary.Completed);
        Assert.Equal(6, stub.Received.Count);
        Assert.True(summary.BytesSent > 6 * 1000);

        var docs = stub.Received.Select(r => XDocument.Parse(r.Body)).ToList();
        Assert.All(stub.Received, r => Assert.StartsWith("text/xml", r.ContentType, StringComparison.Ordinal));
        Assert.All(docs, d => Assert.Equal("MeterReadings", d.Descendants(Msg + "Noun").Single().Value));
        Assert.Equal(6, docs.Select(d => d.Descendants(Msg + "MessageID").Single().Value).Distinct().Count());
        // Every meter once per day, each with its day of intervals.
        var meterDays = docs.SelectMany(d => d.Descendants(M + "MeterReading").Select(r =>
            (Meter: r.Element(M + "Meter")!.Element(M + "mRID")!.Value, Register: r.Element(M + "Readings")!.Element(M + "timeStamp")!.Value))).ToList();
        Assert.Equal(20, meterDays.Distinct().Count());
        Assert.InRange(docs.Sum(d => d.Descendants(M + "IntervalReadings").Count()), 20 * 96 * 0.97, 20 * 96);
    }

    [Fact]
    public async Task Counts_partial_failed_http_errors_and_unreadable_answers()
    {
        await using var stub = await GatewayStub.Start(n => (n % 5) switch
        {
            1 => (200, GatewayStub.Response("OK")),
            2 => (200, GatewayStub.Response("PARTIAL")),
            3 => (500, GatewayStub.Response("FAILED")),
            4 => (502, "<html>bad gateway</html"),
            _ => (200, """<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x "OK">]><msg:ResponseMessage xmlns:msg="http://iec.ch/TC57/2011/schema/message"><msg:Reply><msg:Result>&x;</msg:Result></msg:Reply></msg:ResponseMessage>"""),
        });
        using var http = new HttpClient();
        var summary = await new FleetPusher(http, Fleet()).Push(new FleetPushOptions
        {
            BaseUrl = stub.BaseUrl,
            From = Day,
            To = Day.AddDays(10),
            MetersPerMessage = 10,
            MaxConcurrency = 1,
            IncludeRegister = false,
        });

        Assert.Equal(10, summary.Sent);
        Assert.Equal(2, summary.Ok);
        Assert.Equal(2, summary.Partial);
        Assert.Equal(2, summary.Failed);
        Assert.Equal(4, summary.HttpFailures); // the 500s and 502s
        Assert.Equal(4, summary.NoResult); // the 502 page and the DTD answer
        Assert.True(summary.Completed);
    }

    [Fact]
    public async Task Holds_the_rate_roughly()
    {
        await using var stub = await GatewayStub.Start();
        using var http = new HttpClient();
        var summary = await new FleetPusher(http, Fleet()).Push(new FleetPushOptions
        {
            BaseUrl = stub.BaseUrl,
            From = Day,
            To = Day.AddDays(1),
            Window = TimeSpan.FromHours(1),
            MetersPerMessage = 10,
            MessagesPerSecond = 20,
            MaxConcurrency = 8,
            MaxMessages = 11,
        });

        Assert.Equal(11, summary.Sent);
        Assert.False(summary.Completed);
        // 11 messages at 20/s: the last starts 0.5 s in. Loose bounds only.
        Assert.True(summary.Elapsed >= TimeSpan.FromSeconds(0.4), summary.Elapsed.ToString());
        Assert.True(summary.Rate < 30, summary.Rate.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Stops_at_the_count_bound_and_keeps_the_concurrency_bound()
    {
        await using var stub = await GatewayStub.Start(delay: TimeSpan.FromMilliseconds(30));
        using var http = new HttpClient();
        var summary = await new FleetPusher(http, Fleet()).Push(new FleetPushOptions
        {
            BaseUrl = stub.BaseUrl,
            From = Day,
            To = Day.AddDays(30),
            MetersPerMessage = 2,
            MaxConcurrency = 3,
            MaxMessages = 25,
        });

        Assert.Equal(25, summary.Sent);
        Assert.Equal(25, stub.Received.Count);
        Assert.Equal(25, summary.Ok);
        Assert.False(summary.Completed);
        Assert.InRange(stub.MaxInFlight, 1, 3);
    }

    [Fact]
    public async Task Stops_at_the_time_bound()
    {
        await using var stub = await GatewayStub.Start();
        using var http = new HttpClient();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var summary = await new FleetPusher(http, Fleet()).Push(new FleetPushOptions
        {
            BaseUrl = stub.BaseUrl,
            From = Day,
            To = Day.AddDays(365),
            MetersPerMessage = 10,
            MessagesPerSecond = 10,
            MaxDuration = TimeSpan.FromMilliseconds(500),
        });

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10));
        Assert.InRange(summary.Sent, 1, 10);
        Assert.False(summary.Completed);
        Assert.Equal(summary.Sent, summary.Ok + summary.Cancelled);
    }

    [Fact]
    public async Task Caller_cancellation_stops_the_push_without_throwing()
    {
        await using var stub = await GatewayStub.Start();
        using var http = new HttpClient();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var summary = await new FleetPusher(http, Fleet()).Push(
            new FleetPushOptions { BaseUrl = stub.BaseUrl, From = Day, To = Day.AddDays(365), MessagesPerSecond = 5 },
            cts.Token);
        Assert.InRange(summary.Sent, 1, 5);
        Assert.False(summary.Completed);
    }

    [Fact]
    public async Task Counts_transport_failures()
    {
        // A port nothing listens on.
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        using var http = new HttpClient();
        var summary = await new FleetPusher(http, Fleet()).Push(new FleetPushOptions
        {
            BaseUrl = new Uri($"http://127.0.0.1:{port}/"),
            From = Day,
            To = Day.AddDays(3),
            MetersPerMessage = 10,
        });

        Assert.Equal(3, summary.Sent);
        Assert.Equal(3, summary.HttpFailures);
        Assert.Empty(summary.Results);
    }

    [Fact]
    public async Task Sends_outage_events_after_the_readings_of_each_window()
    {
        await using var stub = await GatewayStub.Start();
        using var http = new HttpClient();
        var fleet = Fleet(outages: 0.2);
        var summary = await new FleetPusher(http, fleet).Push(new FleetPushOptions
        {
            BaseUrl = stub.BaseUrl,
            From = Day,
            To = Day.AddDays(5),
            MetersPerMessage = 10,
            IncludeEvents = true,
            MaxConcurrency = 1,
        });

        var nouns = stub.Received.Select(r => XDocument.Parse(r.Body).Descendants(Msg + "Noun").Single().Value).ToList();
        Assert.Equal(5, nouns.Count(n => n == "MeterReadings"));
        Assert.InRange(nouns.Count(n => n == "EndDeviceEvents"), 1, 5);
        Assert.Equal(nouns.Count, summary.Sent);
        Assert.Equal("MeterReadings", nouns[0]);
        var sentEvents = stub.Received
            .Select(r => XDocument.Parse(r.Body))
            .SelectMany(d => d.Descendants(XName.Get("EndDeviceEvent", Orleans.Metering.Cim.CimNamespaces.Profile("EndDeviceEvents"))))
            .Count();
        Assert.Equal(fleet.Events(Day, Day.AddDays(5)).Count(), sentEvents);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ReadResult_is_hardened_whether_the_answer_is_in_memory_or_streamed(bool inMemory)
    {
        Stream Answer(string text)
        {
            var bytes = new MemoryStream(Encoding.UTF8.GetBytes(text));
            return inMemory ? bytes : new BufferedStream(bytes);
        }

        Assert.Equal("OK", await FleetPusher.ReadResult(Answer(GatewayStub.Response("OK"))));
        Assert.Null(await FleetPusher.ReadResult(Answer("not xml")));
        var external = """<?xml version="1.0"?><!DOCTYPE r SYSTEM "http://example.invalid/x.dtd"><r><Result>OK</Result></r>""";
        Assert.Null(await FleetPusher.ReadResult(Answer(external)));
    }
}
