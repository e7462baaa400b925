using Orleans.Metering.Cim.Codes;
using Orleans.Metering.Cim.Messages;
using static Orleans.Metering.Cim.Tests.Messages.TestMessages;

namespace Orleans.Metering.Cim.Tests.Messages;

public class CimMessageReaderTests
{
    private const string EdcWrapper = "http://iec.ch/TC57/2011/EndDeviceControlsMessage";
    private const string EdcDocument =
        "<m:EndDeviceControls xmlns:m=\"http://iec.ch/TC57/2011/EndDeviceControls#\"><m:EndDeviceControl><m:EndDeviceControlType ref=\"3.31.0.23\"/></m:EndDeviceControl></m:EndDeviceControls>";

    [Fact]
    public void Per_noun_children_may_be_in_the_message_namespace()
    {
        var xml = $"<w:CreateEndDeviceControls xmlns:w=\"{EdcWrapper}\" xmlns:msg=\"{Msg}\">{HeaderXml()}<msg:Payload>{EdcDocument}</msg:Payload></w:CreateEndDeviceControls>";
        var result = Read(xml);

        Assert.True(result.Success, result.Error?.Message);
        Assert.Equal(MessageKind.Request, result.Message.Kind);
        Assert.Equal(new MessageFraming(EnvelopeStyle.PerNoun, SoapVersion.None), result.Framing);
        Assert.Single(result.Message.Payload!.Documents);
    }

    [Fact]
    public void Per_noun_payload_envelope_elements_may_be_in_the_wrapper_namespace()
    {
        var xml = $"<w:CreateEndDeviceControls xmlns:w=\"{EdcWrapper}\" xmlns:msg=\"{Msg}\"><w:Header><msg:Verb>create</msg:Verb><msg:Noun>EndDeviceControls</msg:Noun></w:Header>"
            + $"<w:Payload>{EdcDocument}<w:Format>XML</w:Format></w:Payload></w:CreateEndDeviceControls>";
        var result = Read(xml);

        Assert.True(result.Success, result.Error?.Message);
        Assert.Equal("XML", result.Message.Payload!.Format);
        Assert.Single(result.Message.Payload.Documents);
    }

    [Theory]
    [InlineData("ChangeMeterConfig", "change", "MeterConfig", MessageKind.Request)]
    [InlineData("ExecuteMeterConfig", "execute", "MeterConfig", MessageKind.Request)]
    [InlineData("CreatedEndDeviceEvents", "created", "EndDeviceEvents", MessageKind.Event)]
    [InlineData("ExecutedEndDeviceControls", "executed", "EndDeviceControls", MessageKind.Event)]
    [InlineData("CanceledEndDeviceControls", "canceled", "EndDeviceControls", MessageKind.Event)]
    [InlineData("GetEndDeviceEvents", "get", "EndDeviceEvents", MessageKind.Request)]
    public void Per_noun_root_gives_kind_verb_and_noun(string root, string verb, string noun, MessageKind kind)
    {
        var ns = CimNamespaces.PerNounMessage(noun);
        var xml = $"<w:{root} xmlns:w=\"{ns}\" xmlns:msg=\"{Msg}\"><w:Header><msg:Verb>{verb}</msg:Verb><msg:Noun>{noun}</msg:Noun></w:Header></w:{root}>";
        var result = Read(xml);

        Assert.True(result.Success, result.Error?.Message);
        Assert.Equal(kind, result.Message.Kind);
        Assert.Equal(verb, result.Message.Header!.Verb);
        Assert.Equal(noun, result.Message.Header.Noun);
        Assert.False(result.Framing.QueryWrapper);
    }

