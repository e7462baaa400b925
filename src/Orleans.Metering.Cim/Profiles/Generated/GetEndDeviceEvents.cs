// generated from ../shared/cim/xsd/GetEndDeviceEvents.xsd by ProfileShapesGeneratorTests; do not edit
// (METERING_REGENERATE_PROFILES=1 dotnet test tests/Orleans.Metering.Cim.Tests --filter ProfileShapesGeneratorTests rewrites it).
namespace Orleans.Metering.Cim.Profiles.Generated;

internal static partial class ProfileShapeTables
{
    public const string GetEndDeviceEvents = """
        GetEndDeviceEvents : GetEndDeviceEvents
        GetEndDeviceEvents = Customer:Customer*, EndDeviceEvent:EndDeviceEvent*, EndDeviceEventType:EndDeviceEventType*, EndDeviceGroup:EndDeviceGroup*, Meter:Meter*, ServiceCategory:ServiceCategory*, TimeSchedule:TimeSchedule*, UsagePoint:UsagePoint*
        Customer = mRID:xs:string?, Names:Name*
        EndDeviceEvent = mRID:xs:string?, createdDateTime:xs:dateTime, issuerID:xs:string?, issuerTrackingID:xs:string?, reason:xs:string?, severity:xs:string?, userID:xs:string?, Assets:Asset?, EndDeviceEventDetails:EndDeviceEventDetail*, EndDeviceEventType:EndDeviceEvent.EndDeviceEventType, Names:Name*, status:Status?, UsagePoint:UsagePoint?
        Asset = mRID:xs:string?, serialNumber:xs:string?, Names:Name*
        EndDeviceEventType = mRID:xs:string?, Names:Name*
        EndDeviceGroup = mRID:xs:string?, Names:Name*
        Meter = mRID:xs:string?, serialNumber:xs:string?, Names:Name*
        Name = name:xs:string
        ServiceCategory = mRID:xs:string?, kind:ServiceKind?, Names:Name*
        UsagePoint = mRID:xs:string?, Names:Name*
        """;
}
