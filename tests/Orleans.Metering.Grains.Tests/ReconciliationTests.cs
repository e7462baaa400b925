using System.Diagnostics;
using Orleans.Metering.Abstractions;
using Orleans.Metering.Grains.Tests.Support;
using Orleans.Metering.Storage;
using static Orleans.Metering.Grains.Tests.Support.TestData;

namespace Orleans.Metering.Grains.Tests;

/// <summary>Controls without an outcome, in a cluster whose control timeout is two seconds.</summary>
[Collection(ShortTimeoutClusterCollection.Name)]
public sealed class ReconciliationTests(ShortTimeoutClusterFixture fixture)
{
    private static readonly TimeSpan Timeout = ShortTimeoutSiloConfigurator.Timeout;

    [Fact]
    public async Task A_control_the_device_never_answers_expires_after_the_timeout_with_a_failure_event()
    {
        var id = NewId(TestHeadEnd.SilentPrefix);
        var device = await fixture.Device(id).Registered(id);
        var route = new ReplyRoute("http://requester.test/reply", "CORR-" + id, "soap");
        var request = Control(Disconnect, replyTo: route);
        Assert.Equal("0.3", (await device.SubmitControl(request)).Outcome.Code);

        var final = await device.WaitForControl(request.ControlId, Wait);

        Assert.Equal(ControlState.Expired, final!.State);
        Assert.Contains("expired", final.FailureReason, StringComparison.Ordinal);
        Assert.True(final.CompletedAt - final.AcceptedAt >= Timeout, $"expired after {final.CompletedAt - final.AcceptedAt}");
        Assert.Equal("3.31.0.84", final.OutcomeEventType);
        var stored = Assert.Single(await fixture.EventsOf(id));
        Assert.Equal(request.ControlId + ":3.31.0.84", stored.EventId);
        Assert.Contains(new EventDetail("ControlState", nameof(ControlState.Expired)), stored.Details);
        var notice = StoreJson.Deserialize<ControlOutcomeNotice>(Assert.Single(await fixture.OutboxItems($"{id}/{request.ControlId}")).Body);
        Assert.Equal(ControlState.Expired, notice.Control.State);
        // the device could not be reached, so nothing is known of its switch
        Assert.Equal(SwitchState.Unknown, (await device.GetSnapshot())!.Switch);
        Assert.True(fixture.PingCount(id) >= 1);
        Assert.Equal(1, fixture.ExecuteCount(request.ControlId));
    }

    [Fact]
    public async Task A_control_whose_outcome_was_lost_is_executed_by_reconciliation_with_the_device()
    {
        var id = NewId(TestHeadEnd.LostPrefix);
        var device = await fixture.Device(id).Registered(id);
        var request = Control(Disconnect);
        await device.SubmitControl(request);

        var final = await device.WaitForControl(request.ControlId, Wait);

        Assert.Equal(ControlState.Executed, final!.State);
        Assert.StartsWith("Reconciled", Assert.Single(await fixture.EventsOf(id)).Reason, StringComparison.Ordinal);
        Assert.True(final.CompletedAt - final.AcceptedAt >= Timeout, $"reconciled after {final.CompletedAt - final.AcceptedAt}");
        Assert.Equal("3.31.0.68", final.OutcomeEventType);
        Assert.Null(final.FailureReason);
        Assert.Equal(SwitchState.Disconnected, (await device.GetSnapshot())!.Switch);
        Assert.Equal(1, fixture.ExecuteCount(request.ControlId));
    }

    [Fact]
    public async Task A_pending_control_is_reconciled_when_the_device_is_activated_again()
    {
        var id = NewId(TestHeadEnd.LostPrefix);
        var device = await fixture.Device(id).Registered(id);
        var request = Control(Disconnect);
        await device.SubmitControl(request);

        await fixture.Deactivate(id);
        var reactivated = await device.GetControl(request.ControlId);
        Assert.Equal(ControlState.Accepted, reactivated!.State); // Dispatched lived in the old activation only

        var final = await device.WaitForControl(request.ControlId, Wait);

        Assert.Equal(ControlState.Executed, final!.State);
        Assert.Equal("3.31.0.68", final.OutcomeEventType);
        Assert.Equal(SwitchState.Disconnected, (await device.GetSnapshot())!.Switch);
    }

