using Orleans.Metering.Cim.Codes;

namespace Orleans.Metering.Cim.Tests.Codes;

public class ReadingTypeTablesTests
{
    public static TheoryData<string, int> TableCounts() => new()
    {
        { "TimePeriodOfInterest", 8 },
        { "DataQualifierKind", 19 },
        { "TimeAttributeKind", 50 },
        { "AccumulationKind", 11 },
        { "FlowDirectionKind", 21 },
        { "CommodityKind", 41 },
        { "MeasurementKind", 135 },
        { "PhaseCodeKind", 36 },
        { "UnitMultiplierKind", 21 },
        { "UnitSymbol", 233 },
        { "Currency", 14 },
    };

    private static readonly CodeTable[] All =
    [
        ReadingTypeTables.MacroPeriods, ReadingTypeTables.Aggregates, ReadingTypeTables.MeasuringPeriods,
        ReadingTypeTables.Accumulations, ReadingTypeTables.FlowDirections, ReadingTypeTables.Commodities,
        ReadingTypeTables.MeasurementKinds, ReadingTypeTables.Phases, ReadingTypeTables.Multipliers,
        ReadingTypeTables.Units, ReadingTypeTables.Currencies,
    ];

    [Theory]
    [MemberData(nameof(TableCounts))]
    public void Each_table_has_every_row(string name, int count)
    {
        var table = Assert.Single(All, t => t.Name == name);
        Assert.Equal(count, table.Count);
        Assert.Equal(count, table.Entries.Count);
    }

    [Theory]
    [InlineData(2, "fifteenMinute", "15-minute")]
    [InlineData(7, "sixtyMinute", "60-minute")]
    [InlineData(31, "twentyMinute", "20-minute interval")]
    [InlineData(53, "fixedBlock15Min", "15-minute Fixed Block")]
    [InlineData(78, "MINUTE12", "12-minutes")]
    [InlineData(102, "SPECIFIEDROLLINGBLOCK", "specified rolling block")]
    public void Measuring_period_spot_values(int code, string name, string description) =>
        Assert.Equal(new CodeEntry(code, name, description), ReadingTypeTables.MeasuringPeriods.Find(code));

    [Theory]
    [InlineData(1, "electricitySecondaryMetered", "electricity")]
    [InlineData(7, "naturalGas", "natural gas")]
    [InlineData(9, "potableWater", "potable water")]
    [InlineData(40, "WEATHER", "weather or meterological conditions")]
    public void Commodity_spot_values(int code, string name, string description) =>
        Assert.Equal(new CodeEntry(code, name, description), ReadingTypeTables.Commodities.Find(code));

    [Theory]
    [InlineData(12, "energy", "energy")]
    [InlineData(37, "power", "power")]
    [InlineData(54, "voltage", "voltage (rms)")]
    [InlineData(1005, "BLACKLISTTABLE", "blackList table")]
    public void Measurement_kind_spot_values(int code, string name, string description) =>
        Assert.Equal(new CodeEntry(code, name, description), ReadingTypeTables.MeasurementKinds.Find(code));

    [Theory]
    [InlineData(72, "Wh")]
    [InlineData(73, "VArh")]
    [InlineData(38, "W")]
    [InlineData(29, "V")]
    [InlineData(42, "m3")]
    [InlineData(169, "therm")]
    [InlineData(283, "BELMICROVOLT")]
    public void Unit_spot_values(int code, string name) => Assert.Equal(name, ReadingTypeTables.Units.NameOf(code));

    [Theory]
    [InlineData(-24, "y")]
    [InlineData(-6, "µ")]
    [InlineData(-3, "m")]
    [InlineData(0, "")]
    [InlineData(1, "da")]
    [InlineData(3, "k")]
    [InlineData(6, "M")]
    [InlineData(24, "Y")]
    public void Multiplier_prefixes(int code, string prefix) => Assert.Equal(prefix, ReadingTypeTables.Multipliers.Find(code)?.Description);

    [Theory]
    [InlineData(0, "none")]
    [InlineData(128, "A")]
    [InlineData(129, "AN")]
    [InlineData(224, "ABC")]
    [InlineData(257, "S2N")]
    [InlineData(769, "S12N")]
    [InlineData(17153, "NETWORKED")]
    public void Phase_spot_values(int code, string name) => Assert.Equal(name, ReadingTypeTables.Phases.NameOf(code));

    [Theory]
    [InlineData(4, "deltaData")]
    [InlineData(1, "bulkQuantity")]
    [InlineData(12, "instantaneous")]
    public void Accumulation_spot_values(int code, string name) => Assert.Equal(name, ReadingTypeTables.Accumulations.NameOf(code));

    [Theory]
    [InlineData(1, "forward")]
    [InlineData(19, "reverse")]
    [InlineData(4, "net")]
    [InlineData(21, "totalByPhase")]
    public void Flow_direction_spot_values(int code, string name) => Assert.Equal(name, ReadingTypeTables.FlowDirections.NameOf(code));

    [Fact]
    public void Macro_period_aggregate_and_currency_spot_values()
    {
        Assert.Equal("daily", ReadingTypeTables.MacroPeriods.NameOf(11));
        Assert.Equal("yearly", ReadingTypeTables.MacroPeriods.NameOf(1001));
        Assert.Equal("maximum", ReadingTypeTables.Aggregates.NameOf(8));
        Assert.Equal("sum", ReadingTypeTables.Aggregates.NameOf(26));
        Assert.Equal("EUR", ReadingTypeTables.Currencies.NameOf(978));
        Assert.Equal("USD", ReadingTypeTables.Currencies.NameOf(840));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(31)]
    public void Gaps_in_the_aggregate_table_are_unknown(int code) => Assert.False(ReadingTypeTables.Aggregates.Contains(code));
}
