// generated from ../shared/cim/xsd/EndDeviceEvents.xsd by ProfileShapesGeneratorTests; do not edit
// (METERING_REGENERATE_PROFILES=1 dotnet test tests/Orleans.Metering.Cim.Tests --filter ProfileShapesGeneratorTests rewrites it).
namespace Orleans.Metering.Cim.Profiles.Generated;

internal static partial class ProfileShapeTables
{
    public const string EndDeviceEvents = """
        EndDeviceEvents : EndDeviceEvents
        EndDeviceEvents = EndDeviceEvent:EndDeviceEvent*, EndDeviceEventType:EndDeviceEventType*
        EndDeviceEventType = mRID:xs:string?, domain:xs:string?, eventOrAction:xs:string?, subDomain:xs:string?, type:xs:string?, Names:Name+
        """;
}
