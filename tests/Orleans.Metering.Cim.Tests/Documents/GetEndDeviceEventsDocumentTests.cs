using System.Xml.Linq;
using Orleans.Metering.Cim.Codes;
using Orleans.Metering.Cim.Documents;

namespace Orleans.Metering.Cim.Tests.Documents;

public class GetEndDeviceEventsDocumentTests
{
    private static readonly XNamespace M = "http://iec.ch/TC57/2011/GetEndDeviceEvents#";
    private const string Open = "<m:GetEndDeviceEvents xmlns:m=\"http://iec.ch/TC57/2011/GetEndDeviceEvents#\">";
    private const string Close = "</m:GetEndDeviceEvents>";

    private static GetEndDeviceEventsDocument Full() => new()
    {
        Meters = [new ObjectRef("m2", [new CimName("MTR-2")]), ObjectRef.ById("m1")],
        EndDeviceGroups = [new ObjectRef("g1", [new CimName("Group")])],
        UsagePoints = [new ObjectRef("up1", [new CimName("UP-1")])],
        EventTypeRefs = ["3.26.0.85", "3.26.0.216"],
        TimeSchedules =
        [
            new TimeWindow(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2024, 2, 1, 0, 0, 0, TimeSpan.Zero)),
            new TimeWindow(new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero), null),
            new TimeWindow(null, new DateTimeOffset(2023, 1, 1, 0, 0, 0, TimeSpan.Zero)),
        ],
    };

    [Fact]
    public void Fully_populated_document_round_trips()
    {
        var doc = Full();
        DocumentAssert.FullyPopulated(doc, "NameType", "NameTypeAuthority");

        var xml = doc.ToXml();
        var back = GetEndDeviceEventsDocument.FromXml(XElement.Parse(xml.ToString()));

        DocumentAssert.DeepEqual(doc, back);
        Assert.Equal(
            ["EndDeviceEventType", "EndDeviceEventType", "EndDeviceGroup", "Meter", "Meter", "TimeSchedule", "TimeSchedule", "TimeSchedule", "UsagePoint"],
            xml.Elements().Select(e => e.Name.LocalName));
        Assert.Equal("3.26.0.85", xml.Element(M + "EndDeviceEventType")!.Element(M + "mRID")!.Value);
        Assert.Equal(["end", "start"], xml.Element(M + "TimeSchedule")!.Element(M + "scheduleInterval")!.Elements().Select(e => e.Name.LocalName));
        Envelopes.Save("GetEndDeviceEvents_full", Envelopes.Get("EndDeviceEvents", xml));
    }

    [Fact]
    public void Name_types_are_not_written_because_this_profile_has_none()
    {
        var doc = new GetEndDeviceEventsDocument { Meters = [new ObjectRef(null, [new CimName("SN-1", "SerialNumber", "ACME")])] };

        var xml = doc.ToXml();

        Assert.Empty(xml.Descendants(M + "NameType"));
        Assert.Equal([new ObjectRef(null, [new CimName("SN-1")])], GetEndDeviceEventsDocument.FromXml(xml).Meters);
        Envelopes.Save("GetEndDeviceEvents_names", Envelopes.Get("EndDeviceEvents", xml));
    }

    [Fact]
    public void Minimal_documents_round_trip()
    {
        foreach (var doc in new[]
        {
            new GetEndDeviceEventsDocument(),
            new GetEndDeviceEventsDocument { Meters = [ObjectRef.ById("m1")] },
            new GetEndDeviceEventsDocument { TimeSchedules = [new TimeWindow(null, null)] },
        })
        {
            var xml = doc.ToXml();

            DocumentAssert.DeepEqual(doc, GetEndDeviceEventsDocument.FromXml(xml));
            Envelopes.Save("GetEndDeviceEvents_minimal", Envelopes.Get("EndDeviceEvents", xml));
        }
    }

    [Fact]
    public void Offsets_are_accepted_and_written_as_utc()
    {
        var doc = GetEndDeviceEventsDocument.FromXml(XElement.Parse(Open + """
            <m:TimeSchedule><m:scheduleInterval><m:end>2024-02-01T00:00:00+01:00</m:end><m:start>2024-01-01T00:00:00+01:00</m:start></m:scheduleInterval></m:TimeSchedule>
            """ + Close));

        Assert.Equal(
            new TimeWindow(new DateTimeOffset(2023, 12, 31, 23, 0, 0, TimeSpan.Zero), new DateTimeOffset(2024, 1, 31, 23, 0, 0, TimeSpan.Zero)),
            doc.TimeSchedules.Single());
        var xml = doc.ToXml();
        Assert.Equal("2023-12-31T23:00:00Z", xml.Descendants(M + "start").Single().Value);
        Envelopes.Save("GetEndDeviceEvents_offsets", Envelopes.Get("EndDeviceEvents", xml));
    }

    [Fact]
    public void Unmapped_criteria_are_tolerated()
    {
        var doc = GetEndDeviceEventsDocument.FromXml(XElement.Parse(Open + """
            <m:Customer><m:mRID>c1</m:mRID></m:Customer>
            <m:EndDeviceEventType><m:mRID>3.26.0.85</m:mRID></m:EndDeviceEventType>
            <m:Meter><m:mRID>m1</m:mRID><m:serialNumber>S</m:serialNumber></m:Meter>
            <m:ServiceCategory><m:kind>electricity</m:kind></m:ServiceCategory>
            """ + Close));

        Assert.Equal(["3.26.0.85"], doc.EventTypeRefs);
        Assert.Equal([ObjectRef.ById("m1")], doc.Meters);
    }

    [Fact]
    public void A_time_schedule_without_interval_is_a_missing_mandatory_field()
    {
        var ex = Assert.Throws<CimException>(() => GetEndDeviceEventsDocument.FromXml(XElement.Parse(Open + "<m:TimeSchedule/>" + Close)));

        Assert.Equal(ReplyCode.MandatoryFieldMissing, ex.Code);
        Assert.Equal("TimeSchedule/scheduleInterval", ex.XPath);
    }

    [Fact]
    public void An_event_type_filter_without_mRID_is_a_missing_mandatory_field()
    {
        var ex = Assert.Throws<CimException>(() => GetEndDeviceEventsDocument.FromXml(XElement.Parse(
            Open + "<m:EndDeviceEventType><m:Names><m:name>PowerOff</m:name></m:Names></m:EndDeviceEventType>" + Close)));

        Assert.Equal(ReplyCode.MandatoryFieldMissing, ex.Code);
        Assert.Equal("EndDeviceEventType/mRID", ex.XPath);
    }

    [Fact]
    public void Bad_interval_dateTime_is_schema_invalid_naming_the_element()
    {
        var ex = Assert.Throws<CimException>(() => GetEndDeviceEventsDocument.FromXml(XElement.Parse(
            Open + "<m:TimeSchedule><m:scheduleInterval><m:start>last week</m:start></m:scheduleInterval></m:TimeSchedule>" + Close)));

        Assert.Equal(ReplyCode.SchemaInvalid, ex.Code);
        Assert.Equal("TimeSchedule/scheduleInterval/start", ex.XPath);
    }

    [Fact]
    public void Wrong_root_is_schema_invalid()
    {
        var ex = Assert.Throws<CimException>(() => GetEndDeviceEventsDocument.FromXml(XElement.Parse(
            "<m:GetEndDeviceEvents xmlns:m=\"http://iec.ch/TC57/2011/EndDeviceEvents#\"/>")));

        Assert.Equal(ReplyCode.SchemaInvalid, ex.Code);
    }
}
