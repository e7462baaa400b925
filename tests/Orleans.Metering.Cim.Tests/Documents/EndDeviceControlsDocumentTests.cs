using System.Xml.Linq;
using Orleans.Metering.Cim.Codes;
using Orleans.Metering.Cim.Documents;

namespace Orleans.Metering.Cim.Tests.Documents;

public class EndDeviceControlsDocumentTests
{
    private static readonly XNamespace M = "http://iec.ch/TC57/2011/EndDeviceControls#";

    private static EndDeviceControl FullControl(EndDeviceActionKind kind) => new()
    {
        MRID = "ctl-1",
        DrProgramLevel = 2,
        DrProgramMandatory = true,
        IssuerID = "MDM",
        IssuerTrackingID = "track-77",
        Reason = "non-payment",
        Action = new EndDeviceAction
        {
            Kind = kind,
            Command = "disconnect",
            Duration = 90,
            DurationIndefinite = false,
            StartDateTime = new DateTimeOffset(2024, 6, 1, 12, 0, 0, TimeSpan.Zero),
        },
        ControlTypeRef = "3.31.0.23",
        EndDevices = [new ObjectRef("m2", [new CimName("MTR-2", "meterName", "ACME")]), ObjectRef.ById("m1")],
        EndDeviceGroups = [new ObjectRef("g1", [new CimName("Group 1", "group", "ACME")])],
        UsagePoints = [new ObjectRef("up1", [new CimName("UP-1", "premise", "ACME"), new CimName("UP one")])],
        UsagePointGroups = [new ObjectRef("upg1", [new CimName("UPG-1", "group", "ACME")])],
        PrimaryDeviceTiming = new EndDeviceTiming
        {
            Duration = 30,
            DurationIndefinite = false,
            Randomisation = RandomisationKind.StartAndEnd,
            IntervalStart = new DateTimeOffset(2024, 6, 1, 12, 0, 0, TimeSpan.Zero),
            IntervalEnd = new DateTimeOffset(2024, 6, 1, 13, 30, 0, TimeSpan.Zero),
        },
    };

    [Theory]
    [InlineData(EndDeviceActionKind.PanDemandResponse)]
    [InlineData(EndDeviceActionKind.PanDisplay)]
    [InlineData(EndDeviceActionKind.PanPricing)]
    public void Fully_populated_document_round_trips(EndDeviceActionKind kind)
    {
        var doc = new EndDeviceControlsDocument { Controls = [FullControl(kind), new EndDeviceControl { ControlTypeRef = "3.31.0.18" }] };
        DocumentAssert.FullyPopulated(doc.Controls[0]);

        var xml = doc.ToXml();
        var back = EndDeviceControlsDocument.FromXml(XElement.Parse(xml.ToString()));

        DocumentAssert.DeepEqual(doc, back);
        Assert.True(XNode.DeepEquals(xml, back.ToXml()));
        Envelopes.Save("EndDeviceControls_full_" + kind, Envelopes.RequestWithPayload("create", "EndDeviceControls", xml));
        Envelopes.Save("EndDeviceControls_full_created_" + kind, Envelopes.Event("created", "EndDeviceControls", xml));
    }

    [Fact]
    public void Minimal_documents_round_trip()
    {
        foreach (var doc in new[]
        {
            new EndDeviceControlsDocument(),
            new EndDeviceControlsDocument { Controls = [new EndDeviceControl { ControlTypeRef = "3.31.0.18", EndDevices = [ObjectRef.ById("m1")] }] },
        })
        {
            var xml = doc.ToXml();

            DocumentAssert.DeepEqual(doc, EndDeviceControlsDocument.FromXml(xml));
            Envelopes.Save("EndDeviceControls_minimal", Envelopes.RequestWithPayload("create", "EndDeviceControls", xml));
        }
    }

    [Fact]
    public void Written_in_schema_order_with_the_type_as_ref_attribute()
    {
        var xml = new EndDeviceControlsDocument { Controls = [FullControl(EndDeviceActionKind.PanDemandResponse)] }.ToXml();
        var control = xml.Element(M + "EndDeviceControl")!;

        Assert.Equal(
            ["mRID", "drProgramLevel", "drProgramMandatory", "issuerID", "issuerTrackingID", "reason", "PanDemandResponse",
             "EndDeviceControlType", "EndDeviceGroups", "EndDevices", "EndDevices", "primaryDeviceTiming", "UsagePointGroups", "UsagePoints"],
            control.Elements().Select(e => e.Name.LocalName));
        Assert.Equal("3.31.0.23", control.Element(M + "EndDeviceControlType")!.Attribute("ref")!.Value);
        Assert.True(control.Element(M + "EndDeviceControlType")!.IsEmpty);
        Assert.Equal(["command", "duration", "durationIndefinite", "startDateTime"], control.Element(M + "PanDemandResponse")!.Elements().Select(e => e.Name.LocalName));
        var timing = control.Element(M + "primaryDeviceTiming")!;
        Assert.Equal(["duration", "durationIndefinite", "randomisation", "interval"], timing.Elements().Select(e => e.Name.LocalName));
        Assert.Equal("startAndEnd", timing.Element(M + "randomisation")!.Value);
        Assert.Equal(["end", "start"], timing.Element(M + "interval")!.Elements().Select(e => e.Name.LocalName));
    }

