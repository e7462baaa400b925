using Orleans.Metering.Cim.Messages;
using static Orleans.Metering.Gateway.Tests.Messages;

namespace Orleans.Metering.Gateway.Tests;

/// <summary>created EndDeviceEvents from a head-end: stored once, readable with get EndDeviceEvents.</summary>
[Collection(PlatformCollection.Name)]
public sealed class EventIngestTests(PlatformFixture fixture)
{
    private PlatformHost Host => fixture.Host;

    [Fact]
    public async Task Outage_events_pushed_by_the_head_end_are_stored_once_and_read_back()
    {
        var meter = "MTR-" + NewId();
        await Host.Exchange(CreateMeter(meter, NewId()), "events-create-meter");
        var fleet = new Orleans.Metering.Simulation.Fleet.SimulatedFleet(new Orleans.Metering.Simulation.Fleet.FleetOptions { MeterCount = 1 });
        var messages = new Orleans.Metering.Simulation.Fleet.FleetMessages(fleet);
        var at = new DateTimeOffset(2026, 11, 3, 4, 0, 0, TimeSpan.Zero);
        var xml = messages.EndDeviceEventsXml([(meter, at, "3.26.0.85"), (meter, at.AddMinutes(47), "3.26.0.216")]);

        var first = await Host.Exchange(xml, "events-push");
        Assert.Equal(ReplyResult.OK, first.Reply!.Result);
        var again = await Host.Exchange(xml, "events-push-again");
        Assert.Equal(ReplyResult.OK, again.Reply!.Result);

        var events = await Host.Exchange(GetEvents(meter, NewId()), "events-get-outage");
        Assert.Equal(["3.26.0.85", "3.26.0.216"], Events(events).Select(EventType));
    }

    [Fact]
    public async Task An_event_for_an_unknown_device_is_refused_with_2_4()
    {
        var fleet = new Orleans.Metering.Simulation.Fleet.SimulatedFleet(new Orleans.Metering.Simulation.Fleet.FleetOptions { MeterCount = 1 });
        var device = "NOPE-" + NewId();
        var xml = new Orleans.Metering.Simulation.Fleet.FleetMessages(fleet).EndDeviceEventsXml([(device, DateTimeOffset.UtcNow, "3.26.0.85")]);
        var answer = await Host.Exchange(xml, "events-push-unknown");
        Assert.Equal(ReplyResult.FAILED, answer.Reply!.Result);
        var error = Assert.Single(answer.Reply.Error);
        Assert.Equal("2.4", error.Code);
        Assert.Equal(device, error.Object?.MRID);
    }
}
