// generated from ../shared/cim/xsd/MeterReadings.xsd by ProfileShapesGeneratorTests; do not edit
// (METERING_REGENERATE_PROFILES=1 dotnet test tests/Orleans.Metering.Cim.Tests --filter ProfileShapesGeneratorTests rewrites it).
namespace Orleans.Metering.Cim.Profiles.Generated;

internal static partial class ProfileShapeTables
{
    public const string MeterReadings = """
        MeterReadings : MeterReadings
        MeterReadings = EndDeviceEventType:EndDeviceEventType*, MeterReading:MeterReading*, ReadingQualityType:ReadingQualityType*, ReadingType:ReadingType*
        EndDeviceEventType = mRID:xs:string?, domain:xs:string?, eventOrAction:xs:string?, subDomain:xs:string?, type:xs:string?, Names:Name+
        IntervalBlock = IntervalReadings:IntervalReading*, PendingCalculation:PendingCalculation?, ReadingType:IntervalBlock.ReadingType
        IntervalBlock.ReadingType = @ref:xs:string?
        IntervalReading = reportedDateTime:xs:dateTime?, source:xs:string?, timeStamp:xs:dateTime?, value:xs:string?, ReadingQualities:ReadingQuality*, timePeriod:DateTimeInterval?
        Meter = mRID:xs:string?, Names:Name*, status:Status?
        MeterReading = isCoincidentTrigger:xs:boolean?, EndDeviceEvents:EndDeviceEvent*, IntervalBlocks:IntervalBlock*, Meter:Meter?, Readings:Reading*, UsagePoint:UsagePoint?, valuesInterval:DateTimeInterval?
        PendingCalculation = multiplyBeforeAdd:xs:boolean?, offset:xs:integer?, scalarDenominator:xs:integer?, scalarFloat:xs:float?, scalarNumerator:xs:integer?, ReadingType:PendingCalculation.ReadingType
        PendingCalculation.ReadingType = @ref:xs:string?
        Reading = reason:ReadingReasonKind?, reportedDateTime:xs:dateTime?, source:xs:string?, timeStamp:xs:dateTime?, value:xs:string?, ReadingQualities:ReadingQuality*, ReadingType:Reading.ReadingType, timePeriod:DateTimeInterval?
        Reading.ReadingType = @ref:xs:string?
        ReadingQuality = comment:xs:string?, source:xs:string?, timeStamp:xs:dateTime?, ReadingQualityType:ReadingQuality.ReadingQualityType
        ReadingQuality.ReadingQualityType = @ref:xs:string?
        ReadingQualityType = mRID:xs:string?, category:xs:string?, subCategory:xs:string?, systemId:xs:string?, Names:Name+
        """;
}
