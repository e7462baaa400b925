// Written from shared/cim/TABLES.md (E.1); SharedTablesTests checks that the two agree.

namespace Orleans.Metering.Cim.Codes;

/// <summary>IEC 61968-9 Annex E.1 EndDeviceType (1st part of an end-device event/control code).</summary>
internal static class EndDeviceTypeTable
{
    internal static CodeTable Create() => new("EndDeviceType",
    [
        new(0, "NA", "Not applicable. Use when a device type is not known."),
        new(1, "DAPDevice", "A data aggregation point device"),
        new(2, "DERDevice", "A demand response device"),
        new(3, "ElectricMeter", "A device located on premises to measure electricity usage."),
        new(4, "GasMeter", "A device located on premises to measure gas usage."),
        new(5, "Gateway", "A gateway device."),
        new(6, "DSPDevice", "A digital signal processing device"),
        new(7, "PANGateway", "A PAN gateway connects an external communications network to energy management devices within the premises."),
        new(8, "Transformer", "A device that converts a generator's voltage (which is at the thousands of volts level) up to extremely high …"),
        new(10, "Collector", "A device that acts as a central point of communication between HES and devices located on premises."),
        new(11, "NetworkRouter", "A router distributes Digital computer information that is contained within a data packet on a network."),
        new(12, "PANDevice", "A “premises area network” device that is not specifically described in further detail."),
        new(13, "Feeder", "Feeders carry three-phase power, and tend to follow the major streets near the substation."),
        new(14, "Generator", "Typically a spinning electrical generator. Something has to spin the generator -- it might be a water wheel i…"),
        new(15, "InPremisesDisplay(IPD/IHD)", "The In-Premises (In-Home) Display (IPD/IHD) allows utility customers to track their energy usage in chart or …"),
        new(16, "LoadControlDevice", "A device used to implement “deferrable” services – commonly referred to as “off-peak”."),
        new(17, "PANMeter", "A “premises area network” device whose function is to measure (e.g. electricity usage)."),
        new(18, "PrepaymentTerminal", "A device that enables the customer to make advance payment before energy can be used."),
        new(19, "ProgCtlThermostat(PCT)", "A thermostat device whose settings can be controlled via an API (ie. without human intervention)."),
        new(20, "RangeExtender", "Wireless range-extenders or wireless repeaters can extend the range of an existing wireless network."),
        new(21, "Regulator", "A voltage regulator is an electrical regulator designed to automatically maintain a constant voltage level."),
        new(22, "Substation", "An electrical substation is a subsidiary station of an electricity generation, transmission and distribution …"),
        new(23, "EnergyRouter", "An energy router, analogous to the familiar data and communications router, automatically detects demand for …"),
        new(24, "WaterMeter", "A device that measures water usage."),
        new(25, "WasteWaterMeter", "A device that measures waste water usage."),
        new(26, "ComDevice", "A communication device"),
        new(58, "ElectricVehicle", "(or Plug-in Electric Vehicle, PEV) a vehicle that can be plugged into the grid."),
    ]);
}
