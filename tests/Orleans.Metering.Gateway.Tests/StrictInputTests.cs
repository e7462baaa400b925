using System.Net;
using System.Xml.Linq;
using Orleans.Metering.Cim;
using Orleans.Metering.Cim.Messages;
using static Orleans.Metering.Gateway.Tests.Messages;

namespace Orleans.Metering.Gateway.Tests;

/// <summary>Issue 19 over HTTP: payloads read as strictly as their profile, mustUnderstand SOAP headers faulted, text bounds.</summary>
[Collection(PlatformCollection.Name)]
public sealed class StrictInputTests(PlatformFixture fixture)
{
    private PlatformHost Host => fixture.Host;

    [Theory]
    [InlineData(CimNamespaces.Soap11, "text/xml", "faultcode")]
    [InlineData(CimNamespaces.Soap12, "application/soap+xml", "NotUnderstood")]
    public async Task A_mustUnderstand_SOAP_header_block_gets_the_MustUnderstand_fault_and_nothing_is_done(string soap, string contentType, string marker)
    {
        var meter = "MTR-" + NewId();
        var envelope = XElement.Parse(PerNoun(CreateMeter(meter, NewId()), soap));
        XNamespace s = soap;
        envelope.AddFirst(new XElement(s + "Header", new XElement(XName.Get("Security", "urn:wss"), new XAttribute(s + "mustUnderstand", "1"))));

        var (status, xml) = await Host.PostExpectingSoapFault(envelope.ToString(), contentType);

        Assert.Equal(HttpStatusCode.InternalServerError, status);
        var fault = Assert.Single(XElement.Parse(xml).Element(s + "Body")!.Elements());
        Assert.Equal(s + "Fault", fault.Name);
        Assert.Contains(marker, xml, StringComparison.Ordinal);
        var code = soap == CimNamespaces.Soap11 ? fault.Element("faultcode")!.Value : fault.Element(s + "Code")!.Element(s + "Value")!.Value;
        Assert.EndsWith(":MustUnderstand", code, StringComparison.Ordinal);
        var get = await Host.Exchange(CreateMeter(meter, NewId()), "must-understand-then-create");
        Assert.Equal(ReplyResult.OK, ReplyOf(get).Result);
    }

    [Fact]
    public async Task A_control_with_two_mRIDs_in_EndDevices_is_refused_with_1_8_naming_the_path()
    {
        var meter = "MTR-" + NewId();
        await Host.Exchange(CreateMeter(meter, NewId()), "create-for-two-mrids");
        var xml = Control(meter, "3.31.0.23", NewId()).Replace($"<m:mRID>{meter}</m:mRID>", $"<m:mRID>{meter}</m:mRID><m:mRID>OTHER</m:mRID>", StringComparison.Ordinal);

        var answer = await Host.Exchange(xml, "two-mrids");

        Assert.Equal(ReplyResult.FAILED, ReplyOf(answer).Result);
        var error = Assert.Single(ReplyOf(answer).Error);
        // Error/xpath is an xs:QName in the schema; a path goes into details (ReplyError.From).
        Assert.Equal(("1.8", "Location: EndDeviceControl/EndDevices/mRID"), (error.Code, error.Details));
        Assert.Empty(Events(answer));
    }

    [Fact]
    public async Task A_one_megabyte_mRID_is_refused_with_3_1()
    {
        var answer = await Host.Exchange(CreateMeter(new string('M', 1 << 20), NewId()), "megabyte-mrid");

        Assert.Equal(ReplyResult.FAILED, ReplyOf(answer).Result);
        var error = Assert.Single(ReplyOf(answer).Error);
        Assert.Equal(("3.1", "Location: Meter/mRID"), (error.Code, error.Details));
    }
}
