using Orleans.Metering.Abstractions;
using Orleans.Metering.Grains.Tests.Support;
using static Orleans.Metering.Grains.Tests.Support.TestData;

namespace Orleans.Metering.Grains.Tests;

[Collection(MeteringClusterCollection.Name)]
public sealed class RegistrationTests(MeteringClusterFixture fixture)
{
    [Fact]
    public async Task Create_then_GetSnapshot_returns_the_registration()
    {
        var id = NewId();
        var device = fixture.Device(id);
        Assert.Null(await device.GetSnapshot());

        var outcome = await device.Create(Registration(id), Message());

        Assert.True(outcome.Succeeded, outcome.Reason);
        Assert.Equal("0.0", outcome.Code);
        Assert.False(outcome.Duplicate);
        var snapshot = await device.GetSnapshot();
        Assert.NotNull(snapshot);
        Assert.Equal(Registration(id), snapshot.Registration);
        Assert.Equal(SwitchState.Unknown, snapshot.Switch);
        Assert.Null(snapshot.ChangedAt);
        Assert.Empty(snapshot.RecentControls);
        Assert.InRange(snapshot.RegisteredAt, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddSeconds(1));
    }

    [Fact]
    public async Task Create_takes_the_mRID_from_the_grain_key()
    {
        var id = NewId();
        var device = fixture.Device(id);

        var outcome = await device.Create(Registration(id) with { MRID = "something-else" }, Message());

        Assert.True(outcome.Succeeded, outcome.Reason);
        Assert.Equal(id, (await device.GetSnapshot())!.Registration.MRID);
    }

    [Fact]
    public async Task Create_again_with_the_same_data_and_a_new_MessageID_is_ok_and_changes_nothing()
    {
        var id = NewId();
        var device = fixture.Device(id);
        Assert.True((await device.Create(Registration(id), Message())).Succeeded);
        var before = await device.GetSnapshot();

        var again = await device.Create(Registration(id), Message());

        Assert.True(again.Succeeded, again.Reason);
        Assert.Equal("0.0", again.Code);
        Assert.False(again.Duplicate);
        var after = await device.GetSnapshot();
        Assert.Equal(before!.RegisteredAt, after!.RegisteredAt);
        Assert.Equal(before.Registration, after.Registration);
    }

    [Fact]
    public async Task Create_again_with_the_same_data_including_names_is_ok()
    {
        var id = NewId();
        var device = fixture.Device(id);
        var registration = Registration(id) with { Names = [new DeviceName("Meter " + id, "MeterName", "utility")] };
        Assert.True((await device.Create(registration, Message())).Succeeded);

        var again = await device.Create(registration with { Names = [new DeviceName("Meter " + id, "MeterName", "utility")] }, Message());

        Assert.True(again.Succeeded, again.Reason);
        Assert.Equal("0.0", again.Code);
    }

    [Fact]
    public async Task Create_again_with_different_data_is_refused_with_2_4_and_keeps_the_first_data()
    {
        var id = NewId();
        var device = fixture.Device(id);
        Assert.True((await device.Create(Registration(id), Message())).Succeeded);

        var again = await device.Create(Registration(id, manufacturer: "Itron"), Message());

        Assert.False(again.Succeeded);
        Assert.Equal("2.4", again.Code);
        Assert.Equal("Landis+Gyr", (await device.GetSnapshot())!.Registration.Manufacturer);
    }

    [Fact]
    public async Task Change_of_an_unknown_device_is_refused_with_2_4_and_does_not_create_it()
    {
        var id = NewId();
        var device = fixture.Device(id);

        var outcome = await device.Change(Registration(id), Message());

        Assert.False(outcome.Succeeded);
        Assert.Equal("2.4", outcome.Code);
        Assert.Null(await device.GetSnapshot());
    }

    [Fact]
    public async Task Change_merges_the_given_fields_into_the_registration()
    {
        var id = NewId();
        var device = fixture.Device(id);
        Assert.True((await device.Create(Registration(id), Message())).Succeeded);

        var change = new EndDeviceRegistration
        {
            MRID = id,
            Status = "Installed",
            Manufacturer = "Itron",
            Names = [new DeviceName("Kitchen meter")],
        };
        var outcome = await device.Change(change, Message());

        Assert.True(outcome.Succeeded, outcome.Reason);
        Assert.Equal("0.0", outcome.Code);
        var snapshot = await device.GetSnapshot();
        var r = snapshot!.Registration;
        Assert.Equal("Installed", r.Status);
        Assert.Equal("Itron", r.Manufacturer);
        Assert.Equal(new DeviceName("Kitchen meter"), Assert.Single(r.Names));
        // fields the change did not carry are kept
        Assert.Equal("SN-" + id, r.SerialNumber);
        Assert.Equal("E450", r.ModelNumber);
        Assert.Equal("TEST-AMI", r.AmrSystem);
        Assert.Equal(new DateOnly(2024, 3, 1), r.InstallationDate);
        Assert.Equal(60, r.TimeZoneOffsetMinutes);
        Assert.NotNull(snapshot.ChangedAt);
    }

    [Fact]
    public async Task Change_without_names_keeps_the_names()
    {
        var id = NewId();
        var device = fixture.Device(id);
        Assert.True((await device.Create(Registration(id) with { Names = [new DeviceName("N1")] }, Message())).Succeeded);

        Assert.True((await device.Change(new EndDeviceRegistration { MRID = id, Status = "Removed" }, Message())).Succeeded);

        var r = (await device.GetSnapshot())!.Registration;
        Assert.Equal("N1", Assert.Single(r.Names).Name);
        Assert.Equal("Removed", r.Status);
    }
}
