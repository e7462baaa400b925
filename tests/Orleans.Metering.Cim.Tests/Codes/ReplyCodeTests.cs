using Orleans.Metering.Cim.Codes;

namespace Orleans.Metering.Cim.Tests.Codes;

public class ReplyCodeTests
{
    [Fact]
    public void Table_has_every_code_once()
    {
        Assert.Equal(60, ReplyCode.All.Count);
        Assert.Equal(ReplyCode.All.Count, ReplyCode.All.Select(c => c.Code).Distinct().Count());
    }

    [Theory]
    [InlineData("0.0", "No errors")]
    [InlineData("0.3", "Simple acknowledgement")]
    [InlineData("2.6", "Invalid ReadingType(s)")]
    [InlineData("2.19", "Invalid CustomerAccount(s)")]
    [InlineData("5.7", "Some or all of the requested data is unavailable")]
    [InlineData("2.32", "Invalid UsagePointLocation(s)")]
    [InlineData("7.7", "Policy violation")]
    public void Find_returns_the_code(string code, string description)
    {
        var found = ReplyCode.Find(code);
        Assert.NotNull(found);
        Assert.Equal(description, found.Description);
        Assert.Equal(code + " " + description, found.ToString());
    }

    [Theory]
    [InlineData("2.99")]
    [InlineData("")]
    [InlineData("0")]
    public void Find_returns_null_for_unknown_codes(string code) => Assert.Null(ReplyCode.Find(code));

    [Fact]
    public void Only_category_zero_is_success()
    {
        Assert.All(ReplyCode.All, c => Assert.Equal(c.Code.StartsWith("0.", StringComparison.Ordinal), c.IsSuccess));
        Assert.True(ReplyCode.PartialMoreFollow.IsSuccess);
        Assert.False(ReplyCode.InvalidUsagePointLocation.IsSuccess);
    }

    [Fact]
    public void Codes_used_by_the_code_types()
    {
        Assert.Equal("2.6", ReplyCode.InvalidReadingType.Code);
        Assert.Equal("2.32", ReplyCode.InvalidUsagePointLocation.Code);
    }
}
