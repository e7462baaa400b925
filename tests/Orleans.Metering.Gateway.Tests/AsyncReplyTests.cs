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
        Assert.Equal("reply", outcome.Message.Header.Verb);
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

        // every attempt is the same message, so a receiver can tell a retry from a new reply
        var attempts = receiver.Attempted.Select(b => CimMessageReader.Read(b).Message!.Header!).ToList();
        Assert.Single(attempts.Select(h => h.MessageID).Distinct());
        Assert.Single(attempts.Select(h => h.Timestamp).Distinct());
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

    [Theory]
    [InlineData("mailto:ops@utility.example")]
    [InlineData("/relative/replies")]
    [InlineData("not a url")]
    public async Task A_ReplyAddress_that_is_not_an_http_url_gets_6_1_and_nothing_is_accepted(string address)
    {
        var meter = "MTR-" + NewId();
        await Host.Exchange(CreateMeter(meter, NewId()), "create-for-bad-address");
        var header = $"<msg:AsyncReplyFlag>true</msg:AsyncReplyFlag><msg:ReplyAddress>{address}</msg:ReplyAddress>";

        var answer = await Host.Exchange(Control(meter, "3.31.0.23", NewId(), asyncHeader: header), "async-bad-address");

        Assert.Equal(ReplyResult.FAILED, answer.Reply!.Result);
        var error = Assert.Single(answer.Reply.Error);
        Assert.Equal("6.1", error.Code);
        Assert.Contains("ReplyAddress", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_receiver_that_never_answers_does_not_hold_up_replies_to_others()
    {
        await using var stuck = await ReplyReceiver.Start(hang: true);
        await using var healthy = await ReplyReceiver.Start();
        var (first, second) = ("MTR-" + NewId(), "MTR-" + NewId());
        await Host.Exchange(CreateMeter(first, NewId()), "create-for-stuck");
        await Host.Exchange(CreateMeter(second, NewId()), "create-for-healthy");
        await Host.Exchange(Control(first, "3.31.0.23", NewId(), asyncHeader: $"<msg:AsyncReplyFlag>true</msg:AsyncReplyFlag><msg:ReplyAddress>{stuck.Address}</msg:ReplyAddress>"), "async-stuck-ack");
        await WaitUntil(() => !stuck.Attempted.IsEmpty, TimeSpan.FromSeconds(10));

        await Host.Exchange(Control(second, "3.31.0.23", NewId(), asyncHeader: $"<msg:AsyncReplyFlag>true</msg:AsyncReplyFlag><msg:ReplyAddress>{healthy.Address}</msg:ReplyAddress>"), "async-healthy-ack");

        // well inside the 10 s delivery timeout the stuck receiver holds its own delivery for
        await healthy.WaitForReply(TimeSpan.FromSeconds(4));
    }

    private static async Task WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "condition not met in time");
            await Task.Delay(50);
        }
    }
}
