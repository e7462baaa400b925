// generated from ../shared/cim/xsd/EndDeviceControls.xsd by ProfileShapesGeneratorTests; do not edit
// (METERING_REGENERATE_PROFILES=1 dotnet test tests/Orleans.Metering.Cim.Tests --filter ProfileShapesGeneratorTests rewrites it).
namespace Orleans.Metering.Cim.Profiles.Generated;

internal static partial class ProfileShapeTables
{
    public const string EndDeviceControls = """
        EndDeviceControls : EndDeviceControls
        EndDeviceControls = EndDeviceControl:EndDeviceControl*, EndDeviceControlType:EndDeviceControlType*
        ControlledAppliance = isElectricVehicle:xs:boolean?, isExteriorLighting:xs:boolean?, isGenerationSystem:xs:boolean?, isHvacCompressorOrFurnace:xs:boolean?, isInteriorLighting:xs:boolean?, isIrrigationPump:xs:boolean?, isManagedCommercialIndustrialLoad:xs:boolean?, isPoolPumpSpaJacuzzi:xs:boolean?, isSimpleMiscLoad:xs:boolean?, isSmartAppliance:xs:boolean?, isStripAndBaseboardHeater:xs:boolean?, isWaterHeater:xs:boolean?
        Customer =
        EndDevice = mRID:xs:string?, installCode:xs:string?, isPan:xs:boolean?, electronicAddress:ElectronicAddress?, Names:Name*
        EndDeviceAction = command:xs:string?, duration:Minutes?, durationIndefinite:xs:boolean?, startDateTime:xs:dateTime?
        EndDeviceControl = mRID:xs:string?, drProgramLevel:xs:integer?, drProgramMandatory:xs:boolean?, issuerID:xs:string?, issuerTrackingID:xs:string?, priceSignal:FloatQuantity?, reason:xs:string?, (PanDemandResponse:PanDemandResponse | PanDisplay:PanDisplay | PanPricing:PanPricing)?, EndDeviceControlType:EndDeviceControl.EndDeviceControlType, EndDeviceGroups:EndDeviceGroup*, EndDevices:EndDevice*, primaryDeviceTiming:EndDeviceTiming?, secondaryDeviceTiming:EndDeviceTiming?, UsagePointGroups:UsagePointGroup*, UsagePoints:UsagePoint*
        EndDeviceControl.EndDeviceControlType = @ref:xs:string?
        EndDeviceControlType = mRID:xs:string?, domain:xs:string?, eventOrAction:xs:string?, subDomain:xs:string?, type:xs:string?, Names:Name+
        EndDeviceInfo =
        EndDeviceTiming = duration:Minutes?, durationIndefinite:xs:boolean?, randomisation:RandomisationKind?, interval:DateTimeInterval?
        PanDemandResponse = avgLoadAdjustment:PerCent?, cancelControlMode:xs:string?, cancelDateTime:xs:dateTime?, cancelNow:xs:boolean?, command:xs:string?, coolingOffset:Temperature?, coolingSetpoint:Temperature?, criticalityLevel:xs:string?, duration:Minutes?, durationIndefinite:xs:boolean?, dutyCycle:PerCent?, enrollmentGroup:xs:string?, heatingOffset:Temperature?, heatingSetpoint:Temperature?, startDateTime:xs:dateTime?, appliance:ControlledAppliance?
        PanDisplay = command:xs:string?, confirmationRequired:xs:boolean?, duration:Minutes?, durationIndefinite:xs:boolean?, priority:xs:string?, startDateTime:xs:dateTime?, textMessage:xs:string?, transmissionMode:TransmissionModeKind?
        PanPricing = command:xs:string?, duration:Minutes?, durationIndefinite:xs:boolean?, providerID:xs:integer?, startDateTime:xs:dateTime?, PanPricingDetails:PanPricingDetail*
        PanPricingDetail = alternateCostDelivered:xs:float?, alternateCostUnit:xs:string?, currentTimeDate:xs:dateTime?, generationPrice:Money?, generationPriceRatio:xs:float?, price:Money?, priceRatio:xs:float?, priceTier:xs:integer?, priceTierCount:xs:integer?, priceTierLabel:xs:string?, rateLabel:xs:string?, registerTier:xs:string?, unitOfMeasure:xs:string?
        RandomisationKind ~ xs:string default end none start startAndEnd
        ServiceLocation =
        TransmissionModeKind ~ xs:string anonymous both normal
        FloatQuantity ~ xs:float
        Temperature ~ xs:float
        """;
}