    [Fact]
    public void Get_form_in_the_query_wrapper_namespace_is_recognised()
    {
        const string ns = "http://iec.ch/TC57/2011/GetEndDeviceEventsMessage";
        var request = Read($"<w:GetEndDeviceEvents xmlns:w=\"{ns}\" xmlns:msg=\"{Msg}\"><w:Header><msg:Verb>get</msg:Verb><msg:Noun>EndDeviceEvents</msg:Noun></w:Header></w:GetEndDeviceEvents>");
        var response = Read($"<w:EndDeviceEventsResponseMessage xmlns:w=\"{ns}\" xmlns:msg=\"{Msg}\"><w:Header><msg:Verb>reply</msg:Verb><msg:Noun>EndDeviceEvents</msg:Noun></w:Header><w:Reply><msg:Result>OK</msg:Result></w:Reply></w:EndDeviceEventsResponseMessage>");

        Assert.True(request.Success, request.Error?.Message);
        Assert.Equal(MessageKind.Request, request.Message.Kind);
        Assert.True(request.Framing.QueryWrapper);
        Assert.True(response.Success, response.Error?.Message);
        Assert.Equal(MessageKind.Response, response.Message.Kind);
        Assert.True(response.Framing.QueryWrapper);
    }

    [Fact]
    public void Generic_Message_root_is_accepted()
    {
        var result = Read(Generic("Message", HeaderXml("reply", "MeterReadings") + "<msg:Reply><msg:Result>OK</msg:Result></msg:Reply>"));
        Assert.True(result.Success, result.Error?.Message);
        Assert.Equal(MessageKind.Response, result.Message.Kind);

        var evt = Read(Generic("Message", HeaderXml("created", "MeterReadings")));
        Assert.Equal(MessageKind.Event, evt.Message!.Kind);
    }

    [Fact]
    public void Verbs_are_case_insensitive_and_normalised_to_lower_case()
    {
        var result = Read(Generic("RequestMessage", HeaderXml(" Create ")));
        Assert.True(result.Success);
        Assert.Equal("create", result.Message.Header!.Verb);
    }

    [Fact]
    public void An_unknown_verb_is_kept_for_the_gateway()
    {
        var result = Read(Generic("RequestMessage", HeaderXml("Subscribe")));
        Assert.True(result.Success);
        Assert.Equal("subscribe", result.Message.Header!.Verb);
        Assert.False(CimVerbs.IsKnown(result.Message.Header.Verb));
    }

    [Fact]
    public void Soap_header_is_ignored_and_framing_detected()
    {
        var xml = $"<s:Envelope xmlns:s=\"{CimNamespaces.Soap12}\"><s:Header><x:Security xmlns:x=\"urn:sec\"><x:Token>t</x:Token></x:Security></s:Header><s:Body>"
            + $"<w:CreateEndDeviceControls xmlns:w=\"{EdcWrapper}\" xmlns:msg=\"{Msg}\">{HeaderXml()}</w:CreateEndDeviceControls></s:Body></s:Envelope>";
        var result = Read(xml);

        Assert.True(result.Success, result.Error?.Message);
        Assert.Equal(new MessageFraming(EnvelopeStyle.PerNoun, SoapVersion.Soap12), result.Message.Framing);
    }

    [Fact]
    public void Header_extensions_from_other_namespaces_are_tolerated()
    {
        var result = Read(Generic("RequestMessage", "<msg:Header><msg:Verb>get</msg:Verb><msg:Noun>MeterReadings</msg:Noun>"
            + "<msg:Property><msg:Name>a</msg:Name></msg:Property><x:Tenant xmlns:x=\"urn:ext\">north</x:Tenant></msg:Header>"));
        Assert.True(result.Success, result.Error?.Message);
        Assert.Equal("a", Assert.Single(result.Message.Header!.Property).Name);
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData("0", false)]
    [InlineData(" true ", true)]
    [InlineData("false", false)]
    public void Booleans_follow_xs_boolean(string text, bool expected)
    {
        var result = Read(Generic("RequestMessage", HeaderXml(extra: $"<msg:AsyncReplyFlag>{text}</msg:AsyncReplyFlag>")));
        Assert.True(result.Success, result.Error?.Message);
        Assert.Equal(expected, result.Message.Header!.AsyncReplyFlag);
    }

