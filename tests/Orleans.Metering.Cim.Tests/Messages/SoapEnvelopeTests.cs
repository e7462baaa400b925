using System.Text;
using System.Xml.Linq;
using Orleans.Metering.Cim.Codes;
using Orleans.Metering.Cim.Messages;
using static Orleans.Metering.Cim.Tests.Messages.TestMessages;

namespace Orleans.Metering.Cim.Tests.Messages;

/// <summary>The SOAP Envelope and the 61968-100 envelope refuse repeated and unknown parts; mustUnderstand header blocks give a SOAP fault.</summary>
public sealed class SoapEnvelopeTests
{
    private const string Soap11 = CimNamespaces.Soap11;
    private const string Soap12 = CimNamespaces.Soap12;

    private static string Message(string header = "") =>
        $"<msg:RequestMessage xmlns:msg=\"{Msg}\">{HeaderXml()}{header}</msg:RequestMessage>";

    private static string Envelope(string ns, string content) => $"<s:Envelope xmlns:s=\"{ns}\">{content}</s:Envelope>";

    [Theory]
    [InlineData(Soap11)]
    [InlineData(Soap12)]
    public void Two_SOAP_bodies_are_refused(string ns)
    {
        var result = Read(Envelope(ns, $"<s:Body>{Message()}</s:Body><s:Body>{Message()}</s:Body>"));

        AssertError(result, ReplyCode.SchemaInvalid, "second Body");
        Assert.Equal("Envelope/Body", result.Error!.XPath);
    }

    [Theory]
    [InlineData("<s:Header/><s:Header/><s:Body>{0}</s:Body>", "second Header", "Envelope/Header")]
    [InlineData("<s:Body>{0}</s:Body><s:Header/>", "Header after its Body", "Envelope/Header")]
    [InlineData("<s:Body>{0}</s:Body><s:Trailer/>", "Unexpected element Trailer", "Envelope/Trailer")]
    [InlineData("<s:Body>{0}{0}</s:Body>", "more than one element", "Envelope/Body/RequestMessage")]
    [InlineData("<s:Body>text{0}</s:Body>", "holds text", "Envelope/Body")]
    [InlineData("<s:Header/>", "no Body", "Envelope/Body")]
    public void A_SOAP_Envelope_other_than_one_Header_then_one_Body_is_refused(string content, string reason, string xpath)
    {
        var result = Read(Envelope(Soap12, string.Format(System.Globalization.CultureInfo.InvariantCulture, content, Message())));

        AssertError(result, ReplyCode.SchemaInvalid, reason);
        Assert.Equal(xpath, result.Error!.XPath);
        Assert.Empty(result.NotUnderstood);
    }

    [Theory]
    [InlineData("<msg:Header><msg:Verb>create</msg:Verb><msg:Noun>EndDeviceControls</msg:Noun></msg:Header>", "RequestMessage/Header")]
    [InlineData("<msg:Verb>x</msg:Verb>", "Header/Verb")]
    [InlineData("<msg:Payload/><msg:Payload/>", "RequestMessage/Payload")]
    [InlineData("<msg:Request/><msg:Request/>", "RequestMessage/Request")]
    public void Repeated_envelope_parts_are_refused(string extra, string xpath)
    {
        var xml = extra.StartsWith("<msg:Verb>", StringComparison.Ordinal)
            ? $"<msg:RequestMessage xmlns:msg=\"{Msg}\"><msg:Header><msg:Verb>create</msg:Verb>{extra}<msg:Noun>EndDeviceControls</msg:Noun></msg:Header></msg:RequestMessage>"
            : Message(extra);

        var result = Read(xml);

        AssertError(result, ReplyCode.SchemaInvalid);
        Assert.Equal(xpath, result.Error!.XPath);
    }

