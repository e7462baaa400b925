// generated from ../shared/cim/xsd/MasterDataLinkageConfig.xsd by ProfileShapesGeneratorTests; do not edit
// (METERING_REGENERATE_PROFILES=1 dotnet test tests/Orleans.Metering.Cim.Tests --filter ProfileShapesGeneratorTests rewrites it).
namespace Orleans.Metering.Cim.Profiles.Generated;

internal static partial class ProfileShapeTables
{
    public const string MasterDataLinkageConfig = """
        MasterDataLinkageConfig : MasterDataLinkageConfig
        MasterDataLinkageConfig = AuxiliaryAgreement:AuxiliaryAgreement*, ComModule:ComModule*, ConfigurationEvent:ConfigurationEvent?, Customer:Customer*, CustomerAccount:CustomerAccount*, CustomerAgreement:CustomerAgreement*, EndDevice:EndDevice*, Meter:Meter*, PricingStructure:PricingStructure*, ServiceLocation:ServiceLocation*, ServiceSupplier:ServiceSupplier*, TransformerTank:TransformerTank*, UsagePoint:UsagePoint*, UsagePointLocation:UsagePointLocation*
        AuxiliaryAgreement = mRID:xs:string?, Names:Name*
        ComModule = mRID:xs:string?, Names:Name*
        Customer = mRID:xs:string?, Names:Name*
        Meter = mRID:xs:string?, Names:Name*, role:xs:string?, ReadingTypeMapping:Meter.ReadingTypeMapping*
        Meter.ReadingTypeMapping = source:ReadingType, destination:ReadingType
        ReadingType = mRID:xs:string?, Names:Name+
        PricingStructure = mRID:xs:string?, Names:Name*
        ServiceSupplier = mRID:xs:string?, Names:Name*
        """;
}
