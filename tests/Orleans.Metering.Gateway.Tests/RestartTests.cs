using Orleans.Metering.Cim.Messages;
using static Orleans.Metering.Gateway.Tests.Messages;

namespace Orleans.Metering.Gateway.Tests;

/// <summary>Everything survives a restart of the embedded platform (SQLite).</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task Meters_switch_state_memo_and_events_survive_a_restart()
    {
        await using var host = await PlatformHost.Start();
        var meter = "MTR-" + NewId();
        await host.Exchange(CreateMeter(meter, NewId()), "restart-create");
        var control = Control(meter, "3.31.0.23", NewId(), "CTL-RESTART");
        await host.Exchange(control, "restart-disconnect");

        await host.Restart();

        var answer = await host.Exchange(GetMeter(meter, NewId()), "restart-get-meter");
        Assert.Equal(ReplyResult.OK, answer.Reply!.Result);
        var events = await host.Exchange(GetEvents(meter, NewId()), "restart-get-events");
        Assert.Equal("3.31.0.68", EventType(Assert.Single(Events(events))));

        // The memo survived: the same request is recognised, and causes no second event.
        var again = await host.Exchange(control, "restart-duplicate");
        Assert.Equal(ReplyResult.OK, again.Reply!.Result);
        var after = await host.Exchange(GetEvents(meter, NewId()), "restart-events-after-duplicate");
        Assert.Single(Events(after));
    }
}
