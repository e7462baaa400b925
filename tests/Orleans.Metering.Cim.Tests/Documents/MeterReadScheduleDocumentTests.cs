using System.Xml.Linq;
using Orleans.Metering.Cim.Codes;
using Orleans.Metering.Cim.Documents;

namespace Orleans.Metering.Cim.Tests.Documents;

public class MeterReadScheduleDocumentTests
{
    private static readonly XNamespace M = "http://iec.ch/TC57/2011/MeterReadSchedule#";
    private const string Open = "<m:MeterReadSchedule xmlns:m=\"http://iec.ch/TC57/2011/MeterReadSchedule#\">";
    private const string Close = "</m:MeterReadSchedule>";
    private const string Interval = "0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0";
    private static readonly DateTimeOffset Day = new(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private static XElement Create(XElement document) => Envelopes.RequestWithPayload("create", "MeterReadSchedule", document);

    private static MeterReadScheduleDocument Full() => new()
    {
        EndDevices = [new ObjectRef("m1", [new CimName("MTR-1", "SerialNumber", "ACME")]), ObjectRef.ById("m2")],
        EndDeviceGroups = [new ObjectRef("g1", [new CimName("Group", "GroupName", "DSO")])],
        UsagePoints = [new ObjectRef("up1", [new CimName("UP-1", "UsagePointName", "DSO")])],
        UsagePointGroups = [new ObjectRef("upg1", [new CimName("UPG", "GroupName", "DSO")])],
        ReadingTypes = [Interval],
        TimeSchedules =
        [
            new ReadTimeSchedule
            {
                Disabled = false,
                OffsetSeconds = 300,
                RecurrencePattern = "daily",
                RecurrencePeriodSeconds = 86400,
                Start = Day,
                End = Day.AddMonths(1),
                TimePoints =
                [
                    new TimePointDefinition
                    {
                        DateTime = Day.AddHours(2),
                        RelativeTimeIntervalSeconds = 7200,
                        SequenceNumber = 1,
                        WindowStart = Day.AddHours(2),
                        WindowEnd = Day.AddHours(4),
                    },
                    new TimePointDefinition { RelativeTimeIntervalSeconds = 0, SequenceNumber = 2 },
                ],
            },
            new ReadTimeSchedule { Disabled = true },
        ],
    };

    [Fact]
    public void Fully_populated_document_round_trips()
    {
        var doc = Full();
        DocumentAssert.FullyPopulated(doc);

        var xml = doc.ToXml();
        var back = MeterReadScheduleDocument.FromXml(XElement.Parse(xml.ToString()));

        DocumentAssert.DeepEqual(doc, back);
        Assert.Equal(
            ["EndDevice", "EndDevice", "EndDeviceGroup", "ReadingType", "TimeSchedule", "TimeSchedule", "UsagePoint", "UsagePointGroup"],
            xml.Elements().Select(e => e.Name.LocalName));
        Assert.Equal(
            ["disabled", "offset", "recurrencePattern", "recurrencePeriod", "scheduleInterval", "TimePoints", "TimePoints"],
            xml.Element(M + "TimeSchedule")!.Elements().Select(e => e.Name.LocalName));
        Assert.Equal(
            ["dateTime", "relativeTimeInterval", "sequenceNumber", "window"],
            xml.Descendants(M + "TimePoints").First().Elements().Select(e => e.Name.LocalName));
        Envelopes.Save("MeterReadSchedule_full", Create(xml));
    }

    [Fact]
    public void Minimal_documents_round_trip()
    {
        foreach (var doc in new[]
        {
            new MeterReadScheduleDocument(),
            new MeterReadScheduleDocument { EndDevices = [ObjectRef.ById("m1")] },
            new MeterReadScheduleDocument { TimeSchedules = [new ReadTimeSchedule { TimePoints = [new TimePointDefinition()] }] },
            new MeterReadScheduleDocument { ReadingTypes = [Interval], TimeSchedules = [new ReadTimeSchedule { End = Day }] },
        })
        {
            var xml = doc.ToXml();

            DocumentAssert.DeepEqual(doc, MeterReadScheduleDocument.FromXml(xml));
            Envelopes.Save("MeterReadSchedule_minimal", Create(xml));
        }
    }

    [Fact]
    public void Seconds_are_floats_that_must_be_whole_and_offsets_become_utc()
    {
        var doc = MeterReadScheduleDocument.FromXml(XElement.Parse(Open + """
            <m:ReadingType><m:mRID>0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0</m:mRID></m:ReadingType>
            <m:TimeSchedule>
              <m:offset>3.6E2</m:offset><m:recurrencePeriod>900.0</m:recurrencePeriod>
              <m:scheduleInterval><m:start>2024-03-01T01:00:00+01:00</m:start></m:scheduleInterval>
              <m:TimePoints><m:dateTime>2024-02-29T19:00:00-05:00</m:dateTime><m:relativeTimeInterval>60</m:relativeTimeInterval></m:TimePoints>
            </m:TimeSchedule>
            """ + Close));

        var schedule = doc.TimeSchedules.Single();
        Assert.Equal([Interval], doc.ReadingTypes);
        Assert.Equal((360, 900), (schedule.OffsetSeconds!.Value, schedule.RecurrencePeriodSeconds!.Value));
        Assert.Equal(Day, schedule.Start);
        Assert.Equal(Day, schedule.TimePoints.Single().DateTime);
        Assert.Equal(60, schedule.TimePoints.Single().RelativeTimeIntervalSeconds);

        var xml = doc.ToXml();
        Assert.Equal("2024-03-01T00:00:00Z", xml.Descendants(M + "dateTime").Single().Value);
        Assert.Equal("360", xml.Descendants(M + "offset").Single().Value);
        Envelopes.Save("MeterReadSchedule_offsets", Create(xml));
    }

    [Fact]
    public void Unmapped_elements_are_tolerated()
    {
        var doc = MeterReadScheduleDocument.FromXml(XElement.Parse(Open + """
            <m:CustomerAccount><m:mRID>ca</m:mRID></m:CustomerAccount>
            <m:CustomerAgreement><m:mRID>cg</m:mRID></m:CustomerAgreement>
            <m:EndDevice><m:mRID>m1</m:mRID></m:EndDevice>
            <m:TimeSchedule><m:recurrencePattern>daily</m:recurrencePattern></m:TimeSchedule>
            <m:UsagePointGroup><m:mRID>upg</m:mRID></m:UsagePointGroup>
            """ + Close));

        Assert.Equal([ObjectRef.ById("m1")], doc.EndDevices);
        Assert.Single(doc.TimeSchedules);
    }

    [Fact]
    public void An_end_device_without_mRID_is_a_missing_mandatory_field_naming_the_device()
    {
        var ex = Assert.Throws<CimException>(() => MeterReadScheduleDocument.FromXml(XElement.Parse(
            Open + "<m:EndDevice><m:Names><m:name>MTR-1</m:name></m:Names></m:EndDevice>" + Close)));

        Assert.Equal(ReplyCode.MandatoryFieldMissing, ex.Code);
        Assert.Equal("EndDevice/mRID", ex.XPath);
        Assert.Equal(("MTR-1", "EndDevice"), (ex.ObjectId, ex.ObjectType));
    }

    [Fact]
    public void Writing_an_end_device_without_mRID_is_refused()
    {
        var doc = new MeterReadScheduleDocument { EndDevices = [ObjectRef.ByName("MTR-1")] };

        Assert.Throws<InvalidOperationException>(doc.ToXml);
    }

    [Fact]
    public void A_reading_type_without_mRID_is_a_missing_mandatory_field()
    {
        var ex = Assert.Throws<CimException>(() => MeterReadScheduleDocument.FromXml(XElement.Parse(Open + "<m:ReadingType/>" + Close)));

        Assert.Equal(ReplyCode.MandatoryFieldMissing, ex.Code);
        Assert.Equal("ReadingType/mRID", ex.XPath);
    }

    [Theory]
    [InlineData("<m:disabled>no</m:disabled>", "TimeSchedule/disabled")]
    [InlineData("<m:offset>5 min</m:offset>", "TimeSchedule/offset")]
    [InlineData("<m:scheduleInterval><m:start>now</m:start></m:scheduleInterval>", "TimeSchedule/scheduleInterval/start")]
    [InlineData("<m:TimePoints><m:sequenceNumber>1.5</m:sequenceNumber></m:TimePoints>", "TimeSchedule/TimePoints/sequenceNumber")]
    [InlineData("<m:TimePoints><m:window><m:end>later</m:end></m:window></m:TimePoints>", "TimeSchedule/TimePoints/window/end")]
    public void Bad_values_are_schema_invalid_naming_the_element(string content, string xpath)
    {
        var ex = Assert.Throws<CimException>(() => MeterReadScheduleDocument.FromXml(XElement.Parse(Open + "<m:TimeSchedule>" + content + "</m:TimeSchedule>" + Close)));

        Assert.Equal(ReplyCode.SchemaInvalid, ex.Code);
        Assert.Equal(xpath, ex.XPath);
    }

    [Theory]
    [InlineData("<m:offset>0.5</m:offset>", "TimeSchedule/offset")]
    [InlineData("<m:recurrencePeriod>900.25</m:recurrencePeriod>", "TimeSchedule/recurrencePeriod")]
    [InlineData("<m:TimePoints><m:relativeTimeInterval>1.5</m:relativeTimeInterval></m:TimePoints>", "TimeSchedule/TimePoints/relativeTimeInterval")]
    public void Fractional_seconds_are_an_invalid_value(string content, string xpath)
    {
        var ex = Assert.Throws<CimException>(() => MeterReadScheduleDocument.FromXml(XElement.Parse(Open + "<m:TimeSchedule>" + content + "</m:TimeSchedule>" + Close)));

        Assert.Equal(ReplyCode.SchemaInvalid, ex.Code);
        Assert.Equal(xpath, ex.XPath);
        Assert.Contains("seconds", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_root_is_schema_invalid()
    {
        var ex = Assert.Throws<CimException>(() => MeterReadScheduleDocument.FromXml(XElement.Parse(
            "<m:MeterReadSchedule xmlns:m=\"http://iec.ch/TC57/2011/MeterReadings#\"/>")));

        Assert.Equal(ReplyCode.SchemaInvalid, ex.Code);
    }
}
