namespace Orleans.Metering.Cim.Codes;

/// <summary>The code tables of the enumerated <see cref="ReadingType"/> fields (IEC 61968-9 Annex C).</summary>
public static class ReadingTypeTables
{
    /// <summary>Field 1, macroPeriod (REFERENCE.md section 5).</summary>
    public static CodeTable MacroPeriods { get; } = ReadingTypeReferenceTables.MacroPeriods();

    /// <summary>Field 2, aggregate (REFERENCE.md section 5).</summary>
    public static CodeTable Aggregates { get; } = ReadingTypeReferenceTables.Aggregates();

    /// <summary>Field 3, measuringPeriod (Annex C.3).</summary>
    public static CodeTable MeasuringPeriods { get; } = MeasuringPeriodTable.Create();

    /// <summary>Field 4, accumulation (REFERENCE.md section 5).</summary>
    public static CodeTable Accumulations { get; } = ReadingTypeReferenceTables.Accumulations();

    /// <summary>Field 5, flowDirection (REFERENCE.md section 5).</summary>
    public static CodeTable FlowDirections { get; } = ReadingTypeReferenceTables.FlowDirections();

    /// <summary>Field 6, commodity (Annex C.6).</summary>
    public static CodeTable Commodities { get; } = CommodityTable.Create();

    /// <summary>Field 7, measurementKind (Annex C.7).</summary>
    public static CodeTable MeasurementKinds { get; } = MeasurementKindTable.Create();

    /// <summary>Field 15, phases (Annex C.15).</summary>
    public static CodeTable Phases { get; } = PhaseTable.Create();

    /// <summary>Field 16, multiplier (Annex C.16); the description is the SI prefix symbol.</summary>
    public static CodeTable Multipliers { get; } = MultiplierTable.Create();

    /// <summary>Field 17, unit (Annex C.17); the name is the UnitSymbol literal.</summary>
    public static CodeTable Units { get; } = UnitTable.Create();

    /// <summary>Field 18, currency: named ISO 4217 codes. Any code 0-999 is valid.</summary>
    public static CodeTable Currencies { get; } = ReadingTypeReferenceTables.Currencies();
}
