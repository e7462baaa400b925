// generated from ../shared/cim/xsd/*.xsd (the types several profiles declare alike) by ProfileShapesGeneratorTests; do not edit
// (METERING_REGENERATE_PROFILES=1 dotnet test tests/Orleans.Metering.Cim.Tests --filter ProfileShapesGeneratorTests rewrites it).
namespace Orleans.Metering.Cim.Profiles.Generated;

internal static partial class ProfileShapeTables
{
    public const string Common = """
        ActivePower ~ xs:float
        ActivityRecord = createdDateTime:xs:dateTime?, reason:xs:string?, severity:xs:string?, type:xs:string?, status:Status?
        Asset = mRID:xs:string?, Names:Name*
        AssetModelUsageKind ~ xs:string customerSubstation distributionOverhead distributionUnderground other streetlight substation transmission unknown
        Channel = mRID:xs:string?, isVirtual:xs:boolean?, Names:Name*, ReadingType:Channel.ReadingType?
        Channel.ReadingType = @ref:xs:string?
        ComDirectionKind ~ xs:string biDirectional fromDevice toDevice
        ComFunction = mRID:xs:string?, amrAddress:xs:string?, amrRouter:xs:string?, configID:xs:string?, direction:ComDirectionKind?, enabled:xs:boolean?, firmwareID:xs:string?, hardwareID:xs:string?, password:xs:string?, programID:xs:string?, technology:ComTechnologyKind?, Names:Name*
        ComTechnologyKind ~ xs:string cellular ethernet homePlug pager phone plc rf rfMesh zigbee
        ConfigurationEvent = mRID:xs:string?, createdDateTime:xs:dateTime?, effectiveDateTime:xs:dateTime?, modifiedBy:xs:string?, reason:xs:string?, remark:xs:string?, severity:xs:string?, type:xs:string?, Names:Name*, status:Status?
        CoordinateSystem = mRID:xs:string?, crsUrn:xs:string?, Names:Name*
        CorporateStandardKind ~ xs:string experimental other standard underEvaluation
        CurrentFlow ~ xs:float
        CustomerAccount = mRID:xs:string?, Names:Name*
        CustomerAgreement = mRID:xs:string?, Names:Name*
        DateTimeInterval = end:xs:dateTime?, start:xs:dateTime?
        DemandResponseProgram = mRID:xs:string?, type:xs:string?, Names:Name*
        ElectronicAddress = email1:xs:string?, email2:xs:string?, lan:xs:string?, mac:xs:string?, password:xs:string?, radio:xs:string?, userID:xs:string?, web:xs:string?
        EndDevice = mRID:xs:string?, Names:Name*
        EndDeviceCapability = autonomousDst:xs:boolean?, communication:xs:boolean?, connectDisconnect:xs:boolean?, demandResponse:xs:boolean?, electricMetering:xs:boolean?, gasMetering:xs:boolean?, metrology:xs:boolean?, onRequestRead:xs:boolean?, outageHistory:xs:boolean?, pressureCompensation:xs:boolean?, pricingInfo:xs:boolean?, pulseOutput:xs:boolean?, relaysProgramming:xs:boolean?, reverseFlow:xs:boolean?, superCompressibilityCompensation:xs:boolean?, temperatureCompensation:xs:boolean?, textMessage:xs:boolean?, waterMetering:xs:boolean?
        EndDeviceEvent = mRID:xs:string?, createdDateTime:xs:dateTime, issuerID:xs:string?, issuerTrackingID:xs:string?, reason:xs:string?, severity:xs:string?, userID:xs:string?, Assets:Asset?, EndDeviceEventDetails:EndDeviceEventDetail*, EndDeviceEventType:EndDeviceEvent.EndDeviceEventType, Names:Name*, status:Status?, UsagePoint:UsagePoint?
        EndDeviceEvent.EndDeviceEventType = @ref:xs:string?
        EndDeviceEventDetail = name:xs:string, value:StringQuantity?
        EndDeviceFunctionKind ~ xs:string autonomousDst demandResponse electricMetering gasMetering metrology onRequestRead outageHistory relaysProgramming reverseFlow waterMetering
        EndDeviceGroup = mRID:xs:string?, Names:Name*
        EndDeviceInfo = isSolidState:xs:boolean?, phaseCount:xs:integer?, ratedCurrent:CurrentFlow?, ratedVoltage:Voltage?, AssetModel:ProductAssetModel?, capability:EndDeviceCapability?
        LifecycleDate = installationDate:xs:date?, manufacturedDate:xs:date?, purchaseDate:xs:date?, receivedDate:xs:date?, removalDate:xs:date?, retiredDate:xs:date?
        Manufacturer = mRID:xs:string?, Names:Name*
        Minutes ~ xs:float
        Money ~ xs:decimal
        Name = name:xs:string, NameType:NameType?
        NameType = description:xs:string?, name:xs:string, NameTypeAuthority:NameTypeAuthority?
        NameTypeAuthority = description:xs:string?, name:xs:string
        PerCent ~ xs:float
        PositionPoint = sequenceNumber:xs:integer?, xPosition:xs:string, yPosition:xs:string, zPosition:xs:string?
        ProductAssetModel = corporateStandardKind:CorporateStandardKind?, modelNumber:xs:string?, modelVersion:xs:string?, usageKind:AssetModelUsageKind?, Manufacturer:Manufacturer?
        RationalNumber = denominator:xs:integer, numerator:xs:integer
        ReadingInterharmonic = denominator:xs:integer, numerator:xs:integer
        ReadingReasonKind ~ xs:string billing demandReset inquiry installation loadManagement loadResearch moveIn moveOut other removal serviceConnect serviceDisconnect
        ReadingType = mRID:xs:string?, accumulation:xs:string?, aggregate:xs:string?, commodity:xs:string?, consumptionTier:xs:integer?, cpp:xs:integer?, currency:xs:string?, flowDirection:xs:string?, macroPeriod:xs:string?, measurementKind:xs:string?, measuringPeriod:xs:string?, multiplier:xs:string?, phases:xs:string?, tou:xs:integer?, unit:xs:string?, argument:RationalNumber?, interharmonic:ReadingInterharmonic?, Names:Name+
        RealEnergy ~ xs:float
        Register = mRID:xs:string?, isVirtual:xs:boolean?, leftDigitCount:xs:integer?, rightDigitCount:xs:integer?, touTierName:xs:string?, Channels:Channel*, Names:Name*, touTier:TimeInterval?
        RemoteConnectDisconnectInfo = armedTimeout:Seconds?, customerVoltageLimit:Voltage?, energyLimit:RealEnergy?, energyUsageStartDateTime:xs:dateTime?, energyUsageWarning:RealEnergy?, isArmConnect:xs:boolean?, isArmDisconnect:xs:boolean?, isEnergyLimiting:xs:boolean?, needsPowerLimitCheck:xs:boolean?, needsVoltageLimitCheck:xs:boolean?, powerLimit:ActivePower?, usePushbutton:xs:boolean?
        SealConditionKind ~ xs:string broken locked missing open other
        SealKind ~ xs:string lead lock other steel
        Seconds ~ xs:float
        ServiceKind ~ xs:string electricity gas heat internet other rates refuse sewerage time tvLicence water
        ServiceLocation = mRID:xs:string?, Names:Name*
        SimpleEndDeviceFunction = mRID:xs:string?, configID:xs:string?, enabled:xs:boolean?, firmwareID:xs:string?, hardwareID:xs:string?, kind:EndDeviceFunctionKind?, password:xs:string?, programID:xs:string?, Names:Name*, Registers:Register*
        Status = dateTime:xs:dateTime?, reason:xs:string?, remark:xs:string?, value:xs:string?
        StreetAddress = status:Status?, streetDetail:StreetDetail?, townDetail:TownDetail?
        StreetDetail = addressGeneral:xs:string?, buildingName:xs:string?, code:xs:string?, name:xs:string?, number:xs:string?, prefix:xs:string?, suffix:xs:string?, suiteNumber:xs:string?, type:xs:string?, withinTownLimits:xs:boolean?
        StringQuantity ~ xs:string
        SupplierKind ~ xs:string other retailer utility
        TelephoneNumber = areaCode:xs:string?, cityCode:xs:string?, countryCode:xs:string?, extension:xs:string?, localNumber:xs:string?
        TimeInterval = end:xs:time?, start:xs:time?
        TimeSchedule = scheduleInterval:DateTimeInterval
        TownDetail = code:xs:string?, country:xs:string?, name:xs:string?, section:xs:string?, stateOrProvince:xs:string?
        TransformerTank = mRID:xs:string?, Names:Name*
        UsagePoint = mRID:xs:string?, Names:Name*
        UsagePointGroup = mRID:xs:string?, Names:Name*
        UsagePointLocation = mRID:xs:string?, Names:Name*
        Voltage ~ xs:float
        """;
}
