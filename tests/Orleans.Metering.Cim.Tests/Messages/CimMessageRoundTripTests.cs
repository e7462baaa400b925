using System.Xml.Linq;
using Orleans.Metering.Cim.Codes;
using Orleans.Metering.Cim.Messages;
using Orleans.Metering.Cim.Tests.Support;
using static Orleans.Metering.Cim.Tests.Messages.TestMessages;

namespace Orleans.Metering.Cim.Tests.Messages;

public class CimMessageRoundTripTests
{
    public static TheoryData<string> AllFramings => FramingNames;

    [Theory]
    [MemberData(nameof(AllFramings))]
    public void Create_request_round_trips_with_every_header_field(string framingName)
    {
        var framing = Framings[framingName];
        var original = CreateRequest();
        var (xml, read) = RoundTrip("RoundTrip_CreateRequest_" + framingName, original, framing);

        Assert.Equal(MessageKind.Request, read.Kind);
        Assert.Equal(framing, read.Framing);
        AssertFullHeader(original.Header!, read.Header!);
        Assert.Null(read.Request);
        Assert.Null(read.Reply);
        var document = Assert.Single(read.Payload!.Documents);
        Assert.True(XNode.DeepEquals(original.Payload!.Documents[0], document));
        Assert.Equal("XML", read.Payload.Format);
        Assert.False(read.Payload.WasCompressed);
        Assert.Equal(xml, CimMessageWriter.ToXml(read, framing));
        if (framing.Style == EnvelopeStyle.PerNoun) Assert.Contains("CreateEndDeviceControls", xml, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AllFramings))]
    public void Get_request_round_trips_with_request_options_ids_and_query(string framingName)
    {
        var framing = Framings[framingName];
        var original = GetRequest();
        var (xml, read) = RoundTrip("RoundTrip_GetRequest_" + framingName, original, framing);

        Assert.Equal(MessageKind.Request, read.Kind);
        Assert.Equal(CimVerbs.Get, read.Header!.Verb);
        var request = read.Request!;
        Assert.Equal(original.Request!.StartTime, request.StartTime);
        Assert.Equal(original.Request.EndTime, request.EndTime);
        Assert.Equal(original.Request.Option, request.Option);
        Assert.Equal(original.Request.ID, request.ID);
        Assert.Equal("100", request.GetOption("maxItems"));
        Assert.True(XNode.DeepEquals(original.Request.Documents[0], Assert.Single(request.Documents)));
        Assert.Null(read.Payload);
        if (framing.Style == EnvelopeStyle.PerNoun)
        {
            // The Get<Noun> WSDL form: the wrapper namespace is GetEndDeviceEventsMessage.
            Assert.True(read.Framing.QueryWrapper);
            Assert.Contains("http://iec.ch/TC57/2011/GetEndDeviceEventsMessage", xml, StringComparison.Ordinal);
            Assert.Equal(xml, CimMessageWriter.ToXml(read, read.Framing));
        }
        else
        {
            Assert.Equal(xml, CimMessageWriter.ToXml(read, framing));
        }
    }

    [Theory]
    [MemberData(nameof(AllFramings))]
    public void Response_round_trips_with_reply_errors_ids_and_payload(string framingName)
    {
        var framing = Framings[framingName];
        var original = Response();
        var (xml, read) = RoundTrip("RoundTrip_Response_" + framingName, original, framing);

        Assert.Equal(MessageKind.Response, read.Kind);
        AssertFullHeader(original.Header!, read.Header!);
        var reply = read.Reply!;
        Assert.Equal(ReplyResult.PARTIAL, reply.Result);
        Assert.Equal(3, reply.OperationId);
        Assert.Equal(original.Reply!.ID, reply.ID);
        Assert.Equal(2, reply.Error.Count);
        var error = reply.Error[0];
        var expected = original.Reply.Error[0];
        Assert.Equal(expected.Code, error.Code);
        Assert.Equal(expected.Level, error.Level);
        Assert.Equal(expected.Reason, error.Reason);
        Assert.Equal(expected.Details, error.Details);
        Assert.Equal(expected.XPath, error.XPath);
        Assert.Equal(expected.ID, error.ID);
        Assert.Equal(expected.RelatedID, error.RelatedID);
        Assert.Equal(expected.Object, error.Object);
        Assert.Equal(expected.OperationId, error.OperationId);
        Assert.Equal(ReplyCode.NoErrors.Code, reply.Error[1].Code);
        Assert.Equal(2, read.Payload!.Documents.Count);
        Assert.Equal(xml, CimMessageWriter.ToXml(read, framing));
        if (framing.Style == EnvelopeStyle.PerNoun) Assert.Contains("EndDeviceEventsResponseMessage", xml, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Meter Config")]
    [InlineData("\U0001F600Readings")]
    [InlineData("1Noun")]
    public void A_per_noun_answer_to_a_noun_that_cannot_be_part_of_an_XML_name_is_written_in_the_generic_form(string noun)
    {
        var request = CimMessages.Request(CimVerbs.Get, noun, null, "CIS");
        var answer = CimMessages.ResponseTo(request, Reply.Failed(ReplyCode.InvalidNoun, "unsupported"));

        var xml = CimMessageWriter.ToXml(answer, new MessageFraming(EnvelopeStyle.PerNoun, SoapVersion.Soap11));

        var read = CimMessageReader.Read(xml);
        Assert.True(read.Success, read.Error?.Message);
        Assert.Equal(EnvelopeStyle.Generic, read.Framing.Style);
        Assert.Equal(noun, read.Message!.Header!.Noun);
    }

    [Theory]
    [MemberData(nameof(AllFramings))]
    public void Event_round_trips(string framingName)
    {
        var framing = Framings[framingName];
        var original = Event();
        var (xml, read) = RoundTrip("RoundTrip_Event_" + framingName, original, framing);

        Assert.Equal(MessageKind.Event, read.Kind);
        AssertFullHeader(original.Header!, read.Header!);
        Assert.Single(read.Payload!.Documents);
        Assert.Equal(xml, CimMessageWriter.ToXml(read, framing));
        if (framing.Style == EnvelopeStyle.PerNoun) Assert.Contains("CreatedEndDeviceEvents", xml, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AllFramings))]
    public void Fault_round_trips_generic_without_header_and_per_noun_with_a_known_noun(string framingName)
    {
        var framing = Framings[framingName];

        var (genericXml, generic) = RoundTrip("RoundTrip_Fault_" + framingName, Fault(), framing);
        Assert.Equal(MessageKind.Fault, generic.Kind);
        Assert.Null(generic.Header);
        Assert.Equal(EnvelopeStyle.Generic, generic.Framing.Style);
        Assert.Equal(framing.Soap, generic.Framing.Soap);
        Assert.Contains(":FaultMessage", genericXml, StringComparison.Ordinal);
        var error = Assert.Single(generic.Reply!.Error);
        Assert.Equal(ReplyCode.SchemaInvalid.Code, error.Code);
        Assert.Equal("Message", error.Object!.ObjectType);

        var (nounXml, withNoun) = RoundTrip("RoundTrip_FaultNoun_" + framingName, Fault(FullHeader(CimVerbs.Reply, "EndDeviceControls")), framing);
        Assert.Equal(MessageKind.Fault, withNoun.Kind);
        Assert.Null(withNoun.Header); // a FaultMessage has no Header
        Assert.Equal(framing with { QueryWrapper = false }, withNoun.Framing);
        if (framing.Style == EnvelopeStyle.PerNoun) Assert.Contains("EndDeviceControlsFaultMessage", nounXml, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AllFramings))]
    public void Compressed_payload_round_trips(string framingName)
    {
        var framing = Framings[framingName];
        var original = Event();
        original.Payload!.Compress = true;
        var (xml, read) = RoundTrip("RoundTrip_Compressed_" + framingName, original, framing);

        Assert.Contains("Compressed>", xml, StringComparison.Ordinal);
        Assert.DoesNotContain("EndDeviceEvent>", xml, StringComparison.Ordinal);
        Assert.True(read.Payload!.WasCompressed);
        Assert.True(XNode.DeepEquals(original.Payload.Documents[0], Assert.Single(read.Payload.Documents)));
    }

    [Fact]
    public void Compressed_payload_with_several_documents_round_trips()
    {
        var original = Response();
        original.Payload!.Compress = true;
        var (_, read) = RoundTrip("RoundTrip_CompressedSeveral", original, MessageFraming.Generic);

        Assert.True(read.Payload!.WasCompressed);
        Assert.Equal(2, read.Payload.Documents.Count);
        Assert.Equal("E-2", read.Payload.Documents[1].Descendants().First(e => e.Name.LocalName == "mRID").Value);
    }

    [Theory]
    [MemberData(nameof(AllFramings))]
    public void OperationSet_round_trips(string framingName)
    {
        var framing = Framings[framingName];
        var set = new OperationSet { EnforceMsgSequence = true, EnforceTransactionalIntegrity = false };
        set.Operation.Add(new Operation { OperationId = 1, Noun = "EndDeviceControls", Verb = "create", Document = EndDeviceControls() });
        set.Operation.Add(new Operation { OperationId = 2, Noun = "EndDeviceControls", Verb = "change", ElementOperation = true, Document = EndDeviceControls() });
        set.Operation.Add(new Operation { OperationId = 3 });
        var message = new CimMessage
        {
            Kind = MessageKind.Request,
            Header = new Header { Verb = "create", Noun = "EndDeviceControls", MessageID = "ops-1" },
            Payload = new Payload { OperationSet = set },
        };

        var (xml, read) = RoundTrip("RoundTrip_OperationSet_" + framingName, message, framing);

        var readSet = read.Payload!.OperationSet!;
        Assert.True(readSet.EnforceMsgSequence);
        Assert.False(readSet.EnforceTransactionalIntegrity);
        Assert.Equal(3, readSet.Operation.Count);
        Assert.Equal([1, 2, 3], readSet.Operation.Select(o => o.OperationId));
        Assert.Equal("change", readSet.Operation[1].Verb);
        Assert.True(readSet.Operation[1].ElementOperation);
        Assert.False(readSet.Operation[0].ElementOperation);
        Assert.True(XNode.DeepEquals(EndDeviceControls(), readSet.Operation[0].Document));
        Assert.Null(readSet.Operation[2].Document);
        Assert.Empty(read.Payload.Documents);
        Assert.Equal(xml, CimMessageWriter.ToXml(read, framing));
    }

    [Fact]
    public void Payload_ids_without_documents_round_trip()
    {
        var payload = new Payload();
        payload.ID.Add(new MessageId("ctl-1", IdKind.transaction, ObjectType: "EndDeviceControl"));
        payload.ID.Add(new MessageId("ctl-2"));
        var message = new CimMessage { Kind = MessageKind.Request, Header = new Header { Verb = "cancel", Noun = "EndDeviceControls" }, Payload = payload };

        var (_, read) = RoundTrip("RoundTrip_PayloadIds", message, new MessageFraming(EnvelopeStyle.PerNoun, SoapVersion.None));

        Assert.Equal(payload.ID, read.Payload!.ID);
        Assert.Equal("cancel", read.Header!.Verb);
    }

    [Fact]
    public void Minimal_messages_round_trip_without_optional_fields()
    {
        var message = new CimMessage { Kind = MessageKind.Request, Header = new Header { Verb = "get", Noun = "MeterReadings" } };
        var (xml, read) = RoundTrip("RoundTrip_Minimal", message, MessageFraming.Generic);

        Assert.Equal("get", read.Header!.Verb);
        Assert.Null(read.Header.MessageID);
        Assert.Null(read.Header.Timestamp);
        Assert.Empty(read.Header.Property);
        Assert.Null(read.Request);
        Assert.Null(read.Payload);
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", xml, StringComparison.Ordinal);
    }

    [Fact]
    public void Output_is_utf8_without_bom_and_dates_are_utc()
    {
        var bytes = CimMessageWriter.ToBytes(Event(), MessageFraming.Generic);
        CimOutput.Save("Writer_Utf8", bytes);

        Assert.Equal((byte)'<', bytes[0]);
        var xml = System.Text.Encoding.UTF8.GetString(bytes);
        Assert.Contains("<msg:Timestamp>2026-03-01T08:15:30.1234567Z</msg:Timestamp>", xml, StringComparison.Ordinal);
        Assert.Contains("<msg:AsyncReplyFlag>true</msg:AsyncReplyFlag>", xml, StringComparison.Ordinal);
        Assert.Contains("Utility &amp; Co &lt;North&gt;", xml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_writes_the_same_bytes()
    {
        using var output = new MemoryStream();
        await CimMessageWriter.WriteAsync(Event(), output, MessageFraming.Generic);
        CimOutput.Save("Writer_Async", output.ToArray());
        Assert.Equal(CimMessageWriter.ToBytes(Event(), MessageFraming.Generic), output.ToArray());
    }

    [Fact]
    public void An_xpath_that_is_not_a_QName_goes_into_details()
    {
        var reply = new Reply { Result = ReplyResult.FAILED };
        reply.Error.Add(new ReplyError { Code = ReplyCode.HeaderMissing.Code, Reason = "The Header has no Verb", XPath = "Header/Verb" });
        reply.Error.Add(new ReplyError { Code = ReplyCode.HeaderMissing.Code, Details = "d", XPath = "Noun" });
        var message = CimMessages.Fault(reply);
        var (xml, read) = RoundTrip("Writer_XPathIntoDetails", message, MessageFraming.Generic);

        Assert.Single(System.Text.RegularExpressions.Regex.Matches(xml, "<msg:xpath>"));
        Assert.Equal("xpath: Header/Verb", read.Reply!.Error[0].Details);
        Assert.Null(read.Reply.Error[0].XPath);
        Assert.Equal(ReplyCode.HeaderMissing.Code, read.Reply.Error[0].Code);
        Assert.Equal("Noun", read.Reply.Error[1].XPath);
        Assert.Equal("d", read.Reply.Error[1].Details);
    }

    [Fact]
    public void Documents_keep_namespace_prefixes_declared_on_the_envelope()
    {
        var xml = "<msg:EventMessage xmlns:msg=\"" + Msg + "\" xmlns:m=\"http://iec.ch/TC57/2011/EndDeviceEvents#\">"
            + HeaderXml("created", "EndDeviceEvents")
            + "<msg:Payload><m:EndDeviceEvents><m:EndDeviceEvent><m:createdDateTime>2026-01-01T00:00:00Z</m:createdDateTime>"
            + "<m:EndDeviceEventType ref=\"3.31.0.68\"/></m:EndDeviceEvent></m:EndDeviceEvents></msg:Payload></msg:EventMessage>";
        var read = Read(xml);
        Assert.True(read.Success);

        var written = CimMessageWriter.ToXml(read.Message, MessageFraming.Generic);
        CimOutput.Save("Writer_AncestorPrefixes", written);

        Assert.Contains("<m:EndDeviceEvents", written, StringComparison.Ordinal);
        Assert.True(Read(written).Success);
    }

    [Fact]
    public void Writer_refuses_a_message_without_the_parts_its_kind_needs()
    {
        Assert.Throws<ArgumentException>(() => CimMessageWriter.ToXml(new CimMessage { Kind = MessageKind.Request }, MessageFraming.Generic));
        Assert.Throws<ArgumentException>(() => CimMessageWriter.ToXml(
            new CimMessage { Kind = MessageKind.Response, Header = new Header { Verb = "reply", Noun = "X" } }, MessageFraming.Generic));
        Assert.Throws<ArgumentException>(() => CimMessageWriter.ToXml(new CimMessage { Kind = MessageKind.Fault }, MessageFraming.Generic));
    }

    private static void AssertFullHeader(Header expected, Header actual)
    {
        Assert.Equal(expected.Verb, actual.Verb);
        Assert.Equal(expected.Noun, actual.Noun);
        Assert.Equal(expected.Revision, actual.Revision);
        Assert.Equal(expected.ReplayDetection, actual.ReplayDetection);
        Assert.Equal(expected.Context, actual.Context);
        Assert.Equal(expected.Timestamp, actual.Timestamp);
        Assert.Equal(expected.Source, actual.Source);
        Assert.Equal(expected.AsyncReplyFlag, actual.AsyncReplyFlag);
        Assert.Equal(expected.ReplyAddress, actual.ReplyAddress);
        Assert.Equal(expected.AckRequired, actual.AckRequired);
        Assert.Equal(expected.User, actual.User);
        Assert.Equal(expected.MessageID, actual.MessageID);
        Assert.Equal(expected.CorrelationID, actual.CorrelationID);
        Assert.Equal(expected.Comment, actual.Comment);
        Assert.Equal(expected.Property, actual.Property);
        Assert.Equal("1/1", actual.GetProperty("MessageIndex"));
    }
}
