using Orleans.Metering.Abstractions;
using Orleans.Metering.Grains.EndDevices;
using Orleans.Metering.Grains.Tests.Support;
using static Orleans.Metering.Grains.Tests.Support.TestData;

namespace Orleans.Metering.Grains.Tests;

/// <summary>(Source, MessageID, digest) makes every effect happen once.</summary>
[Collection(MeteringClusterCollection.Name)]
public sealed class IdempotencyTests(MeteringClusterFixture fixture)
{
    [Fact]
    public async Task A_repeated_control_message_is_a_duplicate_with_the_same_control_and_one_effect()
    {
        var id = NewId();
        var device = await fixture.Device(id).Registered(id);
        var request = Control(Disconnect);
        var first = await device.SubmitControl(request);

        var again = await device.SubmitControl(request);

        Assert.True(again.Outcome.Succeeded);
        Assert.True(again.Outcome.Duplicate);
        Assert.Equal(first.Outcome.Code, again.Outcome.Code);
        Assert.Equal(request.ControlId, again.Control!.ControlId);
        await device.WaitForControl(request.ControlId, Wait);

        // and once more after the control is final: the final status comes back
        var late = await device.SubmitControl(request);
        Assert.True(late.Outcome.Duplicate);
        Assert.Equal(ControlState.Executed, late.Control!.State);

        Assert.Equal(1, fixture.ExecuteCount(request.ControlId));
        Assert.Single((await device.GetSnapshot())!.RecentControls);
        Assert.Single(await fixture.EventsOf(id));
    }

    [Fact]
    public async Task A_repeated_MessageID_with_other_content_is_refused_with_6_1_and_no_second_effect()
    {
        var id = NewId();
        var device = await fixture.Device(id).Registered(id);
        var message = Message(digest: "disconnect");
        var request = Control(Disconnect, message);
        await device.SubmitControl(request);
        await device.WaitForControl(request.ControlId, Wait);

        var conflicting = Control(Connect, message with { ContentDigest = "connect" });
        var refused = await device.SubmitControl(conflicting);

        Assert.False(refused.Outcome.Succeeded);
        Assert.False(refused.Outcome.Duplicate);
        Assert.Equal("6.1", refused.Outcome.Code);
        Assert.Null(await device.GetControl(conflicting.ControlId));
        Assert.Equal(0, fixture.ExecuteCount(conflicting.ControlId));
        Assert.Equal(1, fixture.ExecuteCount(request.ControlId));
        var snapshot = await device.GetSnapshot();
        Assert.Equal(SwitchState.Disconnected, snapshot!.Switch);
        Assert.Single(snapshot.RecentControls);
    }

    [Fact]
    public async Task The_same_MessageID_from_another_source_is_a_new_message()
    {
        var id = NewId();
        var device = await fixture.Device(id).Registered(id);
        var first = Control(Disconnect);
        await device.SubmitControl(first);
        await device.WaitForControl(first.ControlId, Wait);

        var other = Control(Connect, first.Message with { Source = "another-system" });
        var acceptance = await device.SubmitControl(other);

        Assert.Equal("0.3", acceptance.Outcome.Code);
        Assert.False(acceptance.Outcome.Duplicate);
        Assert.Equal(ControlState.Executed, (await device.WaitForControl(other.ControlId, Wait))!.State);
        Assert.Equal(1, fixture.ExecuteCount(other.ControlId));
    }

    [Fact]
    public async Task A_repeated_create_message_is_a_duplicate_and_other_content_is_refused()
    {
        var id = NewId();
        var device = fixture.Device(id);
        var message = Message(digest: "create-1");
        var first = await device.Create(Registration(id), message);
        var registeredAt = (await device.GetSnapshot())!.RegisteredAt;

        var again = await device.Create(Registration(id), message);

        Assert.True(again.Succeeded);
        Assert.True(again.Duplicate);
        Assert.Equal(first.Code, again.Code);
        Assert.Equal(first.Reason, again.Reason);

        var conflicting = await device.Create(Registration(id, manufacturer: "Itron"), message with { ContentDigest = "create-2" });

        Assert.False(conflicting.Succeeded);
        Assert.False(conflicting.Duplicate);
        Assert.Equal("6.1", conflicting.Code);
        var snapshot = await device.GetSnapshot();
        Assert.Equal("Landis+Gyr", snapshot!.Registration.Manufacturer);
        Assert.Equal(registeredAt, snapshot.RegisteredAt);
    }

    [Fact]
    public async Task A_replayed_change_is_a_duplicate_and_does_not_undo_a_later_change()
    {
        var id = NewId();
        var device = await fixture.Device(id).Registered(id);
        var toItron = Message(digest: "itron");
        Assert.True((await device.Change(new EndDeviceRegistration { MRID = id, Manufacturer = "Itron" }, toItron)).Succeeded);
        Assert.True((await device.Change(new EndDeviceRegistration { MRID = id, Manufacturer = "Kamstrup" }, Message(digest: "kamstrup"))).Succeeded);

        var replay = await device.Change(new EndDeviceRegistration { MRID = id, Manufacturer = "Itron" }, toItron);

        Assert.True(replay.Succeeded);
        Assert.True(replay.Duplicate);
        Assert.Equal("Kamstrup", (await device.GetSnapshot())!.Registration.Manufacturer);

        var conflicting = await device.Change(new EndDeviceRegistration { MRID = id, Manufacturer = "Elster" }, toItron with { ContentDigest = "elster" });
        Assert.Equal("6.1", conflicting.Code);
        Assert.Equal("Kamstrup", (await device.GetSnapshot())!.Registration.Manufacturer);
    }

    [Fact]
    public async Task A_flow_of_readings_does_not_push_a_control_out_of_the_memo()
    {
        var id = NewId();
        var device = await fixture.Device(id).Registered(id);
        var request = Control(Disconnect);
        await device.SubmitControl(request);
        await device.WaitForControl(request.ControlId, Wait);
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < new EndDeviceOptions().MemoCapacity + 10; i++)
        {
            var value = new ReadingValue(start.AddMinutes(15 * (i + 1)), 0.5);
            await device.IngestReadings(new MeterReadingsIngest
            {
                Message = Message(),
                Series = [new ReadingSeries("0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0", ReadingKind.Interval, [value])],
            });
        }

        var retried = await device.SubmitControl(request);

        Assert.True(retried.Outcome.Duplicate);
        Assert.Equal(1, fixture.ExecuteCount(request.ControlId));
    }
}
