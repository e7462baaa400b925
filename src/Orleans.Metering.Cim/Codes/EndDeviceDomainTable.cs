// Written from shared/cim/TABLES.md (E.2); SharedTablesTests checks that the two agree.

namespace Orleans.Metering.Cim.Codes;

/// <summary>IEC 61968-9 Annex E.2 EndDeviceDomain (2nd part).</summary>
internal static class EndDeviceDomainTable
{
    internal static CodeTable Create() => new("EndDeviceDomain",
    [
        new(0, "NA", "Not applicable. Use when a domain is not needed. This should rarely be used."),
        new(1, "Communication", "Events or controls related to purely communication issues. Consider other domains before using this one."),
        new(2, "Battery", "Any events or controls related to a device battery."),
        new(3, "Cartridge", "Events or controls related to cartridge fuses."),
        new(4, "GasSupply", "Events or controls related to the supply of natural gas or propane."),
        new(5, "WaterSupply", "Events or controls related to the supply of water."),
        new(6, "Installation", "Events or controls related to device installation."),
        new(7, "Configuration", "Events or controls related to device configuration."),
        new(8, "Demand", "Events or controls related to demand (ie. kW) and demand settings (as opposed to consumption (ie. kWh)."),
        new(9, "ModuleFirmware", "Events or controls related to firmware on a module contained by a device."),
        new(10, "Pairing", "Events or controls related to linking devices together (e.g. PANDevice to Meter, ComDevice to Meter, etc.)."),
        new(11, "Firmware", "Events or controls related to device firmware."),
        new(12, "Security", "Events or controls related to device security (including SecurityKey, HMAC, Parity, Rotation, other TamperDet…"),
        new(13, "VideoDisplay", "Events or controls related to device CRT/display."),
        new(14, "MobileSecurity", "Events or controls related to device security when the device is accessed via a mobile tool or device."),
        new(15, "LoadControl", "Events or controls related to the automatic restriction or control of a customer’s energy consumption."),
        new(16, "LoadProfile", "Events or controls related to the energy consumption (ie. “load”) over time on a device."),
        new(17, "Logs", "Events or controls related to device internal logs."),
        new(18, "Memory", "Events or controls related to device memory."),
        new(19, "Modem", "Events or controls related to a device’s modem."),
        new(20, "Billing", "Events or controls related to cost of energy (Including Pricing, Tariff, TOU, etc.)."),
        new(21, "Metrology", "Events or controls related to any type of measurement captured by a device."),
        new(23, "Network", "Events or controls generally related to a device’s status on the network. Also used for general network event…"),
        new(26, "Power", "Events or controls related to device energization status."),
        new(29, "Pressure", "Events or controls related to device pressure thresholds."),
        new(31, "RCDSwitch", "Events or controls related to device remote connect/disconnect activities."),
        new(35, "Temperature", "Events or controls related to device"),
        new(36, "Clock", "Events or controls related to a device internal clock."),
        new(37, "Watchdog", "A hardware or software function triggered by a timer expiring."),
        new(38, "KYZPulseCounter", "Pulse counting function inside a meter or other end device."),
        new(39, "AssociatedDevice", "A device(for example, a relay)that can be associated with an end device."),
        new(40, "Volume", "A quantity of 3-dimensional space enclosed by a boundary; the space occupied by a liquid or gas."),
        new(41, "Recoder", "A device for encoding"),
        new(51, "Scheduler1", "Elster defined Scheduler 1."),
        new(52, "Scheduler2", "Elster defined Scheduler 2."),
        new(53, "Scheduler3", "Elster defined Scheduler 3."),
        new(54, "Scheduler4", "Elster defined Scheduler 4."),
    ]);
}
