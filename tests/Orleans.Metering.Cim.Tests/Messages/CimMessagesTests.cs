using Orleans.Metering.Cim.Codes;
using Orleans.Metering.Cim.Messages;
using Orleans.Metering.Cim.Tests.Support;
using static Orleans.Metering.Cim.Tests.Messages.TestMessages;

namespace Orleans.Metering.Cim.Tests.Messages;

public class CimMessagesTests
{
    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [Fact]
    public void ResponseTo_copies_noun_correlates_and_stamps()
    {
        var request = CreateRequest();
        request.Framing = new MessageFraming(EnvelopeStyle.PerNoun, SoapVersion.Soap11);
        var now = new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

        var response = CimMessages.ResponseTo(request, Reply.Ok(ReplyCode.Acknowledged), time: new FixedTime(now), source: "Orleans.Metering");

        Assert.Equal(MessageKind.Response, response.Kind);
        var header = response.Header!;
        Assert.Equal(CimVerbs.Reply, header.Verb);
        Assert.Equal("EndDeviceControls", header.Noun);
        Assert.Equal(request.Header!.MessageID, header.CorrelationID);
        Assert.True(Guid.TryParse(header.MessageID, out _));
        Assert.NotEqual(request.Header.MessageID, header.MessageID);
        Assert.Equal(now, header.Timestamp);
        Assert.Equal("Orleans.Metering", header.Source);
        Assert.Equal("TESTING", header.Context);
        Assert.Equal(request.Framing, response.Framing);

        var xml = CimMessageWriter.ToXml(response, response.Framing);
        CimOutput.Save("CimMessages_ResponseTo", xml);
        var read = Read(xml);
        Assert.True(read.Success, read.Error?.Message);
        Assert.Equal(ReplyCode.Acknowledged.Code, read.Message.Reply!.Error[0].Code);
    }

    [Fact]
    public void ResponseTo_uses_the_request_CorrelationID_when_it_has_no_MessageID_and_takes_a_verb()
    {
        var request = new CimMessage { Kind = MessageKind.Request, Header = new Header { Verb = "create", Noun = "EndDeviceControls", CorrelationID = "c-9" } };
        var payload = new Payload();
        payload.Documents.Add(EndDeviceControls());

        var response = CimMessages.ResponseTo(request, Reply.Ok(), payload, "Created");

        Assert.Equal("c-9", response.Header!.CorrelationID);
        Assert.Equal("created", response.Header.Verb);
        Assert.Same(payload, response.Payload);
        CimOutput.Save("CimMessages_ResponseToCreated", CimMessageWriter.ToXml(response, new MessageFraming(EnvelopeStyle.PerNoun, SoapVersion.None)));
    }

    [Fact]
    public void ErrorAnswer_echoes_the_header_when_one_was_read()
    {
        var result = Read($"<s:Envelope xmlns:s=\"{CimNamespaces.Soap11}\"><s:Body>"
            + Generic("RequestMessage", HeaderXml(extra: "<msg:Timestamp>never</msg:Timestamp>")).Replace("<?xml version=\"1.0\"?>", "", StringComparison.Ordinal)
            + "</s:Body></s:Envelope>");
        Assert.False(result.Success);

        var answer = CimMessages.ErrorAnswer(result, source: "gw");

        Assert.Equal(MessageKind.Response, answer.Kind);
        Assert.Equal("m-1", answer.Header!.CorrelationID);
        Assert.Equal(ReplyResult.FAILED, answer.Reply!.Result);
        Assert.Equal(ReplyCode.SchemaInvalid.Code, answer.Reply.Error[0].Code);
        Assert.Equal(SoapVersion.Soap11, answer.Framing.Soap);
        var xml = CimMessageWriter.ToXml(answer, answer.Framing);
        CimOutput.Save("CimMessages_ErrorAnswerResponse", xml);
        Assert.True(Read(xml).Success);
    }

    [Fact]
    public void ErrorAnswer_is_a_fault_when_no_header_was_read()
    {
        var result = Read("<broken");
        var answer = CimMessages.ErrorAnswer(result);

        Assert.Equal(MessageKind.Fault, answer.Kind);
        Assert.Null(answer.Header);
        var xml = CimMessageWriter.ToXml(answer, answer.Framing);
        CimOutput.Save("CimMessages_ErrorAnswerFault", xml);
        var read = Read(xml);
        Assert.True(read.Success, read.Error?.Message);
        Assert.Equal(MessageKind.Fault, read.Message.Kind);
        Assert.Equal(ReplyCode.SchemaInvalid.Code, read.Message.Reply!.Error[0].Code);
    }

    [Fact]
    public void Event_builds_an_event_message()
    {
        var now = new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);
        var message = CimMessages.Event("Created", "EndDeviceEvents", EndDeviceEvents(), new FixedTime(now), "Orleans.Metering");

        Assert.Equal(MessageKind.Event, message.Kind);
        Assert.Equal("created", message.Header!.Verb);
        Assert.Equal(now, message.Header.Timestamp);
        Assert.NotNull(message.Header.MessageID);
        foreach (var (name, framing) in Framings)
        {
            var xml = CimMessageWriter.ToXml(message, framing);
            CimOutput.Save("CimMessages_Event_" + name, xml);
            Assert.True(Read(xml).Success);
        }
    }

    [Fact]
    public void Fault_builds_a_fault_message()
    {
        var fault = CimMessages.Fault(Reply.Failed(ReplyCode.TooManyItems, "too big"));
        Assert.Equal(MessageKind.Fault, fault.Kind);
        var xml = CimMessageWriter.ToXml(fault, new MessageFraming(EnvelopeStyle.PerNoun, SoapVersion.Soap12));
        CimOutput.Save("CimMessages_Fault", xml);
        Assert.Contains("FaultMessage", xml, StringComparison.Ordinal);
    }

    [Fact]
    public void Request_puts_a_get_query_in_Request_and_any_other_document_in_Payload()
    {
        var now = new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);
        var get = CimMessages.Request("get", "EndDeviceEvents", GetEndDeviceEvents(), "MDM", "Q-1", new FixedTime(now));
        var create = CimMessages.Request(CimVerbs.Create, "EndDeviceControls", EndDeviceControls(), "CIS");

        Assert.Equal(MessageKind.Request, get.Kind);
        Assert.Equal(("get", "EndDeviceEvents", "MDM", "Q-1", now), (get.Header!.Verb, get.Header.Noun, get.Header.Source, get.Header.MessageID, get.Header.Timestamp!.Value));
        Assert.Single(get.Request!.Documents);
        Assert.Null(get.Payload);
        Assert.Single(create.Payload!.Documents);
        Assert.Null(create.Request);
        Assert.True(Guid.TryParse(create.Header!.MessageID, out _));
        foreach (var (name, message) in new[] { ("get", get), ("create", create) })
        {
            var xml = CimMessageWriter.ToXml(message, MessageFraming.Generic);
            CimOutput.Save("CimMessages_Request_" + name, xml);
            Assert.True(Read(xml).Success);
        }
    }
}
