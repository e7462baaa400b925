// generated from ../shared/cim/xsd/EndDeviceGroups.xsd by ProfileShapesGeneratorTests; do not edit
// (METERING_REGENERATE_PROFILES=1 dotnet test tests/Orleans.Metering.Cim.Tests --filter ProfileShapesGeneratorTests rewrites it).
namespace Orleans.Metering.Cim.Profiles.Generated;

internal static partial class ProfileShapeTables
{
    public const string EndDeviceGroups = """
        EndDeviceGroups : EndDeviceGroups
        EndDeviceGroups = DemandResponseProgram:DemandResponseProgram*, EndDeviceGroup:EndDeviceGroup*
        EndDeviceGroup = mRID:xs:string?, DemandResponsePrograms:EndDeviceGroup.DemandResponsePrograms*, EndDevices:EndDevice*, Names:Name*
        EndDeviceGroup.DemandResponsePrograms = @ref:xs:string?
        """;
}
