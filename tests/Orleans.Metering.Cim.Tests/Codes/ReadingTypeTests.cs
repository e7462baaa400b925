using Orleans.Metering.Cim.Codes;

namespace Orleans.Metering.Cim.Tests.Codes;

public class ReadingTypeTests
{
    private const string FifteenMinuteKWh = "0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0";

    [Fact]
    public void Parses_every_field_in_order()
    {
        var rt = ReadingType.Parse("1.2.3.4.5.6.7.8.9.10.11.12.13.14.15.-16.17.18");
        Assert.Equal(new ReadingType(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, -16, 17, 18), rt);
        Assert.Equal(1, rt.MacroPeriod);
        Assert.Equal(2, rt.Aggregate);
        Assert.Equal(3, rt.MeasuringPeriod);
        Assert.Equal(4, rt.Accumulation);
        Assert.Equal(5, rt.FlowDirection);
        Assert.Equal(6, rt.Commodity);
        Assert.Equal(7, rt.MeasurementKind);
        Assert.Equal(8, rt.InterharmonicNumerator);
        Assert.Equal(9, rt.InterharmonicDenominator);
        Assert.Equal(10, rt.ArgumentNumerator);
        Assert.Equal(11, rt.ArgumentDenominator);
        Assert.Equal(12, rt.Tou);
        Assert.Equal(13, rt.Cpp);
        Assert.Equal(14, rt.ConsumptionTier);
        Assert.Equal(15, rt.Phases);
        Assert.Equal(-16, rt.Multiplier);
        Assert.Equal(17, rt.Unit);
        Assert.Equal(18, rt.Currency);
        Assert.Equal("1.2.3.4.5.6.7.8.9.10.11.12.13.14.15.-16.17.18", rt.ToString());
    }

    [Theory]
    [InlineData("0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0", "bulk, forward, electricity, energy, kWh")]
    [InlineData(FifteenMinuteKWh, "15-minute, delta, forward, electricity, energy, kWh")]
    [InlineData("11.0.0.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0", "daily, delta, forward, electricity, energy, kWh")]
    [InlineData("0.0.7.6.1.1.12.0.0.0.0.0.0.0.0.3.72.0", "60-minute, indicating, forward, electricity, energy, kWh")]
    [InlineData("0.0.7.6.19.1.12.0.0.0.0.0.0.0.0.3.72.0", "60-minute, indicating, reverse, electricity, energy, kWh")]
    public void Reference_worked_examples(string code, string description)
    {
        var rt = ReadingType.Parse(code);
        Assert.Equal(code, rt.ToString());
        Assert.Empty(rt.Validate());
        Assert.True(rt.IsKnown);
        Assert.Equal(description, rt.Description);
    }

    [Theory]
    [InlineData("13.8.0.4.1.1.8.0.0.0.0.1.0.0.0.3.38.840", "monthly, maximum, delta, forward, electricity, demand, TOU 1, kW, USD")]
    [InlineData("0.0.0.12.0.1.54.0.0.0.0.0.0.0.129.0.29.0", "instantaneous, electricity, voltage (rms), phase AN, V")]
    [InlineData("0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0", "not applicable")]
    [InlineData("0.0.0.0.0.0.0.3.2.1.4.0.2.3.0.-3.5.999", "interharmonic 3/2, argument 1/4, CPP 2, tier 3, mA, currency 999")]
    [InlineData("0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.4.72.0", "×10^4 Wh")]
    [InlineData("0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.999.0", "unit 999?")]
    [InlineData("0.0.0.5.0.0.0.0.0.0.0.0.0.0.0.0.0.0", "accumulation 5?")]
    public void Descriptions(string code, string description) => Assert.Equal(description, ReadingType.Parse(code).Description);

    [Fact]
    public void Constants()
    {
        Assert.Equal(FifteenMinuteKWh, ReadingType.FifteenMinuteForwardEnergyKWh.ToString());
        Assert.Equal("0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0", ReadingType.BulkForwardEnergyKWh.ToString());
    }

    [Fact]
    public void Derived_properties_of_interval_energy()
    {
        var rt = ReadingType.Parse(FifteenMinuteKWh);
        Assert.Equal(TimeSpan.FromMinutes(15), rt.IntervalLength);
        Assert.True(rt.IsInterval);
        Assert.True(rt.IsDelta);
        Assert.False(rt.IsBulk);
        Assert.True(rt.IsForwardEnergy);
    }

    [Fact]
    public void Derived_properties_of_a_register()
    {
        var rt = ReadingType.BulkForwardEnergyKWh;
        Assert.Null(rt.IntervalLength);
        Assert.False(rt.IsInterval);
        Assert.False(rt.IsDelta);
        Assert.True(rt.IsBulk);
        Assert.True(rt.IsForwardEnergy);
        Assert.False((rt with { FlowDirection = 19 }).IsForwardEnergy);
        Assert.False((rt with { MeasurementKind = 37 }).IsForwardEnergy);
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(1, 10)]
    [InlineData(2, 15)]
    [InlineData(3, 1)]
    [InlineData(4, 1440)]
    [InlineData(5, 30)]
    [InlineData(6, 5)]
    [InlineData(7, 60)]
    [InlineData(10, 2)]
    [InlineData(14, 3)]
    [InlineData(31, 20)]
    [InlineData(78, 12)]
    [InlineData(79, 120)]
    [InlineData(83, 180)]
    [InlineData(15, null)]
    [InlineData(53, null)]
    [InlineData(100, null)]
    public void Interval_length_from_measuring_period(int measuringPeriod, int? minutes)
    {
        var rt = ReadingType.BulkForwardEnergyKWh with { MeasuringPeriod = measuringPeriod };
        Assert.Equal(minutes is null ? null : TimeSpan.FromMinutes(minutes.Value), rt.IntervalLength);
    }

