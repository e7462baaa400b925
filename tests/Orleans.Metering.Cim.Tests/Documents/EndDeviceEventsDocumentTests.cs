using System.Xml.Linq;
using Orleans.Metering.Cim.Codes;
using Orleans.Metering.Cim.Documents;

namespace Orleans.Metering.Cim.Tests.Documents;

public class EndDeviceEventsDocumentTests
{
    private static readonly XNamespace M = "http://iec.ch/TC57/2011/EndDeviceEvents#";
    private const string Open = "<m:EndDeviceEvents xmlns:m=\"http://iec.ch/TC57/2011/EndDeviceEvents#\">";
    private const string Close = "</m:EndDeviceEvents>";

    private static EndDeviceEventsDocument Full() => new()
    {
        Events =
        [
            new EndDeviceEvent
            {
                MRID = "evt-1",
                CreatedDateTime = new DateTimeOffset(2024, 2, 3, 4, 5, 6, 789, TimeSpan.Zero),
                IssuerID = "HES-1",
                IssuerTrackingID = "trk-9",
                Reason = "power failure",
                Severity = "high",
                UserID = "operator",
                Asset = new ObjectRef("m1", [new CimName("MTR-1", "meterName", "ACME")]),
                Details = [new EndDeviceEventDetail("phase", "A"), new EndDeviceEventDetail("duration", "120")],
                EventTypeRef = "3.26.0.85",
                Names = [new CimName("outage-1", "eventName", "HES")],
                Status = new CimStatus("open", new DateTimeOffset(2024, 2, 3, 4, 6, 0, TimeSpan.Zero), "detected", "none"),
                UsagePoint = new ObjectRef("up1", [new CimName("UP-1", "premise", "ACME")]),
            },
            new EndDeviceEvent { CreatedDateTime = new DateTimeOffset(2024, 2, 3, 5, 0, 0, TimeSpan.Zero), EventTypeRef = "3.26.0.216" },
        ],
    };

    [Fact]
    public void Fully_populated_document_round_trips()
    {
        var doc = Full();
        DocumentAssert.FullyPopulated(doc.Events[0]);

        var xml = doc.ToXml();
        var back = EndDeviceEventsDocument.FromXml(XElement.Parse(xml.ToString()));

        DocumentAssert.DeepEqual(doc, back);
        Assert.True(XNode.DeepEquals(xml, back.ToXml()));
        Assert.Equal(
            ["mRID", "createdDateTime", "issuerID", "issuerTrackingID", "reason", "severity", "userID", "Assets",
             "EndDeviceEventDetails", "EndDeviceEventDetails", "EndDeviceEventType", "Names", "status", "UsagePoint"],
            xml.Element(M + "EndDeviceEvent")!.Elements().Select(e => e.Name.LocalName));
        Assert.Equal("3.26.0.85", xml.Element(M + "EndDeviceEvent")!.Element(M + "EndDeviceEventType")!.Attribute("ref")!.Value);
        Assert.Equal("2024-02-03T04:05:06.789Z", xml.Element(M + "EndDeviceEvent")!.Element(M + "createdDateTime")!.Value);
        Envelopes.Save("EndDeviceEvents_full", Envelopes.Event("created", "EndDeviceEvents", xml));
    }

    [Fact]
    public void Minimal_documents_round_trip()
    {
        foreach (var doc in new[]
        {
            new EndDeviceEventsDocument(),
            new EndDeviceEventsDocument { Events = [new EndDeviceEvent { CreatedDateTime = DateTimeOffset.UnixEpoch, EventTypeRef = "3.26.0.85" }] },
            new EndDeviceEventsDocument { Events = [new EndDeviceEvent { CreatedDateTime = DateTimeOffset.UnixEpoch, EventTypeRef = "3.26.0.85", Details = [new EndDeviceEventDetail("x")] }] },
        })
        {
            var xml = doc.ToXml();

            DocumentAssert.DeepEqual(doc, EndDeviceEventsDocument.FromXml(xml));
            Envelopes.Save("EndDeviceEvents_minimal", Envelopes.Event("created", "EndDeviceEvents", xml));
        }
    }

    [Fact]
    public void Offsets_are_accepted_and_written_as_utc()
    {
        var doc = EndDeviceEventsDocument.FromXml(XElement.Parse(Open + """
            <m:EndDeviceEvent>
              <m:createdDateTime>2024-02-03T09:35:06+05:30</m:createdDateTime>
              <m:EndDeviceEventType ref="3.26.0.85"/>
            </m:EndDeviceEvent>
            """ + Close));

        Assert.Equal(new DateTimeOffset(2024, 2, 3, 4, 5, 6, TimeSpan.Zero), doc.Events.Single().CreatedDateTime);
        var xml = doc.ToXml();
        Assert.Equal("2024-02-03T04:05:06Z", xml.Descendants(M + "createdDateTime").Single().Value);
        Envelopes.Save("EndDeviceEvents_offsets", Envelopes.Event("created", "EndDeviceEvents", xml));
    }