    [Fact]
    public void DateTimes_with_offsets_are_read()
    {
        var result = Read(Generic("RequestMessage", HeaderXml(extra: "<msg:Timestamp>2026-03-01T10:15:30.5+02:00</msg:Timestamp>")));
        Assert.True(result.Success, result.Error?.Message);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 8, 15, 30, 500, TimeSpan.Zero), result.Message.Header!.Timestamp);
    }

    [Fact]
    public void MessageID_is_not_required_by_the_reader()
    {
        var result = Read(Generic("EventMessage", "<msg:Header><msg:Verb>created</msg:Verb><msg:Noun>EndDeviceEvents</msg:Noun></msg:Header>"));
        Assert.True(result.Success);
        Assert.Null(result.Message.Header!.MessageID);
    }

    // ------------------------------------------------------------------ errors in the envelope

    [Fact]
    public void Wrong_namespace_is_schema_invalid_naming_element_and_namespace()
    {
        var result = Read("<msg:RequestMessage xmlns:msg=\"http://www.iec.ch/TC57/2011/schema/message\">" + HeaderXml() + "</msg:RequestMessage>");
        AssertError(result, ReplyCode.SchemaInvalid, "RequestMessage", "http://www.iec.ch/TC57/2011/schema/message");
        Assert.Null(result.Header);
    }

    [Fact]
    public void Unknown_root_is_schema_invalid()
    {
        AssertError(Read(Generic("Banana", HeaderXml())), ReplyCode.SchemaInvalid, "Banana");
        AssertError(Read($"<w:FrobnicateEndDeviceControls xmlns:w=\"{EdcWrapper}\"/>"), ReplyCode.SchemaInvalid, "FrobnicateEndDeviceControls");
    }

    [Fact]
    public void Missing_header_is_1_5()
    {
        var result = Read(Generic("RequestMessage", "<msg:Request/>"));
        AssertError(result, ReplyCode.HeaderMissing);
        Assert.Equal("Header", result.Error!.XPath);
    }

    [Theory]
    [InlineData("<msg:Header><msg:Noun>MeterReadings</msg:Noun></msg:Header>", "Header/Verb")]
    [InlineData("<msg:Header><msg:Verb>get</msg:Verb></msg:Header>", "Header/Noun")]
    [InlineData("<msg:Header><msg:Verb> </msg:Verb><msg:Noun>MeterReadings</msg:Noun></msg:Header>", "Header/Verb")]
    public void Missing_verb_or_noun_is_1_5_naming_the_element(string header, string xpath)
    {
        var result = Read(Generic("RequestMessage", header));
        AssertError(result, ReplyCode.HeaderMissing, xpath.Split('/')[1]);
        Assert.Equal(xpath, result.Error!.XPath);
        Assert.Null(result.Header);
    }

    [Fact]
    public void Per_noun_root_that_disagrees_with_the_header_is_1_8_and_keeps_the_header()
    {
        var xml = $"<w:CreateEndDeviceControls xmlns:w=\"{EdcWrapper}\" xmlns:msg=\"{Msg}\">{HeaderXml("cancel")}</w:CreateEndDeviceControls>";
        var result = Read(xml);
        AssertError(result, ReplyCode.SchemaInvalid, "CreateEndDeviceControls", "Header/Verb");
        Assert.Equal("cancel", result.Header!.Verb);
        Assert.Equal(EnvelopeStyle.PerNoun, result.Framing.Style);

        var nounMismatch = Read($"<w:CreateEndDeviceControls xmlns:w=\"{EdcWrapper}\" xmlns:msg=\"{Msg}\">{HeaderXml("create", "MeterConfig")}</w:CreateEndDeviceControls>");
        AssertError(nounMismatch, ReplyCode.SchemaInvalid, "Header/Noun");
    }

    [Fact]
    public void Bad_dateTime_is_1_8_naming_the_element_and_the_header_is_recovered()
    {
        var result = Read(Generic("RequestMessage", HeaderXml(extra: "<msg:Timestamp>yesterday</msg:Timestamp>")));
        AssertError(result, ReplyCode.SchemaInvalid, "Header/Timestamp", "yesterday");
        Assert.Equal("Header/Timestamp", result.Error!.XPath);
        Assert.NotNull(result.Header);
        Assert.Equal("m-1", result.Header.MessageID);
        Assert.Equal("create", result.Header.Verb);
        Assert.Null(result.Header.Timestamp);
    }

    [Fact]
    public void Bad_values_are_1_8_naming_the_element()
    {
        AssertError(Read(Generic("RequestMessage", HeaderXml(extra: "<msg:AckRequired>yes</msg:AckRequired>"))), ReplyCode.SchemaInvalid, "Header/AckRequired");
        AssertError(Read(Generic("RequestMessage", HeaderXml() + "<msg:Request><msg:StartTime>2026-13-01T00:00:00Z</msg:StartTime></msg:Request>")),
            ReplyCode.SchemaInvalid, "Request/StartTime");
        AssertError(Read(Generic("ResponseMessage", HeaderXml("reply") + "<msg:Reply><msg:Result>MAYBE</msg:Result></msg:Reply>")),
            ReplyCode.SchemaInvalid, "Reply/Result");
        AssertError(Read(Generic("ResponseMessage", HeaderXml("reply") + "<msg:Reply><msg:Result>OK</msg:Result><msg:operationId>x</msg:operationId></msg:Reply>")),
            ReplyCode.SchemaInvalid, "Reply/operationId");
        AssertError(Read(Generic("RequestMessage", HeaderXml() + "<msg:Request><msg:ID kind=\"serial\">1</msg:ID></msg:Request>")),
            ReplyCode.SchemaInvalid, "kind");
    }

    [Fact]
    public void Structure_errors_are_1_8()
    {
        AssertError(Read(Generic("RequestMessage", HeaderXml() + "<msg:Reply><msg:Result>OK</msg:Result></msg:Reply>")), ReplyCode.SchemaInvalid, "Reply");
        AssertError(Read(Generic("ResponseMessage", HeaderXml("reply"))), ReplyCode.SchemaInvalid, "Reply");
        AssertError(Read(Generic("RequestMessage", "<msg:Payload/>" + HeaderXml())), ReplyCode.SchemaInvalid, "out of order");
        AssertError(Read(Generic("RequestMessage", HeaderXml(extra: "<msg:Source>a</msg:Source><msg:Revision>1</msg:Revision>"))), ReplyCode.SchemaInvalid, "Header/Revision");
        AssertError(Read(Generic("RequestMessage", HeaderXml(extra: "<msg:Source>a</msg:Source><msg:Source>b</msg:Source>"))), ReplyCode.SchemaInvalid, "more than once");
        AssertError(Read(Generic("RequestMessage", HeaderXml(extra: "<msg:Colour>red</msg:Colour>"))), ReplyCode.SchemaInvalid, "Colour");
        AssertError(Read(Generic("RequestMessage", "<msg:Header><Verb>get</Verb><Noun>MeterReadings</Noun></msg:Header>")), ReplyCode.SchemaInvalid, "no namespace");
        AssertError(Read(Generic("FaultMessage", HeaderXml() + "<msg:Reply><msg:Result>FAILED</msg:Result></msg:Reply>")), ReplyCode.SchemaInvalid, "Header");
    }

    [Fact]
    public void Soap_envelope_without_a_message_is_1_8_with_soap_framing()
    {
        var result = Read($"<s:Envelope xmlns:s=\"{CimNamespaces.Soap11}\"><s:Body/></s:Envelope>");
        AssertError(result, ReplyCode.SchemaInvalid, "Body");
        Assert.Equal(SoapVersion.Soap11, result.Framing.Soap);
    }

    [Fact]
    public void Framing_is_detected_even_when_the_message_is_bad()
    {
        var xml = $"<s:Envelope xmlns:s=\"{CimNamespaces.Soap12}\"><s:Body><w:CreateEndDeviceControls xmlns:w=\"{EdcWrapper}\" xmlns:msg=\"{Msg}\">"
            + "<w:Header><msg:Verb>create</msg:Verb></w:Header></w:CreateEndDeviceControls></s:Body></s:Envelope>";
        var result = Read(xml);
        AssertError(result, ReplyCode.HeaderMissing, "Noun");
        Assert.Equal(new MessageFraming(EnvelopeStyle.PerNoun, SoapVersion.Soap12), result.Framing);
        Assert.Equal(MessageKind.Request, result.Kind);
    }

    [Fact]
    public void Bad_base64_or_gzip_in_Compressed_is_1_8_with_the_header()
    {
        var badBase64 = Read(Generic("EventMessage", HeaderXml("created", "EndDeviceEvents") + "<msg:Payload><msg:Compressed>!!!not base64!!!</msg:Compressed></msg:Payload>"));
        AssertError(badBase64, ReplyCode.SchemaInvalid, "base64");
        Assert.NotNull(badBase64.Header);

        var notGzip = Convert.ToBase64String(Utf8("<m:X xmlns:m=\"urn:x\"/>"));
        var badGzip = Read(Generic("EventMessage", HeaderXml("created", "EndDeviceEvents") + $"<msg:Payload><msg:Compressed>{notGzip}</msg:Compressed></msg:Payload>"));
        AssertError(badGzip, ReplyCode.SchemaInvalid, "gzip");
        Assert.Equal("Payload/Compressed", badGzip.Error!.XPath);
    }

    [Fact]
    public void Malformed_compressed_xml_is_1_8()
    {
        var gzip = Convert.ToBase64String(CompressedBytes("<m:X xmlns:m=\"urn:x\"><m:Y></m:X>"));
        var result = Read(Generic("EventMessage", HeaderXml("created", "EndDeviceEvents") + $"<msg:Payload><msg:Compressed>{gzip}</msg:Compressed></msg:Payload>"));
        AssertError(result, ReplyCode.SchemaInvalid, "Payload/Compressed");
    }

    [Fact]
    public void Compressed_document_with_an_xml_declaration_without_encoding_is_read()
    {
        var gzip = Convert.ToBase64String(CompressedBytes("<?xml version=\"1.0\"?>\n" + EndDeviceEvents()));
        var result = Read(Generic("EventMessage", HeaderXml("created", "EndDeviceEvents") + $"<msg:Payload><msg:Compressed>{gzip}</msg:Compressed></msg:Payload>"));
        Assert.True(result.Success, result.Error?.Message);
        Assert.Single(result.Message.Payload!.Documents);
    }

    [Fact]
    public async Task ReadAsync_reads_a_body_that_is_not_seekable()
    {
        var bytes = Utf8(Generic("RequestMessage", HeaderXml()));
        using var stream = new GeneratedStream(bytes, [(byte)' '], bytes.Length);
        var result = await CimMessageReader.ReadAsync(stream);
        Assert.True(result.Success, result.Error?.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(10L)]
    [InlineData(300_000L)]
    [InlineData(64L * 1024 * 1024)]
    public async Task ReadAsync_reads_a_body_larger_than_its_first_buffer_whatever_the_length_hint_says(long? hint)
    {
        var bytes = Utf8(Generic("RequestMessage", HeaderXml(noun: "MeterReadings")));
        using var stream = new GeneratedStream(bytes, [(byte)' '], bytes.Length + 3_000_000L);

        var result = await CimMessageReader.ReadAsync(stream, lengthHint: hint);

        Assert.True(result.Success, result.Error?.Message);
        Assert.Equal("MeterReadings", result.Header?.Noun);
        Assert.Equal(bytes.Length + 3_000_000L, stream.Served);
    }

    internal static byte[] CompressedBytes(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Utf8(text));
        }

        return buffer.ToArray();
    }
}
