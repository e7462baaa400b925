using System.Xml;
using static Orleans.Metering.Cim.Documents.ProfileXml;

namespace Orleans.Metering.Cim.Documents;

/// <summary>
/// Streams a <c>MeterReadings</c> profile document into an <see cref="XmlWriter"/>, element by element,
/// with the names, order and value formats of <see cref="MeterReadingsDocument.ToXml"/>: for messages too
/// large or too frequent for a document tree (the simulated fleet pushes hundreds of thousands of values
/// a second). Covers meters, usage points, interval blocks and register readings with time stamp and
/// value. Calls must follow the schema order inside a MeterReading (IntervalBlocks, Meter, Readings,
/// UsagePoint); a call out of order throws <see cref="InvalidOperationException"/>.
/// </summary>
public sealed class MeterReadingsWriter(XmlWriter writer)
{
    private const string M = "m";

    private static readonly string Ns = ProfileDocuments.Namespace(ProfileDocuments.MeterReadings).NamespaceName;

    private readonly char[] buffer = new char[64];
    private Part part = Part.None;

    /// <summary>Where the writer is inside the current MeterReading; each part may only follow earlier ones.</summary>
    private enum Part { None, Document, MeterReading, IntervalBlock, Meter, Readings, UsagePoint }

    public void WriteStartDocument()
    {
        Expect(Part.None);
        writer.WriteStartElement(M, ProfileDocuments.MeterReadings, Ns);
        part = Part.Document;
    }

    public void WriteEndDocument()
    {
        Expect(Part.Document);
        writer.WriteEndElement();
        part = Part.None;
    }

    public void WriteStartMeterReading()
    {
        Expect(Part.Document);
        writer.WriteStartElement(M, ProfileDocuments.MeterReading, Ns);
        part = Part.MeterReading;
    }

    public void WriteEndMeterReading()
    {
        if (part is Part.None or Part.Document or Part.IntervalBlock)
        {
            throw new InvalidOperationException($"No MeterReading to end (at {part})");
        }

        writer.WriteEndElement();
        part = Part.Document;
    }

    public void WriteStartIntervalBlock()
    {
        Expect(Part.MeterReading);
        writer.WriteStartElement(M, ProfileDocuments.IntervalBlocks, Ns);
        part = Part.IntervalBlock;
    }

    public void WriteIntervalReading(DateTimeOffset timeStamp, double value)
    {
        Expect(Part.IntervalBlock);
        writer.WriteStartElement(M, ProfileDocuments.IntervalReadings, Ns);
        WriteTimeStamp(timeStamp);
        WriteValue(value);
        writer.WriteEndElement();
    }

    /// <summary>Ends the block with its ReadingType (which the schema puts after the readings).</summary>
    public void WriteEndIntervalBlock(string readingTypeRef)
    {
        ArgumentException.ThrowIfNullOrEmpty(readingTypeRef);
        Expect(Part.IntervalBlock);
        WriteRef(ProfileDocuments.ReadingType, readingTypeRef);
        writer.WriteEndElement();
        part = Part.MeterReading;
    }

    public void WriteMeter(string mrid) => WriteObject(Part.Meter, ProfileDocuments.Meter, mrid);

    /// <summary>A register value (<c>Readings</c>).</summary>
    public void WriteReading(DateTimeOffset timeStamp, double value, string readingTypeRef)
    {
        ArgumentException.ThrowIfNullOrEmpty(readingTypeRef);
        Advance(Part.Readings, allowRepeat: true);
        writer.WriteStartElement(M, ProfileDocuments.Readings, Ns);
        WriteTimeStamp(timeStamp);
        WriteValue(value);
        WriteRef(ProfileDocuments.ReadingType, readingTypeRef);
        writer.WriteEndElement();
    }

    public void WriteUsagePoint(string mrid) => WriteObject(Part.UsagePoint, ProfileDocuments.UsagePoint, mrid);

    private void WriteObject(Part next, string name, string mrid)
    {
        ArgumentException.ThrowIfNullOrEmpty(mrid);
        Advance(next, allowRepeat: false);
        writer.WriteStartElement(M, name, Ns);
        writer.WriteElementString(M, ProfileDocuments.MRID, Ns, mrid);
        writer.WriteEndElement();
    }

    private void WriteTimeStamp(DateTimeOffset value)
    {
        writer.WriteStartElement(M, "timeStamp", Ns);
        TryFormatDateTime(value, buffer, out var n);
        writer.WriteChars(buffer, 0, n);
        writer.WriteEndElement();
    }

    private void WriteValue(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A reading value must be a finite number");
        }

        writer.WriteStartElement(M, "value", Ns);
        TryFormatNumber(value, buffer, out var n);
        writer.WriteChars(buffer, 0, n);
        writer.WriteEndElement();
    }

    private void WriteRef(string name, string value)
    {
        writer.WriteStartElement(M, name, Ns);
        writer.WriteAttributeString(ProfileDocuments.Ref, value);
        writer.WriteEndElement();
    }

    /// <summary>Moves to a later part of the MeterReading (or stays, for repeatable ones).</summary>
    private void Advance(Part next, bool allowRepeat)
    {
        if (part is Part.None or Part.Document or Part.IntervalBlock || part > next || (part == next && !allowRepeat))
        {
            throw new InvalidOperationException($"{next} cannot follow {part} in a MeterReading");
        }

        part = next;
    }

    private void Expect(Part expected)
    {
        if (part != expected)
        {
            throw new InvalidOperationException($"Expected to be at {expected}, but at {part}");
        }
    }
}
