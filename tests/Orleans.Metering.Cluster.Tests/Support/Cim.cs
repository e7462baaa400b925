using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Xml.Linq;

namespace Orleans.Metering.Cluster.Tests.Support;

/// <summary>The CIM messages the failure tests send (as a utility's systems would) and what they read in the replies.</summary>
public static class Cim
{
    public const string DeltaReadingType = "0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0";
    public const string Disconnect = "3.31.0.23";
    public const string Disconnected = "3.31.0.68";
    private static readonly XNamespace Msg = "http://iec.ch/TC57/2011/schema/message";

    private static string Header(string verb, string noun, string messageId, string source = "TEST") =>
        $"<msg:Header><msg:Verb>{verb}</msg:Verb><msg:Noun>{noun}</msg:Noun><msg:Source>{source}</msg:Source><msg:MessageID>{messageId}</msg:MessageID></msg:Header>";

    private static string AsyncHeader(string verb, string noun, string messageId, Uri replyAddress) =>
        $"<msg:Header><msg:Verb>{verb}</msg:Verb><msg:Noun>{noun}</msg:Noun><msg:Source>MDM</msg:Source><msg:AsyncReplyFlag>true</msg:AsyncReplyFlag><msg:ReplyAddress>{replyAddress}</msg:ReplyAddress><msg:MessageID>{messageId}</msg:MessageID></msg:Header>";

    public static string CreateMeters(string messageId, IEnumerable<string> meters) =>
        $"""<msg:RequestMessage xmlns:msg="http://iec.ch/TC57/2011/schema/message">{Header("create", "MeterConfig", messageId, "CIS")}<msg:Payload><m:MeterConfig xmlns:m="http://iec.ch/TC57/2011/MeterConfig#">"""
        + string.Concat(meters.Select(m => $"<m:Meter><m:mRID>{m}</m:mRID><m:amrSystem>SimulatedHeadEnd</m:amrSystem><m:serialNumber>SN-{m}</m:serialNumber><m:type>ElectricMeter</m:type></m:Meter>"))
        + "</m:MeterConfig></msg:Payload></msg:RequestMessage>";

    public static string DisconnectMeter(string messageId, string controlId, string meter) =>
        $"""<msg:RequestMessage xmlns:msg="http://iec.ch/TC57/2011/schema/message">{Header("create", "EndDeviceControls", messageId, "CIS")}<msg:Payload><m:EndDeviceControls xmlns:m="http://iec.ch/TC57/2011/EndDeviceControls#"><m:EndDeviceControl><m:mRID>{controlId}</m:mRID><m:reason>Non-payment</m:reason><m:EndDeviceControlType ref="{Disconnect}"/><m:EndDevices><m:mRID>{meter}</m:mRID></m:EndDevices></m:EndDeviceControl></m:EndDeviceControls></msg:Payload></msg:RequestMessage>""";

    /// <summary>create EndDeviceControls: a disconnect of one meter, at <paramref name="start"/> when given, its outcome sent to <paramref name="replyAddress"/>.</summary>
    public static string DisconnectMeterAsync(string messageId, string controlId, string meter, Uri replyAddress, DateTimeOffset? start = null) =>
        $"""<msg:RequestMessage xmlns:msg="http://iec.ch/TC57/2011/schema/message">{AsyncHeader("create", "EndDeviceControls", messageId, replyAddress)}<msg:Payload><m:EndDeviceControls xmlns:m="http://iec.ch/TC57/2011/EndDeviceControls#"><m:EndDeviceControl><m:mRID>{controlId}</m:mRID><m:reason>Non-payment</m:reason><m:EndDeviceControlType ref="{Disconnect}"/><m:EndDevices><m:mRID>{meter}</m:mRID></m:EndDevices>"""
        + (start is { } at ? $"<m:primaryDeviceTiming><m:interval><m:start>{Time(at)}</m:start></m:interval></m:primaryDeviceTiming>" : "")
        + "</m:EndDeviceControl></m:EndDeviceControls></msg:Payload></msg:RequestMessage>";

    /// <summary>created MeterReadings: one 15-minute delta value per (meter, timestamp).</summary>
    public static string PushReadings(string messageId, IEnumerable<(string Meter, DateTimeOffset At, double Value)> readings) =>
        $"""<msg:EventMessage xmlns:msg="http://iec.ch/TC57/2011/schema/message">{Header("created", "MeterReadings", messageId, "HES")}<msg:Payload><m:MeterReadings xmlns:m="http://iec.ch/TC57/2011/MeterReadings#">"""
        + string.Concat(readings.GroupBy(r => r.Meter).Select(g =>
            "<m:MeterReading><m:IntervalBlocks>"
            + string.Concat(g.Select(r => $"<m:IntervalReadings><m:timeStamp>{Time(r.At)}</m:timeStamp><m:value>{r.Value.ToString("R", CultureInfo.InvariantCulture)}</m:value></m:IntervalReadings>"))
            + $"<m:ReadingType ref=\"{DeltaReadingType}\"/></m:IntervalBlocks><m:Meter><m:mRID>{g.Key}</m:mRID></m:Meter></m:MeterReading>"))
        + "</m:MeterReadings></msg:Payload></msg:EventMessage>";

