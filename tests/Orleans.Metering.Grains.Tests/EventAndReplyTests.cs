using Orleans.Metering.Abstractions;
using Orleans.Metering.Grains.Tests.Support;
using Orleans.Metering.Storage;
using Orleans.Runtime;
using Orleans.Streams;
using static Orleans.Metering.Grains.Tests.Support.TestData;

namespace Orleans.Metering.Grains.Tests;

/// <summary>A final control leaves one stored event, publishes it on the device stream and, when asked, queues a reply.</summary>
[Collection(MeteringClusterCollection.Name)]
public sealed class EventAndReplyTests(MeteringClusterFixture fixture)
{
    [Fact]
    public async Task A_completed_control_stores_exactly_one_event()
    {
        var id = NewId();
        var device = await fixture.Device(id).Registered(id);
        var request = Control(Disconnect);
        await device.SubmitControl(request);
        var final = await device.WaitForControl(request.ControlId, Wait);

        var stored = Assert.Single(await fixture.EventsOf(id));

        Assert.Equal(request.ControlId + ":3.31.0.68", stored.EventId);
        Assert.Equal(id, stored.DeviceId);
        Assert.Equal("3.31.0.68", stored.EventType);
        Assert.Equal(final!.CompletedAt, stored.CreatedDateTime);
        Assert.Equal("info", stored.Severity);
        Assert.Equal("TRK-1", stored.IssuerTrackingID);
        Assert.Contains(new EventDetail("ControlId", request.ControlId), stored.Details);
        Assert.Contains(new EventDetail("ControlType", Disconnect), stored.Details);
        Assert.Contains(new EventDetail("ControlState", nameof(ControlState.Executed)), stored.Details);
        Assert.False(string.IsNullOrWhiteSpace(stored.Reason));
    }

    [Fact]
    public async Task A_client_subscribed_to_the_device_stream_receives_the_event()
    {
        var id = NewId();
        var device = await fixture.Device(id).Registered(id);
        var received = new List<DeviceEvent>();
        var first = new TaskCompletionSource<DeviceEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        var stream = fixture.Cluster.Client.GetStreamProvider(MeteringStreams.Provider)
            .GetStream<DeviceEvent>(StreamId.Create(MeteringStreams.EndDeviceEvents, id));
        var subscription = await stream.SubscribeAsync((e, _) =>
        {
            lock (received)
            {
                received.Add(e);
            }

            first.TrySetResult(e);
            return Task.CompletedTask;
        });
        try
        {
            var request = Control(Disconnect);
            await device.SubmitControl(request);
            await device.WaitForControl(request.ControlId, Wait);

            var streamed = await first.Task.WaitAsync(Wait);

            Assert.Equal(request.ControlId + ":3.31.0.68", streamed.EventId);
            Assert.Equal(id, streamed.DeviceId);
            Assert.Equal("3.31.0.68", streamed.EventType);
            var stored = Assert.Single(await fixture.EventsOf(id));
            Assert.Equal(stored.EventId, streamed.EventId);
            Assert.Equal(stored.Details, streamed.Details);
            await Task.Delay(300);
            lock (received)
            {
                Assert.Single(received);
            }
        }
        finally
        {
            await subscription.UnsubscribeAsync();
        }
    }

    [Fact]
    public async Task A_control_with_a_reply_route_queues_one_outcome_notice()
    {
        var id = NewId();
        var device = await fixture.Device(id).Registered(id);
        var route = new ReplyRoute("http://requester.test/cim/reply", "CORR-" + id, "soap");
        var request = Control(Disconnect, replyTo: route);
        var accepted = await device.SubmitControl(request);
        Assert.Equal(route, accepted.Control!.ReplyTo);
        var final = await device.WaitForControl(request.ControlId, Wait);

        var item = Assert.Single(await fixture.OutboxItems($"{id}/{request.ControlId}"));

        Assert.Equal($"{id}/{request.ControlId}:reply", item.Id);
        Assert.Equal(ControlOutcomeNotice.Kind, item.Kind);
        Assert.Equal(route.Address, item.Address);
        Assert.Equal(0, item.Attempts);
        Assert.Null(item.DeliveredAt);
        var notice = StoreJson.Deserialize<ControlOutcomeNotice>(item.Body);
        Assert.Equal(route, notice.Route);
        Assert.Equal(request.ControlId, notice.Control.ControlId);
        Assert.Equal(ControlState.Executed, notice.Control.State);
        Assert.Equal(final!.OutcomeEventId, notice.Control.OutcomeEventId);
        Assert.Equal(final.CompletedAt, notice.Control.CompletedAt);
        var stored = Assert.Single(await fixture.EventsOf(id));
        Assert.Equal(stored.EventId, notice.Event.EventId);
        Assert.Equal("3.31.0.68", notice.Event.EventType);
        Assert.Equal(id, notice.Event.DeviceId);
    }

    [Fact]
    public async Task One_control_for_two_devices_ends_in_one_event_and_one_notice_per_device()
    {
        // One EndDeviceControl mRID may name several EndDevices: each device's outcome is its own.
        var (first, second) = (NewId(), NewId(TestHeadEnd.FailPrefix));
        var route = new ReplyRoute("http://requester.test/cim/reply", "CORR-" + first, "soap");
        var controlId = NewId("CTL-");
        foreach (var id in new[] { first, second })
        {
            var device = await fixture.Device(id).Registered(id);
            await device.SubmitControl(Control(Disconnect, controlId: controlId, replyTo: route));
            await device.WaitForControl(controlId, Wait);
        }

        Assert.Equal("3.31.0.68", Assert.Single(await fixture.EventsOf(first)).EventType);
        Assert.Equal("3.31.0.84", Assert.Single(await fixture.EventsOf(second)).EventType); // remote disconnect failed
        var notices = (await fixture.OutboxItems(first)).Concat(await fixture.OutboxItems(second))
            .Select(i => StoreJson.Deserialize<ControlOutcomeNotice>(i.Body)).ToList();
        Assert.Equal([(first, ControlState.Executed), (second, ControlState.Failed)], notices.Select(n => (n.Control.DeviceId, n.Control.State)));
    }

    [Fact]
    public async Task A_failed_control_with_a_reply_route_reports_the_failure()
    {
        var id = NewId(TestHeadEnd.FailPrefix);
        var device = await fixture.Device(id).Registered(id);
        var route = new ReplyRoute("http://requester.test/cim/reply", "CORR-" + id, "soap");
        var request = Control(Connect, replyTo: route);
        await device.SubmitControl(request);
        await device.WaitForControl(request.ControlId, Wait);

        var notice = StoreJson.Deserialize<ControlOutcomeNotice>(Assert.Single(await fixture.OutboxItems($"{id}/{request.ControlId}")).Body);

        Assert.Equal(ControlState.Failed, notice.Control.State);
        Assert.Equal("test device did not operate the switch", notice.Control.FailureReason);
        Assert.Equal("3.31.0.67", notice.Event.EventType);
    }

    [Fact]
    public async Task A_control_without_a_reply_route_queues_nothing()
    {
        var id = NewId();
        var device = await fixture.Device(id).Registered(id);
        var request = Control(Disconnect);
        await device.SubmitControl(request);
        Assert.Equal(ControlState.Executed, (await device.WaitForControl(request.ControlId, Wait))!.State);

        Assert.Empty(await fixture.OutboxItems($"{id}/{request.ControlId}"));
    }
}
