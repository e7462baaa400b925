using Orleans.Metering.Cim.Codes;

namespace Orleans.Metering.Cim.Tests.Codes;

public class EndDeviceTypeCodeTests
{
    [Theory]
    [InlineData("3.31.0.18", 3, 31, 0, 18)]
    [InlineData("0.0.0.0", 0, 0, 0, 0)]
    [InlineData("16.15.101.13", 16, 15, 101, 13)]
    public void Control_parses_into_parts(string code, int type, int domain, int subdomain, int action)
    {
        var control = EndDeviceControlType.Parse(code);
        Assert.Equal(new EndDeviceControlType(type, domain, subdomain, action), control);
        Assert.Equal(type, control.Type);
        Assert.Equal(domain, control.Domain);
        Assert.Equal(subdomain, control.Subdomain);
        Assert.Equal(action, control.EventOrAction);
        Assert.Equal(code, control.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("3.31.0")]
    [InlineData("3.31.0.18.1")]
    [InlineData("3.31..18")]
    [InlineData("3.31.0.x")]
    [InlineData("3.31.0.-18")]
    [InlineData(" 3.31.0.18")]
    [InlineData("3.31.0.18.")]
    [InlineData("3.31.0.99999999999")]
    public void Malformed_codes_do_not_parse(string code)
    {
        Assert.False(EndDeviceEventType.TryParse(code, out var evt));
        Assert.Equal(default, evt);
        Assert.False(EndDeviceControlType.TryParse(code, out _));
        var ex = Assert.Throws<CimException>(() => EndDeviceEventType.Parse(code));
        Assert.Same(ReplyCode.SchemaInvalid, ex.Code);
        Assert.Equal("EndDeviceEventType", ex.ObjectType);
        Assert.Equal(code, ex.ObjectId);
    }

    [Fact]
    public void Null_does_not_parse()
    {
        Assert.False(EndDeviceEventType.TryParse((string?)null, out _));
        Assert.Throws<CimException>(() => EndDeviceControlType.Parse(null!));
    }

    [Theory]
    [InlineData("3.31.0", "EndDeviceControlType code '3.31.0' has 3 parts, expected 4")]
    [InlineData("3.31.x.18", "EndDeviceControlType code '3.31.x.18': part 3 'x' is not an integer")]
    [InlineData("", "EndDeviceControlType code is empty")]
    [InlineData("3.31.0.99999999999", "EndDeviceControlType code '3.31.0.99999999999': part 4 '99999999999' is out of range")]
    public void Parse_failure_names_the_bad_code(string code, string reason)
    {
        var ex = Assert.Throws<CimException>(() => EndDeviceControlType.Parse(code));
        Assert.Equal(reason, ex.Message);
        Assert.Equal("EndDeviceControlType", ex.ObjectType);
    }

    [Fact]
    public void Control_constants()
    {
        Assert.Equal("3.31.0.18", EndDeviceControlType.RcdConnect.ToString());
        Assert.Equal("3.31.0.23", EndDeviceControlType.RcdDisconnect.ToString());
        Assert.Equal("3.31.0.5", EndDeviceControlType.RcdArmForClosure.ToString());
        Assert.Equal("3.31.0.6", EndDeviceControlType.RcdArmForOpen.ToString());
        Assert.Equal("ElectricMeter RCDSwitch Connect", EndDeviceControlType.RcdConnect.Description);
        Assert.Equal("ElectricMeter RCDSwitch Disconnect", EndDeviceControlType.RcdDisconnect.Description);
        Assert.Equal("ElectricMeter RCDSwitch ArmForClosure", EndDeviceControlType.RcdArmForClosure.Description);
        Assert.Equal("ElectricMeter RCDSwitch ArmForOpen", EndDeviceControlType.RcdArmForOpen.Description);
        foreach (var c in new[] { EndDeviceControlType.RcdConnect, EndDeviceControlType.RcdDisconnect, EndDeviceControlType.RcdArmForClosure, EndDeviceControlType.RcdArmForOpen })
        {
            Assert.True(c.IsKnown);
            Assert.True(c.IsInstalledCombination);
        }
    }

    [Fact]
    public void Event_constants()
    {
        var expected = new Dictionary<string, EndDeviceEventType>
        {
            ["3.31.0.42"] = EndDeviceEventType.RcdConnected,
            ["3.31.0.68"] = EndDeviceEventType.RcdDisconnected,
            ["3.31.0.67"] = EndDeviceEventType.RcdConnectFailed,
            ["3.31.0.84"] = EndDeviceEventType.RcdDisconnectFailed,
            ["3.31.0.11"] = EndDeviceEventType.RcdArmedForClosure,
            ["3.31.0.12"] = EndDeviceEventType.RcdArmedForOpen,
            ["3.26.0.85"] = EndDeviceEventType.PowerFailed,
            ["3.26.0.216"] = EndDeviceEventType.PowerRestored,
        };
        foreach (var (code, evt) in expected)
        {
            Assert.Equal(code, evt.ToString());
            Assert.Equal(evt, EndDeviceEventType.Parse(code));
            Assert.True(evt.IsKnown, code);
        }

        // E.5 (Connexo's installed events) has no ArmedForClosure / ArmedForOpen rows.
        Assert.Equal(
            [true, true, true, true, false, false, true, true],
            expected.Values.Select(e => e.IsInstalledCombination));

        Assert.Equal("ElectricMeter RCDSwitch Disconnected", EndDeviceEventType.RcdDisconnected.Description);
        Assert.Equal("ElectricMeter Power Failed", EndDeviceEventType.PowerFailed.Description);
        Assert.Equal("ElectricMeter Power Restored", EndDeviceEventType.PowerRestored.Description);
    }

    [Theory]
    [InlineData("0.0.0.0", "NA")]
    [InlineData("3.12.29.39", "ElectricMeter Security Cover Opened")]
    [InlineData("0.36.116.13", "Clock TimeSync Change")]
    [InlineData("3.2.22.150", "ElectricMeter Battery Charge MinLimitReached")]
    [InlineData("9.31.999.42", "?9 RCDSwitch ?999 Connected")]
    public void Event_descriptions(string code, string description) =>
        Assert.Equal(description, EndDeviceEventType.Parse(code).Description);

    [Fact]
    public void Unknown_parts_are_reported_by_validate()
    {
        var evt = EndDeviceEventType.Parse("9.30.999.302");
        Assert.False(evt.IsKnown);
        Assert.Equal(
            ["type 9 is not an EndDeviceType", "domain 30 is not an EndDeviceDomain", "subdomain 999 is not an EndDeviceSubdomain", "eventOrAction 302 is not an EndDeviceEventOrAction"],
            evt.Validate());
        Assert.Empty(EndDeviceEventType.RcdConnected.Validate());
    }

    [Fact]
    public void Installed_combinations_distinguish_controls_from_events()
    {
        Assert.False(EndDeviceEventType.Parse("3.31.0.18").IsInstalledCombination);
        Assert.False(EndDeviceControlType.Parse("3.31.0.42").IsInstalledCombination);
        Assert.True(EndDeviceControlType.Parse("24.31.0.23").IsInstalledCombination);
        Assert.False(EndDeviceControlType.Parse("9.31.0.23").IsInstalledCombination);
        Assert.True(EndDeviceEventType.Parse("10.26.80.57").IsInstalledCombination);
        Assert.False(EndDeviceEventType.Parse("3.26.80.57").IsInstalledCombination);
        Assert.False(EndDeviceEventType.Parse("3.31.70000.42").IsInstalledCombination);
    }

    public static TheoryData<int> EventOrActionCodes() => [.. EndDeviceCodeParts.EventsOrActions.Entries.Select(e => e.Code).Distinct()];

    [Theory]
    [MemberData(nameof(EventOrActionCodes))]
    public void Every_event_or_action_round_trips(int code)
    {
        var evt = new EndDeviceEventType(3, 31, 0, code);
        Assert.Equal(evt, EndDeviceEventType.Parse(evt.ToString()));
        Assert.True(evt.IsKnown);
        var expectedEnd = code == 0 ? "RCDSwitch" : EndDeviceCodeParts.EventsOrActions.NameOf(code);
        Assert.EndsWith(expectedEnd, evt.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_part_of_every_table_round_trips()
    {
        foreach (var t in EndDeviceCodeParts.Types.Entries)
        {
            foreach (var d in EndDeviceCodeParts.Domains.Entries)
            {
                var control = new EndDeviceControlType(t.Code, d.Code, 0, 0);
                Assert.Equal(control, EndDeviceControlType.Parse(control.ToString()));
                Assert.True(control.IsKnown);
            }
        }

        foreach (var s in EndDeviceCodeParts.Subdomains.Entries)
        {
            var control = new EndDeviceControlType(0, 0, s.Code, 0);
            Assert.Equal(control, EndDeviceControlType.Parse(control.ToString()));
            Assert.Equal(EndDeviceCodeParts.Subdomains.NameOf(s.Code), control.Description);
        }
    }

    [Fact]
    public void Negative_parts_are_rejected_by_the_constructor() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new EndDeviceEventType(3, -1, 0, 0));
}
