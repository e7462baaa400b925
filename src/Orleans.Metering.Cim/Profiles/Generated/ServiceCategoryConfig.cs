// generated from ../shared/cim/xsd/ServiceCategoryConfig.xsd by ProfileShapesGeneratorTests; do not edit
// (METERING_REGENERATE_PROFILES=1 dotnet test tests/Orleans.Metering.Cim.Tests --filter ProfileShapesGeneratorTests rewrites it).
namespace Orleans.Metering.Cim.Profiles.Generated;

internal static partial class ProfileShapeTables
{
    public const string ServiceCategoryConfig = """
        ServiceCategoryConfig : ServiceCategoryConfig
        ServiceCategoryConfig = ServiceCategory:ServiceCategory*
        ServiceCategory = mRID:xs:string?, kind:ServiceKind?, ConfigurationEvents:ConfigurationEvent?, Names:Name*
        """;
}
