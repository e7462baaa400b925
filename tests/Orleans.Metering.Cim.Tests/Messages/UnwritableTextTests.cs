using System.Xml.Linq;
using Orleans.Metering.Cim.Codes;
using Orleans.Metering.Cim.Messages;
using Orleans.Metering.Cim.Tests.Support;
using static Orleans.Metering.Cim.Tests.Messages.TestMessages;

namespace Orleans.Metering.Cim.Tests.Messages;

/// <summary>The writer never throws on a value XML 1.0 cannot carry: it writes U+FFFD instead.</summary>
public class UnwritableTextTests
{
    // A control character, a non-character and a lone surrogate: each makes a plain XmlWriter throw.
    private const string Bad = "x\u0001\uFFFE\uD800y";
    private const string Replaced = "x\uFFFD\uFFFD\uFFFDy";

    public static TheoryData<string> AllFramings => FramingNames;

    [Theory]
    [MemberData(nameof(AllFramings))]
    public void A_response_with_unwritable_text_everywhere_is_written_and_reads_back(string framingName)
    {
        var message = Response();
        var header = message.Header!;
        header.Source = Bad;
        header.MessageID = Bad;
        header.CorrelationID = Bad;
        header.Comment = Bad;
        header.Property.Add(new MessageProperty(Bad, Bad));
        var error = message.Reply!.Error[0];
        error.Reason = Bad;
        error.Details = Bad;
        error.Object = new ErrorObject(Bad, Bad, "Meter");
        error.ID = new MessageId(Bad, IdKind.name, Bad, Bad, "Meter");
        var document = WithMrid(EndDeviceEvents(), Bad);
        document.Descendants().Last().SetAttributeValue("ref", Bad);
        message.Payload!.Documents.Add(document);

        var (xml, read) = RoundTrip("Writer_unwritable-text_" + framingName, message, Framings[framingName]);

        Assert.DoesNotContain("\u0001", xml, StringComparison.Ordinal);
        Assert.Equal(Replaced, read.Header!.Source);
        Assert.Equal(Replaced, read.Header.MessageID);
        Assert.Equal(Replaced, read.Header.Comment);
        Assert.Contains(read.Header.Property, p => p.Name == Replaced && p.Value == Replaced);
        var readError = read.Reply!.Error[0];
        Assert.Equal(Replaced, readError.Reason);
        Assert.StartsWith(Replaced, readError.Details, StringComparison.Ordinal);
        Assert.Equal(new ErrorObject(Replaced, Replaced, "Meter"), readError.Object);
        Assert.Equal(new MessageId(Replaced, IdKind.name, Replaced, Replaced, "Meter"), readError.ID);
        var written = read.Payload!.Documents[^1];
        Assert.Contains(written.Descendants(), e => e.Name.LocalName == "mRID" && e.Value == Replaced);
        Assert.Equal(Replaced, written.Descendants().Last().Attribute("ref")!.Value);
    }

    [Fact]
    public void A_fault_quoting_an_unwritable_character_is_written()
    {
        var fault = CimMessages.Fault(Reply.Failed(ReplyCode.SchemaInvalid, "Malformed XML: '\u0001', hexadecimal value 0x01, is an invalid character."));
        var (_, read) = RoundTrip("Writer_unwritable-fault", fault, MessageFraming.Generic);
        Assert.Equal("Malformed XML: '\uFFFD', hexadecimal value 0x01, is an invalid character.", read.Reply!.Error[0].Reason);
    }

    [Fact]
    public void A_compressed_payload_with_unwritable_text_is_written()
    {
        var message = Event();
        message.Payload!.Documents.Clear();
        message.Payload.Documents.Add(WithMrid(EndDeviceEvents(), Bad));
        message.Payload.Compress = true;

        var (_, read) = RoundTrip("Writer_unwritable-compressed", message, MessageFraming.Generic);

        Assert.True(read.Payload!.WasCompressed);
        Assert.Contains(read.Payload.Documents[0].Descendants(), e => e.Name.LocalName == "mRID" && e.Value == Replaced);
    }

    [Fact]
    public void A_streamed_document_with_unwritable_text_is_written()
    {
        var message = CimMessages.Event(CimVerbs.Created, "EndDeviceEvents", null, source: "HeadEnd");
        XNamespace m = CimNamespaces.Profile("EndDeviceEvents");
        using var output = new MemoryStream();
        CimMessageWriter.Write(message, output, MessageFraming.Generic, w =>
        {
            w.WriteStartElement("m", "EndDeviceEvents", m.NamespaceName);
            w.WriteStartElement("m", "EndDeviceEvent", m.NamespaceName);
            w.WriteStartElement("m", "mRID", m.NamespaceName);
            var chars = Bad.ToCharArray();
            w.WriteChars(chars, 0, chars.Length);
            w.WriteEndElement();
            w.WriteElementString("m", "createdDateTime", m.NamespaceName, "2026-01-01T00:00:00Z");
            w.WriteStartElement("m", "EndDeviceEventType", m.NamespaceName);
            w.WriteAttributeString("ref", Bad);
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndElement();
        });

        var xml = System.Text.Encoding.UTF8.GetString(output.ToArray());
        CimOutput.Save("Writer_unwritable-streamed", xml);
        var read = CimMessageReader.Read(xml);
        Assert.True(read.Success, read.Error?.Message);
        Assert.Contains(read.Message!.Payload!.Documents[0].Descendants(), e => e.Name.LocalName == "mRID" && e.Value == Replaced);
    }

    private static XElement WithMrid(XElement events, string mrid)
    {
        events.Descendants().First(e => e.Name.LocalName == "mRID").Value = mrid;
        return events;
    }
}
