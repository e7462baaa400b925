using System.Xml.Linq;
using Orleans.Metering.Cim.Codes;
using Orleans.Metering.Cim.Documents;

namespace Orleans.Metering.Cim.Tests.Documents;

public class ProfileXmlTests
{
    private static readonly XNamespace M = ProfileDocuments.Namespace(ProfileDocuments.EndDeviceEvents);

    private static XElement Holder(string child, string value) =>
        new(M + ProfileDocuments.EndDeviceEvents, new XElement(M + "EndDeviceEvent", new XElement(M + child, value)));

    private static XElement Item(XElement holder) => holder.Element(M + "EndDeviceEvent")!;

    [Theory]
    [InlineData("2024-03-01T10:00:00+02:00", "2024-03-01T08:00:00Z")]
    [InlineData("2024-03-01T08:00:00Z", "2024-03-01T08:00:00Z")]
    [InlineData("2024-03-01T03:00:00-05:00", "2024-03-01T08:00:00Z")]
    [InlineData("2024-03-01T08:00:00", "2024-03-01T08:00:00Z")]
    [InlineData(" 2024-03-01T08:00:00.250+00:00 ", "2024-03-01T08:00:00.25Z")]
    [InlineData("2024-03-01T08:00:00.1234567Z", "2024-03-01T08:00:00.1234567Z")]
    public void DateTimes_with_any_offset_are_read_and_written_as_utc(string input, string written)
    {
        var value = ProfileXml.DateTime(Item(Holder("createdDateTime", input)), M + "createdDateTime");

        Assert.NotNull(value);
        Assert.Equal(TimeSpan.Zero, value.Value.Offset);
        Assert.Equal(written, ProfileXml.FormatDateTime(value.Value));
        Assert.Equal(written, ProfileXml.Element(M + "x", value)!.Value);
    }

    [Fact]
    public void Writing_a_local_offset_gives_the_same_instant_in_utc()
    {
        var local = new DateTimeOffset(2024, 7, 1, 2, 30, 0, TimeSpan.FromHours(5.5));

        Assert.Equal("2024-06-30T21:00:00Z", ProfileXml.FormatDateTime(local));
    }

    [Theory]
    [InlineData("2024-03-01")]
    [InlineData("01/03/2024 10:00")]
    [InlineData("2024-13-01T00:00:00Z")]
    [InlineData("2024-03-01T25:00:00Z")]
    [InlineData("")]
    [InlineData("yesterday")]
    public void Bad_dateTimes_are_schema_invalid_naming_the_element(string input)
    {
        var ex = Assert.Throws<CimException>(() => ProfileXml.DateTime(Item(Holder("createdDateTime", input)), M + "createdDateTime"));

        Assert.Equal(ReplyCode.SchemaInvalid, ex.Code);
        Assert.Equal("EndDeviceEvent/createdDateTime", ex.XPath);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("1", true)]
    [InlineData(" false ", false)]
    [InlineData("0", false)]
    public void Booleans_accept_the_xs_boolean_forms(string input, bool expected) =>
        Assert.Equal(expected, ProfileXml.Bool(Item(Holder("flag", input)), M + "flag"));

    [Theory]
    [InlineData("True")]
    [InlineData("yes")]
    [InlineData("")]
    public void Bad_booleans_are_schema_invalid(string input)
    {
        var ex = Assert.Throws<CimException>(() => ProfileXml.Bool(Item(Holder("flag", input)), M + "flag"));

        Assert.Equal(ReplyCode.SchemaInvalid, ex.Code);
        Assert.Equal("EndDeviceEvent/flag", ex.XPath);
    }

    [Theory]
    [InlineData("42", 42)]
    [InlineData("+7", 7)]
    [InlineData("-3", -3)]
    [InlineData(" 005 ", 5)]
    public void Integers_accept_the_xs_integer_forms(string input, int expected) =>
        Assert.Equal(expected, ProfileXml.Int(Item(Holder("n", input)), M + "n"));

    [Theory]
    [InlineData("4.5")]
    [InlineData("1e3")]
    [InlineData("ten")]
    [InlineData("99999999999")]
    public void Bad_integers_are_schema_invalid(string input)
    {
        var ex = Assert.Throws<CimException>(() => ProfileXml.Int(Item(Holder("n", input)), M + "n"));

        Assert.Equal(ReplyCode.SchemaInvalid, ex.Code);
        Assert.Equal("EndDeviceEvent/n", ex.XPath);
    }

    [Theory]
    [InlineData("15", 15)]
    [InlineData("15.0", 15)]
    [InlineData("-60", -60)]
    [InlineData("1.2E2", 120)]
    public void Minutes_accept_whole_float_values(string input, int expected) =>
        Assert.Equal(expected, ProfileXml.Minutes(Item(Holder("duration", input)), M + "duration"));

    [Fact]
    public void Fractional_minutes_are_an_invalid_value()
    {
        var ex = Assert.Throws<CimException>(() => ProfileXml.Minutes(Item(Holder("duration", "1.5")), M + "duration"));

        Assert.Equal(ReplyCode.SchemaInvalid, ex.Code);
        Assert.Equal("EndDeviceEvent/duration", ex.XPath);
    }

