using System.Xml.Linq;
using Orleans.Metering.Cim.Codes;
using Orleans.Metering.Cim.Documents;

namespace Orleans.Metering.Cim.Tests.Documents;

public class MeterConfigDocumentTests
{
    private static readonly XNamespace M = "http://iec.ch/TC57/2011/MeterConfig#";

    internal static MeterConfigDocument Full() => new()
    {
        Meters =
        [
            new MeterAsset
            {
                MRID = "c0a8f2d4-0001-4000-8000-000000000001",
                Names = [new CimName("SN-778899", "SerialNumber", "ACME"), new CimName("MTR-0001")],
                AmrSystem = "HES-1",
                FormNumber = "2S",
                IsVirtual = false,
                SerialNumber = "778899",
                TimeZoneOffset = -300,
                Type = "ElectricMeter",
                UtcNumber = "UTC-42",
                Status = new CimStatus("installed", new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero), "new", "first install"),
                Lifecycle = new MeterLifecycle
                {
                    InstallationDate = new DateOnly(2024, 1, 2),
                    ManufacturedDate = new DateOnly(2023, 6, 1),
                    PurchaseDate = new DateOnly(2023, 9, 15),
                    ReceivedDate = new DateOnly(2023, 10, 1),
                    RemovalDate = new DateOnly(2034, 1, 2),
                    RetiredDate = new DateOnly(2035, 1, 2),
                },
                Model = new MeterModel
                {
                    ModelNumber = "E350",
                    ModelVersion = "2.1",
                    ManufacturerName = "Landis+Gyr",
                    ConnectDisconnectCapable = true,
                },
                ConfigurationEffectiveDateTime = new DateTimeOffset(2024, 1, 2, 0, 0, 0, TimeSpan.Zero),
                ComFunctionRefs = ["com-1"],
                ConnectDisconnectFunctionRefs = ["cdf-1", "cdf-2"],
                SimpleEndDeviceFunctionRefs = ["sedf-1"],
            },
            new MeterAsset { MRID = "second", IsVirtual = true },
        ],
    };

    [Fact]
    public void Fully_populated_document_round_trips()
    {
        var doc = Full();
        DocumentAssert.FullyPopulated(doc.Meters[0]);

        var xml = doc.ToXml();
        var back = MeterConfigDocument.FromXml(XElement.Parse(xml.ToString()));

        DocumentAssert.DeepEqual(doc, back);
        Assert.True(XNode.DeepEquals(xml, back.ToXml()));
        Envelopes.Save("MeterConfig_full", Envelopes.Event("created", "MeterConfig", xml));
        Envelopes.Save("MeterConfig_full_create", Envelopes.RequestWithPayload("create", "MeterConfig", xml));
    }

    [Fact]
    public void Minimal_documents_round_trip()
    {
        foreach (var doc in new[] { new MeterConfigDocument(), new MeterConfigDocument { Meters = [new MeterAsset()] }, new MeterConfigDocument { Meters = [new MeterAsset { MRID = "m1" }] } })
        {
            var xml = doc.ToXml();
            var back = MeterConfigDocument.FromXml(xml);

            DocumentAssert.DeepEqual(doc, back);
            Envelopes.Save("MeterConfig_minimal", Envelopes.Event("created", "MeterConfig", xml));
        }
    }

    [Fact]
    public void Written_in_schema_order_with_prefix_m()
    {
        var xml = Full().ToXml();
        var meter = xml.Element(M + "Meter")!;

        Assert.StartsWith("<m:MeterConfig xmlns:m=\"http://iec.ch/TC57/2011/MeterConfig#\">", xml.ToString(), StringComparison.Ordinal);
        Assert.Equal(
            ["mRID", "amrSystem", "formNumber", "isVirtual", "serialNumber", "timeZoneOffset", "type", "utcNumber",
             "ConfigurationEvents", "ComFunction", "ConnectDisconnectFunction", "ConnectDisconnectFunction", "SimpleEndDeviceFunction",
             "EndDeviceInfo", "lifecycle", "Names", "Names", "status"],
            meter.Elements().Select(e => e.Name.LocalName));
        Assert.Equal("cdf-1", meter.Element(M + "ConnectDisconnectFunction")!.Attribute("ref")!.Value);
        Assert.Equal("Landis+Gyr", meter.Element(M + "EndDeviceInfo")!.Element(M + "AssetModel")!.Element(M + "Manufacturer")!.Element(M + "Names")!.Element(M + "name")!.Value);
        Assert.Equal("true", meter.Element(M + "EndDeviceInfo")!.Element(M + "capability")!.Element(M + "connectDisconnect")!.Value);
        Assert.Equal("2024-01-02", meter.Element(M + "lifecycle")!.Element(M + "installationDate")!.Value);
        Assert.Equal("-300", meter.Element(M + "timeZoneOffset")!.Value);
    }

    [Fact]
    public void Only_what_is_set_is_written()
    {
        var xml = new MeterConfigDocument { Meters = [new MeterAsset { SerialNumber = "1", Model = new MeterModel { ConnectDisconnectCapable = false } }] }.ToXml();

        Assert.Equal(
            "<m:MeterConfig xmlns:m=\"http://iec.ch/TC57/2011/MeterConfig#\"><m:Meter><m:serialNumber>1</m:serialNumber><m:EndDeviceInfo><m:capability><m:connectDisconnect>false</m:connectDisconnect></m:capability></m:EndDeviceInfo></m:Meter></m:MeterConfig>",
            xml.ToString(SaveOptions.DisableFormatting));
    }

    [Fact]
    public void Offsets_are_accepted_and_written_as_utc()
    {
        var doc = MeterConfigDocument.FromXml(XElement.Parse("""
            <m:MeterConfig xmlns:m="http://iec.ch/TC57/2011/MeterConfig#">
              <m:Meter>
                <m:mRID>m1</m:mRID>
                <m:ConfigurationEvents><m:effectiveDateTime>2024-05-01T00:00:00+02:00</m:effectiveDateTime></m:ConfigurationEvents>
                <m:status><m:dateTime>2024-05-01T06:30:00-04:00</m:dateTime><m:value>ok</m:value></m:status>
              </m:Meter>
            </m:MeterConfig>
            """));

        var meter = doc.Meters.Single();
        Assert.Equal(new DateTimeOffset(2024, 4, 30, 22, 0, 0, TimeSpan.Zero), meter.ConfigurationEffectiveDateTime);
        var xml = doc.ToXml();
        Assert.Equal("2024-04-30T22:00:00Z", xml.Descendants(M + "effectiveDateTime").Single().Value);
        Assert.Equal("2024-05-01T10:30:00Z", xml.Descendants(M + "dateTime").Single().Value);
        Envelopes.Save("MeterConfig_offsets", Envelopes.Event("changed", "MeterConfig", xml));
    }

    [Fact]
    public void Unmapped_elements_are_tolerated()
    {
        var doc = MeterConfigDocument.FromXml(XElement.Parse("""
            <m:MeterConfig xmlns:m="http://iec.ch/TC57/2011/MeterConfig#">
              <m:ComFunction><m:mRID>com-1</m:mRID><m:amrAddress>10.0.0.1</m:amrAddress></m:ComFunction>
              <m:Meter>
                <m:mRID>m1</m:mRID>
                <m:lotNumber>L7</m:lotNumber>
                <m:serialNumber>S1</m:serialNumber>
                <m:ComFunction/>
                <m:EndDeviceInfo><m:isSolidState>true</m:isSolidState><m:AssetModel><m:modelNumber>E1</m:modelNumber><m:usageKind>other</m:usageKind></m:AssetModel></m:EndDeviceInfo>
                <m:Seals><m:sealNumber>9</m:sealNumber></m:Seals>
              </m:Meter>
              <m:ReadingType><m:mRID>0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0</m:mRID><m:Names><m:name>kWh</m:name></m:Names></m:ReadingType>
            </m:MeterConfig>
            """));

        var meter = doc.Meters.Single();
        Assert.Equal("m1", meter.MRID);
        Assert.Equal("S1", meter.SerialNumber);
        Assert.Equal("E1", meter.Model!.ModelNumber);
        Assert.Null(meter.Model.ManufacturerName);
        Assert.Empty(meter.ComFunctionRefs);
    }

    [Fact]
    public void Wrong_root_or_namespace_is_schema_invalid()
    {
        foreach (var xml in new[]
        {
            "<m:EndDeviceEvents xmlns:m=\"http://iec.ch/TC57/2011/MeterConfig#\"/>",
            "<m:MeterConfig xmlns:m=\"http://iec.ch/TC57/2009/MeterConfig#\"/>",
            "<MeterConfig/>",
        })
        {
            var ex = Assert.Throws<CimException>(() => MeterConfigDocument.FromXml(XElement.Parse(xml)));
            Assert.Equal(ReplyCode.SchemaInvalid, ex.Code);
        }
    }

    [Theory]
    [InlineData("<m:isVirtual>maybe</m:isVirtual>", "Meter/isVirtual")]
    [InlineData("<m:timeZoneOffset>UTC+1</m:timeZoneOffset>", "Meter/timeZoneOffset")]
    [InlineData("<m:ConfigurationEvents><m:effectiveDateTime>2024-05-01</m:effectiveDateTime></m:ConfigurationEvents>", "Meter/ConfigurationEvents/effectiveDateTime")]
    [InlineData("<m:EndDeviceInfo><m:capability><m:connectDisconnect>yes</m:connectDisconnect></m:capability></m:EndDeviceInfo>", "Meter/EndDeviceInfo/capability/connectDisconnect")]
    [InlineData("<m:lifecycle><m:installationDate>2024-05-01T00:00:00Z</m:installationDate></m:lifecycle>", "Meter/lifecycle/installationDate")]
    [InlineData("<m:status><m:dateTime>now</m:dateTime></m:status>", "Meter/status/dateTime")]
    public void Bad_values_are_schema_invalid_naming_the_element(string content, string xpath)
    {
        var ex = Assert.Throws<CimException>(() => MeterConfigDocument.FromXml(XElement.Parse(
            $"<m:MeterConfig xmlns:m=\"http://iec.ch/TC57/2011/MeterConfig#\"><m:Meter><m:mRID>m-9</m:mRID>{content}</m:Meter></m:MeterConfig>")));

        Assert.Equal(ReplyCode.SchemaInvalid, ex.Code);
        Assert.Equal(xpath, ex.XPath);
        Assert.Equal("m-9", ex.ObjectId);
        Assert.Equal("Meter", ex.ObjectType);
    }

    [Fact]
    public void Fractional_time_zone_offset_is_an_invalid_value()
    {
        var ex = Assert.Throws<CimException>(() => MeterConfigDocument.FromXml(XElement.Parse(
            "<m:MeterConfig xmlns:m=\"http://iec.ch/TC57/2011/MeterConfig#\"><m:Meter><m:timeZoneOffset>60.5</m:timeZoneOffset></m:Meter></m:MeterConfig>")));

        Assert.Equal(ReplyCode.SchemaInvalid, ex.Code);
        Assert.Equal("Meter/timeZoneOffset", ex.XPath);
        Assert.Null(ex.ObjectId);
    }

    [Fact]
    public void A_name_without_name_is_a_missing_mandatory_field()
    {
        var ex = Assert.Throws<CimException>(() => MeterConfigDocument.FromXml(XElement.Parse(
            "<m:MeterConfig xmlns:m=\"http://iec.ch/TC57/2011/MeterConfig#\"><m:Meter><m:Names><m:NameType><m:name>t</m:name></m:NameType></m:Names></m:Meter></m:MeterConfig>")));

        Assert.Equal(ReplyCode.MandatoryFieldMissing, ex.Code);
        Assert.Equal("Meter/Names/name", ex.XPath);
    }
}
