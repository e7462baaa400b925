using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;
using Orleans.Metering.Cim.Documents;
using Orleans.Metering.Cim.Messages;
using Orleans.Metering.Simulation.Fleet;

namespace Orleans.Metering.Benchmarks;

/// <summary>The CIM requests the harness sends (<see cref="FleetRequests"/>: the CIM layer's documents and writer) and a POST helper.</summary>
public static class CimRequests
{
    public const string Source = "Benchmark";

    private static readonly MediaTypeHeaderValue TextXml = new("text/xml") { CharSet = "utf-8" };

    /// <summary><c>create MeterConfig</c> for <paramref name="meterIds"/>, registered as the simulated head-end's meters.</summary>
    public static byte[] RegisterMeters(IEnumerable<string> meterIds) => FleetRequests.RegisterMeters(meterIds, Source, "BENCH-SN-");

    /// <summary><c>get MeterReadings</c> of <paramref name="meterIds"/> (EndDevice mRIDs) for one reading type in the half-open period (start, end].</summary>
    public static byte[] GetMeterReadings(IEnumerable<string> meterIds, string readingType, DateTimeOffset start, DateTimeOffset end) =>
        FleetRequests.GetMeterReadings(meterIds, readingType, start, end, Source);

    /// <summary><c>create EndDeviceControls</c>: one control <paramref name="controlId"/> of <paramref name="controlType"/> on one device.</summary>
    public static byte[] Control(string controlId, string deviceId, string controlType) =>
        FleetRequests.Control(controlId, deviceId, controlType, Source, reason: "Benchmark");

    /// <summary>POSTs <paramref name="body"/> to the gateway; returns the HTTP status, the Reply Result and the answer's bytes.</summary>
    public static async Task<(int Status, string? Result, byte[] Answer)> Post(HttpClient http, Uri url, byte[] body, string? controlHeader = null, CancellationToken cancellationToken = default)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = TextXml;
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        if (controlHeader is not null)
        {
            request.Headers.TryAddWithoutValidation(ControlClock.Header, controlHeader);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        var answer = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        using var stream = new MemoryStream(answer, writable: false);
        return ((int)response.StatusCode, await FleetPusher.ReadResult(stream, cancellationToken), answer);
    }

    /// <summary>Registers meters through the gateway, 1,000 per message; throws unless every message is answered OK.</summary>
    public static async Task Register(HttpClient http, Uri url, IReadOnlyList<string> meterIds)
    {
        foreach (var chunk in meterIds.Chunk(1000))
        {
            var (status, result, answer) = await Post(http, url, RegisterMeters(chunk));
            if (status != 200 || result != "OK")
            {
                throw new InvalidOperationException($"create MeterConfig answered HTTP {status} {result}: {Encoding.UTF8.GetString(answer.AsSpan(0, Math.Min(answer.Length, 2000)))}");
            }
        }
    }

    /// <summary>Interval readings in a parsed MeterReadings document.</summary>
    public static int CountIntervals(MeterReadingsDocument document) =>
        document.MeterReadings.Sum(r => r.IntervalBlocks.Sum(b => b.Readings.Count));

    /// <summary>Interval readings in an answer or request carrying a MeterReadings payload (parsed with the platform's reader).</summary>
    public static int CountIntervals(byte[] message)
    {
        using var stream = new MemoryStream(message, writable: false);
        var read = CimMessageReader.Read(stream, Orleans.Metering.Cim.Xml.XmlLimits.Default with { MaxBytes = 1L << 30, MaxElements = int.MaxValue });
        if (!read.Success)
        {
            throw new InvalidOperationException("unreadable MeterReadings message: " + read.Error?.Message);
        }

        return read.Message!.Payload?.Documents
            .Where(d => d.Name.LocalName == ProfileDocuments.MeterReadings)
            .Sum(d => CountIntervals(MeterReadingsDocument.FromXml(d))) ?? 0;
    }

    /// <summary>First characters of an answer, for error messages.</summary>
    public static string Preview(byte[] answer) => Encoding.UTF8.GetString(answer.AsSpan(0, Math.Min(answer.Length, 1500)));

    internal static XElement? FirstDocument(CimMessage message) => message.Payload?.Documents.FirstOrDefault();
}
