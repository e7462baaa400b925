// generated from ../shared/cim/xsd/UsagePointGroups.xsd by ProfileShapesGeneratorTests; do not edit
// (METERING_REGENERATE_PROFILES=1 dotnet test tests/Orleans.Metering.Cim.Tests --filter ProfileShapesGeneratorTests rewrites it).
namespace Orleans.Metering.Cim.Profiles.Generated;

internal static partial class ProfileShapeTables
{
    public const string UsagePointGroups = """
        UsagePointGroups : UsagePointGroups
        UsagePointGroups = DemandResponseProgram:DemandResponseProgram*, UsagePointGroup:UsagePointGroup*
        UsagePointGroup = mRID:xs:string?, DemandResponsePrograms:UsagePointGroup.DemandResponsePrograms?, Names:Name*, UsagePoints:UsagePoint*
        UsagePointGroup.DemandResponsePrograms = @ref:xs:string?
        """;
}
