using Orleans.Metering.Abstractions;
using Orleans.Metering.Grains.EndDevices;
using Orleans.Metering.Grains.Tests.Support;
using static Orleans.Metering.Grains.Tests.Support.TestData;

namespace Orleans.Metering.Grains.Tests;

[Collection(MeteringClusterCollection.Name)]
public sealed class ControlLifecycleTests(MeteringClusterFixture fixture)
{
    [Fact]
    public async Task Disconnect_is_acknowledged_then_executed_and_moves_the_switch()
    {
        var id = NewId();
        var device = await fixture.Device(id).Registered(id);
        var request = Control(Disconnect);

        var acceptance = await device.SubmitControl(request);

        Assert.True(acceptance.Outcome.Succeeded, acceptance.Outcome.Reason);
        Assert.Equal("0.3", acceptance.Outcome.Code);
        Assert.False(acceptance.Outcome.Duplicate);
        var accepted = Assert.IsType<ControlStatus>(acceptance.Control);
        Assert.Equal(request.ControlId, accepted.ControlId);
        Assert.Equal(id, accepted.DeviceId);
        Assert.Equal(Disconnect, accepted.ControlType);
        Assert.Contains(accepted.State, new[] { ControlState.Accepted, ControlState.Dispatched });
        Assert.Null(accepted.CompletedAt);

        var final = await device.WaitForControl(request.ControlId, Wait);

        Assert.NotNull(final);
        Assert.Equal(ControlState.Executed, final.State);
        Assert.NotNull(final.CompletedAt);
        Assert.Null(final.FailureReason);
        Assert.Equal("3.31.0.68", final.OutcomeEventType);
        Assert.Equal(request.ControlId + ":3.31.0.68", final.OutcomeEventId);
        Assert.Equal("test", final.Reason);
        Assert.Equal("TRK-1", final.IssuerTrackingID);
        Assert.Equal(final, await device.GetControl(request.ControlId));
        var snapshot = await device.GetSnapshot();
        Assert.Equal(SwitchState.Disconnected, snapshot!.Switch);
        Assert.Equal(final, Assert.Single(snapshot.RecentControls));
        Assert.Equal(1, fixture.ExecuteCount(request.ControlId));
    }

    [Fact]
    public async Task Connect_and_arm_move_the_switch_in_turn()
    {
        var id = NewId();
        var device = await fixture.Device(id).Registered(id);

        var expected = new (string Type, SwitchState Switch, string Event)[]
        {
            (Disconnect, SwitchState.Disconnected, "3.31.0.68"),
            (Connect, SwitchState.Connected, "3.31.0.42"),
            (ArmForClosure, SwitchState.ArmedForClosure, "3.31.0.11"),
        };
        foreach (var (type, target, eventType) in expected)
        {
            var request = Control(type);
            Assert.Equal("0.3", (await device.SubmitControl(request)).Outcome.Code);

            var final = await device.WaitForControl(request.ControlId, Wait);

            Assert.Equal(ControlState.Executed, final!.State);
            Assert.Equal(eventType, final.OutcomeEventType);
            Assert.Equal(target, (await device.GetSnapshot())!.Switch);
        }

        var controls = (await device.GetSnapshot())!.RecentControls;
        Assert.Equal(expected.Select(e => e.Type), controls.Select(c => c.ControlType));
        Assert.All(controls, c => Assert.Equal(ControlState.Executed, c.State));
    }

    [Theory]
    [InlineData(Disconnect, "3.31.0.84")]
    [InlineData(Connect, "3.31.0.67")]
    public async Task A_failed_outcome_ends_the_control_Failed_with_the_failure_event(string controlType, string failureEvent)
    {
        var id = NewId(TestHeadEnd.FailPrefix);
        var device = await fixture.Device(id).Registered(id);
        var request = Control(controlType);

        Assert.Equal("0.3", (await device.SubmitControl(request)).Outcome.Code);
        var final = await device.WaitForControl(request.ControlId, Wait);

        Assert.Equal(ControlState.Failed, final!.State);
        Assert.Equal("test device did not operate the switch", final.FailureReason);
        Assert.Equal(failureEvent, final.OutcomeEventType);
        Assert.Equal(request.ControlId + ":" + failureEvent, final.OutcomeEventId);
        var stored = Assert.Single(await fixture.EventsOf(id));
        Assert.Equal(failureEvent, stored.EventType);
        Assert.Equal(final.OutcomeEventId, stored.EventId);
        Assert.Equal("warning", stored.Severity);
        // the device reported its switch as it was (test devices start connected)
        Assert.Equal(SwitchState.Connected, (await device.GetSnapshot())!.Switch);
    }

    [Fact]
    public async Task A_head_end_that_refuses_the_command_ends_the_control_Failed_at_once()
    {
        var id = NewId(TestHeadEnd.ThrowPrefix);
        var device = await fixture.Device(id).Registered(id);
        var request = Control(Disconnect);

        var acceptance = await device.SubmitControl(request);

        Assert.Equal(ControlState.Failed, acceptance.Control!.State);
        Assert.StartsWith("Head-end refused the command", acceptance.Control.FailureReason, StringComparison.Ordinal);
        Assert.Equal("3.31.0.84", acceptance.Control.OutcomeEventType);
        Assert.Equal("3.31.0.84", Assert.Single(await fixture.EventsOf(id)).EventType);
        Assert.Equal(SwitchState.Unknown, (await device.GetSnapshot())!.Switch);
    }

