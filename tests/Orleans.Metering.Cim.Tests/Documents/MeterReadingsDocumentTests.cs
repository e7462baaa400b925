using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Orleans.Metering.Cim.Codes;
using Orleans.Metering.Cim.Documents;

namespace Orleans.Metering.Cim.Tests.Documents;

public class MeterReadingsDocumentTests
{
    private static readonly XNamespace M = "http://iec.ch/TC57/2011/MeterReadings#";
    private const string Open = "<m:MeterReadings xmlns:m=\"http://iec.ch/TC57/2011/MeterReadings#\">";
    private const string Close = "</m:MeterReadings>";
    private const string Interval = "0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0";
    private const string Register = "0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0";
    private static readonly DateTimeOffset Day = new(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private static XElement Event(XElement document) => Envelopes.Event("created", "MeterReadings", document);

    private static MeterReadingsDocument Full() => new()
    {
        MeterReadings =
        [
            new MeterReading
            {
                Meter = new ObjectRef("m1", [new CimName("MTR-1", "SerialNumber", "ACME")]),
                UsagePoint = new ObjectRef("up1", [new CimName("UP-1")]),
                ValuesStart = Day,
                ValuesEnd = Day.AddHours(1),
                Readings =
                [
                    new Reading
                    {
                        ReadingTypeRef = Register,
                        Reason = ReadingReasonKind.Billing,
                        ReportedDateTime = Day.AddHours(2),
                        Source = "HES-1",
                        TimeStamp = Day.AddHours(1),
                        Value = "1234.5",
                        NumericValue = 1234.5,
                        Qualities = ["1.0.0", "3.0.1"],
                        PeriodStart = Day,
                        PeriodEnd = Day.AddHours(1),
                    },
                ],
                IntervalBlocks =
                [
                    new IntervalBlock
                    {
                        ReadingTypeRef = Interval,
                        Readings =
                        [
                            new IntervalReading(Day.AddMinutes(15), 0.25)
                            {
                                Qualities = ["1.4.2", "3.8.0"],
                                ReportedDateTime = Day.AddHours(2),
                                Source = "meter",
                            },
                            new IntervalReading(Day.AddMinutes(30), -1.5E-7),
                            new IntervalReading(Day.AddMinutes(45).AddTicks(1234567), 123456789.125),
                        ],
                    },
                ],
                EndDeviceEvents =
                [
                    new EndDeviceEvent
                    {
                        MRID = "ev1",
                        CreatedDateTime = Day.AddMinutes(20),
                        IssuerID = "HES",
                        IssuerTrackingID = "T-1",
                        Reason = "outage",
                        Severity = "high",
                        UserID = "u1",
                        Asset = new ObjectRef("m1", [new CimName("MTR-1")]),
                        Details = [new EndDeviceEventDetail("phase", "A")],
                        EventTypeRef = "3.26.0.85",
                        Names = [new CimName("Power failed")],
                        Status = new CimStatus("open", Day.AddMinutes(21), "r", "remark"),
                        UsagePoint = new ObjectRef("up1", [new CimName("UP-1")]),
                    },
                ],
            },
            new MeterReading
            {
                Meter = ObjectRef.ById("m2"),
                IntervalBlocks = [new IntervalBlock { ReadingTypeRef = Interval, Readings = [new IntervalReading(Day.AddMinutes(15), 2)] }],
            },
        ],
        ReadingTypes = [ReadingTypeDefinition.FromCode(ReadingType.FifteenMinuteForwardEnergyKWh)],
        ReadingQualityTypes = [ReadingQualityTypeDefinition.FromCode(ReadingQualityType.EstimatedByMdm)],
    };

    [Fact]
    public void Fully_populated_document_round_trips()
    {
        var doc = Full();
        DocumentAssert.FullyPopulated(doc, "NameType", "NameTypeAuthority");

        var xml = doc.ToXml();
        var back = MeterReadingsDocument.FromXml(XElement.Parse(xml.ToString()));

        DocumentAssert.DeepEqual(doc, back);
        Assert.Equal(["MeterReading", "MeterReading", "ReadingQualityType", "ReadingType"], xml.Elements().Select(e => e.Name.LocalName));
        Assert.Equal(
            ["EndDeviceEvents", "IntervalBlocks", "Meter", "Readings", "UsagePoint", "valuesInterval"],
            xml.Element(M + "MeterReading")!.Elements().Select(e => e.Name.LocalName));
        Assert.Equal(
            ["reason", "reportedDateTime", "source", "timeStamp", "value", "ReadingQualities", "ReadingQualities", "ReadingType", "timePeriod"],
            xml.Descendants(M + "Readings").First().Elements().Select(e => e.Name.LocalName));
        Assert.Equal(
            ["reportedDateTime", "source", "timeStamp", "value", "ReadingQualities", "ReadingQualities"],
            xml.Descendants(M + "IntervalReadings").First().Elements().Select(e => e.Name.LocalName));
        Assert.Equal(Interval, xml.Descendants(M + "IntervalBlocks").First().Element(M + "ReadingType")!.Attribute("ref")!.Value);
        Assert.All(xml.DescendantsAndSelf(), e => Assert.Equal(M, e.Name.Namespace));
        Assert.Equal("m", xml.GetPrefixOfNamespace(M));
        Envelopes.Save("MeterReadings_full", Event(xml));
    }

    [Fact]
    public void Minimal_documents_round_trip()
    {
        foreach (var doc in new[]
        {
            new MeterReadingsDocument(),
            new MeterReadingsDocument { MeterReadings = [new MeterReading()] },
            new MeterReadingsDocument
            {
                MeterReadings = [new MeterReading { IntervalBlocks = [new IntervalBlock { ReadingTypeRef = Interval }] }],
            },
            new MeterReadingsDocument
            {
                MeterReadings =
                [
                    new MeterReading
                    {
                        Readings = [new Reading { ReadingTypeRef = Register }],
                        IntervalBlocks = [new IntervalBlock { ReadingTypeRef = Interval, Readings = [new IntervalReading(Day, 0)] }],
                        EndDeviceEvents = [new EndDeviceEvent { CreatedDateTime = Day, EventTypeRef = "3.26.0.85" }],
                    },
                ],
            },
        })
        {
            var xml = doc.ToXml();

            DocumentAssert.DeepEqual(doc, MeterReadingsDocument.FromXml(xml));
            Envelopes.Save("MeterReadings_minimal", Event(xml));
        }
    }

    [Fact]
    public void Register_values_keep_the_text_and_parse_the_number()
    {
        var doc = MeterReadingsDocument.FromXml(XElement.Parse(Open + $"""
            <m:MeterReading>
              <m:Readings><m:value> 42.5 </m:value><m:ReadingType ref="{Register}"/></m:Readings>
              <m:Readings><m:value>CLOSED</m:value><m:ReadingType ref="{Register}"/></m:Readings>
              <m:Readings><m:value>1e3</m:value><m:ReadingType ref="{Register}"/></m:Readings>
            </m:MeterReading>
            """ + Close));

        var readings = doc.MeterReadings.Single().Readings;
        Assert.Equal([" 42.5 ", "CLOSED", "1e3"], readings.Select(r => r.Value));
        Assert.Equal([42.5, null, 1000.0], readings.Select(r => r.NumericValue));
    }

    [Fact]
    public void A_numeric_value_without_text_is_written_from_the_number()
    {
        var doc = new MeterReadingsDocument
        {
            MeterReadings = [new MeterReading { Readings = [new Reading { ReadingTypeRef = Register, NumericValue = 0.1 }] }],
        };

        var xml = doc.ToXml();

        Assert.Equal("0.1", xml.Descendants(M + "value").Single().Value);
        var back = MeterReadingsDocument.FromXml(xml).MeterReadings[0].Readings[0];
        Assert.Equal("0.1", back.Value);
        Assert.Equal(0.1, back.NumericValue);
        Envelopes.Save("MeterReadings_numeric", Event(xml));
    }

    [Fact]
    public void Offsets_are_accepted_and_written_as_utc()
    {
        var doc = MeterReadingsDocument.FromXml(XElement.Parse(Open + $"""
            <m:MeterReading>
              <m:IntervalBlocks>
                <m:IntervalReadings><m:reportedDateTime>2024-03-01T03:00:00.5-05:00</m:reportedDateTime><m:timeStamp>2024-03-01T01:15:00+01:00</m:timeStamp><m:value>1</m:value></m:IntervalReadings>
                <m:IntervalReadings><m:timeStamp>2024-03-01T00:30:00</m:timeStamp><m:value>2</m:value></m:IntervalReadings>
                <m:ReadingType ref="{Interval}"/>
              </m:IntervalBlocks>
              <m:Readings><m:timeStamp>2024-03-01T05:30:00+05:30</m:timeStamp><m:ReadingType ref="{Register}"/><m:timePeriod><m:end>2024-03-01T01:00:00+01:00</m:end></m:timePeriod></m:Readings>
              <m:valuesInterval><m:end>2024-03-01T02:00:00+01:00</m:end><m:start>2024-03-01T01:00:00+01:00</m:start></m:valuesInterval>
            </m:MeterReading>
            """ + Close));

        var reading = doc.MeterReadings.Single();
        var block = reading.IntervalBlocks.Single();
        Assert.Equal([Day.AddMinutes(15), Day.AddMinutes(30)], block.Readings.Select(r => r.TimeStamp));
        Assert.All(block.Readings, r => Assert.Equal(TimeSpan.Zero, r.TimeStamp.Offset));
        Assert.Equal(Day.AddHours(8).AddMilliseconds(500), block.Readings[0].ReportedDateTime);
        Assert.Equal(Day, reading.Readings[0].TimeStamp);
        Assert.Equal(Day, reading.Readings[0].PeriodEnd);
        Assert.Null(reading.Readings[0].PeriodStart);
        Assert.Equal((Day, Day.AddHours(1)), (reading.ValuesStart!.Value, reading.ValuesEnd!.Value));

        var xml = doc.ToXml();
        Assert.Equal("2024-03-01T00:15:00Z", xml.Descendants(M + "timeStamp").First().Value);
        Assert.Equal("2024-03-01T08:00:00.5Z", xml.Descendants(M + "reportedDateTime").First().Value);
        Envelopes.Save("MeterReadings_offsets", Event(xml));
    }

    [Fact]
    public void Unmapped_elements_are_tolerated()
    {
        var doc = MeterReadingsDocument.FromXml(XElement.Parse(Open + $"""
            <m:EndDeviceEventType><m:mRID>3.26.0.85</m:mRID><m:Names><m:name>Power failed</m:name></m:Names></m:EndDeviceEventType>
            <m:MeterReading>
              <m:isCoincidentTrigger>false</m:isCoincidentTrigger>
              <m:IntervalBlocks>
                <m:IntervalReadings><m:timeStamp>2024-03-01T00:15:00Z</m:timeStamp><m:value>1</m:value><m:timePeriod><m:start>2024-03-01T00:00:00Z</m:start></m:timePeriod></m:IntervalReadings>
                <m:PendingCalculation><m:multiplyBeforeAdd>true</m:multiplyBeforeAdd><m:ReadingType ref="x"/></m:PendingCalculation>
                <m:ReadingType ref="{Interval}"/>
              </m:IntervalBlocks>
              <m:Meter><m:mRID>m1</m:mRID><m:status><m:value>ok</m:value></m:status></m:Meter>
            </m:MeterReading>
            """ + Close));

        var reading = doc.MeterReadings.Single();
        Assert.Equal(ObjectRef.ById("m1"), reading.Meter);
        Assert.Equal(1, reading.IntervalBlocks.Single().Readings.Single().Value);
        Assert.Empty(doc.ReadingTypes);
    }

    [Fact]
    public void Reading_types_and_quality_types_used_are_described_from_their_codes()
    {
        var doc = new MeterReadingsDocument
        {
            MeterReadings =
            [
                new MeterReading
                {
                    Readings = [new Reading { ReadingTypeRef = Register, Qualities = ["1.0.0"] }, new Reading { ReadingTypeRef = "not-a-code" }],
                    IntervalBlocks =
                    [
                        new IntervalBlock
                        {
                            ReadingTypeRef = Interval,
                            Readings = [new IntervalReading(Day, 1) { Qualities = ["3.8.0", "1.0.0"] }, new IntervalReading(Day.AddMinutes(15), 2)],
                        },
                        new IntervalBlock { ReadingTypeRef = Register },
                    ],
                },
            ],
            ReadingTypes = [new ReadingTypeDefinition { MRID = Register, Names = [new CimName("Register kWh")] }],
        };

        Assert.Equal(1, doc.DescribeReadingTypes());
        Assert.Equal(2, doc.DescribeReadingQualityTypes());
        Assert.Equal(0, doc.DescribeReadingTypes());

        Assert.Equal([Register, Interval], doc.ReadingTypes.Select(t => t.MRID));
        var interval = doc.ReadingTypes[1];
        Assert.Equal(ReadingType.FifteenMinuteForwardEnergyKWh.Description, interval.Names.Single().Name);
        Assert.Equal(("2", "4", "1", "1", "12", "3", "72", "0"), (interval.MeasuringPeriod, interval.Accumulation, interval.FlowDirection, interval.Commodity, interval.MeasurementKind, interval.Multiplier, interval.Unit, interval.Currency));
        Assert.Equal(new RationalNumber(0, 0), interval.Argument);
        Assert.True(interval.TryGetCode(out var code));
        Assert.Equal(ReadingType.FifteenMinuteForwardEnergyKWh, code);

        Assert.Equal(["1.0.0", "3.8.0"], doc.ReadingQualityTypes.Select(t => t.MRID));
        var estimated = doc.ReadingQualityTypes[1];
        Assert.Equal(("3", "8", "0"), (estimated.SystemId, estimated.Category, estimated.SubCategory));
        Assert.Equal(ReadingQualityType.EstimatedByMdm.Description, estimated.Names.Single().Name);

        var xml = doc.ToXml();
        Assert.Equal(
            ["mRID", "accumulation", "aggregate", "commodity", "consumptionTier", "cpp", "currency", "flowDirection", "macroPeriod", "measurementKind",
             "measuringPeriod", "multiplier", "phases", "tou", "unit", "argument", "interharmonic", "Names"],
            xml.Elements(M + "ReadingType").Last().Elements().Select(e => e.Name.LocalName));
        Assert.Equal(["mRID", "category", "subCategory", "systemId", "Names"], xml.Elements(M + "ReadingQualityType").First().Elements().Select(e => e.Name.LocalName));
        DocumentAssert.DeepEqual(doc, MeterReadingsDocument.FromXml(xml));
        Envelopes.Save("MeterReadings_described", Event(xml));
    }

    [Fact]
    public void Definitions_without_names_are_written_with_the_code_description()
    {
        var doc = new MeterReadingsDocument
        {
            ReadingTypes = [new ReadingTypeDefinition { MRID = Interval }, new ReadingTypeDefinition { MRID = "custom" }],
            ReadingQualityTypes = [new ReadingQualityTypeDefinition { MRID = "3.8.0" }],
        };

        var back = MeterReadingsDocument.FromXml(doc.ToXml());

        Assert.Equal(ReadingType.FifteenMinuteForwardEnergyKWh.Description, back.ReadingTypes[0].Names.Single().Name);
        Assert.Equal("custom", back.ReadingTypes[1].Names.Single().Name);
        Assert.Equal(ReadingQualityType.EstimatedByMdm.Description, back.ReadingQualityTypes[0].Names.Single().Name);
        Envelopes.Save("MeterReadings_definition_names", Event(doc.ToXml()));
    }

    [Fact]
    public void Ninety_six_thousand_interval_readings_are_parsed_correctly()
    {
        const int meters = 1000;
        const int intervals = 96;
        var xml = BigDocument(meters, intervals);

        var doc = MeterReadingsDocument.FromXml(XElement.Parse(xml));

        Assert.Equal(meters, doc.MeterReadings.Count);
        var total = 0;
        for (var i = 0; i < meters; i++)
        {
            var reading = doc.MeterReadings[i];
            Assert.Equal($"MTR-{i}", reading.Meter!.MRID);
            var block = reading.IntervalBlocks.Single();
            Assert.Equal(Interval, block.ReadingTypeRef);
            Assert.Equal(intervals, block.Readings.Count);
            for (var k = 0; k < intervals; k++)
            {
                var r = block.Readings[k];
                Assert.Equal(Day.AddMinutes(15 * (k + 1)), r.TimeStamp);
                Assert.Equal(TimeSpan.Zero, r.TimeStamp.Offset);
                Assert.Equal(ValueOf(i, k), r.Value);
                Assert.Equal(k % 10 == 0 ? new[] { "1.4.2" } : [], r.Qualities);
                total++;
            }
        }

        Assert.Equal(meters * intervals, total);

        var again = MeterReadingsDocument.FromXml(XElement.Parse(doc.ToXml().ToString()));
        DocumentAssert.DeepEqual(doc, again);
    }

    [Fact]
    public void A_sample_of_the_bulk_shape_validates()
    {
        var doc = MeterReadingsDocument.FromXml(XElement.Parse(BigDocument(5, 96)));
        doc.DescribeReadingTypes();
        doc.DescribeReadingQualityTypes();

        Envelopes.Save("MeterReadings_bulk_sample", Event(doc.ToXml()));
        Assert.Equal(480, doc.MeterReadings.Sum(r => r.IntervalBlocks.Sum(b => b.Readings.Count)));
    }

    private static double ValueOf(int meter, int interval) => ((meter * 97) + interval) / 8.0;

    /// <summary>Half of the meters report local time (+01:00), the other half UTC.</summary>
    private static string BigDocument(int meters, int intervals)
    {
        var text = new StringBuilder(Open);
        for (var i = 0; i < meters; i++)
        {
            text.Append("<m:MeterReading><m:IntervalBlocks>");
            for (var k = 0; k < intervals; k++)
            {
                var at = Day.AddMinutes(15 * (k + 1));
                var stamp = i % 2 == 0
                    ? at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
                    : at.ToOffset(TimeSpan.FromHours(1)).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);
                text.Append("<m:IntervalReadings><m:timeStamp>").Append(stamp).Append("</m:timeStamp><m:value>")
                    .Append(ValueOf(i, k).ToString(CultureInfo.InvariantCulture)).Append("</m:value>");
                if (k % 10 == 0)
                {
                    text.Append("<m:ReadingQualities><m:ReadingQualityType ref=\"1.4.2\"/></m:ReadingQualities>");
                }

                text.Append("</m:IntervalReadings>");
            }

            text.Append($"<m:ReadingType ref=\"{Interval}\"/></m:IntervalBlocks><m:Meter><m:mRID>MTR-{i}</m:mRID></m:Meter></m:MeterReading>");
        }

        return text.Append(Close).ToString();
    }