    public static string GetReadings(string messageId, IEnumerable<string> meters, DateTimeOffset from, DateTimeOffset to, Uri? replyAddress = null) =>
        $"""<msg:RequestMessage xmlns:msg="http://iec.ch/TC57/2011/schema/message">{(replyAddress is null ? Header("get", "MeterReadings", messageId, "MDM") : AsyncHeader("get", "MeterReadings", messageId, replyAddress))}<msg:Request><m:GetMeterReadings xmlns:m="http://iec.ch/TC57/2011/GetMeterReadings#">"""
        + string.Concat(meters.Select(m => $"<m:EndDevice><m:mRID>{m}</m:mRID></m:EndDevice>"))
        + $"<m:ReadingType><m:mRID>{DeltaReadingType}</m:mRID></m:ReadingType><m:TimeSchedule><m:scheduleInterval><m:end>{Time(to)}</m:end><m:start>{Time(from)}</m:start></m:scheduleInterval></m:TimeSchedule>"
        + "</m:GetMeterReadings></msg:Request></msg:RequestMessage>";

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>POSTs a message to a silo's /cim; returns the reply (or the transport failure) and how long it took.</summary>
    public static async Task<CimReply> Send(HttpClient http, Uri silo, string message, TimeSpan? timeout = null)
    {
        var stopwatch = Stopwatch.StartNew();
        try
        {
            using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
            using var content = new StringContent(message, Encoding.UTF8, "text/xml");
            using var response = await http.PostAsync(new Uri(silo, "/cim"), content, cts.Token);
            var body = await response.Content.ReadAsStringAsync(cts.Token);
            return CimReply.Parse(body, stopwatch.Elapsed);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            return new CimReply(null, [], null, e.GetType().Name + ": " + e.Message, stopwatch.Elapsed);
        }
    }
}

/// <summary>What a reply said: Result, error codes, the Payload as sent (for byte comparison), the body.</summary>
public sealed record CimReply(string? Result, IReadOnlyList<string> Codes, string? Payload, string Body, TimeSpan Elapsed)
{
    private static readonly XNamespace Msg = "http://iec.ch/TC57/2011/schema/message";

    /// <summary>OK or PARTIAL: the platform acknowledged (stored) what the reply does not report as an error.</summary>
    public bool Acknowledged => Result is "OK" or "PARTIAL";

    public static CimReply Parse(string body, TimeSpan elapsed)
    {
        try
        {
            var doc = XDocument.Parse(body);
            var reply = doc.Descendants(Msg + "Reply").FirstOrDefault();
            var codes = reply?.Elements(Msg + "Error").Select(e => (string?)e.Element(Msg + "code") ?? "").ToList() ?? [];
            // The Payload exactly as the platform wrote it (the raw text between the tags).
            var start = body.IndexOf("<msg:Payload>", StringComparison.Ordinal);
            var end = body.IndexOf("</msg:Payload>", StringComparison.Ordinal);
            var payload = start >= 0 && end > start ? body[start..(end + "</msg:Payload>".Length)] : null;
            return new CimReply((string?)reply?.Element(Msg + "Result"), codes, payload, body, elapsed);
        }
        catch (System.Xml.XmlException)
        {
            return new CimReply(null, [], null, body, elapsed);
        }
    }

    /// <summary>(meter, timestamp) → value of every interval reading in a get MeterReadings reply.</summary>
    public Dictionary<(string Meter, DateTimeOffset At), double> IntervalReadings()
    {
        XNamespace m = "http://iec.ch/TC57/2011/MeterReadings#";
        var result = new Dictionary<(string, DateTimeOffset), double>();
        foreach (var reading in XDocument.Parse(Body).Descendants(m + "MeterReading"))
        {
            var meter = (string?)reading.Element(m + "Meter")?.Element(m + "mRID") ?? "";
            foreach (var value in reading.Descendants(m + "IntervalReadings"))
            {
                var at = DateTimeOffset.Parse((string)value.Element(m + "timeStamp")!, CultureInfo.InvariantCulture);
                result[(meter, at)] = double.Parse((string)value.Element(m + "value")!, CultureInfo.InvariantCulture);
            }
        }

        return result;
    }

    public override string ToString() => $"{Result} [{string.Join(", ", Codes)}] in {Elapsed.TotalMilliseconds:0} ms: {(Body.Length > 1500 ? Body[..1500] : Body)}";
}