    [Fact]
    public void Non_numeric_minutes_are_schema_invalid()
    {
        var ex = Assert.Throws<CimException>(() => ProfileXml.Minutes(Item(Holder("duration", "PT15M")), M + "duration"));

        Assert.Equal(ReplyCode.SchemaInvalid, ex.Code);
    }

    [Theory]
    [InlineData("2021-05-04", 2021, 5, 4)]
    [InlineData("2021-05-04Z", 2021, 5, 4)]
    [InlineData("2021-05-04+02:00", 2021, 5, 4)]
    public void Dates_are_read_with_or_without_zone(string input, int y, int mo, int d) =>
        Assert.Equal(new DateOnly(y, mo, d), ProfileXml.Date(Item(Holder("installationDate", input)), M + "installationDate"));

    [Theory]
    [InlineData("2021-02-30")]
    [InlineData("2021-05-04T00:00:00Z")]
    [InlineData("04.05.2021")]
    public void Bad_dates_are_schema_invalid(string input)
    {
        var ex = Assert.Throws<CimException>(() => ProfileXml.Date(Item(Holder("installationDate", input)), M + "installationDate"));

        Assert.Equal(ReplyCode.SchemaInvalid, ex.Code);
        Assert.Equal("EndDeviceEvent/installationDate", ex.XPath);
    }

    [Fact]
    public void Names_round_trip_with_name_type_and_authority()
    {
        CimName[] names = [new("A"), new("B", "serial"), new("C", "utility", "ACME")];
        var holder = new XElement(M + "X", ProfileXml.WriteNames(M, names));

        Assert.Equal(names, ProfileXml.ReadNames(holder, M));
    }

    [Fact]
    public void Names_without_name_type_drop_type_and_authority()
    {
        var holder = new XElement(M + "X", ProfileXml.WriteNames(M, [new CimName("C", "utility", "ACME")], withNameType: false));

        Assert.Equal([new CimName("C")], ProfileXml.ReadNames(holder, M));
        Assert.Null(holder.Descendants(M + "NameType").FirstOrDefault());
    }

    [Fact]
    public void An_authority_without_a_name_type_is_not_written()
    {
        var holder = new XElement(M + "X", ProfileXml.WriteNames(M, [new CimName("C", null, "ACME")]));

        Assert.Equal([new CimName("C")], ProfileXml.ReadNames(holder, M));
    }

    [Fact]
    public void A_name_without_name_is_a_missing_mandatory_field()
    {
        var doc = new XElement(M + ProfileDocuments.EndDeviceEvents, new XElement(M + "EndDeviceEvent", new XElement(M + "Names")));

        var ex = Assert.Throws<CimException>(() => ProfileXml.ReadNames(doc.Element(M + "EndDeviceEvent")!, M));

        Assert.Equal(ReplyCode.MandatoryFieldMissing, ex.Code);
        Assert.Equal("EndDeviceEvent/Names/name", ex.XPath);
    }

    [Fact]
    public void Status_is_written_in_schema_order_and_read_back()
    {
        var status = new CimStatus("active", new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero), "commissioned", "ok");

        var element = ProfileXml.WriteStatus(M, status)!;

        Assert.Equal(["dateTime", "reason", "remark", "value"], element.Elements().Select(e => e.Name.LocalName));
        Assert.Equal(status, ProfileXml.ReadStatus(new XElement(M + "X", element), M));
        Assert.Null(ProfileXml.WriteStatus(M, null));
    }

    [Fact]
    public void ObjectRef_compares_names_by_value_and_identifies_by_mrid_then_name()
    {
        var a = new ObjectRef("m1", [new CimName("n1", "t")]);
        var b = new ObjectRef("m1", new List<CimName> { new("n1", "t") });

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, a with { Names = [] });
        Assert.Equal("m1", a.Identifier);
        Assert.Equal("n1", (a with { MRID = null }).Identifier);
        Assert.Null(new ObjectRef(null, []).Identifier);
        Assert.Equal(new ObjectRef("x", []), ObjectRef.ById("x"));
        Assert.Equal("SN-1", ObjectRef.ByName("SN-1", "SerialNumber").Identifier);
    }

    [Fact]
    public void A_blank_mRID_or_name_identifies_nothing_for_references_and_meters_alike()
    {
        Assert.Equal("n1", new ObjectRef("  ", [new CimName(""), new CimName("n1")]).Identifier);
        Assert.Null(new ObjectRef("", [new CimName(" ")]).Identifier);
        Assert.Equal("n1", new MeterAsset { MRID = " ", Names = [new CimName("n1")] }.Identifier);
        Assert.Null(new MeterAsset { MRID = "\t" }.Identifier);
        Assert.Equal("m1", new MeterAsset { MRID = "m1", Names = [new CimName("n1")] }.Identifier);
    }

    [Fact]
    public void Root_is_the_noun_in_its_profile_namespace()
    {
        Assert.Equal(XName.Get("MeterConfig", "http://iec.ch/TC57/2011/MeterConfig#"), ProfileDocuments.Root(ProfileDocuments.MeterConfig));
        Assert.Equal(XName.Get("GetEndDeviceEvents", "http://iec.ch/TC57/2011/GetEndDeviceEvents#"), ProfileDocuments.Root(ProfileDocuments.GetEndDeviceEvents));
    }
}
