using Orleans.Metering.Abstractions;
using Orleans.Metering.Cim.Documents;
using Orleans.Metering.Cim.Messages;

namespace Orleans.Metering.Gateway.Tests;

/// <summary>The reply code of each way a control can end, as Annex B gives it.</summary>
public sealed class ControlOutcomesTests
{
    [Theory]
    [InlineData(ControlState.Failed, "5.3")]
    [InlineData(ControlState.Expired, "4.1")]
    [InlineData(ControlState.Cancelled, "6.5")]
    public void A_control_that_did_not_execute_is_reported_with_its_code_naming_the_EndDevice(ControlState state, string code)
    {
        var replies = new ReplyCollector();
        var control = new ControlStatus { ControlId = "CTL-1", DeviceId = "MTR-1", ControlType = "3.31.0.23", State = state, FailureReason = "why" };

        ControlOutcomes.Report(control, null, replies, new EndDeviceEventsDocument());

        var reply = replies.Build();
        Assert.Equal(ReplyResult.FAILED, reply.Result);
        var error = Assert.Single(reply.Error);
        Assert.Equal(code, error.Code);
        Assert.Equal("MTR-1", error.Object!.MRID);
        Assert.Contains("why", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_executed_control_is_OK_and_an_open_one_is_acknowledged_with_0_3()
    {
        var executed = new ReplyCollector();
        ControlOutcomes.Report(new ControlStatus { ControlId = "C", DeviceId = "D", ControlType = "3.31.0.23", State = ControlState.Executed }, null, executed, new EndDeviceEventsDocument());
        Assert.Equal(ReplyResult.OK, executed.Build().Result);

        var open = new ReplyCollector();
        ControlOutcomes.Report(new ControlStatus { ControlId = "C", DeviceId = "D", ControlType = "3.31.0.23", State = ControlState.Dispatched }, null, open, new EndDeviceEventsDocument());
        Assert.Equal("0.3", Assert.Single(open.Build().Error).Code);
    }
}
