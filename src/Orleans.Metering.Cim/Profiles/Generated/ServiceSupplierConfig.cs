// generated from ../shared/cim/xsd/ServiceSupplierConfig.xsd by ProfileShapesGeneratorTests; do not edit
// (METERING_REGENERATE_PROFILES=1 dotnet test tests/Orleans.Metering.Cim.Tests --filter ProfileShapesGeneratorTests rewrites it).
namespace Orleans.Metering.Cim.Profiles.Generated;

internal static partial class ProfileShapeTables
{
    public const string ServiceSupplierConfig = """
        ServiceSupplierConfig : ServiceSupplierConfig
        ServiceSupplierConfig = ServiceSupplier:ServiceSupplier*
        Organisation = mRID:xs:string?, electronicAddress:ElectronicAddress?, Names:Name*, phone1:TelephoneNumber?, phone2:TelephoneNumber?, postalAddress:PostalAddress?, streetAddress:StreetAddress?
        PostalAddress = poBox:xs:string?, postalCode:xs:string?, streetDetail:StreetDetail?, townDetail:TownDetail?
        ServiceSupplier = mRID:xs:string?, issuerIdentificationNumber:xs:string?, kind:SupplierKind?, ConfigurationEvents:ConfigurationEvent?, Names:Name*, Organisation:Organisation?
        """;
}
