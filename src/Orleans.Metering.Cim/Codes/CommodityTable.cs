// Written from shared/cim/TABLES.md (C.6); SharedTablesTests checks that the two agree.

namespace Orleans.Metering.Cim.Codes;

/// <summary>IEC 61968-9 Annex C.6 commodity (CommodityKind). CONFLICT at 26: ESPI electricity transmission-metered, Connexo H2; 27-40 are Connexo-only.</summary>
internal static class CommodityTable
{
    internal static CodeTable Create() => new("CommodityKind",
    [
        new(0, "none", "not applicable"),
        new(1, "electricitySecondaryMetered", "electricity"),
        new(2, "electricityPrimaryMetered", "electricity primary metered"),
        new(3, "communication", "communication"),
        new(4, "air", "air"),
        new(5, "insulativeGas", "insulative gas"),
        new(6, "insulativeOil", "insulative oil"),
        new(7, "naturalGas", "natural gas"),
        new(8, "propane", "propane"),
        new(9, "potableWater", "potable water"),
        new(10, "steam", "steam"),
        new(11, "wasteWater", "waste water"),
        new(12, "heatingFluid", "heating fluid"),
        new(13, "coolingFluid", "cooling fluid"),
        new(14, "nonpotableWater", "non-potable water"),
        new(15, "nox", "NOx"),
        new(16, "so2", "SO2"),
        new(17, "ch4", "CH4"),
        new(18, "co2", "CO2"),
        new(19, "carbon", "carbon"),
        new(20, "hch", "HCH"),
        new(21, "pfc", "PFC"),
        new(22, "sf6", "SF6"),
        new(23, "tvLicence", "TV license"),
        new(24, "internet", "internet"),
        new(25, "refuse", "trash"),
        new(26, "electricityTransmissionMetered", "electricity transmission metered (Connexo: hydrogen)"),
        new(27, "C2H2", "acetylene"),
        new(28, "C2H4", "ethylene"),
        new(29, "C2H6", "ethane"),
        new(30, "CO", "carbon monoxide"),
        new(31, "O2", "oxygen"),
        new(32, "DISSOLVEDCOMBUSTIBLEGAS", "dissolved combustible gas"),
        new(33, "CO2E", "carbon dioxide equivalent"),
        new(34, "LEAD", "lead"),
        new(35, "MERCURY", "mercury"),
        new(36, "OZONE", "ozone"),
        new(37, "PM10", "particulate matter maximum size 10 µm"),
        new(38, "PM25", "particulate matter maximum size 2.5 µm"),
        new(39, "SOX", "sulfur oxides"),
        new(40, "WEATHER", "weather or meterological conditions"),
    ]);
}
