using Orleans.Metering.Abstractions;
using Orleans.Metering.Grains.EndDevices;

namespace Orleans.Metering.Grains.Tests;

/// <summary>The RCDSwitch controls and the Annex E events that close them.</summary>
public sealed class SwitchControlsTests
{
    [Theory]
    [InlineData("3.31.0.18", SwitchState.Connected, "3.31.0.42", "3.31.0.67")]
    [InlineData("3.31.0.23", SwitchState.Disconnected, "3.31.0.68", "3.31.0.84")]
    [InlineData("3.31.0.5", SwitchState.ArmedForClosure, "3.31.0.11", "3.31.0.226")]
    [InlineData("3.31.0.6", SwitchState.ArmedForOpen, "3.31.0.12", "3.31.0.222")]
    [InlineData("0.31.0.23", SwitchState.Disconnected, "0.31.0.68", "0.31.0.84")]
    public void Each_control_has_its_target_and_its_success_and_failure_events(string controlType, SwitchState target, string succeeded, string failed)
    {
        var control = SwitchControls.Find(controlType);

        Assert.NotNull(control);
        Assert.Equal(target, control.Target);
        Assert.Equal(succeeded, control.Succeeded.ToString());
        Assert.Equal(failed, control.Failed.ToString());
    }

    [Theory]
    [InlineData("3.31.0.54")]
    [InlineData("3.15.0.54")]
    [InlineData("not-a-code")]
    public void Other_controls_are_not_executed(string controlType) => Assert.Null(SwitchControls.Find(controlType));
}
