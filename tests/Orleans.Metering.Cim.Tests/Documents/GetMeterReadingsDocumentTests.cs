using System.Xml.Linq;
using Orleans.Metering.Cim.Codes;
using Orleans.Metering.Cim.Documents;

namespace Orleans.Metering.Cim.Tests.Documents;

public class GetMeterReadingsDocumentTests
{
    private static readonly XNamespace M = "http://iec.ch/TC57/2011/GetMeterReadings#";
    private const string Open = "<m:GetMeterReadings xmlns:m=\"http://iec.ch/TC57/2011/GetMeterReadings#\">";
    private const string Close = "</m:GetMeterReadings>";
    private const string Interval = "0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0";
    private static readonly DateTimeOffset Day = new(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private static GetMeterReadingsDocument Full() => new()
    {
        EndDevices = [new ObjectRef("m1", [new CimName("MTR-1", "SerialNumber", "ACME")]), ObjectRef.ById("m2")],
        EndDeviceGroups = [new ObjectRef("g1", [new CimName("Group", "GroupName", "DSO")])],
        UsagePoints = [new ObjectRef("up1", [new CimName("UP-1", "UsagePointName", "DSO")])],
        UsagePointGroups = [new ObjectRef("upg1", [new CimName("UPG", "GroupName", "DSO")])],
        ReadingTypes = [Interval, "0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0"],
        TimeSchedules = [new TimeWindow(Day, Day.AddDays(1)), new TimeWindow(Day, null)],
        Readings =
        [
            new ReadingRequest
            {
                Reason = ReadingReasonKind.Inquiry,
                ScheduleStrategy = "Run now",
                ConnectionMethod = "Default",
                DataSources = [new ReadingDataSource("Load profile 1", "LoadProfile", "Connexo"), new ReadingDataSource("Register", "RegisterGroup")],
                Source = "System",
                PeriodStart = Day,
                PeriodEnd = Day.AddDays(1),
            },
        ],
    };

    [Fact]
    public void Fully_populated_document_round_trips()
    {
        var doc = Full();
        DocumentAssert.FullyPopulated(doc);

        var xml = doc.ToXml();
        var back = GetMeterReadingsDocument.FromXml(XElement.Parse(xml.ToString()));

        DocumentAssert.DeepEqual(doc, back);
        Assert.Equal(
            ["EndDevice", "EndDevice", "EndDeviceGroup", "Reading", "ReadingType", "ReadingType", "TimeSchedule", "TimeSchedule", "UsagePoint", "UsagePointGroup"],
            xml.Elements().Select(e => e.Name.LocalName));
        Assert.Equal(
            ["reason", "scheduleStrategy", "connectionMethod", "dataSource", "dataSource", "source", "timePeriod"],
            xml.Element(M + "Reading")!.Elements().Select(e => e.Name.LocalName));
        Assert.Equal(Interval, xml.Element(M + "ReadingType")!.Element(M + "mRID")!.Value);
        Envelopes.Save("GetMeterReadings_full", Envelopes.Get("MeterReadings", xml));
    }

    [Fact]
    public void Minimal_documents_round_trip()
    {
        foreach (var doc in new[]
        {
            new GetMeterReadingsDocument(),
            new GetMeterReadingsDocument { EndDevices = [ObjectRef.ById("m1")], ReadingTypes = [Interval] },
            new GetMeterReadingsDocument { Readings = [new ReadingRequest()], TimeSchedules = [new TimeWindow(null, null)] },
            new GetMeterReadingsDocument { UsagePoints = [ObjectRef.ByName("UP-1")], Readings = [new ReadingRequest { PeriodEnd = Day }] },
        })
        {
            var xml = doc.ToXml();

            DocumentAssert.DeepEqual(doc, GetMeterReadingsDocument.FromXml(xml));
            Envelopes.Save("GetMeterReadings_minimal", Envelopes.Get("MeterReadings", xml));
        }
    }

    [Fact]
    public void A_reading_type_given_by_ref_attribute_is_refused_as_the_profile_declares_no_ref_there()
    {
        var ex = Assert.Throws<CimException>(() => GetMeterReadingsDocument.FromXml(XElement.Parse(Open + $"<m:ReadingType ref=\"{Interval}\"/>" + Close)));

        Assert.Equal(ReplyCode.SchemaInvalid, ex.Code);
        Assert.Equal("ReadingType/@ref", ex.XPath);
    }

    [Fact]
    public void Offsets_are_accepted_and_written_as_utc()
    {
        var doc = GetMeterReadingsDocument.FromXml(XElement.Parse(Open + """
            <m:Reading><m:timePeriod><m:end>2024-03-02T01:00:00+01:00</m:end><m:start>2024-02-29T19:00:00-05:00</m:start></m:timePeriod></m:Reading>
            <m:TimeSchedule><m:scheduleInterval><m:start>2024-03-01T01:00:00+01:00</m:start></m:scheduleInterval></m:TimeSchedule>
            """ + Close));

        Assert.Equal((Day, Day.AddDays(1)), (doc.Readings[0].PeriodStart!.Value, doc.Readings[0].PeriodEnd!.Value));
        Assert.Equal(new TimeWindow(Day, null), doc.TimeSchedules.Single());
        var xml = doc.ToXml();
        Assert.Equal("2024-03-01T00:00:00Z", xml.Descendants(M + "start").First().Value);
        Envelopes.Save("GetMeterReadings_offsets", Envelopes.Get("MeterReadings", xml));
    }

    [Fact]
    public void Unmapped_criteria_are_tolerated()
    {
        var doc = GetMeterReadingsDocument.FromXml(XElement.Parse(Open + $"""
            <m:EndDevice><m:mRID>m1</m:mRID><m:serialNumber>S-1</m:serialNumber></m:EndDevice>
            <m:MeterReadings><m:isCoincidentTrigger>true</m:isCoincidentTrigger></m:MeterReadings>
            <m:ReadingQuality><m:ReadingQualityType><m:mRID>3.8.0</m:mRID></m:ReadingQualityType></m:ReadingQuality>
            <m:ReadingType><m:mRID>{Interval}</m:mRID><m:Names><m:name>15 min</m:name></m:Names></m:ReadingType>
            <m:TransformerTank><m:mRID>t1</m:mRID></m:TransformerTank>
            """ + Close));

        Assert.Equal([ObjectRef.ById("m1")], doc.EndDevices);
        Assert.Equal([Interval], doc.ReadingTypes);
    }

    [Theory]
    [InlineData("<m:TimeSchedule/>", "TimeSchedule/scheduleInterval")]
    [InlineData("<m:ReadingType><m:Names><m:name>15 min</m:name></m:Names></m:ReadingType>", "ReadingType/mRID")]
    [InlineData("<m:Reading><m:dataSource><m:name>LP</m:name></m:dataSource></m:Reading>", "Reading/dataSource/NameType")]
    [InlineData("<m:Reading><m:dataSource><m:NameType><m:name>LP</m:name></m:NameType></m:dataSource></m:Reading>", "Reading/dataSource/name")]
    [InlineData("<m:EndDevice><m:Names/></m:EndDevice>", "EndDevice/Names/name")]
    public void Missing_mandatory_parts_are_missing_mandatory_fields(string content, string xpath)
    {
        var ex = Assert.Throws<CimException>(() => GetMeterReadingsDocument.FromXml(XElement.Parse(Open + content + Close)));

        Assert.Equal(ReplyCode.MandatoryFieldMissing, ex.Code);
        Assert.Equal(xpath, ex.XPath);
    }

    [Theory]
    [InlineData("<m:Reading><m:reason>curiosity</m:reason></m:Reading>", "Reading/reason")]
    [InlineData("<m:Reading><m:timePeriod><m:start>today</m:start></m:timePeriod></m:Reading>", "Reading/timePeriod/start")]
    [InlineData("<m:TimeSchedule><m:scheduleInterval><m:end>2024-03-01</m:end></m:scheduleInterval></m:TimeSchedule>", "TimeSchedule/scheduleInterval/end")]
    public void Bad_values_are_schema_invalid_naming_the_element(string content, string xpath)
    {
        var ex = Assert.Throws<CimException>(() => GetMeterReadingsDocument.FromXml(XElement.Parse(Open + content + Close)));

        Assert.Equal(ReplyCode.SchemaInvalid, ex.Code);
        Assert.Equal(xpath, ex.XPath);
    }

    [Theory]
    [InlineData("<m:GetMeterReadings xmlns:m=\"http://iec.ch/TC57/2011/MeterReadings#\"/>")]
    [InlineData("<m:MeterReadings xmlns:m=\"http://iec.ch/TC57/2011/GetMeterReadings#\"/>")]
    public void Wrong_root_is_schema_invalid(string xml)
    {
        var ex = Assert.Throws<CimException>(() => GetMeterReadingsDocument.FromXml(XElement.Parse(xml)));

        Assert.Equal(ReplyCode.SchemaInvalid, ex.Code);
    }
}
