// Written from shared/cim/TABLES.md (F.1); SharedTablesTests checks that the two agree.

namespace Orleans.Metering.Cim.Codes;

/// <summary>IEC 61968-9 Annex F.1: EndDeviceControlType combinations installed by Connexo.</summary>
internal static class InstalledControlTypesTable
{
    /// <summary>Every row of the table in order; <c>*</c> as the first part means any EndDeviceType.</summary>
    internal static readonly string[] Codes =
    [
        "0.0.0.0", "*.8.0.214", "*.15.0.54", "*.15.0.55", "*.10.73.298", "*.10.73.299", "*.13.112.77", "*.13.112.8",
        "*.20.9.82", "*.15.148.8", "*.15.43.8", "*.15.43.300", "*.23.0.26", "*.23.0.22", "*.31.138.22", "*.31.138.26",
        "*.31.0.5", "*.31.0.6", "*.31.0.18", "*.31.0.22", "*.31.0.23", "*.31.0.26", "*.31.139.22", "*.31.139.26",
        "*.12.32.13", "*.12.32.83", "*.12.21.82", "*.12.21.105", "*.20.8.13", "*.20.22.13", "*.20.140.13", "*.20.86.13",
        "*.20.283.54", "*.20.9.13", "*.20.114.13", "*.20.35.13", "*.20.97.13",
    ];
}
