using Orleans.Metering.Cim.Messages;
using Orleans.Metering.Cim.Tests.Support;
using Orleans.Metering.Simulation.Fleet;

namespace Orleans.Metering.Simulation.Tests;

public sealed class FleetRequestsTests
{
    private static readonly DateTimeOffset Day = new(2024, 3, 5, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_tools_requests_read_back_as_the_platform_reads_them_and_are_saved_for_the_schema_check()
    {
        var requests = new (string Name, byte[] Xml, string Verb, string Noun)[]
        {
            ("create-MeterConfig", FleetRequests.RegisterMeters(["SIM-000001", "SIM-000002"], "TEST", "SN-"), "create", "MeterConfig"),
            ("create-EndDeviceControls", FleetRequests.Control("CTL-1", "SIM-000001", "3.31.0.23", "TEST", "Non-payment", "MSG-1"), "create", "EndDeviceControls"),
            ("get-MeterReadings", FleetRequests.GetMeterReadings(["SIM-000001"], SimulatedFleet.IntervalReadingType, Day, Day.AddDays(1), "TEST"), "get", "MeterReadings"),
            ("get-EndDeviceEvents", FleetRequests.GetEndDeviceEvents(["SIM-000001"], "TEST"), "get", "EndDeviceEvents"),
        };
        foreach (var (name, xml, verb, noun) in requests)
        {
            CimOutput.Save("Tools-" + name, xml);
            var read = CimMessageReader.Read(new MemoryStream(xml));
            Assert.True(read.Success, read.Error?.Message);
            Assert.Equal((MessageKind.Request, verb, noun, "TEST"), (read.Message!.Kind, read.Message.Header!.Verb, read.Message.Header.Noun, read.Message.Header.Source));
        }
    }
}
