using Orleans.Metering.Abstractions;
using Orleans.Metering.Grains.Tests.Support;
using static Orleans.Metering.Grains.Tests.Support.TestData;

namespace Orleans.Metering.Grains.Tests;

/// <summary>Controls with a StartDateTime wait for it before they are dispatched.</summary>
[Collection(ShortTimeoutClusterCollection.Name)]
public sealed class ScheduledControlTests(ShortTimeoutClusterFixture fixture)
{
    [Fact]
    public async Task A_control_with_a_future_start_is_Scheduled_and_dispatched_when_it_is_due()
    {
        var id = NewId();
        var device = await fixture.Device(id).Registered(id);
        var start = DateTimeOffset.UtcNow.AddSeconds(1);
        var request = Control(Disconnect) with { StartDateTime = start };

        var acceptance = await device.SubmitControl(request);

        Assert.Equal("0.3", acceptance.Outcome.Code);
        Assert.Equal(ControlState.Scheduled, acceptance.Control!.State);
        Assert.Equal(start, acceptance.Control.StartDateTime);
        Assert.Equal(0, fixture.ExecuteCount(request.ControlId));

        var final = await device.WaitForControl(request.ControlId, Wait);

        Assert.Equal(ControlState.Executed, final!.State);
        Assert.True(final.CompletedAt >= start, $"completed at {final.CompletedAt:O}, start {start:O}");
        Assert.Equal(1, fixture.ExecuteCount(request.ControlId));
        Assert.Equal(SwitchState.Disconnected, (await device.GetSnapshot())!.Switch);
    }
}

[Collection(MeteringClusterCollection.Name)]
public sealed class ScheduledControlDefaultTimeoutTests(MeteringClusterFixture fixture)
{
    [Fact]
    public async Task A_control_with_a_start_in_the_past_is_dispatched_at_once()
    {
        var id = NewId();
        var device = await fixture.Device(id).Registered(id);
        var request = Control(Disconnect) with { StartDateTime = DateTimeOffset.UtcNow.AddMinutes(-5) };

        var acceptance = await device.SubmitControl(request);

        Assert.NotEqual(ControlState.Scheduled, acceptance.Control!.State);
        Assert.Equal(1, fixture.ExecuteCount(request.ControlId));
        Assert.Equal(ControlState.Executed, (await device.WaitForControl(request.ControlId, Wait))!.State);
    }

    [Fact]
    public async Task A_control_scheduled_one_second_ahead_is_executed_soon_after_its_start()
    {
        var id = NewId();
        var device = await fixture.Device(id).Registered(id);
        var start = DateTimeOffset.UtcNow.AddSeconds(1);
        var request = Control(Disconnect) with { StartDateTime = start };
        Assert.Equal(ControlState.Scheduled, (await device.SubmitControl(request)).Control!.State);

        var final = await device.WaitForControl(request.ControlId, TimeSpan.FromSeconds(5));

        Assert.Equal(ControlState.Executed, final!.State);
        Assert.Equal(1, fixture.ExecuteCount(request.ControlId));
    }
}
