using System.Globalization;
using System.Net;
using System.Text;
using Orleans.Metering.Cim;
using Orleans.Metering.Cim.Messages;
using static Orleans.Metering.Gateway.Tests.Messages;

namespace Orleans.Metering.Gateway.Tests;

/// <summary>
/// Characters XML cannot carry, in any field, over HTTP: the reader refuses them (1.8), and the reply
/// quoting the reader's reason must still be written — well-formed, in the request's framing, never a 500.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class UnwritableInputTests(PlatformFixture fixture)
{
    private const string Marker = "§";

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var field in new[] { "Verb", "Noun", "Source", "MessageID", "Comment", "mRID", "name" })
        {
            // Character references, then the same characters (and broken UTF-8) as raw bytes.
            foreach (var bad in new[] { "&#1;", "&#x1F;", "&#xFFFE;", "&#xFFFF;", "&#xD800;", "&#xDC00;", "raw:01", "raw:1B", "raw:EFBFBE", "raw:EDA080", "raw:FF", "raw:C0AF" })
            {
                data.Add(field, bad);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task An_unwritable_character_in_a_field_gets_a_well_formed_1_8(string field, string bad)
    {
        var (status, xml) = await fixture.Host.Post(Inject(Request(field), bad), $"unwritable-{field}-{Safe(bad)}");

        var read = AssertAnswer(status, xml);
        Assert.Equal(MessageFraming.Generic, read.Framing);
    }

    [Theory]
    [InlineData("MessageID", "&#1;")]
    [InlineData("mRID", "&#xFFFE;")]
    [InlineData("Source", "raw:01")]
    public async Task A_SOAP_request_with_an_unwritable_character_gets_its_answer_in_SOAP(string field, string bad)
    {
        var (status, xml) = await fixture.Host.Post(Inject(PerNoun(Request(field), CimNamespaces.Soap11), bad), $"unwritable-soap-{field}-{Safe(bad)}");

        var read = AssertAnswer(status, xml);
        Assert.Equal(SoapVersion.Soap11, read.Framing.Soap);
    }

    [Fact]
    public async Task A_UTF_16_body_with_a_lone_surrogate_gets_a_well_formed_1_8()
    {
        var xml = CreateMeter("MTR-" + Marker, NewId()).Replace("encoding=\"UTF-8\"", "encoding=\"UTF-16\"", StringComparison.Ordinal);
        var parts = xml.Split(Marker);
        var body = new byte[] { 0xFF, 0xFE }
            .Concat(Encoding.Unicode.GetBytes(parts[0])).Concat(new byte[] { 0x00, 0xD8 })
            .Concat(Encoding.Unicode.GetBytes(string.Join("x", parts[1..]))).ToArray();

        var (status, answer) = await fixture.Host.Post(body, "unwritable-utf16-lone-surrogate");

        AssertAnswer(status, answer);
    }

    private static CimMessage AssertAnswer(HttpStatusCode status, string xml)
    {
        Assert.True((int)status < 500, $"HTTP {(int)status}: {xml}");
        Assert.True(status is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"HTTP {(int)status}");
        var read = CimMessageReader.Read(xml);
        Assert.True(read.Success, read.Error?.Message + "\n" + xml);
        Assert.Equal(ReplyResult.FAILED, read.Message!.Reply!.Result);
        Assert.Equal("1.8", Assert.Single(read.Message.Reply.Error).Code);
        return read.Message;
    }

    /// <summary>A create MeterConfig with <see cref="Marker"/> where the bad character goes.</summary>
    private static string Request(string field)
    {
        var xml = CreateMeter(field == "mRID" ? "MTR-" + Marker : "MTR-" + NewId(), NewId());
        return field switch
        {
            "Verb" => xml.Replace("<msg:Verb>create", "<msg:Verb>create" + Marker, StringComparison.Ordinal),
            "Noun" => xml.Replace("<msg:Noun>MeterConfig", "<msg:Noun>MeterConfig" + Marker, StringComparison.Ordinal),
            "Source" => xml.Replace("<msg:Source>CIS", "<msg:Source>CIS" + Marker, StringComparison.Ordinal),
            "MessageID" => xml.Replace("<msg:MessageID>", "<msg:MessageID>" + Marker, StringComparison.Ordinal),
            "Comment" => xml.Replace("</msg:Header>", "<msg:Comment>note " + Marker + "</msg:Comment></msg:Header>", StringComparison.Ordinal),
            "name" => xml.Replace("<m:name>Meter", "<m:name>Meter " + Marker, StringComparison.Ordinal),
            _ => xml,
        };
    }

    /// <summary>The request as UTF-8 with <paramref name="bad"/> at the marker: a character reference as text, "raw:HEX" as bytes.</summary>
    private static byte[] Inject(string xml, string bad)
    {
        Assert.Contains(Marker, xml, StringComparison.Ordinal);
        var injected = bad.StartsWith("raw:", StringComparison.Ordinal) ? Convert.FromHexString(bad[4..]) : Encoding.ASCII.GetBytes(bad);
        var parts = xml.Split(Marker).Select(Encoding.UTF8.GetBytes).ToList();
        var body = new List<byte>(parts[0]);
        foreach (var part in parts.Skip(1))
        {
            body.AddRange(injected);
            body.AddRange(part);
        }

        return [.. body];
    }

    private static string Safe(string bad) => string.Concat(bad.Where(char.IsLetterOrDigit)).ToLower(CultureInfo.InvariantCulture);
}
