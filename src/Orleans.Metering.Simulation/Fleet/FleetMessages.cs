using System.Text;
using Orleans.Metering.Cim.Documents;
using Orleans.Metering.Cim.Messages;

namespace Orleans.Metering.Simulation.Fleet;

/// <summary>
/// Builds IEC 61968-100 <c>created MeterReadings</c> and <c>created EndDeviceEvents</c> event messages
/// (generic <c>msg:EventMessage</c> envelope) from a <see cref="SimulatedFleet"/>, through the CIM layer's
/// writers. Readings are streamed (<see cref="MeterReadingsWriter"/>) into a reused buffer: no document
/// tree, so it can feed benchmarks; the few events use the document model.
/// </summary>
public sealed class FleetMessages
{
    /// <summary>The Header Source of every message.</summary>
    public const string SourceName = "SimulatedHeadEnd";

    private const int MaxPooledCapacity = 64 * 1024 * 1024;

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

    /// <summary>
    /// Writes a <c>created MeterReadings</c> message (UTF-8) to <paramref name="output"/>: one MeterReading
    /// per meter with the 15-minute intervals ending in (<paramref name="from"/>, <paramref name="to"/>]
    /// (missing ones left out) and, when <paramref name="includeRegister"/>, the bulk register at
    /// <paramref name="to"/> floored to the grid. Returns the MessageID.
    /// </summary>
    public string WriteMeterReadings(Stream output, IReadOnlyList<string> meterIds, DateTimeOffset from, DateTimeOffset to, bool includeRegister = true) =>
        WriteMeterReadings(output, meterIds, from, to, includeRegister, out _);

    /// <summary>See <see cref="WriteMeterReadings(Stream, IReadOnlyList{string}, DateTimeOffset, DateTimeOffset, bool)"/>; <paramref name="values"/>: the reading values written (intervals and registers).</summary>
    public string WriteMeterReadings(Stream output, IReadOnlyList<string> meterIds, DateTimeOffset from, DateTimeOffset to, bool includeRegister, out int values)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(meterIds);
        var registerAt = SimulatedFleet.FloorToGrid(to);
        var written = 0;
        var message = NewEvent(ProfileDocuments.MeterReadings, null);
        CimMessageWriter.Write(message, output, MessageFraming.Generic, xml =>
        {
            var w = new MeterReadingsWriter(xml);
            w.WriteStartDocument();
            foreach (var meterId in meterIds)
            {
                w.WriteStartMeterReading();
                w.WriteStartIntervalBlock();
                fleet.ForEachInterval(meterId, from, to, includeMissing: false, (end, units, _) =>
                {
                    w.WriteIntervalReading(end, SimulatedFleet.ToValue(units));
                    written++;
                });
                w.WriteEndIntervalBlock(SimulatedFleet.IntervalReadingType);
                w.WriteMeter(meterId);
                if (includeRegister)
                {
                    w.WriteReading(registerAt, fleet.Register(meterId, registerAt), SimulatedFleet.RegisterReadingType);
                    written++;
                }

                w.WriteEndMeterReading();
            }

            w.WriteEndDocument();
        });
        values = written;
        return message.Header!.MessageID!;
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
        var document = new EndDeviceEventsDocument
        {
            Events = [.. events.Select(e => new EndDeviceEvent
            {
                MRID = EventMrid(e.MeterId, e.At, e.EventType),
                CreatedDateTime = e.At,
                Asset = ObjectRef.ById(e.MeterId),
                EventTypeRef = e.EventType,
            })],
        };
        var message = NewEvent(ProfileDocuments.EndDeviceEvents, document.ToXml());
        CimMessageWriter.Write(message, output, MessageFraming.Generic);
        return message.Header!.MessageID!;
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

    private CimMessage NewEvent(string noun, System.Xml.Linq.XElement? document) =>
        CimMessages.Event(CimVerbs.Created, noun, document, time, SourceName);

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
