using System.Globalization;
using System.Text;
using System.Xml;

namespace Orleans.Metering.Simulation.Fleet;

/// <summary>
/// Builds IEC 61968-100 <c>created MeterReadings</c> and <c>created EndDeviceEvents</c> event messages
/// (generic <c>msg:EventMessage</c> envelope) from a <see cref="SimulatedFleet"/>. Written straight with
/// an <see cref="XmlWriter"/> into a reused buffer: no document object model, so it can feed benchmarks.
/// </summary>
public sealed class FleetMessages
{
    /// <summary>The Header Source of every message.</summary>
    public const string SourceName = "SimulatedHeadEnd";

    public const string MessageNamespace = "http://iec.ch/TC57/2011/schema/message";
    public const string MeterReadingsNamespace = "http://iec.ch/TC57/2011/MeterReadings#";
    public const string EndDeviceEventsNamespace = "http://iec.ch/TC57/2011/EndDeviceEvents#";

    private const int MaxPooledCapacity = 64 * 1024 * 1024;

    private static readonly XmlWriterSettings WriterSettings = new()
    {
        Encoding = new UTF8Encoding(false),
        Indent = false,
        CloseOutput = false,
        OmitXmlDeclaration = false,
    };

    [ThreadStatic]
    private static MemoryStream? pooled;

    private readonly SimulatedFleet fleet;
    private readonly TimeProvider time;

    public FleetMessages(SimulatedFleet fleet, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        this.fleet = fleet;
        this.time = time ?? TimeProvider.System;
    }

    /// <summary>A new unique MessageID.</summary>
    public static string NewMessageId() => Guid.NewGuid().ToString("D");

    /// <summary>
    /// Writes a <c>created MeterReadings</c> message (UTF-8) to <paramref name="output"/>: one MeterReading
    /// per meter with the 15-minute intervals ending in (<paramref name="from"/>, <paramref name="to"/>]
    /// (missing ones left out) and, when <paramref name="includeRegister"/>, the bulk register at
    /// <paramref name="to"/> floored to the grid. Returns the MessageID.
    /// </summary>
    public string WriteMeterReadings(Stream output, IReadOnlyList<string> meterIds, DateTimeOffset from, DateTimeOffset to, bool includeRegister = true)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(meterIds);
        var messageId = NewMessageId();
        var registerAt = SimulatedFleet.FloorToGrid(to);
        using (var w = XmlWriter.Create(output, WriterSettings))
        {
            WriteHeader(w, "MeterReadings", messageId);
            w.WriteStartElement("msg", "Payload", MessageNamespace);
            w.WriteStartElement("m", "MeterReadings", MeterReadingsNamespace);
            foreach (var meterId in meterIds)
            {
                w.WriteStartElement("m", "MeterReading", MeterReadingsNamespace);
                w.WriteStartElement("m", "IntervalBlocks", MeterReadingsNamespace);
                fleet.ForEachInterval(meterId, from, to, includeMissing: false, (end, units, _) =>
                {
                    w.WriteStartElement("m", "IntervalReadings", MeterReadingsNamespace);
                    WriteTimeStamp(w, end);
                    WriteValue(w, units);
                    w.WriteEndElement();
                });
                WriteReadingTypeRef(w, SimulatedFleet.IntervalReadingType);
                w.WriteEndElement(); // IntervalBlocks

                w.WriteStartElement("m", "Meter", MeterReadingsNamespace);
                w.WriteStartElement("m", "mRID", MeterReadingsNamespace);
                w.WriteString(meterId);
                w.WriteEndElement();
                w.WriteEndElement(); // Meter

                if (includeRegister)
                {
                    w.WriteStartElement("m", "Readings", MeterReadingsNamespace);
                    WriteTimeStamp(w, registerAt);
                    WriteValue(w, fleet.RegisterUnits(meterId, registerAt));
                    WriteReadingTypeRef(w, SimulatedFleet.RegisterReadingType);
                    w.WriteEndElement(); // Readings
                }

                w.WriteEndElement(); // MeterReading
            }

            w.WriteEndElement(); // MeterReadings
            w.WriteEndElement(); // Payload
            w.WriteEndElement(); // EventMessage
        }

