using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Xml;

namespace Orleans.Metering.Simulation.Fleet;

/// <summary>What and how fast a <see cref="FleetPusher"/> pushes.</summary>
public sealed record FleetPushOptions
{
    /// <summary>The gateway: messages go to <c>POST {BaseUrl}/cim</c>.</summary>
    public required Uri BaseUrl { get; init; }

    /// <summary>Start of the period (exclusive: the first interval ends after it).</summary>
    public required DateTimeOffset From { get; init; }

    /// <summary>End of the period (inclusive).</summary>
    public required DateTimeOffset To { get; init; }

    /// <summary>Time span of one message; the period is cut into windows of this length.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromDays(1);

    /// <summary>Meters 1..MeterCount of the fleet; 0 means the fleet's own MeterCount.</summary>
    public int MeterCount { get; init; }

    /// <summary>Meters per MeterReadings message.</summary>
    public int MetersPerMessage { get; init; } = 1000;

    /// <summary>Add the bulk register at each window's end.</summary>
    public bool IncludeRegister { get; init; } = true;

    /// <summary>After the readings of each window, send the power failed/restored events of the window (when there are any).</summary>
    public bool IncludeEvents { get; init; }

    /// <summary>Messages started per second; 0 or less: as fast as <see cref="MaxConcurrency"/> allows.</summary>
    public double MessagesPerSecond { get; init; }

    /// <summary>Messages in flight at most.</summary>
    public int MaxConcurrency { get; init; } = 4;

    /// <summary>Stop after this many messages.</summary>
    public int MaxMessages { get; init; } = int.MaxValue;

    /// <summary>Stop after this time; requests still in flight then are cancelled.</summary>
    public TimeSpan MaxDuration { get; init; } = TimeSpan.FromMinutes(10);
}

/// <summary>The outcome of a push.</summary>
/// <param name="Sent">Messages posted (whatever became of them).</param>
/// <param name="HttpFailures">Posts that failed in transport or got a non-success HTTP status.</param>
/// <param name="Cancelled">Posts cut off by the time bound or the caller's cancellation.</param>
/// <param name="Results">Reply Result values of the answers (OK, PARTIAL, FAILED...), with counts.</param>
/// <param name="NoResult">Answers without a readable Reply Result.</param>
/// <param name="BytesSent">Request body bytes.</param>
/// <param name="Elapsed">Wall time of the push.</param>
/// <param name="Completed">True when every message of the period was sent (no bound was hit).</param>
public sealed record FleetPushSummary(
    int Sent,
    int HttpFailures,
    int Cancelled,
    IReadOnlyDictionary<string, int> Results,
    int NoResult,
    long BytesSent,
    TimeSpan Elapsed,
    bool Completed)
{
    public int Ok => Results.GetValueOrDefault("OK");

    public int Partial => Results.GetValueOrDefault("PARTIAL");

    public int Failed => Results.GetValueOrDefault("FAILED");

    /// <summary>Messages per second achieved.</summary>
    public double Rate => Elapsed > TimeSpan.Zero ? Sent / Elapsed.TotalSeconds : 0;

    /// <summary>Reading values (intervals and registers) in the messages posted.</summary>
    public long Readings { get; init; }

    /// <summary>EndDeviceEvents in the messages posted.</summary>
    public int Events { get; init; }
}

/// <summary>
/// Pushes simulated fleet data to a gateway: <c>created MeterReadings</c> messages (and optionally
/// <c>created EndDeviceEvents</c>) over a period, window by window and batch by batch, at a chosen
/// rate with bounded concurrency, bounded in message count and in time. Counts what came back.
/// </summary>
public sealed class FleetPusher
{
    private const long MaxResponseCharacters = 4 * 1024 * 1024;

    private static readonly MediaTypeHeaderValue TextXml = new("text/xml") { CharSet = "utf-8" };

    private readonly HttpClient http;
    private readonly SimulatedFleet fleet;
    private readonly FleetMessages messages;
    private readonly TimeProvider time;

    public FleetPusher(HttpClient http, SimulatedFleet fleet, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(fleet);
        this.http = http;
        this.fleet = fleet;
        this.time = time ?? TimeProvider.System;
        messages = new FleetMessages(fleet, this.time);
    }

    /// <summary>Pushes the period of <paramref name="options"/>; returns when done, at a bound, or on cancellation (never throws for those).</summary>
    public async Task<FleetPushSummary> Push(FleetPushOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Window, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MetersPerMessage, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrency, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxMessages);
        ArgumentOutOfRangeException.ThrowIfNegative(options.MeterCount);

        var url = new Uri(options.BaseUrl.ToString().TrimEnd('/') + "/cim");
        var meterIds = fleet.MeterIds(options.MeterCount > 0 ? options.MeterCount : fleet.Options.MeterCount);
        var state = new PushState(Plan(options, meterIds).GetEnumerator());
        var started = time.GetTimestamp();

        using var bound = new CancellationTokenSource(options.MaxDuration, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(bound.Token, cancellationToken);
        var token = linked.Token;
        var workers = new Task[options.MaxConcurrency];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = Task.Run(() => Worker(options, url, state, started, token), CancellationToken.None);
        }

