// generated from the file names of ../shared/cim/xsd by ProfileShapesGeneratorTests; do not edit
namespace Orleans.Metering.Cim.Profiles.Generated;

internal static partial class ProfileShapeTables
{
    /// <summary>The table of every profile schema, by noun.</summary>
    public static IReadOnlyDictionary<string, string> ByNoun { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["EndDeviceConfig"] = EndDeviceConfig,
        ["EndDeviceControls"] = EndDeviceControls,
        ["EndDeviceEvents"] = EndDeviceEvents,
        ["EndDeviceGroups"] = EndDeviceGroups,
        ["GetEndDeviceEvents"] = GetEndDeviceEvents,
        ["GetMeterConfig"] = GetMeterConfig,
        ["GetMeterReadings"] = GetMeterReadings,
        ["MasterDataLinkageConfig"] = MasterDataLinkageConfig,
        ["MeterConfig"] = MeterConfig,
        ["MeterReadSchedule"] = MeterReadSchedule,
        ["MeterReadings"] = MeterReadings,
        ["ServiceCategoryConfig"] = ServiceCategoryConfig,
        ["ServiceLocationConfig"] = ServiceLocationConfig,
        ["ServiceSupplierConfig"] = ServiceSupplierConfig,
        ["UsagePointConfig"] = UsagePointConfig,
        ["UsagePointGroups"] = UsagePointGroups,
        ["UsagePointLocationConfig"] = UsagePointLocationConfig,
    };
}
