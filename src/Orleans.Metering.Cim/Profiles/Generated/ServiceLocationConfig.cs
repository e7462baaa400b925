// generated from ../shared/cim/xsd/ServiceLocationConfig.xsd by ProfileShapesGeneratorTests; do not edit
// (METERING_REGENERATE_PROFILES=1 dotnet test tests/Orleans.Metering.Cim.Tests --filter ProfileShapesGeneratorTests rewrites it).
namespace Orleans.Metering.Cim.Profiles.Generated;

internal static partial class ProfileShapeTables
{
    public const string ServiceLocationConfig = """
        ServiceLocationConfig : ServiceLocationConfig
        ServiceLocationConfig = ServiceLocation:ServiceLocation*
        ServiceLocation = mRID:xs:string?, accessMethod:xs:string?, direction:xs:string?, geoInfoReference:xs:string?, needsInspection:xs:boolean?, siteAccessProblem:xs:string?, type:xs:string?, ConfigurationEvents:ConfigurationEvent?, CoordinateSystem:CoordinateSystem?, electronicAddress:ElectronicAddress?, mainAddress:StreetAddress?, Names:Name*, phone1:TelephoneNumber?, phone2:TelephoneNumber?, PositionPoints:PositionPoint*, secondaryAddress:StreetAddress?, status:Status?
        """;
}
