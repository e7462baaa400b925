// generated from ../shared/cim/xsd/UsagePointConfig.xsd by ProfileShapesGeneratorTests; do not edit
// (METERING_REGENERATE_PROFILES=1 dotnet test tests/Orleans.Metering.Cim.Tests --filter ProfileShapesGeneratorTests rewrites it).
namespace Orleans.Metering.Cim.Profiles.Generated;

internal static partial class ProfileShapeTables
{
    public const string UsagePointConfig = """
        UsagePointConfig : UsagePointConfig
        UsagePointConfig = ReadingType:ReadingType*, UsagePoint:UsagePoint*
        AmiBillingReadyKind ~ xs:string amiCapable amiDisabled billingApproved enabled nonAmi nonMetered operable
        MetrologyRequirement = mRID:xs:string?, reason:ReadingReasonKind?, Names:Name*, ReadingTypes:MetrologyRequirement.ReadingTypes+
        MetrologyRequirement.ReadingTypes = @ref:xs:string?
        PhaseCode ~ xs:string A AB ABC ABCN ABN AC ACN AN B BC BCN BN C CN N s1 s12 s12N s1N s2 s2N
        PricingStructure = mRID:xs:string?, code:xs:string?, Names:Name*
        ServiceCategory = mRID:xs:string?, kind:ServiceKind?, Names:Name*
        ServiceMultiplier = mRID:xs:string?, kind:ServiceMultiplierKind?, value:xs:float?, Names:Name*
        ServiceMultiplierKind ~ xs:string ctRatio ptRatio transformerRatio
        ServiceSupplier = mRID:xs:string?, kind:SupplierKind?, Names:Name*
        UsagePoint = mRID:xs:string?, amiBillingReady:AmiBillingReadyKind?, checkBilling:xs:boolean?, connectionState:UsagePointConnectedKind?, estimatedLoad:CurrentFlow?, grounded:xs:boolean?, isSdp:xs:boolean?, isVirtual:xs:boolean?, minimalUsageExpected:xs:boolean?, nominalServiceVoltage:Voltage?, outageRegion:xs:string?, phaseCode:PhaseCode?, ratedCurrent:CurrentFlow?, ratedPower:ActivePower?, readCycle:xs:string?, readRoute:xs:string?, serviceDeliveryRemark:xs:string?, servicePriority:xs:string?, ConfigurationEvents:ConfigurationEvent?, Equipments:TransformerTank?, MetrologyRequirements:UsagePoint.MetrologyRequirements*, Names:Name*, PricingStructures:PricingStructure?, ServiceCategory:ServiceCategory?, ServiceLocation:ServiceLocation?, ServiceMultipliers:UsagePoint.ServiceMultipliers*, ServiceSupplier:ServiceSupplier?, UsagePointLocation:UsagePointLocation?
        UsagePoint.MetrologyRequirements = mRID:xs:string?, reason:UsagePoint.MetrologyRequirements.reason?, Names:UsagePoint.MetrologyRequirements.Names*, ReadingTypes:UsagePoint.MetrologyRequirements.ReadingTypes+
        UsagePoint.MetrologyRequirements.reason ~ xs:string billing demandReset inquiry installation loadManagement loadResearch moveIn moveOut other removal serviceConnect serviceDisconnect
        UsagePoint.MetrologyRequirements.Names = name:xs:string, NameType:UsagePoint.MetrologyRequirements.Names.NameType?
        UsagePoint.MetrologyRequirements.Names.NameType = description:xs:string?, name:xs:string, NameTypeAuthority:UsagePoint.MetrologyRequirements.Names.NameType.NameTypeAuthority?
        UsagePoint.MetrologyRequirements.Names.NameType.NameTypeAuthority = description:xs:string?, name:xs:string
        UsagePoint.MetrologyRequirements.ReadingTypes = @ref:xs:string?
        UsagePoint.ServiceMultipliers = mRID:xs:string?, kind:UsagePoint.ServiceMultipliers.kind?, value:xs:float?, Names:UsagePoint.ServiceMultipliers.Names*
        UsagePoint.ServiceMultipliers.kind ~ xs:string ctRatio ptRatio transformerRatio
        UsagePoint.ServiceMultipliers.Names = name:xs:string, NameType:UsagePoint.ServiceMultipliers.Names.NameType
        UsagePoint.ServiceMultipliers.Names.NameType = description:xs:string?, name:xs:string, NameTypeAuthority:UsagePoint.ServiceMultipliers.Names.NameType.NameTypeAuthority?
        UsagePoint.ServiceMultipliers.Names.NameType.NameTypeAuthority = description:xs:string?, name:xs:string
        UsagePointConnectedKind ~ xs:string connected logicallyDisconnected physicallyDisconnected
        """;
}