    [Theory]
    [InlineData("", "ReadingType code is empty")]
    [InlineData("0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72", "ReadingType code '0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72' has 17 parts, expected 18")]
    [InlineData("0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0.0", "ReadingType code '0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0.0' has 19 parts, expected 18")]
    [InlineData("0.0.2.4.1.1.kWh.0.0.0.0.0.0.0.0.3.72.0", "ReadingType code '0.0.2.4.1.1.kWh.0.0.0.0.0.0.0.0.3.72.0': part 7 'kWh' is not an integer")]
    [InlineData("0.0.-2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0", "ReadingType code '0.0.-2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0': part 3 '-2' is not an integer")]
    [InlineData("0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3..0", "ReadingType code '0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3..0': part 17 '' is not an integer")]
    [InlineData("0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.-.72.0", "ReadingType code '0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.-.72.0': part 16 '-' is not an integer")]
    public void Parse_failures(string code, string reason)
    {
        Assert.False(ReadingType.TryParse(code, out var rt));
        Assert.Equal(default, rt);
        var ex = Assert.Throws<CimException>(() => ReadingType.Parse(code));
        Assert.Same(ReplyCode.InvalidReadingType, ex.Code);
        Assert.Equal(reason, ex.Message);
        Assert.Equal(code, ex.ObjectId);
        Assert.Equal("ReadingType", ex.ObjectType);
    }

    [Fact]
    public void TryParse_of_a_span_does_not_allocate()
    {
        ReadOnlySpan<char> code = FifteenMinuteKWh;
        Assert.True(ReadingType.TryParse(code, out _));
        int parsed = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            parsed += ReadingType.TryParse(code, out var rt) ? rt.Unit : 0;
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(7200, parsed);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Parse_accepts_spans() => Assert.True(ReadingType.TryParse(("x" + FifteenMinuteKWh).AsSpan(1), out var rt) && rt.Unit == 72);

    [Fact]
    public void Validate_reports_unknown_values()
    {
        var rt = ReadingType.Parse("5.1.8.5.6.99.39.1.0.0.0.0.0.0.3.4.999.1000");
        Assert.False(rt.IsKnown);
        Assert.Equal(
        [
            "macroPeriod 5 is not a TimePeriodOfInterest",
            "aggregate 1 is not a DataQualifierKind",
            "measuringPeriod 8 is not a TimeAttributeKind",
            "accumulation 5 is not an AccumulationKind",
            "flowDirection 6 is not a FlowDirectionKind",
            "commodity 99 is not a CommodityKind",
            "measurementKind 39 is not a MeasurementKind",
            "interharmonic 1/0 has a zero denominator",
            "phases 3 is not a PhaseCodeKind",
            "multiplier 4 is not a UnitMultiplierKind",
            "unit 999 is not a UnitSymbol",
            "currency 1000 is not an ISO 4217 numeric code",
        ], rt.Validate());
    }

    [Fact]
    public void Validate_reports_negative_counts_set_in_code()
    {
        var rt = ReadingType.BulkForwardEnergyKWh with { Tou = -1, ArgumentDenominator = -2 };
        Assert.Equal(["argument denominator -2 must not be negative", "tou -1 must not be negative"], rt.Validate());
    }

    [Fact]
    public void Any_three_digit_currency_is_valid()
    {
        Assert.Empty((ReadingType.BulkForwardEnergyKWh with { Currency = 999 }).Validate());
        Assert.Empty((ReadingType.BulkForwardEnergyKWh with { Currency = 554 }).Validate());
    }

    public static TheoryData<int, int> EveryTableEntry()
    {
        var data = new TheoryData<int, int>();
        (int Field, CodeTable Table)[] tables =
        [
            (0, ReadingTypeTables.MacroPeriods), (1, ReadingTypeTables.Aggregates), (2, ReadingTypeTables.MeasuringPeriods),
            (3, ReadingTypeTables.Accumulations), (4, ReadingTypeTables.FlowDirections), (5, ReadingTypeTables.Commodities),
            (6, ReadingTypeTables.MeasurementKinds), (14, ReadingTypeTables.Phases), (15, ReadingTypeTables.Multipliers),
            (16, ReadingTypeTables.Units), (17, ReadingTypeTables.Currencies),
        ];
        foreach (var (field, table) in tables)
        {
            foreach (var entry in table.Entries)
            {
                data.Add(field, entry.Code);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryTableEntry))]
    public void Every_table_entry_round_trips_and_validates(int field, int code)
    {
        var parts = FifteenMinuteKWh.Split('.');
        parts[field] = code.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var text = string.Join('.', parts);
        var rt = ReadingType.Parse(text);
        Assert.Equal(text, rt.ToString());
        Assert.Empty(rt.Validate());
        Assert.False(string.IsNullOrEmpty(rt.Description));
    }
}
