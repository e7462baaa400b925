using Orleans.Metering.Cim.Codes;

namespace Orleans.Metering.Cim.Tests.Codes;

public class EndDeviceCodePartsTests
{
    [Fact]
    public void Part_tables_have_every_row_of_tables_md()
    {
        Assert.Equal(27, EndDeviceCodeParts.Types.Entries.Count);
        Assert.Equal(37, EndDeviceCodeParts.Domains.Entries.Count);
        Assert.Equal(185, EndDeviceCodeParts.Subdomains.Entries.Count);
        Assert.Equal(149, EndDeviceCodeParts.EventsOrActions.Entries.Count);
    }

    [Fact]
    public void Codes_named_twice_in_the_source_count_once()
    {
        Assert.Equal(182, EndDeviceCodeParts.Subdomains.Count);
        Assert.Equal(148, EndDeviceCodeParts.EventsOrActions.Count);
        Assert.Equal("PhaseA", EndDeviceCodeParts.Subdomains.NameOf(126));
        Assert.Equal("ChangeOut", EndDeviceCodeParts.EventsOrActions.NameOf(27));
        Assert.Contains(EndDeviceCodeParts.Subdomains.Entries, e => e is { Code: 126, Name: "PhaseAVoltagePotential" });
    }

    [Theory]
    [InlineData(0, "NA")]
    [InlineData(3, "ElectricMeter")]
    [InlineData(4, "GasMeter")]
    [InlineData(15, "InPremisesDisplay(IPD/IHD)")]
    [InlineData(24, "WaterMeter")]
    [InlineData(58, "ElectricVehicle")]
    public void Type_spot_values(int code, string name) => Assert.Equal(name, EndDeviceCodeParts.Types.NameOf(code));

    [Theory]
    [InlineData(12, "Security")]
    [InlineData(26, "Power")]
    [InlineData(31, "RCDSwitch")]
    [InlineData(36, "Clock")]
    [InlineData(54, "Scheduler4")]
    public void Domain_spot_values(int code, string name) => Assert.Equal(name, EndDeviceCodeParts.Domains.NameOf(code));

    [Theory]
    [InlineData(17, "Status")]
    [InlineData(22, "Charge")]
    [InlineData(29, "Cover")]
    [InlineData(38, "Voltage")]
    [InlineData(139, "SupplyCapacityLimit")]
    [InlineData(322, "LoadProfile2")]
    public void Subdomain_spot_values(int code, string name) => Assert.Equal(name, EndDeviceCodeParts.Subdomains.NameOf(code));

    [Theory]
    [InlineData(5, "ArmForClosure")]
    [InlineData(18, "Connect")]
    [InlineData(23, "Disconnect")]
    [InlineData(42, "Connected")]
    [InlineData(68, "Disconnected")]
    [InlineData(84, "DisconnectFailed")]
    [InlineData(216, "Restored")]
    [InlineData(303, "TerminateFailed")]
    public void Event_or_action_spot_values(int code, string name) => Assert.Equal(name, EndDeviceCodeParts.EventsOrActions.NameOf(code));

    [Theory]
    [InlineData(9)]
    [InlineData(27)]
    [InlineData(59)]
    public void Gaps_in_the_type_table_are_unknown(int code) => Assert.False(EndDeviceCodeParts.Types.Contains(code));

    [Fact]
    public void Unknown_code_has_a_placeholder_name() => Assert.Equal("?999", EndDeviceCodeParts.Domains.NameOf(999));

    [Fact]
    public void Installed_combination_tables_have_every_row()
    {
        Assert.Equal(37, EndDeviceCodeParts.InstalledControlCodes.Count);
        Assert.Equal(816, EndDeviceCodeParts.InstalledEventCodes.Count);
        Assert.Equal("*.8.0.214", EndDeviceCodeParts.InstalledControlCodes[1]);
        Assert.Equal("10.12.261.81", EndDeviceCodeParts.InstalledEventCodes[^1]);
    }

    public static TheoryData<string> InstalledControls() => [.. EndDeviceCodeParts.InstalledControlCodes];

    public static TheoryData<string> InstalledEvents() => [.. EndDeviceCodeParts.InstalledEventCodes.Distinct()];

    [Theory]
    [MemberData(nameof(InstalledControls))]
    public void Every_installed_control_is_known_and_installed(string code)
    {
        var control = EndDeviceControlType.Parse(code.Replace("*", "3", StringComparison.Ordinal));
        Assert.True(control.IsKnown, string.Join("; ", control.Validate()));
        Assert.True(control.IsInstalledCombination);
    }

    [Theory]
    [MemberData(nameof(InstalledEvents))]
    public void Every_installed_event_is_known_and_installed(string code)
    {
        var anyType = code.StartsWith('*');
        var evt = EndDeviceEventType.Parse(code.Replace("*", "3", StringComparison.Ordinal));
        Assert.True(evt.IsKnown, string.Join("; ", evt.Validate()));
        Assert.True(evt.IsInstalledCombination);
        if (anyType)
        {
            Assert.True(new EndDeviceEventType(24, evt.Domain, evt.Subdomain, evt.EventOrAction).IsInstalledCombination);
        }
    }
}
