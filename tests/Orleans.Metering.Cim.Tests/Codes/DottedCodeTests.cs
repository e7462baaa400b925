using Orleans.Metering.Cim.Codes;

namespace Orleans.Metering.Cim.Tests.Codes;

public class DottedCodeTests
{
    [Theory]
    [InlineData("1.2.3", 1, 2, 3)]
    [InlineData("0.0.0", 0, 0, 0)]
    [InlineData("2147483647.007.10", 2147483647, 7, 10)]
    public void Reads_parts(string text, int a, int b, int c)
    {
        Span<int> parts = stackalloc int[3];
        Assert.Equal(DottedCodeError.None, DottedCode.Read(text, parts, out _));
        Assert.Equal([a, b, c], parts.ToArray());
    }

    [Theory]
    [InlineData("", "Empty", 0)]
    [InlineData("1.2", "WrongPartCount", 2)]
    [InlineData("1.2.3.4", "WrongPartCount", 4)]
    [InlineData(".", "WrongPartCount", 2)]
    [InlineData("1..3", "NotANumber", 1)]
    [InlineData("1.2.", "NotANumber", 2)]
    [InlineData("1.+2.3", "NotANumber", 1)]
    [InlineData("1.2.3 ", "NotANumber", 2)]
    [InlineData("1.2.2147483648", "OutOfRange", 2)]
    [InlineData("-1.2.3", "NotANumber", 0)]
    public void Reports_what_is_wrong(string text, string error, int badPart)
    {
        Span<int> parts = stackalloc int[3];
        Assert.Equal(error, DottedCode.Read(text, parts, out var bad).ToString());
        Assert.Equal(badPart, bad);
    }

    [Fact]
    public void Negative_only_where_allowed()
    {
        Span<int> parts = stackalloc int[3];
        Assert.Equal(DottedCodeError.None, DottedCode.Read("1.-24.3", parts, out _, negativeAllowed: 0b010));
        Assert.Equal(-24, parts[1]);
        Assert.Equal(DottedCodeError.NotANumber, DottedCode.Read("-1.2.3", parts, out _, negativeAllowed: 0b010));
        Assert.Equal(DottedCodeError.NotANumber, DottedCode.Read("1.--2.3", parts, out _, negativeAllowed: 0b010));
    }

    [Fact]
    public void Formats_parts() =>
        Assert.Equal("0.-2147483648.2147483647", DottedCode.Format([0, int.MinValue, int.MaxValue]));
}