        return messageId;
    }

    /// <summary>A <c>created MeterReadings</c> message as UTF-8 bytes (see <see cref="WriteMeterReadings"/>).</summary>
    public byte[] MeterReadings(IReadOnlyList<string> meterIds, DateTimeOffset from, DateTimeOffset to, bool includeRegister = true) =>
        Pooled(s => WriteMeterReadings(s, meterIds, from, to, includeRegister));

    /// <summary>A <c>created MeterReadings</c> message as a string (see <see cref="WriteMeterReadings"/>).</summary>
    public string MeterReadingsXml(IReadOnlyList<string> meterIds, DateTimeOffset from, DateTimeOffset to, bool includeRegister = true) =>
        Encoding.UTF8.GetString(MeterReadings(meterIds, from, to, includeRegister));

    /// <summary>
    /// Writes a <c>created EndDeviceEvents</c> message (UTF-8) with one EndDeviceEvent per event: a
    /// deterministic mRID, createdDateTime, the meter as Assets/mRID and the EndDeviceEventType ref.
    /// Returns the MessageID.
    /// </summary>
    public string WriteEndDeviceEvents(Stream output, IEnumerable<(string MeterId, DateTimeOffset At, string EventType)> events)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(events);
        var messageId = NewMessageId();
        using (var w = XmlWriter.Create(output, WriterSettings))
        {
            WriteHeader(w, "EndDeviceEvents", messageId);
            w.WriteStartElement("msg", "Payload", MessageNamespace);
            w.WriteStartElement("m", "EndDeviceEvents", EndDeviceEventsNamespace);
            foreach (var (meterId, at, eventType) in events)
            {
                w.WriteStartElement("m", "EndDeviceEvent", EndDeviceEventsNamespace);
                w.WriteElementString("m", "mRID", EndDeviceEventsNamespace, EventMrid(meterId, at, eventType));
                w.WriteStartElement("m", "createdDateTime", EndDeviceEventsNamespace);
                WriteDateTime(w, at);
                w.WriteEndElement();
                w.WriteStartElement("m", "Assets", EndDeviceEventsNamespace);
                w.WriteElementString("m", "mRID", EndDeviceEventsNamespace, meterId);
                w.WriteEndElement();
                w.WriteStartElement("m", "EndDeviceEventType", EndDeviceEventsNamespace);
                w.WriteAttributeString("ref", eventType);
                w.WriteEndElement();
                w.WriteEndElement(); // EndDeviceEvent
            }

            w.WriteEndElement(); // EndDeviceEvents
            w.WriteEndElement(); // Payload
            w.WriteEndElement(); // EventMessage
        }

        return messageId;
    }

    /// <summary>A <c>created EndDeviceEvents</c> message as UTF-8 bytes (see <see cref="WriteEndDeviceEvents"/>).</summary>
    public byte[] EndDeviceEvents(IEnumerable<(string MeterId, DateTimeOffset At, string EventType)> events) =>
        Pooled(s => WriteEndDeviceEvents(s, events));

    /// <summary>A <c>created EndDeviceEvents</c> message as a string (see <see cref="WriteEndDeviceEvents"/>).</summary>
    public string EndDeviceEventsXml(IEnumerable<(string MeterId, DateTimeOffset At, string EventType)> events) =>
        Encoding.UTF8.GetString(EndDeviceEvents(events));

    /// <summary>A stable mRID for an event: the same event always gets the same id, so re-sending is idempotent.</summary>
    public static string EventMrid(string meterId, DateTimeOffset at, string eventType)
    {
        ArgumentNullException.ThrowIfNull(meterId);
        ArgumentNullException.ThrowIfNull(eventType);
        var h = FleetHash.Mix(FleetHash.Fnv1a64(meterId) ^ FleetHash.Mix(FleetHash.Fnv1a64(eventType)), (ulong)at.UtcTicks, 0);
        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes, h);
        BitConverter.TryWriteBytes(bytes[8..], FleetHash.Mix(h));
        // Mark as an RFC 4122 variant, version 8 (custom) UUID.
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes).ToString("D");
    }

    private void WriteHeader(XmlWriter w, string noun, string messageId)
    {
        w.WriteStartDocument();
        w.WriteStartElement("msg", "EventMessage", MessageNamespace);
        w.WriteStartElement("msg", "Header", MessageNamespace);
        w.WriteElementString("msg", "Verb", MessageNamespace, "created");
        w.WriteElementString("msg", "Noun", MessageNamespace, noun);
        w.WriteStartElement("msg", "Timestamp", MessageNamespace);
        WriteDateTime(w, time.GetUtcNow());
        w.WriteEndElement();
        w.WriteElementString("msg", "Source", MessageNamespace, SourceName);
        w.WriteElementString("msg", "MessageID", MessageNamespace, messageId);
        w.WriteEndElement(); // Header
    }

    private static void WriteTimeStamp(XmlWriter w, DateTimeOffset t)
    {
        w.WriteStartElement("m", "timeStamp", MeterReadingsNamespace);
        WriteDateTime(w, t);
        w.WriteEndElement();
    }

    private static void WriteValue(XmlWriter w, long units)
    {
        w.WriteStartElement("m", "value", MeterReadingsNamespace);
        Span<char> buffer = stackalloc char[32];
        // Units are 0.0001 kWh: the shortest invariant form with up to 4 decimals is exact.
        (units / 10_000.0).TryFormat(buffer, out var n, "0.####", CultureInfo.InvariantCulture);
        WriteChars(w, buffer[..n]);
        w.WriteEndElement();
    }

    private static void WriteReadingTypeRef(XmlWriter w, string readingType)
    {
        w.WriteStartElement("m", "ReadingType", MeterReadingsNamespace);
        w.WriteAttributeString("ref", readingType);
        w.WriteEndElement();
    }

    private static void WriteDateTime(XmlWriter w, DateTimeOffset t)
    {
        Span<char> buffer = stackalloc char[40];
        var utc = t.UtcDateTime;
        var format = utc.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";
        utc.TryFormat(buffer, out var n, format, CultureInfo.InvariantCulture);
        WriteChars(w, buffer[..n]);
    }

    private static void WriteChars(XmlWriter w, ReadOnlySpan<char> chars)
    {
        // XmlWriter takes char[]; a small thread-local array avoids a string per value.
        var array = charBuffer ??= new char[64];
        chars.CopyTo(array);
        w.WriteChars(array, 0, chars.Length);
    }

    [ThreadStatic]
    private static char[]? charBuffer;

    private static byte[] Pooled(Action<Stream> write)
    {
        var stream = pooled ?? new MemoryStream(64 * 1024);
        pooled = null;
        try
        {
            stream.SetLength(0);
            write(stream);
            return stream.ToArray();
        }
        finally
        {
            if (stream.Capacity <= MaxPooledCapacity)
            {
                pooled = stream;
            }
            else
            {
                stream.Dispose();
            }
        }
    }
}
