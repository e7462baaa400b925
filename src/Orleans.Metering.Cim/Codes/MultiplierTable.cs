// Written from shared/cim/TABLES.md (C.16); SharedTablesTests checks that the two agree.

namespace Orleans.Metering.Cim.Codes;

/// <summary>IEC 61968-9 Annex C.16 multiplier (power of ten). Name = Connexo prefix name, description = SI prefix symbol.</summary>
internal static class MultiplierTable
{
    internal static CodeTable Create() => new("UnitMultiplierKind",
    [
        new(-24, "yocto", "y"),
        new(-21, "zepto", "z"),
        new(-18, "atto", "a"),
        new(-15, "femto", "f"),
        new(-12, "pico", "p"),
        new(-9, "nano", "n"),
        new(-6, "micro", "µ"),
        new(-3, "milli", "m"),
        new(-2, "centi", "c"),
        new(-1, "deci", "d"),
        new(0, "none", ""),
        new(1, "deca", "da"),
        new(2, "hecto", "h"),
        new(3, "kilo", "k"),
        new(6, "mega", "M"),
        new(9, "giga", "G"),
        new(12, "tera", "T"),
        new(15, "peta", "P"),
        new(18, "exa", "E"),
        new(21, "zetta", "Z"),
        new(24, "yotta", "Y"),
    ]);
}
