// generated from ../shared/cim/xsd/GetMeterConfig.xsd by ProfileShapesGeneratorTests; do not edit
// (METERING_REGENERATE_PROFILES=1 dotnet test tests/Orleans.Metering.Cim.Tests --filter ProfileShapesGeneratorTests rewrites it).
namespace Orleans.Metering.Cim.Profiles.Generated;

internal static partial class ProfileShapeTables
{
    public const string GetMeterConfig = """
        GetMeterConfig : GetMeterConfig
        GetMeterConfig = Customer:Customer*, CustomerAccount:CustomerAccount*, CustomerAgreement:CustomerAgreement*, EndDeviceGroup:EndDeviceGroup*, Meter:Meter*, ServiceLocation:ServiceLocation*, UsagePoint:UsagePoint*, UsagePointGroup:UsagePointGroup*
        Customer = mRID:xs:string?, kind:CustomerKind?, Names:Name*
        CustomerKind ~ xs:string commercialIndustrial energyServiceScheduler energyServiceSupplier internalUse other pumpingLoad residential residentialAndCommercial residentialAndStreetlight residentialFarmService residentialStreetlightOthers windMachine
        Meter = mRID:xs:string?, amrSystem:xs:string?, Names:Name*
        """;
}
