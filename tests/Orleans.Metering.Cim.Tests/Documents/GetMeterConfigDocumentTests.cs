using System.Xml.Linq;
using Orleans.Metering.Cim.Codes;
using Orleans.Metering.Cim.Documents;

namespace Orleans.Metering.Cim.Tests.Documents;

public class GetMeterConfigDocumentTests
{
    private static GetMeterConfigDocument Full() => new()
    {
        Meters = [new ObjectRef("m0", [new CimName("SN-1", "SerialNumber", "ACME")]), ObjectRef.ById("m1"), ObjectRef.ByName("SN-2")],
        UsagePoints = [new ObjectRef("up-1", [new CimName("UP one", "premise", "utility")])],
        EndDeviceGroups = [new ObjectRef("g-1", [new CimName("G", "group", "utility")])],
    };

    [Fact]
    public void Fully_populated_document_round_trips()
    {
        var doc = Full();
        DocumentAssert.FullyPopulated(doc);

        var xml = doc.ToXml();
        var back = GetMeterConfigDocument.FromXml(XElement.Parse(xml.ToString()));

        DocumentAssert.DeepEqual(doc, back);
        Assert.Equal(doc.Meters, back.Meters);
        Assert.Equal(["EndDeviceGroup", "Meter", "Meter", "Meter", "UsagePoint"], xml.Elements().Select(e => e.Name.LocalName));
        Envelopes.Save("GetMeterConfig_full", Envelopes.Get("MeterConfig", xml));
    }

    [Fact]
    public void Minimal_document_round_trips()
    {
        var xml = new GetMeterConfigDocument().ToXml();

        Assert.Equal("<m:GetMeterConfig xmlns:m=\"http://iec.ch/TC57/2011/GetMeterConfig#\" />", xml.ToString());
        DocumentAssert.DeepEqual(new GetMeterConfigDocument(), GetMeterConfigDocument.FromXml(xml));
        Envelopes.Save("GetMeterConfig_minimal", Envelopes.Get("MeterConfig", xml));
        Envelopes.Save("GetMeterConfig_one", Envelopes.Get("MeterConfig", new GetMeterConfigDocument { Meters = [ObjectRef.ById("m1")] }.ToXml()));
    }

    [Fact]
    public void Unmapped_criteria_are_tolerated()
    {
        var doc = GetMeterConfigDocument.FromXml(XElement.Parse("""
            <m:GetMeterConfig xmlns:m="http://iec.ch/TC57/2011/GetMeterConfig#">
              <m:Customer><m:mRID>c1</m:mRID><m:kind>residential</m:kind></m:Customer>
              <m:Meter><m:mRID>m1</m:mRID><m:amrSystem>HES</m:amrSystem></m:Meter>
              <m:UsagePointGroup><m:mRID>upg</m:mRID></m:UsagePointGroup>
            </m:GetMeterConfig>
            """));

        Assert.Equal([ObjectRef.ById("m1")], doc.Meters);
        Assert.Empty(doc.UsagePoints);
        Assert.Empty(doc.EndDeviceGroups);
    }

    [Fact]
    public void Wrong_root_is_schema_invalid()
    {
        var ex = Assert.Throws<CimException>(() => GetMeterConfigDocument.FromXml(new XElement(ProfileDocuments.Root(ProfileDocuments.MeterConfig))));

        Assert.Equal(ReplyCode.SchemaInvalid, ex.Code);
    }

    [Fact]
    public void A_name_without_name_is_a_missing_mandatory_field()
    {
        var ex = Assert.Throws<CimException>(() => GetMeterConfigDocument.FromXml(XElement.Parse(
            "<m:GetMeterConfig xmlns:m=\"http://iec.ch/TC57/2011/GetMeterConfig#\"><m:UsagePoint><m:Names/></m:UsagePoint></m:GetMeterConfig>")));

        Assert.Equal(ReplyCode.MandatoryFieldMissing, ex.Code);
        Assert.Equal("UsagePoint/Names/name", ex.XPath);
    }
}