    [Fact]
    public void A_non_standard_EndDeviceAction_element_is_refused()
    {
        var ex = Assert.Throws<CimException>(() => EndDeviceControlsDocument.FromXml(XElement.Parse("""
            <m:EndDeviceControls xmlns:m="http://iec.ch/TC57/2011/EndDeviceControls#">
              <m:EndDeviceControl>
                <m:EndDeviceAction><m:command>connect</m:command><m:durationIndefinite>1</m:durationIndefinite></m:EndDeviceAction>
                <m:EndDeviceControlType ref="3.31.0.18"/>
              </m:EndDeviceControl>
            </m:EndDeviceControls>
            """)));

        Assert.Equal(ReplyCode.SchemaInvalid, ex.Code);
        Assert.Equal("EndDeviceControl/EndDeviceAction", ex.XPath);
    }

    [Fact]
    public void Offsets_are_accepted_and_written_as_utc()
    {
        var doc = EndDeviceControlsDocument.FromXml(XElement.Parse("""
            <m:EndDeviceControls xmlns:m="http://iec.ch/TC57/2011/EndDeviceControls#">
              <m:EndDeviceControl>
                <m:PanDisplay><m:startDateTime>2024-06-01T14:00:00+02:00</m:startDateTime></m:PanDisplay>
                <m:EndDeviceControlType ref="3.31.0.18"/>
                <m:primaryDeviceTiming><m:interval><m:end>2024-06-01T10:00:00-03:00</m:end><m:start>2024-06-01T08:00:00-03:00</m:start></m:interval></m:primaryDeviceTiming>
              </m:EndDeviceControl>
            </m:EndDeviceControls>
            """));

        var control = doc.Controls.Single();
        Assert.Equal(new DateTimeOffset(2024, 6, 1, 12, 0, 0, TimeSpan.Zero), control.Action!.StartDateTime);
        Assert.Equal(EndDeviceActionKind.PanDisplay, control.Action.Kind);
        Assert.Equal(new DateTimeOffset(2024, 6, 1, 11, 0, 0, TimeSpan.Zero), control.PrimaryDeviceTiming!.IntervalStart);
        var xml = doc.ToXml();
        Assert.Equal("2024-06-01T12:00:00Z", xml.Descendants(M + "startDateTime").Single().Value);
        Assert.Equal("2024-06-01T13:00:00Z", xml.Descendants(M + "end").Single().Value);
        Envelopes.Save("EndDeviceControls_offsets", Envelopes.RequestWithPayload("create", "EndDeviceControls", xml));
    }

    [Fact]
    public void Unmapped_elements_are_tolerated()
    {
        var doc = EndDeviceControlsDocument.FromXml(XElement.Parse("""
            <m:EndDeviceControls xmlns:m="http://iec.ch/TC57/2011/EndDeviceControls#">
              <m:EndDeviceControl>
                <m:mRID>c1</m:mRID>
                <m:priceSignal>0.25</m:priceSignal>
                <m:PanPricing><m:command>price</m:command><m:providerID>7</m:providerID><m:PanPricingDetails><m:price>1.5</m:price></m:PanPricingDetails></m:PanPricing>
                <m:EndDeviceControlType ref="12.20.0.8"/>
                <m:EndDevices><m:mRID>d1</m:mRID><m:isPan>true</m:isPan><m:electronicAddress><m:mac>00:11</m:mac></m:electronicAddress></m:EndDevices>
                <m:secondaryDeviceTiming><m:duration>5</m:duration></m:secondaryDeviceTiming>
              </m:EndDeviceControl>
              <m:EndDeviceControlType><m:mRID>12.20.0.8</m:mRID><m:Names><m:name>Price</m:name></m:Names></m:EndDeviceControlType>
            </m:EndDeviceControls>
            """));

        var control = doc.Controls.Single();
        Assert.Equal("12.20.0.8", control.ControlTypeRef);
        Assert.Equal(EndDeviceActionKind.PanPricing, control.Action!.Kind);
        Assert.Equal("price", control.Action.Command);
        Assert.Equal([ObjectRef.ById("d1")], control.EndDevices);
        Assert.Null(control.PrimaryDeviceTiming);
    }

