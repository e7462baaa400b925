// generated from ../shared/cim/xsd/GetMeterReadings.xsd by ProfileShapesGeneratorTests; do not edit
// (METERING_REGENERATE_PROFILES=1 dotnet test tests/Orleans.Metering.Cim.Tests --filter ProfileShapesGeneratorTests rewrites it).
namespace Orleans.Metering.Cim.Profiles.Generated;

internal static partial class ProfileShapeTables
{
    public const string GetMeterReadings = """
        GetMeterReadings : GetMeterReadings
        GetMeterReadings = EndDevice:EndDevice*, EndDeviceGroup:EndDeviceGroup*, MeterReadings:MeterReadings?, Reading:Reading*, ReadingQuality:ReadingQuality*, ReadingType:ReadingType*, TimeSchedule:TimeSchedule*, TransformerTank:TransformerTank*, UsagePoint:UsagePoint*, UsagePointGroup:UsagePointGroup*
        CoincidentReading = reason:ReadingReasonKind?, source:xs:string?, ReadingType:ReadingType, timePeriod:DateTimeInterval?
        EndDevice = mRID:xs:string?, serialNumber:xs:string?, Names:Name*
        EndDeviceEvent = EndDeviceEventType:EndDeviceEventType
        EndDeviceEventType = mRID:xs:string?, Names:Name*
        Meter = mRID:xs:string?, serialNumber:xs:string?, Names:Name*
        MeterReadings = isCoincidentTrigger:xs:boolean?, EndDeviceEvents:EndDeviceEvent?, Meter:Meter?, Readings:CoincidentReading?, UsagePoint:UsagePoint?
        Reading = reason:ReadingReasonKind?, scheduleStrategy:xs:string?, connectionMethod:xs:string?, dataSource:DataSource*, source:xs:string?, timePeriod:DateTimeInterval?
        ReadingQuality = ReadingQualityType:ReadingQuality.ReadingQualityType
        ReadingQuality.ReadingQualityType = mRID:xs:string?, Names:Name*
        DataSource = name:xs:string, NameType:NameType
        ReadingType = mRID:xs:string?, Names:Name*
        """;
}
