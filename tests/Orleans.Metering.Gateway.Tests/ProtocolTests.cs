using System.Net;
using Orleans.Metering.Cim;
using Orleans.Metering.Cim.Messages;
using static Orleans.Metering.Gateway.Tests.Messages;

namespace Orleans.Metering.Gateway.Tests;

/// <summary>Framings, routing errors and hostile input, over HTTP.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ProtocolTests(PlatformFixture fixture)
{
    private PlatformHost Host => fixture.Host;

    [Theory]
    [InlineData("", "text/xml", EnvelopeStyle.PerNoun, SoapVersion.None)]
    [InlineData(CimNamespaces.Soap11, "text/xml", EnvelopeStyle.PerNoun, SoapVersion.Soap11)]
    [InlineData(CimNamespaces.Soap12, "application/soap+xml", EnvelopeStyle.PerNoun, SoapVersion.Soap12)]
    public async Task A_per_noun_or_SOAP_request_is_answered_in_the_same_form(string soap, string contentType, EnvelopeStyle style, SoapVersion version)
    {
        var meter = "MTR-" + NewId();
        var (status, xml) = await Host.Post(PerNoun(CreateMeter(meter, NewId()), soap), $"framing-{style}-{version}", contentType);
        Assert.Equal(HttpStatusCode.OK, status);
        var read = CimMessageReader.Read(xml);
        Assert.True(read.Success, read.Error?.Message);
        Assert.Equal(new MessageFraming(style, version), read.Message!.Framing with { QueryWrapper = false });
        Assert.Equal(ReplyResult.OK, read.Message.Reply!.Result);
        if (version == SoapVersion.None)
        {
            Assert.Contains("MeterConfigResponseMessage", xml, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains(soap, xml, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_SOAP_control_is_executed_and_answered_in_SOAP()
    {
        var meter = "MTR-" + NewId();
        await Host.Exchange(CreateMeter(meter, NewId()), "create-for-soap-control");
        var (status, xml) = await Host.Post(PerNoun(Control(meter, "3.31.0.23", NewId()), CimNamespaces.Soap11), "soap-control");
        Assert.Equal(HttpStatusCode.OK, status);
        var answer = CimMessageReader.Read(xml).Message!;
        Assert.Equal(SoapVersion.Soap11, answer.Framing.Soap);
        Assert.Equal("3.31.0.68", EventType(Assert.Single(Events(answer))));
    }

    [Fact]
    public async Task An_unknown_noun_gets_2_5()
    {
        var xml = CreateMeter("X", NewId()).Replace("<msg:Noun>MeterConfig</msg:Noun>", "<msg:Noun>Banana</msg:Noun>", StringComparison.Ordinal);
        var answer = await Host.Exchange(xml, "unknown-noun");
        Assert.Equal(ReplyResult.FAILED, answer.Reply!.Result);
        Assert.Equal("2.5", Assert.Single(answer.Reply.Error).Code);
    }

    [Theory]
    [InlineData("delete")]
    [InlineData("frobnicate")]
    public async Task An_unsupported_verb_gets_2_9(string verb)
    {
        var answer = await Host.Exchange(CreateMeter("X", NewId(), verb: verb), "unsupported-verb-" + verb);
        Assert.Equal(ReplyResult.FAILED, answer.Reply!.Result);
        Assert.Equal("2.9", Assert.Single(answer.Reply.Error).Code);
    }

    [Fact]
    public async Task A_request_without_MessageID_gets_1_5()
    {
        var xml = CreateMeter("X", "REMOVE").Replace("<msg:MessageID>REMOVE</msg:MessageID>", "", StringComparison.Ordinal);
        var answer = await Host.Exchange(xml, "no-message-id");
        Assert.Equal(ReplyResult.FAILED, answer.Reply!.Result);
        Assert.Equal("1.5", Assert.Single(answer.Reply.Error).Code);
    }

    [Fact]
    public async Task A_message_without_a_Verb_is_answered_with_1_5()
    {
        var xml = CreateMeter("X", NewId()).Replace("<msg:Verb>create</msg:Verb>", "", StringComparison.Ordinal);
        var (status, answer) = await Host.Post(xml, "no-verb");
        Assert.True(status is HttpStatusCode.OK or HttpStatusCode.BadRequest);
        var read = CimMessageReader.Read(answer);
        Assert.True(read.Success, read.Error?.Message);
        Assert.Equal("1.5", Assert.Single(read.Message!.Reply!.Error).Code);
    }

    [Theory]
    [InlineData("this is not xml", "1.8")]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>", "1.8")]
    [InlineData("<RequestMessage xmlns=\"urn:wrong\"><Header/></RequestMessage>", "1.8")]
    public async Task Unreadable_input_gets_a_FaultMessage_with_400(string body, string code)
    {
        var (status, xml) = await Host.Post(body, "fault-" + code);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.DoesNotContain("root:", xml, StringComparison.Ordinal);
        var read = CimMessageReader.Read(xml);
        Assert.True(read.Success, read.Error?.Message);
        Assert.Equal(MessageKind.Fault, read.Message!.Kind);
        Assert.Equal(code, Assert.Single(read.Message.Reply!.Error).Code);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_oversized_body_gets_a_FaultMessage_with_413_without_being_buffered(bool chunked)
    {
        // A raw socket, so the test can read the answer while the body is still being sent.
        var (status, xml) = await RawHttp.PostOversized(Host.BaseAddress, 17 * 1024 * 1024, chunked);
        Orleans.Metering.Cim.Tests.Support.CimOutput.Save("Gateway_oversized", xml);
        Assert.Equal(413, status);
        var read = CimMessageReader.Read(xml);
        Assert.True(read.Success, read.Error?.Message);
        Assert.Equal(MessageKind.Fault, read.Message!.Kind);
        Assert.Equal("3.1", Assert.Single(read.Message.Reply!.Error).Code);
    }

    [Theory]
    [InlineData("3.0", "1.9")]
    [InlineData("2.0", "0.0")]
    [InlineData("1.0", "0.0")]
    public async Task A_Header_Revision_the_gateway_does_not_support_gets_1_9_and_nothing_is_done(string revision, string code)
    {
        var meter = "MTR-" + NewId();
        var request = CreateMeter(meter, NewId()).Replace("</msg:Noun>", $"</msg:Noun><msg:Revision>{revision}</msg:Revision>", StringComparison.Ordinal);

        var answer = await Host.Exchange(request, "revision-" + revision);

        if (code == "1.9")
        {
            Assert.Equal(ReplyResult.FAILED, answer.Reply!.Result);
            Assert.Equal("1.9", Assert.Single(answer.Reply.Error).Code);
            var get = await Host.Exchange(GetMeter(meter, NewId()), "revision-then-get");
            Assert.Equal("2.4", Assert.Single(get.Reply!.Error).Code); // not registered
        }
        else
        {
            Assert.Equal(ReplyResult.OK, answer.Reply!.Result);
        }
    }

    [Fact]
    public async Task An_EventMessage_with_a_verb_that_is_not_past_tense_gets_2_9()
    {
        var xml = ReadingMessages.Created("MTR-" + NewId(), [1.0], NewId()).Replace("<msg:Verb>created</msg:Verb>", "<msg:Verb>create</msg:Verb>", StringComparison.Ordinal);
        Assert.Contains("<msg:EventMessage", xml, StringComparison.Ordinal);

        var answer = await Host.Exchange(xml, "event-present-tense");

        Assert.Equal(ReplyResult.FAILED, answer.Reply!.Result);
        var error = Assert.Single(answer.Reply.Error);
        Assert.Equal("2.9", error.Code);
        Assert.Contains("past tense", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_payload_gets_1_7()
    {
        var xml = """
            <msg:RequestMessage xmlns:msg="http://iec.ch/TC57/2011/schema/message">
              <msg:Header><msg:Verb>create</msg:Verb><msg:Noun>EndDeviceControls</msg:Noun><msg:MessageID>M-1-7</msg:MessageID></msg:Header>
            </msg:RequestMessage>
            """;
        var answer = await Host.Exchange(xml, "no-payload");
        Assert.Equal("1.7", Assert.Single(answer.Reply!.Error).Code);
    }
}