        await Task.WhenAll(workers).ConfigureAwait(false);
        state.Work.Dispose();
        return new FleetPushSummary(
            state.Sent,
            state.HttpFailures,
            state.Cancelled,
            new Dictionary<string, int>(state.Results, StringComparer.Ordinal),
            state.NoResult,
            Interlocked.Read(ref state.BytesSent),
            time.GetElapsedTime(started),
            state.Exhausted && !state.Stopped && state.Cancelled == 0 && !token.IsCancellationRequested)
        {
            Readings = Interlocked.Read(ref state.Readings),
            Events = state.Events,
        };
    }

    /// <summary>
    /// Reads the Reply Result (OK, PARTIAL, FAILED) of a 61968-100 answer; null when there is none or
    /// the answer is not XML. The reader refuses DTDs and resolves nothing.
    /// </summary>
    public static async Task<string?> ReadResult(Stream response, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);

        // An answer already in memory is read synchronously: the asynchronous reader takes a 64 KB buffer
        // per answer (a quarter of all the benchmark process's allocations while it sent 1,000 controls/s).
        var buffered = response is MemoryStream;
        var settings = new XmlReaderSettings
        {
            Async = !buffered,
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = MaxResponseCharacters,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
            CloseInput = false,
        };
        try
        {
            using var reader = XmlReader.Create(response, settings);
            while (buffered ? reader.Read() : await reader.ReadAsync().ConfigureAwait(false))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "Result")
                {
                    var value = buffered ? reader.ReadElementContentAsString() : await reader.ReadElementContentAsStringAsync().ConfigureAwait(false);
                    return value.Trim();
                }
            }
        }
        catch (XmlException)
        {
            return null;
        }

        return null;
    }

    private IEnumerable<WorkItem> Plan(FleetPushOptions options, IReadOnlyList<string> meterIds)
    {
        for (var start = options.From; start < options.To; start += options.Window)
        {
            var end = start + options.Window < options.To ? start + options.Window : options.To;
            for (var i = 0; i < meterIds.Count; i += options.MetersPerMessage)
            {
                var batch = new string[Math.Min(options.MetersPerMessage, meterIds.Count - i)];
                for (var j = 0; j < batch.Length; j++)
                {
                    batch[j] = meterIds[i + j];
                }

                yield return new WorkItem(batch, start, end, null);
            }

            if (options.IncludeEvents)
            {
                var events = fleet.Events(meterIds, start, end).ToArray();
                if (events.Length > 0)
                {
                    yield return new WorkItem([], start, end, events);
                }
            }
        }
    }

    private async Task Worker(FleetPushOptions options, Uri url, PushState state, long started, CancellationToken token)
    {
        using var buffer = new MemoryStream(256 * 1024);
        while (!token.IsCancellationRequested)
        {
            WorkItem item;
            long index;
            lock (state)
            {
                if (state.Exhausted || state.Stopped)
                {
                    return;
                }

                if (state.Claimed >= options.MaxMessages)
                {
                    // At the count bound: note whether anything was left unsent.
                    if (state.Work.MoveNext())
                    {
                        state.Stopped = true;
                    }
                    else
                    {
                        state.Exhausted = true;
                    }

                    return;
                }

                if (!state.Work.MoveNext())
                {
                    state.Exhausted = true;
                    return;
                }

                item = state.Work.Current;
                index = state.Claimed++;
            }

            if (options.MessagesPerSecond > 0)
            {
                // Message k starts k / rate seconds after the push began.
                var due = TimeSpan.FromSeconds(index / options.MessagesPerSecond) - time.GetElapsedTime(started);
                if (due > TimeSpan.Zero)
                {
                    try
                    {
                        await Task.Delay(due, time, token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }
            }

            buffer.SetLength(0);
            if (item.Events is null)
            {
                messages.WriteMeterReadings(buffer, item.MeterIds, item.From, item.To, options.IncludeRegister, out var values);
                Interlocked.Add(ref state.Readings, values);
            }
            else
            {
                messages.WriteEndDeviceEvents(buffer, item.Events);
                Interlocked.Add(ref state.Events, item.Events.Length);
            }

            await Send(url, buffer, state, token).ConfigureAwait(false);
        }
    }

    private async Task Send(Uri url, MemoryStream buffer, PushState state, CancellationToken token)
    {
        Interlocked.Increment(ref state.Sent);
        Interlocked.Add(ref state.BytesSent, buffer.Length);
        try
        {
            using var content = new ByteArrayContent(buffer.GetBuffer(), 0, (int)buffer.Length);
            content.Headers.ContentType = TextXml;
            using var response = await http.PostAsync(url, content, token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref state.HttpFailures);
            }

            var body = await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                var result = await ReadResult(body, token).ConfigureAwait(false);
                if (result is null)
                {
                    Interlocked.Increment(ref state.NoResult);
                }
                else
                {
                    state.Results.AddOrUpdate(result, 1, (_, n) => n + 1);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            Interlocked.Increment(ref state.Cancelled);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
        {
            // Transport errors and HttpClient timeouts.
            Interlocked.Increment(ref state.HttpFailures);
        }
    }

    private sealed record WorkItem(IReadOnlyList<string> MeterIds, DateTimeOffset From, DateTimeOffset To, (string MeterId, DateTimeOffset At, string EventType)[]? Events);

    private sealed class PushState(IEnumerator<WorkItem> work)
    {
        public readonly IEnumerator<WorkItem> Work = work;
        public readonly ConcurrentDictionary<string, int> Results = new(StringComparer.Ordinal);
        public long Claimed;
        public bool Exhausted;
        public bool Stopped;
        public int Sent;
        public int HttpFailures;
        public int Cancelled;
        public int NoResult;
        public long BytesSent;
        public long Readings;
        public int Events;
    }
}
