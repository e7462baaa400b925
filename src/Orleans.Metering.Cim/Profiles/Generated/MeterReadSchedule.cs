// generated from ../shared/cim/xsd/MeterReadSchedule.xsd by ProfileShapesGeneratorTests; do not edit
// (METERING_REGENERATE_PROFILES=1 dotnet test tests/Orleans.Metering.Cim.Tests --filter ProfileShapesGeneratorTests rewrites it).
namespace Orleans.Metering.Cim.Profiles.Generated;

internal static partial class ProfileShapeTables
{
    public const string MeterReadSchedule = """
        MeterReadSchedule : MeterReadSchedule
        MeterReadSchedule = CustomerAccount:CustomerAccount*, CustomerAgreement:CustomerAgreement*, EndDevice:EndDevice*, EndDeviceGroup:EndDeviceGroup*, ReadingType:ReadingType*, TimeSchedule:TimeSchedule*, UsagePoint:UsagePoint*, UsagePointGroup:UsagePointGroup*
        EndDevice = mRID:xs:string, Names:Name*
        ReadingType = mRID:xs:string?, Names:Name*
        TimePoint = dateTime:xs:dateTime?, relativeTimeInterval:Seconds?, sequenceNumber:xs:integer?, window:DateTimeInterval?
        TimeSchedule = disabled:xs:boolean?, offset:Seconds?, recurrencePattern:xs:string?, recurrencePeriod:Seconds?, scheduleInterval:DateTimeInterval?, TimePoints:TimePoint*
        """;
}
