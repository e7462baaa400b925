using Orleans.Metering.Cim.Codes;

namespace Orleans.Metering.Cim.Tests.Codes;

public class ReadingQualityTypeTests
{
    [Fact]
    public void Tables_have_every_row()
    {
        Assert.Equal(6, ReadingQualityTables.Systems.Count);
        Assert.Equal(13, ReadingQualityTables.Categories.Count);
        Assert.Equal(66, ReadingQualityTables.IndexCount);
        Assert.Equal(66, Enumerable.Range(0, 13).Sum(c => ReadingQualityTables.IndexesOf(c).Count));
        Assert.Equal(20, ReadingQualityTables.IndexesOf(4).Count);
        Assert.Equal(8, ReadingQualityTables.IndexesOf(6).Count);
        Assert.Equal(0, ReadingQualityTables.IndexesOf(9).Count);
        Assert.Equal(0, ReadingQualityTables.IndexesOf(99).Count);
    }

    [Theory]
    [InlineData(0, 1, "VALIDATED", "Validated")]
    [InlineData(2, 32, "POWERFAIL", "Power fail")]
    [InlineData(4, 9, "CLOCKCHANGED", "Clock changed")]
    [InlineData(4, 259, "DSTCHANGEOCCURED", "DST change occurred")]
    [InlineData(5, 259, "KNOWNMISSINGREAD", "Known missing read")]
    [InlineData(6, 0, "VALIDATIONGENERIC", "Failed validation - generic")]
    [InlineData(6, 9, "TOUSUMCHECK", "Failed validation - TOU sum check failure")]
    [InlineData(8, 0, "ESTIMATEGENERIC", "Estimated - generic")]
    [InlineData(12, 0, "PROJECTEDGENERIC", "Projected - generic")]
    public void Index_spot_values(int category, int index, string name, string label) =>
        Assert.Equal(new CodeEntry(index, name, label), ReadingQualityTables.IndexesOf(category).Find(index));

    public static TheoryData<int, int> EveryIndex()
    {
        var data = new TheoryData<int, int>();
        foreach (var category in ReadingQualityTables.Categories.Entries)
        {
            foreach (var index in ReadingQualityTables.IndexesOf(category.Code).Entries)
            {
                data.Add(category.Code, index.Code);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryIndex))]
    public void Every_index_round_trips_for_every_system(int category, int index)
    {
        foreach (var system in ReadingQualityTables.Systems.Entries)
        {
            var q = new ReadingQualityType(system.Code, category, index);
            Assert.Equal(q, ReadingQualityType.Parse(q.ToString()));
            Assert.True(q.IsKnown);
            Assert.StartsWith(ReadingQualityTables.IndexesOf(category).Find(index)!.Value.Description, q.Description, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Constants()
    {
        var expected = new Dictionary<ReadingQualityType, string>
        {
            [ReadingQualityType.Valid] = "1.0.0",
            [ReadingQualityType.EstimatedByMdm] = "3.8.0",
            [ReadingQualityType.KnownMissingRead] = "2.5.259",
            [ReadingQualityType.PowerFail] = "1.2.32",
            [ReadingQualityType.FailedValidationGeneric] = "3.6.0",
            [ReadingQualityType.DataOutsideExpectedRange] = "3.5.256",
            [ReadingQualityType.Suspect] = "3.5.258",
            [ReadingQualityType.ClockChanged] = "1.4.9",
            [ReadingQualityType.ValidatedByMdm] = "3.0.1",
            [ReadingQualityType.EditedByMdm] = "3.7.0",
            [ReadingQualityType.PartialInterval] = "1.4.2",
            [ReadingQualityType.ZeroUsage] = "3.6.1",
            [ReadingQualityType.UsageOnInactiveMeter] = "3.6.2",
            [ReadingQualityType.UsageAboveMaximum] = "3.6.3",
            [ReadingQualityType.NegativeValue] = "3.6.4",
            [ReadingQualityType.Spike] = "3.6.5",
        };
        foreach (var (quality, code) in expected)
        {
            Assert.Equal(code, quality.ToString());
            Assert.True(quality.IsKnown, code);
        }

        Assert.Equal(ReadingQualityType.Suspect, ReadingQualityType.OffGridTimestamp);
        Assert.Equal(ReadingQualityType.Suspect, ReadingQualityType.Duplicate);
        Assert.Equal(ReadingQualityType.DataOutsideExpectedRange, ReadingQualityType.FutureTimestamp);
        Assert.True(ReadingQualityType.Valid.IsValid);
        Assert.False(ReadingQualityType.EstimatedByMdm.IsValid);
    }

    [Theory]
    [InlineData("1.0.0", "Data valid (end device)")]
    [InlineData("3.8.0", "Estimated - generic (MDM)")]
    [InlineData("2.5.259", "Known missing read (metering system)")]
    [InlineData("1.2.32", "Power fail (end device)")]
    [InlineData("3.9.1", "obsolete (oscillatory), index 1 (MDM)")]
    [InlineData("7.99.1", "category 99?, index 1 (system 7?)")]
    public void Descriptions(string code, string description) =>
        Assert.Equal(description, ReadingQualityType.Parse(code).Description);

    [Fact]
    public void Validate_reports_unknown_parts()
    {
        Assert.Equal(["system 6 is not a QualityCodeSystem", "category 13 is not a QualityCodeCategory"], ReadingQualityType.Parse("6.13.0").Validate());
        Assert.Equal(["index 2 is not defined for category 7"], ReadingQualityType.Parse("3.7.2").Validate());
        Assert.False(ReadingQualityType.Parse("3.7.2").IsKnown);
    }

    [Theory]
    [InlineData("", "ReadingQualityType code is empty")]
    [InlineData("1.0", "ReadingQualityType code '1.0' has 2 parts, expected 3")]
    [InlineData("1.0.0.0", "ReadingQualityType code '1.0.0.0' has 4 parts, expected 3")]
    [InlineData("1.a.0", "ReadingQualityType code '1.a.0': part 2 'a' is not an integer")]
    [InlineData("1.0.-1", "ReadingQualityType code '1.0.-1': part 3 '-1' is not an integer")]
    public void Parse_failures(string code, string reason)
    {
        Assert.False(ReadingQualityType.TryParse(code, out _));
        var ex = Assert.Throws<CimException>(() => ReadingQualityType.Parse(code));
        Assert.Same(ReplyCode.SchemaInvalid, ex.Code);
        Assert.Equal(reason, ex.Message);
        Assert.Equal("ReadingQualityType", ex.ObjectType);
    }
}
