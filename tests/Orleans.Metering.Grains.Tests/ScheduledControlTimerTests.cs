using Orleans.Metering.Abstractions;
using Orleans.Metering.Grains.Tests.Support;
using static Orleans.Metering.Grains.Tests.Support.TestData;

namespace Orleans.Metering.Grains.Tests;

/// <summary>Scheduled controls on a fake clock: the reconcile timer's periodic tick must not delay a start.</summary>
[Collection(FakeClockClusterCollection.Name)]
public sealed class ScheduledControlTimerTests(FakeClockClusterFixture fixture)
{
    [Fact]
    public async Task A_tick_before_the_start_brings_the_timer_back_at_the_start_not_a_period_later()
    {
        // Default ControlTimeout 2 min: the reconcile timer ticks every 30 s, so a start 31 s ahead comes
        // after the first tick and, before the fix, waited for the second one (60 s).
        var id = NewId(TestHeadEnd.SilentPrefix);
        var device = await fixture.Device(id).Registered(id);
        var start = fixture.Clock.GetUtcNow().AddSeconds(31);
        var request = Control(Disconnect) with { StartDateTime = start };
        Assert.Equal(ControlState.Scheduled, (await device.SubmitControl(request)).Control!.State);

        fixture.Clock.Advance(TimeSpan.FromSeconds(30));
        await Task.Delay(200);
        Assert.Equal(ControlState.Scheduled, (await device.GetControl(request.ControlId))!.State);

        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        var state = ControlState.Scheduled;
        for (var i = 0; i < 50 && state == ControlState.Scheduled; i++)
        {
            await Task.Delay(100);
            state = (await device.GetControl(request.ControlId))!.State;
        }

        Assert.Equal(ControlState.Dispatched, state);
        Assert.Equal(1, fixture.SiloServices<TestHeadEnd>().Sum(h => h.ExecuteCount(request.ControlId)));
    }
}
