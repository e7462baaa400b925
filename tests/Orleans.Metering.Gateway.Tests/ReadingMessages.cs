using System.Globalization;
using System.Xml.Linq;
using System.Text;
using Orleans.Metering.Cim;
using Orleans.Metering.Cim.Documents;
using Orleans.Metering.Cim.Messages;

namespace Orleans.Metering.Gateway.Tests;

/// <summary>MeterReadings requests as a head-end or an MDM client would write them.</summary>
public static class ReadingMessages
{
    public const string Interval15 = "0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0";
    public const string Register = "0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0";

    public static readonly DateTimeOffset Day = new(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);

    /// <summary>96 deterministic 15-minute values ending on the grid through the day.</summary>
    public static double[] DayValues(int seed) =>
        [.. Enumerable.Range(1, 96).Select(i => Math.Round(0.1 + (((i * 37) + seed) % 50 / 100.0), 3))];

    public static string Created(string meter, double[] values, string messageId, DateTimeOffset? start = null, string? usagePoint = null, string readingType = Interval15, string verb = "created")
    {
        var begin = start ?? Day;
        var sb = new StringBuilder();
        for (var i = 0; i < values.Length; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<m:IntervalReadings><m:timeStamp>{begin.AddMinutes(15 * (i + 1)):yyyy-MM-ddTHH:mm:ssZ}</m:timeStamp><m:value>{values[i].ToString(CultureInfo.InvariantCulture)}</m:value></m:IntervalReadings>");
        }

        var up = usagePoint is null ? "" : $"<m:UsagePoint><m:mRID>{usagePoint}</m:mRID></m:UsagePoint>";
        return $"""
            <msg:{(verb == "created" ? "EventMessage" : "RequestMessage")} xmlns:msg="http://iec.ch/TC57/2011/schema/message">
              <msg:Header><msg:Verb>{verb}</msg:Verb><msg:Noun>MeterReadings</msg:Noun><msg:Source>HES</msg:Source><msg:MessageID>{messageId}</msg:MessageID></msg:Header>
              <msg:Payload>
                <m:MeterReadings xmlns:m="http://iec.ch/TC57/2011/MeterReadings#">
                  <m:MeterReading>
                    <m:IntervalBlocks>{sb}<m:ReadingType ref="{readingType}"/></m:IntervalBlocks>
                    <m:Meter><m:mRID>{meter}</m:mRID></m:Meter>
                    {up}
                  </m:MeterReading>
                </m:MeterReadings>
              </msg:Payload>
            </msg:{(verb == "created" ? "EventMessage" : "RequestMessage")}>
            """;
    }

    public static string Get(string messageId, IEnumerable<string>? meters = null, IEnumerable<string>? usagePoints = null,
        DateTimeOffset? start = null, DateTimeOffset? end = null, string? readingType = null, string extraHeader = "", string options = "", string reason = "")
    {
        var devices = string.Concat((meters ?? []).Select(m => $"<m:EndDevice><m:mRID>{m}</m:mRID></m:EndDevice>"));
        var points = string.Concat((usagePoints ?? []).Select(u => $"<m:UsagePoint><m:mRID>{u}</m:mRID></m:UsagePoint>"));
        var type = readingType is null ? "" : $"<m:ReadingType><m:mRID>{readingType}</m:mRID></m:ReadingType>";
        var reading = reason.Length == 0 ? "" : $"<m:Reading><m:reason>{reason}</m:reason></m:Reading>";
        var window = start is null ? "" : $"<m:TimeSchedule><m:scheduleInterval><m:end>{end:yyyy-MM-ddTHH:mm:ssZ}</m:end><m:start>{start:yyyy-MM-ddTHH:mm:ssZ}</m:start></m:scheduleInterval></m:TimeSchedule>";
        return $"""
            <msg:RequestMessage xmlns:msg="http://iec.ch/TC57/2011/schema/message">
              <msg:Header><msg:Verb>get</msg:Verb><msg:Noun>MeterReadings</msg:Noun><msg:Source>MDM</msg:Source>{extraHeader}<msg:MessageID>{messageId}</msg:MessageID></msg:Header>
              <msg:Request>{options}
                <m:GetMeterReadings xmlns:m="http://iec.ch/TC57/2011/GetMeterReadings#">{devices}{reading}{type}{window}{points}</m:GetMeterReadings>
              </msg:Request>
            </msg:RequestMessage>
            """;
    }

    public static string Option(string name, string value) => $"<msg:Option><msg:name>{name}</msg:name><msg:value>{value}</msg:value></msg:Option>";

    public static MeterReadingsDocument Document(CimMessage answer)
    {
        XNamespace ns = CimNamespaces.Profile("MeterReadings");
        var element = answer.Payload?.Documents.SingleOrDefault(d => d.Name == ns + "MeterReadings");
        return element is null ? new MeterReadingsDocument() : MeterReadingsDocument.FromXml(element);
    }

    public static List<IntervalReading> Intervals(CimMessage answer, string meter) =>
        [.. Document(answer).MeterReadings.Where(r => r.Meter?.MRID == meter).SelectMany(r => r.IntervalBlocks).SelectMany(b => b.Readings).OrderBy(r => r.TimeStamp)];
}