    [Theory]
    [InlineData("<msg:Noun>EndDeviceControls</msg:Noun>", "Header/Noun")]
    [InlineData("<msg:MessageID>m-2</msg:MessageID>", "Header/MessageID")]
    [InlineData("<msg:Unknown>u</msg:Unknown>", "Header/Unknown")]
    public void Repeated_or_unknown_Header_fields_are_refused(string extra, string xpath)
    {
        var result = Read($"<msg:RequestMessage xmlns:msg=\"{Msg}\">{HeaderXml().Replace("</msg:Header>", extra + "</msg:Header>", StringComparison.Ordinal)}</msg:RequestMessage>");

        AssertError(result, ReplyCode.SchemaInvalid);
        Assert.Equal(xpath, result.Error!.XPath);
    }

    [Theory]
    [InlineData(Soap11, "1")]
    [InlineData(Soap11, "true")]
    [InlineData(Soap12, "true")]
    [InlineData(Soap12, "1")]
    public void A_mustUnderstand_header_block_is_not_understood(string ns, string value)
    {
        var result = Read(Envelope(ns, $"<s:Header><w:Security xmlns:w=\"urn:wss\" s:mustUnderstand=\"{value}\"/></s:Header><s:Body>{Message()}</s:Body>"));

        Assert.False(result.Success);
        Assert.Equal([XName.Get("Security", "urn:wss")], result.NotUnderstood);
        Assert.Equal(ns == Soap11 ? SoapVersion.Soap11 : SoapVersion.Soap12, result.Framing.Soap);
    }

    [Theory]
    [InlineData(Soap11, "<w:Trace xmlns:w=\"urn:t\"/>")]
    [InlineData(Soap11, "<w:Trace xmlns:w=\"urn:t\" s:mustUnderstand=\"0\"/>")]
    [InlineData(Soap11, "<w:Trace xmlns:w=\"urn:t\" s:mustUnderstand=\"1\" s:actor=\"urn:somebody-else\"/>")]
    [InlineData(Soap12, "<w:Trace xmlns:w=\"urn:t\" s:mustUnderstand=\"false\"/>")]
    [InlineData(Soap12, "<w:Trace xmlns:w=\"urn:t\" s:mustUnderstand=\"true\" s:role=\"http://www.w3.org/2003/05/soap-envelope/role/none\"/>")]
    public void Other_header_blocks_are_ignored(string ns, string block)
    {
        var result = Read(Envelope(ns, $"<s:Header>{block}</s:Header><s:Body>{Message()}</s:Body>"));

        Assert.True(result.Success, result.Error?.Message);
        Assert.Empty(result.NotUnderstood);
    }

    [Fact]
    public void The_SOAP_1_1_fault_has_faultcode_MustUnderstand()
    {
        var fault = XElement.Parse(Encoding.UTF8.GetString(SoapFaults.MustUnderstand(SoapVersion.Soap11, [XName.Get("Security", "urn:wss")])));
        XNamespace s = Soap11;

        var element = fault.Element(s + "Body")!.Element(s + "Fault")!;
        Assert.Equal(s + "MustUnderstand", QName(element.Element("faultcode")!, element.Element("faultcode")!.Value));
        Assert.Contains("{urn:wss}Security", element.Element("faultstring")!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void The_SOAP_1_2_fault_has_Code_MustUnderstand_and_a_NotUnderstood_block()
    {
        var fault = XElement.Parse(Encoding.UTF8.GetString(SoapFaults.MustUnderstand(SoapVersion.Soap12, [XName.Get("Security", "urn:wss")])));
        XNamespace s = Soap12;

        var value = fault.Element(s + "Body")!.Element(s + "Fault")!.Element(s + "Code")!.Element(s + "Value")!;
        Assert.Equal(s + "MustUnderstand", QName(value, value.Value));
        var notUnderstood = fault.Element(s + "Header")!.Element(s + "NotUnderstood")!;
        Assert.Equal(XName.Get("Security", "urn:wss"), QName(notUnderstood, (string)notUnderstood.Attribute("qname")!));
    }

    /// <summary>A prefixed QName resolved in the scope of <paramref name="scope"/>.</summary>
    private static XName QName(XElement scope, string prefixed)
    {
        var parts = prefixed.Split(':');
        return scope.GetNamespaceOfPrefix(parts[0])! + parts[1];
    }
}
