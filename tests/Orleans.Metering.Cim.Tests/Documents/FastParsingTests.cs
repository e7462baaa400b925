using System.Xml;
using System.Xml.Linq;
using Orleans.Metering.Cim.Codes;
using Orleans.Metering.Cim.Documents;
using Orleans.Metering.Cim.Profiles;

namespace Orleans.Metering.Cim.Tests.Documents;

/// <summary>The hand-written xs:dateTime and number fast paths agree with the general parsers.</summary>
public class FastParsingTests
{
    private static readonly XNamespace M = ProfileDocuments.Namespace(ProfileDocuments.EndDeviceEvents);

    [Theory]
    [InlineData("2024-03-01T08:00:00Z")]
    [InlineData("2024-03-01T08:00:00")]
    [InlineData("2024-03-01T08:00:00.1Z")]
    [InlineData("2024-03-01T08:00:00.123+01:00")]
    [InlineData("2024-03-01T08:00:00.1234567-05:30")]
    [InlineData("2024-02-29T23:59:59+14:00")]
    [InlineData("2024-01-01T00:30:00-14:00")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59.9999999Z")]
    [InlineData("2024-03-01T08:00:00-00:00")]
    public void The_common_shape_is_parsed_by_hand_like_XmlConvert(string text)
    {
        Assert.True(XsdLexical.TryParseDateTimeFast(text, out var fast));

        var zoned = text.EndsWith('Z') || text[^6] is '+' or '-' ? text : text + "Z";
        var expected = XmlConvert.ToDateTimeOffset(zoned).ToUniversalTime();
        Assert.Equal(expected, fast);
        Assert.Equal(expected.UtcTicks, fast.UtcTicks);
        Assert.Equal(TimeSpan.Zero, fast.Offset);
    }

    [Theory]
    [InlineData("2024-03-01T08:00:00.12345678Z")]
    [InlineData("2024-03-01T24:00:00Z")]
    [InlineData("2024-03-01T08:00:60Z")]
    [InlineData("12024-03-01T08:00:00Z")]
    [InlineData("-2024-03-01T08:00:00Z")]
    [InlineData("2024-03-01 08:00:00Z")]
    [InlineData("2024-03-01T08:00:00.Z")]
    [InlineData("2024-03-01T08:00:00+0100")]
    [InlineData("2024-03-01T08:00:00+15:00")]
    [InlineData("2024-02-30T08:00:00Z")]
    [InlineData("2024-03-01T08:00")]
    [InlineData("0001-01-01T00:00:00+01:00")]
    [InlineData("2024-03-01T08:00:00Zjunk")]
    public void Other_shapes_are_left_to_the_general_parser(string text) =>
        Assert.False(XsdLexical.TryParseDateTimeFast(text, out _));

    [Theory]
    [InlineData("2024-03-01T08:00:00.12345678Z", "2024-03-01T08:00:00.1234568Z")]
    [InlineData("2024-03-01T08:00:00.123456789+01:00", "2024-03-01T07:00:00.1234568Z")]
    public void The_general_parser_still_takes_the_rest(string text, string written)
    {
        var element = new XElement(M + ProfileDocuments.EndDeviceEvents, new XElement(M + "x", text)).Element(M + "x")!;

        Assert.Equal(written, ProfileXml.FormatDateTime(ProfileXml.ReadDateTime(element)));
    }

    [Theory]
    [InlineData("2024-02-30T08:00:00Z")]
    [InlineData("2024-03-01T08:00:00+0100")]
    [InlineData("0001-01-01T00:00:00+01:00")]
    public void Invalid_values_are_still_schema_invalid(string text)
    {
        var element = new XElement(M + ProfileDocuments.EndDeviceEvents, new XElement(M + "x", text)).Element(M + "x")!;

        var ex = Assert.Throws<CimException>(() => ProfileXml.ReadDateTime(element));

        Assert.Equal(ReplyCode.SchemaInvalid, ex.Code);
        Assert.Equal("x", ex.XPath);
    }

    [Theory]
    [InlineData("1", 1.0)]
    [InlineData("-0.25", -0.25)]
    [InlineData(" 12.5 ", 12.5)]
    [InlineData("1e-3", 0.001)]
    [InlineData("+7", 7.0)]
    [InlineData(".5", 0.5)]
    public void Numbers_are_parsed_invariantly(string text, double expected)
    {
        Assert.True(ProfileXml.TryParseNumber(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1,5")]
    [InlineData("NaN")]
    [InlineData("-Infinity")]
    [InlineData("1e400")]
    [InlineData("12 kWh")]
    public void Non_numbers_and_non_finite_values_are_refused(string text) =>
        Assert.False(ProfileXml.TryParseNumber(text, out _));

    [Theory]
    [InlineData(0.1)]
    [InlineData(-1.5E-07)]
    [InlineData(123456789.125)]
    [InlineData(1e20)]
    public void Numbers_are_written_so_that_they_read_back_the_same(double value)
    {
        Assert.True(ProfileXml.TryParseNumber(ProfileXml.FormatNumber(value), out var back));
        Assert.Equal(value, back);
    }
}
