using Orleans.Metering.Cim.Xml;

namespace Orleans.Metering.Cim.Tests.Messages;

public class XmlTextTests
{
    [Theory]
    [InlineData("A\\u0001B", "A\\uFFFDB")]
    [InlineData("\\u0000", "\\uFFFD")]
    [InlineData("x\\u001F\\u000B\\u000C", "x\\uFFFD\\uFFFD\\uFFFD")]
    [InlineData("non\\uFFFEchar\\uFFFF", "non\\uFFFDchar\\uFFFD")]
    [InlineData("high \\uD800 alone", "high \\uFFFD alone")]
    [InlineData("low \\uDC00 alone", "low \\uFFFD alone")]
    [InlineData("ends high \\uD83D", "ends high \\uFFFD")]
    [InlineData("reversed \\uDC0C\\uD83D", "reversed \\uFFFD\\uFFFD")]
    [InlineData("pair \\uD83D\\uDD0C then \\u0002", "pair \\uD83D\\uDD0C then \\uFFFD")]
    public void What_XML_cannot_carry_becomes_the_replacement_character(string escapedText, string escapedExpected)
    {
        var (text, expected) = (Unescape(escapedText), Unescape(escapedExpected));
        Assert.False(XmlText.IsWritable(text));
        Assert.Equal(expected, XmlText.Writable(text));
        Assert.True(XmlText.IsWritable(XmlText.Writable(text)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("MTR-0001")]
    [InlineData("tab\\tLF\\nCR\\r")]
    [InlineData("plug \\uD83D\\uDD0C, é, \\uFFFD, \\uE000, \\uFFFD")]
    public void Text_XML_can_carry_is_returned_as_it_is(string escapedText)
    {
        var text = Unescape(escapedText);
        Assert.True(XmlText.IsWritable(text));
        Assert.Same(text, XmlText.Writable(text));
    }

    // Theory data is passed as escapes: a lone surrogate would not survive the test runner's serialization.
    private static string Unescape(string escaped) => System.Text.RegularExpressions.Regex.Unescape(escaped);
}
