// generated from ../shared/cim/xsd/EndDeviceConfig.xsd by ProfileShapesGeneratorTests; do not edit
// (METERING_REGENERATE_PROFILES=1 dotnet test tests/Orleans.Metering.Cim.Tests --filter ProfileShapesGeneratorTests rewrites it).
namespace Orleans.Metering.Cim.Profiles.Generated;

internal static partial class ProfileShapeTables
{
    public const string EndDeviceConfig = """
        EndDeviceConfig : EndDeviceConfig
        EndDeviceConfig = ComFunction:ComFunction*, ConnectDisconnectFunction:ConnectDisconnectFunction*, EndDevice:EndDevice*, ReadingType:ReadingType*, SimpleEndDeviceFunction:SimpleEndDeviceFunction*
        ConnectDisconnectFunction = mRID:xs:string?, enabled:xs:boolean?, eventCount:xs:integer?, isConnected:xs:boolean?, isDelayedDiscon:xs:boolean?, isLocalAutoDisconOp:xs:boolean?, isLocalAutoReconOp:xs:boolean?, isRemoteAutoDisconOp:xs:boolean?, isRemoteAutoReconOp:xs:boolean?, password:xs:string?, Names:Name*, rcdInfo:RemoteConnectDisconnectInfo?
        EndDevice = mRID:xs:string?, amrSystem:xs:string?, initialCondition:xs:string?, initialLossOfLife:PerCent?, installCode:xs:string?, isPan:xs:boolean?, isVirtual:xs:boolean?, lotNumber:xs:string?, purchasePrice:Money?, serialNumber:xs:string?, timeZoneOffset:Minutes?, type:xs:string?, utcNumber:xs:string?, ActivityRecords:ActivityRecord*, ConfigurationEvents:ConfigurationEvent?, electronicAddress:ElectronicAddress?, (ComFunction:EndDevice.ComFunction | ConnectDisconnectFunction:EndDevice.ConnectDisconnectFunction | SimpleEndDeviceFunction:EndDevice.SimpleEndDeviceFunction)*, EndDeviceInfo:EndDeviceInfo?, lifecycle:LifecycleDate?, Names:Name*, Seals:Seal*, status:Status?
        EndDevice.ComFunction = @ref:xs:string?
        EndDevice.ConnectDisconnectFunction = @ref:xs:string?
        EndDevice.SimpleEndDeviceFunction = @ref:xs:string?
        Seal = appliedDateTime:xs:dateTime?, condition:SealConditionKind?, kind:SealKind?, sealNumber:xs:string
        """;
}
