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
            ("create-EndDeviceControls-async", FleetRequests.AsyncControl("CTL-2", "SIM-000001", "3.31.0.23", "TEST", new Uri("http://127.0.0.1:5079/replies"), "MSG-2"), "create", "EndDeviceControls"),
            ("create-EndDeviceControls-many", FleetRequests.Controls("CTL-", ["SIM-000001", "SIM-000002"], "3.31.0.23", "TEST"), "create", "EndDeviceControls"),
        };
        foreach (var (name, xml, verb, noun) in requests)
        {
            CimOutput.Save("Tools-" + name, xml);
            var read = CimMessageReader.Read(new MemoryStream(xml));
            Assert.True(read.Success, read.Error?.Message);
            Assert.Equal((MessageKind.Request, verb, noun, "TEST"), (read.Message!.Kind, read.Message.Header!.Verb, read.Message.Header.Noun, read.Message.Header.Source));
        }
    }

    [Fact]
    public void The_asynchronous_control_carries_its_reply_address_and_the_bulk_control_one_control_per_device()
    {
        var header = CimMessageReader.Read(new MemoryStream(FleetRequests.AsyncControl("CTL-2", "SIM-1", "3.31.0.23", "TEST", new Uri("http://127.0.0.1:5079/replies"), "MSG-2"))).Message!.Header!;
        Assert.Equal((true, "http://127.0.0.1:5079/replies", "MSG-2"), (header.AsyncReplyFlag, header.ReplyAddress, header.MessageID));

        var many = CimMessageReader.Read(new MemoryStream(FleetRequests.Controls("CTL-", ["SIM-1", "SIM-2", "SIM-3"], "3.31.0.23", "TEST"))).Message!;
        var document = Orleans.Metering.Cim.Documents.EndDeviceControlsDocument.FromXml(Assert.Single(many.Payload!.Documents));
        Assert.Equal(["CTL-SIM-1", "CTL-SIM-2", "CTL-SIM-3"], document.Controls.Select(c => c.MRID));
        Assert.All(document.Controls, c => Assert.Single(c.EndDevices));
    }
}