    [Fact]
    public async Task A_control_for_an_unknown_device_is_refused_with_2_4_and_not_dispatched()
    {
        var id = NewId();
        var device = fixture.Device(id);
        var request = Control(Disconnect);

        var acceptance = await device.SubmitControl(request);

        Assert.False(acceptance.Outcome.Succeeded);
        Assert.Equal("2.4", acceptance.Outcome.Code);
        Assert.Null(acceptance.Control);
        Assert.Null(await device.GetControl(request.ControlId));
        Assert.Null(await device.GetSnapshot());
        Assert.Equal(0, fixture.ExecuteCount(request.ControlId));
    }

    [Theory]
    [InlineData(DemandReset)]
    [InlineData("3.31.0.99")]
    [InlineData("not-a-code")]
    public async Task An_unsupported_control_type_is_refused_with_6_1_and_not_dispatched(string controlType)
    {
        var id = NewId();
        var device = await fixture.Device(id).Registered(id);
        var request = Control(controlType);

        var acceptance = await device.SubmitControl(request);

        Assert.False(acceptance.Outcome.Succeeded);
        Assert.Equal("6.1", acceptance.Outcome.Code);
        Assert.Null(acceptance.Control);
        Assert.Null(await device.GetControl(request.ControlId));
        Assert.Empty((await device.GetSnapshot())!.RecentControls);
        Assert.Equal(0, fixture.ExecuteCount(request.ControlId));
    }

    [Fact]
    public async Task A_control_id_reused_by_a_different_message_is_refused()
    {
        var id = NewId();
        var device = await fixture.Device(id).Registered(id);
        var first = Control(Disconnect);
        Assert.Equal("0.3", (await device.SubmitControl(first)).Outcome.Code);
        var executed = await device.WaitForControl(first.ControlId, Wait);

        var reuse = Control(Connect, Message(digest: "other"), controlId: first.ControlId);
        var acceptance = await device.SubmitControl(reuse);

        Assert.False(acceptance.Outcome.Succeeded);
        Assert.Equal("6.1", acceptance.Outcome.Code);
        Assert.False(acceptance.Outcome.Duplicate);
        Assert.Equal(executed, await device.GetControl(first.ControlId));
        Assert.Equal(SwitchState.Disconnected, (await device.GetSnapshot())!.Switch);
        Assert.Equal(1, fixture.ExecuteCount(first.ControlId));
    }

    [Fact]
    public async Task A_late_outcome_for_a_final_control_changes_nothing()
    {
        var id = NewId();
        var device = await fixture.Device(id).Registered(id);
        var request = Control(Disconnect);
        await device.SubmitControl(request);
        var executed = await device.WaitForControl(request.ControlId, Wait);

        await device.ReportOutcome(new ControlOutcome(request.ControlId, false, SwitchState.Connected, DateTimeOffset.UtcNow, "late"));
        await device.ReportOutcome(new ControlOutcome("no-such-control", true, SwitchState.Connected, DateTimeOffset.UtcNow));

        Assert.Equal(executed, await device.GetControl(request.ControlId));
        Assert.Equal(SwitchState.Disconnected, (await device.GetSnapshot())!.Switch);
        Assert.Single(await fixture.EventsOf(id));
    }

    [Fact]
    public async Task WaitForControl_returns_the_open_control_when_the_timeout_passes()
    {
        var id = NewId(TestHeadEnd.SilentPrefix);
        var device = await fixture.Device(id).Registered(id);
        var request = Control(Disconnect);
        await device.SubmitControl(request);

        var started = DateTime.UtcNow;
        var status = await device.WaitForControl(request.ControlId, TimeSpan.FromMilliseconds(300));

        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(250));
        Assert.NotNull(status);
        Assert.False(status.State.IsFinal());
        Assert.Null(await device.WaitForControl("no-such-control", Wait));
    }

    [Fact]
    public async Task Controls_beyond_the_open_limit_are_refused_with_3_2_until_some_end()
    {
        var id = NewId(TestHeadEnd.SilentPrefix);
        var device = await fixture.Device(id).Registered(id);
        var limit = new EndDeviceOptions().MaxOpenControls;
        for (var i = 0; i < limit; i++)
        {
            Assert.Equal("0.3", (await device.SubmitControl(Control(Disconnect, Message()))).Outcome.Code);
        }

        var refused = await device.SubmitControl(Control(Connect, Message()));

        Assert.False(refused.Outcome.Succeeded);
        Assert.Equal("3.2", refused.Outcome.Code);
        Assert.Null(refused.Control);
        Assert.Equal(limit, (await device.GetSnapshot())!.RecentControls.Count);
    }

    [Fact]
    public async Task A_control_scheduled_more_than_a_year_ahead_is_refused_with_6_1()
    {
        var id = NewId();
        var device = await fixture.Device(id).Registered(id);
        var request = Control(Disconnect) with { StartDateTime = DateTimeOffset.UtcNow.AddYears(2) };

        var refused = await device.SubmitControl(request);

        Assert.Equal("6.1", refused.Outcome.Code);
        Assert.Contains("days ahead", refused.Outcome.Reason, StringComparison.Ordinal);
        Assert.Empty((await device.GetSnapshot())!.RecentControls);
        Assert.Equal(0, fixture.ExecuteCount(request.ControlId));
    }
}
