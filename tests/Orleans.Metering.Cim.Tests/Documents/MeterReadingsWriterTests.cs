using System.Text;
using System.Xml;
using System.Xml.Linq;
using Orleans.Metering.Cim.Documents;
using Orleans.Metering.Cim.Messages;
using Orleans.Metering.Cim.Tests.Support;

namespace Orleans.Metering.Cim.Tests.Documents;

public sealed class MeterReadingsWriterTests
{
    private const string Interval = "0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0";
    private const string Register = "0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0";
    private static readonly DateTimeOffset Day = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The model the streamed document below must equal.</summary>
    private static MeterReadingsDocument Model() => new()
    {
        MeterReadings =
        [
            new MeterReading
            {
                IntervalBlocks =
                [
                    new IntervalBlock { ReadingTypeRef = Interval, Readings = [new(Day.AddMinutes(15), 0.212), new(Day.AddMinutes(30).AddTicks(5), 1e-7)] },
                    new IntervalBlock { ReadingTypeRef = Register, Readings = [new(Day.AddMinutes(15), 12345.6789)] },
                ],
                Meter = ObjectRef.ById("MTR-1"),
                Readings = [new Reading { ReadingTypeRef = Register, TimeStamp = Day.AddDays(1), NumericValue = 0.1 + 0.2 }],
                UsagePoint = ObjectRef.ById("UP-1"),
            },
            new MeterReading { Meter = ObjectRef.ById("MTR-2") },
        ],
    };

    private static void Stream(MeterReadingsWriter w)
    {
        w.WriteStartDocument();
        w.WriteStartMeterReading();
        w.WriteStartIntervalBlock();
        w.WriteIntervalReading(Day.AddMinutes(15), 0.212);
        w.WriteIntervalReading(Day.AddMinutes(30).AddTicks(5), 1e-7);
        w.WriteEndIntervalBlock(Interval);
        w.WriteStartIntervalBlock();
        w.WriteIntervalReading(Day.AddMinutes(15), 12345.6789);
        w.WriteEndIntervalBlock(Register);
        w.WriteMeter("MTR-1");
        w.WriteReading(Day.AddDays(1), 0.1 + 0.2, Register);
        w.WriteUsagePoint("UP-1");
        w.WriteEndMeterReading();
        w.WriteStartMeterReading();
        w.WriteMeter("MTR-2");
        w.WriteEndMeterReading();
        w.WriteEndDocument();
    }

    [Fact]
    public void The_streamed_document_equals_the_document_model_written_as_a_tree()
    {
        var text = new StringBuilder();
        using (var xml = XmlWriter.Create(text, new XmlWriterSettings { OmitXmlDeclaration = true }))
        {
            Stream(new MeterReadingsWriter(xml));
        }

        var streamed = XElement.Parse(text.ToString());
        Assert.True(XNode.DeepEquals(Model().ToXml(), streamed), streamed.ToString());
    }

    [Fact]
    public void A_streamed_message_is_the_message_the_writer_makes_from_the_tree()
    {
        var tree = CimMessages.Event(CimVerbs.Created, ProfileDocuments.MeterReadings, Model().ToXml(), messageId: "M-1");
        var streamed = CimMessages.Event(CimVerbs.Created, ProfileDocuments.MeterReadings, null, messageId: "M-1");
        streamed.Header!.Timestamp = tree.Header!.Timestamp;

        using var output = new MemoryStream();
        CimMessageWriter.Write(streamed, output, MessageFraming.Generic, w => Stream(new MeterReadingsWriter(w)));

        Assert.Equal(CimMessageWriter.ToXml(tree, MessageFraming.Generic), Encoding.UTF8.GetString(output.ToArray()));
        CimOutput.Save("Writer_streamed-MeterReadings", output.ToArray());
    }

    [Fact]
    public void Parts_out_of_schema_order_are_refused()
    {
        using var xml = XmlWriter.Create(new StringBuilder());
        var w = new MeterReadingsWriter(xml);
        w.WriteStartDocument();
        w.WriteStartMeterReading();
        w.WriteMeter("MTR-1");
        Assert.Throws<InvalidOperationException>(w.WriteStartIntervalBlock);
        Assert.Throws<InvalidOperationException>(() => w.WriteMeter("MTR-2"));
        w.WriteUsagePoint("UP-1");
        Assert.Throws<InvalidOperationException>(() => w.WriteReading(Day, 1, Register));
    }

    [Fact]
    public void Streaming_needs_an_uncompressed_payload()
    {
        var message = CimMessages.Event(CimVerbs.Created, ProfileDocuments.MeterReadings, null);
        message.Payload!.Compress = true;
        Assert.Throws<ArgumentException>(() => CimMessageWriter.Write(message, new MemoryStream(), MessageFraming.Generic, _ => { }));
    }
}