    [Fact]
    public async Task A_control_answered_in_time_is_left_alone_by_reconciliation()
    {
        var id = NewId();
        var device = await fixture.Device(id).Registered(id);
        var request = Control(Disconnect);
        await device.SubmitControl(request);
        var executed = await device.WaitForControl(request.ControlId, Wait);
        Assert.Equal(ControlState.Executed, executed!.State);
        Assert.True(executed.CompletedAt - executed.AcceptedAt < Timeout);

        await Task.Delay(Timeout + TimeSpan.FromMilliseconds(700));

        Assert.Equal(executed, await device.GetControl(request.ControlId));
        Assert.Equal(1, fixture.ExecuteCount(request.ControlId));
        Assert.Equal(0, fixture.PingCount(id));
        Assert.Single(await fixture.EventsOf(id));
    }

    [Fact]
    public async Task A_control_whose_device_cannot_be_asked_still_expires_on_time()
    {
        var id = NewId(TestHeadEnd.PingFailsPrefix);
        var device = await fixture.Device(id).Registered(id);
        var request = Control(Disconnect);
        await device.SubmitControl(request);

        var final = await device.WaitForControl(request.ControlId, Wait);

        Assert.Equal(ControlState.Expired, final!.State);
        Assert.True(fixture.PingCount(id) >= 1);
        Assert.Equal(SwitchState.Unknown, (await device.GetSnapshot())!.Switch);
        Assert.Single(await fixture.EventsOf(id));
    }

    [Fact]
    public async Task A_success_reported_after_expiry_moves_the_switch_but_the_control_stays_expired()
    {
        var id = NewId(TestHeadEnd.SilentPrefix);
        var device = await fixture.Device(id).Registered(id);
        var request = Control(Disconnect);
        await device.SubmitControl(request);
        var expired = await device.WaitForControl(request.ControlId, Wait);
        Assert.Equal(ControlState.Expired, expired!.State);

        await device.ReportOutcome(new ControlOutcome(request.ControlId, true, SwitchState.Disconnected, DateTimeOffset.UtcNow));

        Assert.Equal(expired, await device.GetControl(request.ControlId));
        Assert.Equal(SwitchState.Disconnected, (await device.GetSnapshot())!.Switch);
        Assert.Single(await fixture.EventsOf(id));
    }

    [Fact]
    public async Task A_slow_ping_holds_back_no_outcome_report_and_one_ping_serves_every_open_control()
    {
        var id = NewId(TestHeadEnd.SlowPingPrefix);
        var device = await fixture.Device(id).Registered(id);
        var requests = Enumerable.Range(0, 3).Select(_ => Control(Disconnect)).ToList();
        foreach (var request in requests)
        {
            await device.SubmitControl(request);
        }

        // Past the timeout the reconcile pass asks the device once; the answer takes SlowPing.
        await Eventually(() => fixture.PingCount(id) == 1, Timeout + TimeSpan.FromSeconds(3));
        var report = Stopwatch.StartNew();
        await device.ReportOutcome(new ControlOutcome(requests[0].ControlId, true, SwitchState.Disconnected, DateTimeOffset.UtcNow));
        report.Stop();

        Assert.True(report.Elapsed < TestHeadEnd.SlowPing / 2, $"the outcome report waited {report.Elapsed} behind the ping");
        Assert.Equal(ControlState.Executed, (await device.GetControl(requests[0].ControlId))!.State);
        Assert.Equal(1, fixture.PingCount(id));

        foreach (var request in requests.Skip(1))
        {
            Assert.Equal(ControlState.Expired, (await device.WaitForControl(request.ControlId, Wait))!.State);
        }

        Assert.Equal(1, fixture.PingCount(id));
    }

    [Fact]
    public async Task A_scheduled_control_of_a_deactivated_device_starts_on_its_reminder_without_any_call()
    {
        var id = NewId(TestHeadEnd.SilentPrefix);
        var device = await fixture.Device(id).Registered(id);
        var start = DateTimeOffset.UtcNow.AddSeconds(4);
        var request = Control(Disconnect) with { StartDateTime = start };
        Assert.Equal(ControlState.Scheduled, (await device.SubmitControl(request)).Control!.State);

        await fixture.Deactivate(id);

        // Only the head-end is watched: calling the device would activate it.
        await Eventually(() => fixture.ExecuteCount(request.ControlId) == 1, TimeSpan.FromSeconds(20));
        Assert.True(DateTimeOffset.UtcNow >= start, "dispatched before its start");
        Assert.Equal(ControlState.Dispatched, (await device.GetControl(request.ControlId))!.State);
    }

    private static async Task Eventually(Func<bool> condition, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < within, $"not within {within}");
            await Task.Delay(50);
        }
    }
}