    [Fact]
    public void A_control_without_EndDeviceControlType_is_a_missing_mandatory_field()
    {
        var ex = Assert.Throws<CimException>(() => EndDeviceControlsDocument.FromXml(XElement.Parse(
            "<m:EndDeviceControls xmlns:m=\"http://iec.ch/TC57/2011/EndDeviceControls#\"><m:EndDeviceControl><m:mRID>c7</m:mRID></m:EndDeviceControl></m:EndDeviceControls>")));

        Assert.Equal(ReplyCode.MandatoryFieldMissing, ex.Code);
        Assert.Equal("EndDeviceControl/EndDeviceControlType", ex.XPath);
        Assert.Equal("c7", ex.ObjectId);
        Assert.Equal("EndDeviceControl", ex.ObjectType);
    }

    [Fact]
    public void A_control_type_without_reference_is_a_missing_mandatory_field()
    {
        var ex = Assert.Throws<CimException>(() => EndDeviceControlsDocument.FromXml(XElement.Parse(
            "<m:EndDeviceControls xmlns:m=\"http://iec.ch/TC57/2011/EndDeviceControls#\"><m:EndDeviceControl><m:EndDeviceControlType ref=\" \"/></m:EndDeviceControl></m:EndDeviceControls>")));

        Assert.Equal(ReplyCode.MandatoryFieldMissing, ex.Code);
        Assert.StartsWith("EndDeviceControl/EndDeviceControlType", ex.XPath, StringComparison.Ordinal);
    }

    [Fact]
    public void A_control_type_given_by_mRID_child_is_refused_as_the_profile_declares_only_ref()
    {
        var ex = Assert.Throws<CimException>(() => EndDeviceControlsDocument.FromXml(XElement.Parse(
            "<m:EndDeviceControls xmlns:m=\"http://iec.ch/TC57/2011/EndDeviceControls#\"><m:EndDeviceControl><m:EndDeviceControlType><m:mRID>3.31.0.18</m:mRID></m:EndDeviceControlType></m:EndDeviceControl></m:EndDeviceControls>")));

        Assert.Equal(ReplyCode.SchemaInvalid, ex.Code);
        Assert.Equal("EndDeviceControl/EndDeviceControlType/mRID", ex.XPath);
    }

    [Theory]
    [InlineData("<m:drProgramLevel>high</m:drProgramLevel>", "EndDeviceControl/drProgramLevel")]
    [InlineData("<m:drProgramMandatory>Y</m:drProgramMandatory>", "EndDeviceControl/drProgramMandatory")]
    [InlineData("<m:PanDemandResponse><m:duration>soon</m:duration></m:PanDemandResponse>", "EndDeviceControl/PanDemandResponse/duration")]
    [InlineData("<m:PanDisplay><m:startDateTime>2024-06-01 12:00</m:startDateTime></m:PanDisplay>", "EndDeviceControl/PanDisplay/startDateTime")]
    public void Bad_values_are_schema_invalid_naming_the_element(string content, string xpath)
    {
        var ex = Assert.Throws<CimException>(() => EndDeviceControlsDocument.FromXml(XElement.Parse(
            $"<m:EndDeviceControls xmlns:m=\"http://iec.ch/TC57/2011/EndDeviceControls#\"><m:EndDeviceControl>{content}<m:EndDeviceControlType ref=\"3.31.0.18\"/></m:EndDeviceControl></m:EndDeviceControls>")));

        Assert.Equal(ReplyCode.SchemaInvalid, ex.Code);
        Assert.Equal(xpath, ex.XPath);
    }

    [Theory]
    [InlineData("<m:duration>x</m:duration>", "EndDeviceControl/primaryDeviceTiming/duration")]
    [InlineData("<m:randomisation>sometimes</m:randomisation>", "EndDeviceControl/primaryDeviceTiming/randomisation")]
    [InlineData("<m:interval><m:start>bad</m:start></m:interval>", "EndDeviceControl/primaryDeviceTiming/interval/start")]
    public void Bad_timing_values_are_schema_invalid_naming_the_element(string content, string xpath)
    {
        var ex = Assert.Throws<CimException>(() => EndDeviceControlsDocument.FromXml(XElement.Parse(
            $"<m:EndDeviceControls xmlns:m=\"http://iec.ch/TC57/2011/EndDeviceControls#\"><m:EndDeviceControl><m:EndDeviceControlType ref=\"3.31.0.18\"/><m:primaryDeviceTiming>{content}</m:primaryDeviceTiming></m:EndDeviceControl></m:EndDeviceControls>")));

        Assert.Equal(ReplyCode.SchemaInvalid, ex.Code);
        Assert.Equal(xpath, ex.XPath);
    }

    [Fact]
    public void Wrong_root_is_schema_invalid()
    {
        var ex = Assert.Throws<CimException>(() => EndDeviceControlsDocument.FromXml(XElement.Parse(
            "<m:EndDeviceControls xmlns:m=\"http://iec.ch/TC57/2011/EndDeviceEvents#\"/>")));

        Assert.Equal(ReplyCode.SchemaInvalid, ex.Code);
    }
}