    [Fact]
    public void Unmapped_elements_are_tolerated()
    {
        var doc = EndDeviceEventsDocument.FromXml(XElement.Parse(Open + """
            <m:EndDeviceEvent>
              <m:createdDateTime>2024-02-03T04:05:06Z</m:createdDateTime>
              <m:severity>low</m:severity>
              <m:Assets><m:mRID>a1</m:mRID></m:Assets>
              <m:EndDeviceEventType ref="3.26.0.85"/>
              <m:status><m:value>new</m:value></m:status>
            </m:EndDeviceEvent>
            <m:EndDeviceEventType><m:mRID>3.26.0.85</m:mRID><m:Names><m:name>PowerOff</m:name></m:Names></m:EndDeviceEventType>
            """ + Close));

        var evt = doc.Events.Single();
        Assert.Equal(ObjectRef.ById("a1"), evt.Asset);
        Assert.Equal("3.26.0.85", evt.EventTypeRef);
    }

    [Fact]
    public void An_event_without_createdDateTime_is_a_missing_mandatory_field()
    {
        var ex = Assert.Throws<CimException>(() => EndDeviceEventsDocument.FromXml(XElement.Parse(
            Open + "<m:EndDeviceEvent><m:mRID>e5</m:mRID><m:EndDeviceEventType ref=\"3.26.0.85\"/></m:EndDeviceEvent>" + Close)));

        Assert.Equal(ReplyCode.MandatoryFieldMissing, ex.Code);
        Assert.Equal("EndDeviceEvent/createdDateTime", ex.XPath);
        Assert.Equal("e5", ex.ObjectId);
    }

    [Fact]
    public void An_event_without_EndDeviceEventType_is_a_missing_mandatory_field()
    {
        var ex = Assert.Throws<CimException>(() => EndDeviceEventsDocument.FromXml(XElement.Parse(
            Open + "<m:EndDeviceEvent><m:createdDateTime>2024-02-03T04:05:06Z</m:createdDateTime></m:EndDeviceEvent>" + Close)));

        Assert.Equal(ReplyCode.MandatoryFieldMissing, ex.Code);
        Assert.Equal("EndDeviceEvent/EndDeviceEventType", ex.XPath);
    }

    [Fact]
    public void A_detail_without_name_is_a_missing_mandatory_field()
    {
        var ex = Assert.Throws<CimException>(() => EndDeviceEventsDocument.FromXml(XElement.Parse(
            Open + "<m:EndDeviceEvent><m:createdDateTime>2024-02-03T04:05:06Z</m:createdDateTime><m:EndDeviceEventDetails><m:value>1</m:value></m:EndDeviceEventDetails><m:EndDeviceEventType ref=\"3.26.0.85\"/></m:EndDeviceEvent>" + Close)));

        Assert.Equal(ReplyCode.MandatoryFieldMissing, ex.Code);
        Assert.Equal("EndDeviceEvent/EndDeviceEventDetails/name", ex.XPath);
    }

    [Theory]
    [InlineData("<m:createdDateTime>03.02.2024</m:createdDateTime>", "EndDeviceEvent/createdDateTime")]
    [InlineData("<m:createdDateTime>2024-02-03T04:05:06Z</m:createdDateTime><m:status><m:dateTime>x</m:dateTime></m:status>", "EndDeviceEvent/status/dateTime")]
    public void Bad_dateTimes_are_schema_invalid_naming_the_element(string content, string xpath)
    {
        var ex = Assert.Throws<CimException>(() => EndDeviceEventsDocument.FromXml(XElement.Parse(
            Open + "<m:EndDeviceEvent>" + content.Replace("<m:status>", "<m:EndDeviceEventType ref=\"3.26.0.85\"/><m:status>", StringComparison.Ordinal)
            + (content.Contains("<m:status>", StringComparison.Ordinal) ? "" : "<m:EndDeviceEventType ref=\"3.26.0.85\"/>") + "</m:EndDeviceEvent>" + Close)));

        Assert.Equal(ReplyCode.SchemaInvalid, ex.Code);
        Assert.Equal(xpath, ex.XPath);
    }

    [Fact]
    public void Wrong_root_is_schema_invalid()
    {
        var ex = Assert.Throws<CimException>(() => EndDeviceEventsDocument.FromXml(XElement.Parse(
            "<m:GetEndDeviceEvents xmlns:m=\"http://iec.ch/TC57/2011/GetEndDeviceEvents#\"/>")));

        Assert.Equal(ReplyCode.SchemaInvalid, ex.Code);
        Assert.Equal("GetEndDeviceEvents", ex.XPath);
    }
}