    // ------------------------------------------------------------------ errors

    private static CimException Fails(string content) =>
        Assert.Throws<CimException>(() => MeterReadingsDocument.FromXml(XElement.Parse(Open + content + Close)));

    private static string Block(string intervalReading) =>
        $"<m:MeterReading><m:IntervalBlocks><m:IntervalReadings>{intervalReading}</m:IntervalReadings><m:ReadingType ref=\"{Interval}\"/></m:IntervalBlocks>"
        + "<m:Meter><m:mRID>MTR-7</m:mRID></m:Meter></m:MeterReading>";

    [Theory]
    [InlineData("<m:value>1</m:value>")]
    [InlineData("<m:source>x</m:source>")]
    public void An_interval_reading_without_timeStamp_is_a_missing_mandatory_field(string content)
    {
        var ex = Fails(Block(content));

        Assert.Equal(ReplyCode.MandatoryFieldMissing, ex.Code);
        Assert.Equal("MeterReading/IntervalBlocks/IntervalReadings/timeStamp", ex.XPath);
        Assert.Equal(("MTR-7", "Meter"), (ex.ObjectId, ex.ObjectType));
    }

    [Fact]
    public void An_interval_reading_without_value_is_a_missing_mandatory_field_naming_the_meter()
    {
        var ex = Fails(Block("<m:timeStamp>2024-03-01T00:15:00Z</m:timeStamp>"));

        Assert.Equal(ReplyCode.MandatoryFieldMissing, ex.Code);
        Assert.Equal("MeterReading/IntervalBlocks/IntervalReadings/value", ex.XPath);
        Assert.Equal(("MTR-7", "Meter"), (ex.ObjectId, ex.ObjectType));
        Assert.Contains("2024-03-01T00:15:00Z", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("1,5")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("0x10")]
    public void A_non_numeric_interval_value_is_an_invalid_value(string value)
    {
        var ex = Fails(Block($"<m:timeStamp>2024-03-01T00:15:00Z</m:timeStamp><m:value>{value}</m:value>"));

        Assert.Equal(ReplyCode.SchemaInvalid, ex.Code);
        Assert.Equal("MeterReading/IntervalBlocks/IntervalReadings/value", ex.XPath);
        Assert.Equal("MTR-7", ex.ObjectId);
    }

    [Theory]
    [InlineData("<m:timeStamp>yesterday</m:timeStamp><m:value>1</m:value>", "MeterReading/IntervalBlocks/IntervalReadings/timeStamp")]
    [InlineData("<m:timeStamp>2024-02-30T00:15:00Z</m:timeStamp><m:value>1</m:value>", "MeterReading/IntervalBlocks/IntervalReadings/timeStamp")]
    [InlineData("<m:timeStamp>2024-03-01T00:15:00Z</m:timeStamp><m:value>1</m:value><m:reportedDateTime>2024-03-01</m:reportedDateTime>", "MeterReading/IntervalBlocks/IntervalReadings/reportedDateTime")]
    public void A_bad_interval_dateTime_is_schema_invalid(string content, string xpath)
    {
        var ex = Fails(Block(content));

        Assert.Equal(ReplyCode.SchemaInvalid, ex.Code);
        Assert.Equal(xpath, ex.XPath);
        Assert.Equal("MTR-7", ex.ObjectId);
    }

    [Theory]
    [InlineData("<m:IntervalBlocks><m:IntervalReadings><m:timeStamp>2024-03-01T00:15:00Z</m:timeStamp><m:value>1</m:value></m:IntervalReadings></m:IntervalBlocks>", "MeterReading/IntervalBlocks/ReadingType")]
    [InlineData("<m:IntervalBlocks><m:ReadingType/></m:IntervalBlocks>", "MeterReading/IntervalBlocks/ReadingType/@ref")]
    [InlineData("<m:Readings><m:value>1</m:value></m:Readings>", "MeterReading/Readings/ReadingType")]
    [InlineData("<m:Readings><m:ReadingQualities><m:comment>c</m:comment></m:ReadingQualities><m:ReadingType ref=\"" + Register + "\"/></m:Readings>", "MeterReading/Readings/ReadingQualities/ReadingQualityType")]
    [InlineData("<m:IntervalBlocks><m:IntervalReadings><m:timeStamp>2024-03-01T00:15:00Z</m:timeStamp><m:value>1</m:value><m:ReadingQualities><m:ReadingQualityType/></m:ReadingQualities></m:IntervalReadings><m:ReadingType ref=\"" + Interval + "\"/></m:IntervalBlocks>", "MeterReading/IntervalBlocks/IntervalReadings/ReadingQualities/ReadingQualityType/@ref")]
    [InlineData("<m:EndDeviceEvents><m:EndDeviceEventType ref=\"3.26.0.85\"/></m:EndDeviceEvents>", "MeterReading/EndDeviceEvents/createdDateTime")]
    [InlineData("<m:EndDeviceEvents><m:createdDateTime>2024-03-01T00:15:00Z</m:createdDateTime></m:EndDeviceEvents>", "MeterReading/EndDeviceEvents/EndDeviceEventType")]
    [InlineData("<m:Meter><m:Names><m:NameType><m:name>t</m:name></m:NameType></m:Names></m:Meter>", "MeterReading/Meter/Names/name")]
    public void Missing_mandatory_parts_are_missing_mandatory_fields(string content, string xpath)
    {
        var ex = Fails("<m:MeterReading>" + content + "</m:MeterReading>");

        Assert.Equal(ReplyCode.MandatoryFieldMissing, ex.Code);
        Assert.Equal(xpath, ex.XPath);
    }

    [Theory]
    [InlineData("<m:Readings><m:reason>because</m:reason><m:ReadingType ref=\"" + Register + "\"/></m:Readings>", "MeterReading/Readings/reason")]
    [InlineData("<m:Readings><m:timeStamp>now</m:timeStamp><m:ReadingType ref=\"" + Register + "\"/></m:Readings>", "MeterReading/Readings/timeStamp")]
    [InlineData("<m:Readings><m:ReadingType ref=\"" + Register + "\"/><m:timePeriod><m:start>x</m:start></m:timePeriod></m:Readings>", "MeterReading/Readings/timePeriod/start")]
    [InlineData("<m:valuesInterval><m:end>2024-13-01T00:00:00Z</m:end></m:valuesInterval>", "MeterReading/valuesInterval/end")]
    [InlineData("<m:EndDeviceEvents><m:createdDateTime>soon</m:createdDateTime><m:EndDeviceEventType ref=\"3.26.0.85\"/></m:EndDeviceEvents>", "MeterReading/EndDeviceEvents/createdDateTime")]
    public void Bad_values_are_schema_invalid_naming_the_element_and_the_meter(string content, string xpath)
    {
        var ex = Fails("<m:MeterReading>" + content + "<m:Meter><m:Names><m:name>SN-9</m:name></m:Names></m:Meter></m:MeterReading>");

        Assert.Equal(ReplyCode.SchemaInvalid, ex.Code);
        Assert.Equal(xpath, ex.XPath);
        Assert.Equal(("SN-9", "Meter"), (ex.ObjectId, ex.ObjectType));
    }

    [Fact]
    public void Without_a_meter_the_usage_point_is_named()
    {
        var ex = Fails("<m:MeterReading><m:Readings><m:value>1</m:value></m:Readings><m:UsagePoint><m:mRID>up-3</m:mRID></m:UsagePoint></m:MeterReading>");

        Assert.Equal(("up-3", "UsagePoint"), (ex.ObjectId, ex.ObjectType));
    }

    [Fact]
    public void Without_meter_or_usage_point_no_object_is_named()
    {
        var ex = Fails("<m:MeterReading><m:Readings><m:value>1</m:value></m:Readings></m:MeterReading>");

        Assert.Null(ex.ObjectId);
        Assert.Equal(ReplyCode.MandatoryFieldMissing, ex.Code);
    }

    [Theory]
    [InlineData("<m:ReadingType><m:mRID>" + Interval + "</m:mRID></m:ReadingType>", ReplyCodeKind.Missing, "ReadingType/Names")]
    [InlineData("<m:ReadingType><m:mRID>" + Interval + "</m:mRID><m:tou>one</m:tou><m:Names><m:name>n</m:name></m:Names></m:ReadingType>", ReplyCodeKind.Schema, "ReadingType/tou")]
    [InlineData("<m:ReadingType><m:mRID>" + Interval + "</m:mRID><m:argument><m:numerator>1</m:numerator></m:argument><m:Names><m:name>n</m:name></m:Names></m:ReadingType>", ReplyCodeKind.Missing, "ReadingType/argument/denominator")]
    [InlineData("<m:ReadingQualityType><m:mRID>3.8.0</m:mRID></m:ReadingQualityType>", ReplyCodeKind.Missing, "ReadingQualityType/Names")]
    public void Bad_definitions_name_the_definition(string content, ReplyCodeKind kind, string xpath)
    {
        var ex = Fails(content);

        Assert.Equal(kind == ReplyCodeKind.Missing ? ReplyCode.MandatoryFieldMissing : ReplyCode.SchemaInvalid, ex.Code);
        Assert.Equal(xpath, ex.XPath);
        Assert.NotNull(ex.ObjectId);
    }

    [Theory]
    [InlineData("<m:MeterConfig xmlns:m=\"http://iec.ch/TC57/2011/MeterReadings#\"/>")]
    [InlineData("<m:MeterReadings xmlns:m=\"http://iec.ch/TC57/2011/MeterReadings\"/>")]
    [InlineData("<MeterReadings/>")]
    public void Wrong_root_or_namespace_is_schema_invalid(string xml)
    {
        var ex = Assert.Throws<CimException>(() => MeterReadingsDocument.FromXml(XElement.Parse(xml)));

        Assert.Equal(ReplyCode.SchemaInvalid, ex.Code);
    }

    public enum ReplyCodeKind
    {
        Missing,
        Schema,
    }
}
