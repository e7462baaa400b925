using Orleans.Metering.Abstractions;
using Orleans.Metering.Grains.Tests.Support;
using static Orleans.Metering.Grains.Tests.Support.TestData;

namespace Orleans.Metering.Grains.Tests;

/// <summary>What the device knows is in its persisted state, not only in the activation.</summary>
[Collection(MeteringClusterCollection.Name)]
public sealed class PersistenceTests(MeteringClusterFixture fixture)
{
    [Fact]
    public async Task Registration_switch_controls_and_memo_survive_deactivation()
    {
        var id = NewId();
        var device = fixture.Device(id);
        var create = Message(digest: "create");
        Assert.True((await device.Create(Registration(id), create)).Succeeded);
        Assert.True((await device.Change(new EndDeviceRegistration { MRID = id, Status = "Installed" }, Message())).Succeeded);
        var request = Control(Disconnect);
        await device.SubmitControl(request);
        await device.WaitForControl(request.ControlId, Wait);
        var before = await device.GetSnapshot();
        Assert.True(await fixture.IsActive(id));

        await fixture.Deactivate(id);

        var after = await device.GetSnapshot();
        Assert.NotNull(after);
        Assert.Equal(before!.Registration, after.Registration);
        Assert.Equal("Installed", after.Registration.Status);
        Assert.Equal(SwitchState.Disconnected, after.Switch);
        Assert.Equal(before.RegisteredAt, after.RegisteredAt);
        Assert.Equal(before.ChangedAt, after.ChangedAt);
        Assert.Equal(before.RecentControls, after.RecentControls);
        Assert.Equal(ControlState.Executed, (await device.GetControl(request.ControlId))!.State);

        // the memo came back too: duplicates are recognised, conflicting replays refused, nothing runs twice
        var duplicate = await device.SubmitControl(request);
        Assert.True(duplicate.Outcome.Duplicate);
        Assert.Equal(ControlState.Executed, duplicate.Control!.State);
        var conflicting = await device.SubmitControl(Control(Connect, request.Message with { ContentDigest = "other" }));
        Assert.Equal("6.1", conflicting.Outcome.Code);
        Assert.True((await device.Create(Registration(id), create)).Duplicate);
        Assert.Equal(1, fixture.ExecuteCount(request.ControlId));
        Assert.Single(await fixture.EventsOf(id));
    }

    [Fact]
    public async Task Controls_keep_working_after_reactivation()
    {
        var id = NewId();
        var device = await fixture.Device(id).Registered(id);
        var disconnect = Control(Disconnect);
        await device.SubmitControl(disconnect);
        await device.WaitForControl(disconnect.ControlId, Wait);

        await fixture.Deactivate(id);

        var connect = Control(Connect);
        Assert.Equal("0.3", (await device.SubmitControl(connect)).Outcome.Code);
        Assert.Equal(ControlState.Executed, (await device.WaitForControl(connect.ControlId, Wait))!.State);
        var snapshot = await device.GetSnapshot();
        Assert.Equal(SwitchState.Connected, snapshot!.Switch);
        Assert.Equal([disconnect.ControlId, connect.ControlId], snapshot.RecentControls.Select(c => c.ControlId));
    }
}
