// generated from ../shared/cim/xsd/MeterConfig.xsd by ProfileShapesGeneratorTests; do not edit
// (METERING_REGENERATE_PROFILES=1 dotnet test tests/Orleans.Metering.Cim.Tests --filter ProfileShapesGeneratorTests rewrites it).
namespace Orleans.Metering.Cim.Profiles.Generated;

internal static partial class ProfileShapeTables
{
    public const string MeterConfig = """
        MeterConfig : MeterConfig
        MeterConfig = ComFunction:ComFunction*, ConnectDisconnectFunction:ConnectDisconnectFunction*, Meter:Meter*, ReadingType:ReadingType*, SimpleEndDeviceFunction:SimpleEndDeviceFunction*
        ConnectDisconnectFunction = mRID:xs:string?, enabled:xs:boolean?, eventCount:xs:integer?, isConnected:xs:boolean?, isDelayedDiscon:xs:boolean?, isLocalAutoDisconOp:xs:boolean?, isLocalAutoReconOp:xs:boolean?, isRemoteAutoDisconOp:xs:boolean?, isRemoteAutoReconOp:xs:boolean?, password:xs:string?, Names:ConnectDisconnectFunction.Names*, rcdInfo:RemoteConnectDisconnectInfo?
        ConnectDisconnectFunction.Names = name:xs:string, NameType:ConnectDisconnectFunction.Names.NameType?
        ConnectDisconnectFunction.Names.NameType = description:xs:string?, name:xs:string, NameTypeAuthority:ConnectDisconnectFunction.Names.NameType.NameTypeAuthority?
        ConnectDisconnectFunction.Names.NameType.NameTypeAuthority = description:xs:string?, name:xs:string
        Meter = mRID:xs:string?, amrSystem:xs:string?, formNumber:xs:string?, initialCondition:xs:string?, initialLossOfLife:PerCent?, isVirtual:xs:boolean?, lotNumber:xs:string?, purchasePrice:Money?, serialNumber:xs:string?, timeZoneOffset:Minutes?, type:xs:string?, utcNumber:xs:string?, ActivityRecords:ActivityRecord*, ConfigurationEvents:ConfigurationEvent?, electronicAddress:ElectronicAddress?, (ComFunction:Meter.ComFunction | ConnectDisconnectFunction:Meter.ConnectDisconnectFunction | SimpleEndDeviceFunction:Meter.SimpleEndDeviceFunction)*, EndDeviceInfo:EndDeviceInfo?, lifecycle:LifecycleDate?, MeterMultipliers:MeterMultiplier*, Names:Name*, Seals:Seal*, status:Status?
        Meter.ComFunction = @ref:xs:string?
        Meter.ConnectDisconnectFunction = @ref:xs:string?
        Meter.SimpleEndDeviceFunction = @ref:xs:string?
        MeterMultiplier = mRID:xs:string?, kind:MeterMultiplierKind?, value:xs:float?, Names:Name*
        MeterMultiplierKind ~ xs:string ctRatio kE kH kR ptRatio transformerRatio
        Seal = mRID:xs:string?, appliedDateTime:xs:dateTime?, condition:SealConditionKind?, kind:SealKind?, sealNumber:xs:string?, Names:Name*
        """;
}
