using System.IO.Compression;
using System.Text;
using Orleans.Metering.Cim.Codes;
using Orleans.Metering.Cim.Messages;
using Orleans.Metering.Cim.Xml;
using static Orleans.Metering.Cim.Tests.Messages.TestMessages;

namespace Orleans.Metering.Cim.Tests.Messages;

/// <summary>Hostile input: each is answered with the right code, quickly, without expanding or buffering it.</summary>
public class HostileXmlTests
{
    private static readonly string Prologue = "<?xml version=\"1.0\" encoding=\"utf-8\"?>";

    private static string BigHeader => "<msg:Header><msg:Verb>created</msg:Verb><msg:Noun>EndDeviceEvents</msg:Noun><msg:MessageID>big-1</msg:MessageID></msg:Header>";

    [Fact]
    public void Billion_laughs_is_1_8_because_DTDs_are_prohibited()
    {
        var dtd = new StringBuilder("<!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (var i = 1; i <= 9; i++)
        {
            dtd.Append($"<!ENTITY lol{i} \"");
            for (var j = 0; j < 10; j++) dtd.Append(i == 1 ? "&lol;" : $"&lol{i - 1};");
            dtd.Append("\">");
        }

        dtd.Append("]>");
        var xml = Prologue + dtd + $"<msg:RequestMessage xmlns:msg=\"{Msg}\">" + HeaderXml(extra: "<msg:Comment>&lol9;</msg:Comment>") + "</msg:RequestMessage>";

        var result = Read(xml);
        AssertError(result, ReplyCode.SchemaInvalid, "DTD");
        Assert.Null(result.Header);
        AssertError(ReadBytes(Utf8(xml)), ReplyCode.SchemaInvalid, "DTD");
    }

    [Fact]
    public void External_entity_is_1_8_and_the_file_is_never_read()
    {
        var secretFile = Path.Combine(Path.GetTempPath(), "cim-xxe-" + Guid.NewGuid().ToString("N") + ".txt");
        const string secret = "TOP-SECRET-4711";
        File.WriteAllText(secretFile, secret);
        try
        {
            var uri = new Uri(secretFile).AbsoluteUri;
            var xml = Prologue + $"<!DOCTYPE msg:RequestMessage [<!ENTITY xxe SYSTEM \"{uri}\">]>"
                + $"<msg:RequestMessage xmlns:msg=\"{Msg}\">" + HeaderXml(extra: "<msg:Comment>&xxe;</msg:Comment>") + "</msg:RequestMessage>";

            var result = ReadBytes(Utf8(xml));
            AssertError(result, ReplyCode.SchemaInvalid);
            Assert.DoesNotContain(secret, result.Error!.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, result.Error.ToString(), StringComparison.Ordinal);
            Assert.Null(result.Header);

            // External DTD (parameter entity) likewise.
            var externalDtd = Prologue + $"<!DOCTYPE x SYSTEM \"{uri}\"><x/>";
            AssertError(Read(externalDtd), ReplyCode.SchemaInvalid, "DTD");
        }
        finally
        {
            File.Delete(secretFile);
        }
    }

    [Fact]
    public void Undeclared_entity_reference_is_1_8()
    {
        var result = Read(Generic("RequestMessage", HeaderXml(extra: "<msg:Comment>&xxe;</msg:Comment>")));
        AssertError(result, ReplyCode.SchemaInvalid, "ntit");
    }

    [Fact]
    public void Predefined_entities_and_character_references_are_fine()
    {
        var result = Read(Generic("RequestMessage", HeaderXml(extra: "<msg:Source>a &amp; b &#x41;&#66;</msg:Source>")));
        Assert.True(result.Success, result.Error?.Message);
        Assert.Equal("a & b AB", result.Message.Header!.Source);
    }

    [Fact]
    public void Oversized_body_is_3_1_without_reading_it_all()
    {
        var prefix = Utf8(Prologue + $"<msg:EventMessage xmlns:msg=\"{Msg}\">{BigHeader}<msg:Payload><m:EndDeviceEvents xmlns:m=\"http://iec.ch/TC57/2011/EndDeviceEvents#\"><m:x>");
        using var endless = new GeneratedStream(prefix, Utf8("lorem ipsum dolor sit amet "));

        var result = CimMessageReader.Read(endless);

        AssertError(result, ReplyCode.TooManyItems, XmlLimits.Default.MaxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(endless.Served <= XmlLimits.Default.MaxBytes + 1024 * 1024, $"served {endless.Served}");
        // The Header was complete before the limit was hit: the answer can echo it.
        Assert.Equal("big-1", result.Header!.MessageID);
        Assert.Equal(MessageKind.Event, result.Kind);
    }

    [Fact]
    public void Oversized_body_with_small_limits_via_seekable_stream_and_string_is_3_1()
    {
        var limits = new XmlLimits(MaxBytes: 1024);
        var xml = Generic("RequestMessage", HeaderXml(extra: "<msg:Comment>" + new string('x', 4096) + "</msg:Comment>"));
        AssertError(Read(xml, limits), ReplyCode.TooManyItems, "1024");
        AssertError(ReadBytes(Utf8(xml), limits), ReplyCode.TooManyItems, "1024");
    }

    [Fact]
    public async Task Oversized_body_read_async_is_3_1_without_reading_it_all()
    {
        using var endless = new GeneratedStream(Utf8(Prologue + "<msg:EventMessage>"), Utf8("<a/>"));
        var limits = new XmlLimits(MaxBytes: 1024 * 1024);

        var result = await CimMessageReader.ReadAsync(endless, limits);

        AssertError(result, ReplyCode.TooManyItems, "1048576");
        Assert.True(endless.Served <= limits.MaxBytes + 128 * 1024);
    }

    [Fact]
    public void Too_deep_nesting_is_3_1_and_the_header_is_recovered()
    {
        var deep = new StringBuilder();
        for (var i = 0; i < 200; i++) deep.Append("<m:n>");
        for (var i = 0; i < 200; i++) deep.Append("</m:n>");
        var xml = Prologue + $"<msg:EventMessage xmlns:msg=\"{Msg}\" xmlns:m=\"http://iec.ch/TC57/2011/EndDeviceEvents#\">{BigHeader}<msg:Payload>{deep}</msg:Payload></msg:EventMessage>";

        var result = Read(xml);

        AssertError(result, ReplyCode.TooManyItems, "64");
        Assert.Equal("big-1", result.Header!.MessageID);
    }

    [Fact]
    public void Deep_nesting_within_the_limit_is_accepted()
    {
        var limits = new XmlLimits(MaxDepth: 10);
        // RequestMessage(1)/Header(2)/Verb(3): fine at 10; a payload 8 deep reaches 10.
        var payload = string.Concat(Enumerable.Repeat("<m:n xmlns:m=\"urn:x\">", 8)) + string.Concat(Enumerable.Repeat("</m:n>", 8));
        Assert.True(Read(Generic("RequestMessage", HeaderXml() + "<msg:Payload>" + payload + "</msg:Payload>"), limits).Success);
        var tooDeep = string.Concat(Enumerable.Repeat("<m:n xmlns:m=\"urn:x\">", 9)) + string.Concat(Enumerable.Repeat("</m:n>", 9));
        AssertError(Read(Generic("RequestMessage", HeaderXml() + "<msg:Payload>" + tooDeep + "</msg:Payload>"), limits), ReplyCode.TooManyItems, "10");
    }

    [Fact]
    public void An_element_with_more_attributes_than_the_limit_is_3_1_and_up_to_it_is_read()
    {
        // 100,000 attributes in about 1 MB made loading take seconds; the reader now stops at the element.
        var many = string.Concat(Enumerable.Range(0, 100_000).Select(i => $" a{i}=\"1\""));
        var payload = $"<m:EndDeviceEvents xmlns:m=\"http://iec.ch/TC57/2011/EndDeviceEvents#\"{many}/>";

        var result = Read(Generic("RequestMessage", HeaderXml() + "<msg:Payload>" + payload + "</msg:Payload>"));

        AssertError(result, ReplyCode.TooManyItems, "100001 attributes");
        var limits = new XmlLimits(MaxAttributesPerElement: 4);
        var four = "<m:n xmlns:m=\"urn:x\" a=\"1\" b=\"2\" c=\"3\"/>";
        Assert.True(Read(Generic("RequestMessage", HeaderXml() + "<msg:Payload>" + four + "</msg:Payload>"), limits).Success);
        AssertError(Read(Generic("RequestMessage", HeaderXml() + "<msg:Payload>" + four.Replace("/>", " d=\"4\"/>", StringComparison.Ordinal) + "</msg:Payload>"), limits), ReplyCode.TooManyItems, "limit is 4");
    }

    [Fact]
    public void Too_many_elements_is_3_1()
    {
        var limits = new XmlLimits(MaxElements: 1000);
        var many = string.Concat(Enumerable.Repeat("<m:e/>", 2000));
        var xml = Prologue + $"<msg:EventMessage xmlns:msg=\"{Msg}\" xmlns:m=\"http://iec.ch/TC57/2011/EndDeviceEvents#\">{BigHeader}<msg:Payload><m:EndDeviceEvents>{many}</m:EndDeviceEvents></msg:Payload></msg:EventMessage>";

        var result = Read(xml, limits);

        AssertError(result, ReplyCode.TooManyItems, "1000");
        Assert.Equal("big-1", result.Header!.MessageID);
    }

    [Fact]
    public void Too_many_elements_with_default_limits_is_3_1_from_a_lazy_stream()
    {
        var prefix = Utf8(Prologue + $"<msg:EventMessage xmlns:msg=\"{Msg}\">{BigHeader}<msg:Payload><m:EndDeviceEvents xmlns:m=\"urn:x\">");
        using var endless = new GeneratedStream(prefix, Utf8("<m:e/>"));

        var result = CimMessageReader.Read(endless);

        AssertError(result, ReplyCode.TooManyItems, "1000000");
    }

    [Fact]
    public void Gzip_bomb_in_Compressed_is_3_1_and_the_header_is_recovered()
    {
        // 80 MB of text compresses to well under a megabyte; the default limit allows 64 MiB decompressed.
        byte[] bomb;
        using (var buffer = new MemoryStream())
        {
            using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
            {
                gzip.Write(Utf8("<m:EndDeviceEvents xmlns:m=\"http://iec.ch/TC57/2011/EndDeviceEvents#\"><m:x>"));
                var chunk = new byte[1024 * 1024];
                Array.Fill(chunk, (byte)'a');
                for (var i = 0; i < 80; i++) gzip.Write(chunk);
                gzip.Write(Utf8("</m:x></m:EndDeviceEvents>"));
            }

            bomb = buffer.ToArray();
        }

        Assert.True(bomb.Length < XmlLimits.Default.MaxBytes / 4);
        var xml = Prologue + $"<msg:EventMessage xmlns:msg=\"{Msg}\">{BigHeader}<msg:Payload><msg:Compressed>{Convert.ToBase64String(bomb)}</msg:Compressed></msg:Payload></msg:EventMessage>";

        var result = Read(xml);

        AssertError(result, ReplyCode.TooManyItems, XmlLimits.Default.MaxDecompressedBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("Payload/Compressed", result.Error!.XPath);
        Assert.Equal("big-1", result.Header!.MessageID);
    }

    [Fact]
    public void Gzip_bomb_of_elements_under_small_limits_is_3_1()
    {
        var limits = new XmlLimits(MaxDecompressedBytes: 64 * 1024);
        var inner = "<m:E xmlns:m=\"urn:x\">" + string.Concat(Enumerable.Repeat("<m:e>aaaaaaaa</m:e>", 20_000)) + "</m:E>";
        var gzip = Convert.ToBase64String(CimMessageReaderTests.CompressedBytes(inner));
        var result = Read(Generic("EventMessage", HeaderXml("created", "EndDeviceEvents") + $"<msg:Payload><msg:Compressed>{gzip}</msg:Compressed></msg:Payload>"), limits);
        AssertError(result, ReplyCode.TooManyItems, "65536");
    }

    [Theory]
    [InlineData("<msg:RequestMessage xmlns:msg=\"http://iec.ch/TC57/2011/schema/message\"><msg:Header>")]
    [InlineData("<msg:RequestMessage xmlns:msg=\"http://iec.ch/TC57/2011/schema/message\"></msg:ResponseMessage>")]
    [InlineData("not xml at all")]
    [InlineData("")]
    [InlineData("<a><b></a>")]
    [InlineData("<msg:RequestMessage xmlns:msg=\"http://iec.ch/TC57/2011/schema/message\" a=\"1\" a=\"2\"/>")]
    [InlineData("<undeclared:RequestMessage/>")]
    public void Malformed_xml_is_1_8(string xml)
    {
        var result = Read(xml);
        AssertError(result, ReplyCode.SchemaInvalid);
        Assert.Null(result.Header);
        AssertError(ReadBytes(Utf8(xml)), ReplyCode.SchemaInvalid);
    }

    [Fact]
    public void Invalid_utf8_is_1_8()
    {
        var bytes = Utf8(Generic("RequestMessage", HeaderXml(extra: "<msg:Source>X</msg:Source>")));
        var at = Array.IndexOf(bytes, (byte)'X');
        bytes[at] = 0xC3;
        AssertError(ReadBytes(bytes), ReplyCode.SchemaInvalid);
    }

    [Fact]
    public void A_limit_smaller_than_the_first_read_is_3_1()
    {
        using var stream = new GeneratedStream(Utf8("<a>"), Utf8("x"));
        AssertError(CimMessageReader.Read(stream, new XmlLimits(MaxBytes: 2)), ReplyCode.TooManyItems);
    }

    [Fact]
    public void Hardened_loader_refuses_with_cim_exceptions()
    {
        var e = Assert.Throws<CimException>(() => HardenedXml.LoadElement("<!DOCTYPE x [<!ENTITY a \"b\">]><x>&a;</x>"));
        Assert.Equal(ReplyCode.SchemaInvalid, e.Code);
        var deep = Assert.Throws<CimException>(() => HardenedXml.LoadElement("<a><a><a><a/></a></a></a>", new XmlLimits(MaxDepth: 3)));
        Assert.Equal(ReplyCode.TooManyItems, deep.Code);
        using var stream = new MemoryStream(Utf8("<a><b/><b/></a>"));
        Assert.Equal(2, HardenedXml.LoadElement(stream).Elements().Count());
    }
}
