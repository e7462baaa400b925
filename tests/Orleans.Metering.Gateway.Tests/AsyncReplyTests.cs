using Orleans.Metering.Cim.Messages;
using static Orleans.Metering.Gateway.Tests.Messages;

namespace Orleans.Metering.Gateway.Tests;

/// <summary>AsyncReplyFlag: 0.3 at once, the outcome POSTed to ReplyAddress, retried until delivered.</summary>
[Collection(PlatformCollection.Name)]
public sealed class AsyncReplyTests(PlatformFixture fixture)
{
    private PlatformHost Host => fixture.Host;

    [Fact]
    public async Task The_answer_is_0_3_at_once_and_the_outcome_arrives_at_ReplyAddress_correlated()
    {
        await using var receiver = await ReplyReceiver.Start();
        var meter = "MTR-" + NewId();
        await Host.Exchange(CreateMeter(meter, NewId()), "create-for-async");
        var messageId = NewId();
        var header = $"<msg:AsyncReplyFlag>true</msg:AsyncReplyFlag><msg:ReplyAddress>{receiver.Address}</msg:ReplyAddress>";

        var ack = await Host.Exchange(Control(meter, "3.31.0.23", messageId, asyncHeader: header), "async-ack");
        Assert.Equal(ReplyResult.OK, ack.Reply!.Result);
        Assert.Equal("0.3", Assert.Single(ack.Reply.Error).Code);
        Assert.Empty(Events(ack));

        var body = await receiver.WaitForReply(TimeSpan.FromSeconds(20));
        Orleans.Metering.Cim.Tests.Support.CimOutput.Save("Gateway_async-outcome", body);
        var outcome = CimMessageReader.Read(body);
        Assert.True(outcome.Success, outcome.Error?.Message);
        Assert.Equal(messageId, outcome.Message!.Header!.CorrelationID);
        Assert.Equal("created", outcome.Message.Header.Verb);
        Assert.Equal("EndDeviceControls", outcome.Message.Header.Noun);
        Assert.Equal(ReplyResult.OK, outcome.Message.Reply!.Result);
        Assert.Equal("3.31.0.68", EventType(Assert.Single(Events(outcome.Message))));
    }

    [Fact]
    public async Task A_failed_delivery_is_retried_until_it_succeeds()
    {
        await using var receiver = await ReplyReceiver.Start(failFirst: 2);
        var meter = "MTR-" + NewId();
        await Host.Exchange(CreateMeter(meter, NewId()), "create-for-retry");
        var header = $"<msg:AsyncReplyFlag>true</msg:AsyncReplyFlag><msg:ReplyAddress>{receiver.Address}</msg:ReplyAddress>";
        await Host.Exchange(Control(meter, "3.31.0.18", NewId(), asyncHeader: header), "async-retry-ack");

        var body = await receiver.WaitForReply(TimeSpan.FromSeconds(30));
        Assert.True(receiver.Attempts >= 3, $"expected two failed attempts before delivery, saw {receiver.Attempts}");
        Assert.Equal("3.31.0.42", EventType(Assert.Single(Events(CimMessageReader.Read(body).Message!))));
    }

    [Fact]
    public async Task AsyncReplyFlag_without_ReplyAddress_gets_1_5()
    {
        var meter = "MTR-" + NewId();
        await Host.Exchange(CreateMeter(meter, NewId()), "create-for-no-address");
        var answer = await Host.Exchange(Control(meter, "3.31.0.23", NewId(), asyncHeader: "<msg:AsyncReplyFlag>true</msg:AsyncReplyFlag>"), "async-no-address");
        Assert.Equal(ReplyResult.FAILED, answer.Reply!.Result);
        Assert.Equal("1.5", Assert.Single(answer.Reply.Error).Code);
    }
}
