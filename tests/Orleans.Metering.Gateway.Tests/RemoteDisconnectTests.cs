using System.Net;
using Orleans.Metering.Cim.Messages;
using Orleans.Metering.Cim.Tests.Support;
using static Orleans.Metering.Gateway.Tests.Messages;

namespace Orleans.Metering.Gateway.Tests;

/// <summary>The foundation's use case end to end: register a meter, disconnect and reconnect it, read its events.</summary>
[Collection(PlatformCollection.Name)]
public sealed class RemoteDisconnectTests(PlatformFixture fixture)
{
    private PlatformHost Host => fixture.Host;

    [Fact]
    public async Task Register_disconnect_and_read_events_shows_the_disconnected_event()
    {
        var meter = "MTR-" + NewId();
        var created = await Host.Exchange(CreateMeter(meter, NewId()), "create-meter");
        Assert.Equal(ReplyResult.OK, ReplyOf(created).Result);

        var disconnect = await Host.Exchange(Control(meter, "3.31.0.23", NewId(), "CTL-" + meter), "disconnect");
        Assert.Equal(ReplyResult.OK, ReplyOf(disconnect).Result);
        Assert.Equal("3.31.0.68", EventType(Assert.Single(Events(disconnect))));

        var connect = await Host.Exchange(Control(meter, "3.31.0.18", NewId()), "connect");
        Assert.Equal(ReplyResult.OK, ReplyOf(connect).Result);
        Assert.Equal("3.31.0.42", EventType(Assert.Single(Events(connect))));

        var events = await Host.Exchange(GetEvents(meter, NewId()), "get-events");
        Assert.Equal(ReplyResult.OK, ReplyOf(events).Result);
        Assert.Equal(["3.31.0.68", "3.31.0.42"], Events(events).Select(EventType));

        var onlyDisconnects = await Host.Exchange(GetEvents(meter, NewId(), "3.31.0.68"), "get-events-by-type");
        Assert.Equal(["3.31.0.68"], Events(onlyDisconnects).Select(EventType));
    }

    [Fact]
    public async Task A_control_naming_more_devices_than_the_limit_is_refused_with_3_1_and_switches_nothing()
    {
        var meter = "MTR-" + NewId();
        Assert.Equal(ReplyResult.OK, ReplyOf(await Host.Exchange(CreateMeter(meter, NewId()), "create-for-too-many")).Result);
        var devices = new[] { meter }.Concat(Enumerable.Range(1, 10_000).Select(i => $"MTR-BULK-{i}"));
        var document = new Orleans.Metering.Cim.Documents.EndDeviceControlsDocument
        {
            Controls = [new() { MRID = "CTL-" + meter, ControlTypeRef = "3.31.0.23", EndDevices = [.. devices.Select(Orleans.Metering.Cim.Documents.ObjectRef.ById)] }],
        };
        var request = CimMessages.Request(CimVerbs.Create, "EndDeviceControls", document.ToXml(), "CIS");
        var xml = System.Text.Encoding.UTF8.GetString(CimMessageWriter.ToBytes(request, MessageFraming.Generic));

        var answer = await Host.Exchange(xml, "control-too-many-devices");

        Assert.Equal(ReplyResult.FAILED, ReplyOf(answer).Result);
        var error = Assert.Single(ReplyOf(answer).Error);
        Assert.Equal("3.1", error.Code);
        Assert.Contains("10001 device controls", error.Reason, StringComparison.Ordinal);
        Assert.Empty(Events(await Host.Exchange(GetEvents(meter, NewId()), "events-after-too-many")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task An_empty_or_blank_mRID_is_refused_with_a_CIM_reply_not_an_HTTP_500(string mrid)
    {
        var events = await Host.Exchange(GetEvents(mrid, NewId()), "events-blank-mrid");
        Assert.Equal(ReplyResult.FAILED, ReplyOf(events).Result);

        var control = await Host.Exchange(Control(mrid, "3.31.0.23", NewId()), "control-blank-mrid");
        Assert.Equal(ReplyResult.FAILED, ReplyOf(control).Result);
        Assert.Equal("2.4", ReplyOf(control).Error[0].Code);
    }

    [Fact]
    public async Task A_control_in_Context_TESTING_is_validated_and_answered_but_operates_nothing()
    {
        var meter = "MTR-" + NewId();
        Assert.Equal(ReplyResult.OK, ReplyOf(await Host.Exchange(CreateMeter(meter, NewId()), "create-for-testing")).Result);
        var testing = Control(meter, "3.31.0.23", NewId(), "CTL-" + meter).Replace("</msg:Noun>", "</msg:Noun><msg:Context>TESTING</msg:Context>", StringComparison.Ordinal);

        var answer = await Host.Exchange(testing, "control-testing");

        Assert.Equal(ReplyResult.OK, ReplyOf(answer).Result);
        var note = Assert.Single(ReplyOf(answer).Error);
        Assert.Equal(("0.0", meter), (note.Code, note.Object!.MRID));
        Assert.Contains("not executed", note.Reason, StringComparison.Ordinal);
        Assert.Null(answer.Payload);
        Assert.Empty(Events(await Host.Exchange(GetEvents(meter, NewId()), "events-after-testing")));

        // The same control id is still free: the real control is accepted and executed afterwards.
        var real = await Host.Exchange(Control(meter, "3.31.0.23", NewId(), "CTL-" + meter), "control-after-testing");
        Assert.Equal("3.31.0.68", EventType(Assert.Single(Events(real))));

        var unknown = await Host.Exchange(Control("NOPE-" + NewId(), "3.31.0.23", NewId()).Replace("</msg:Noun>", "</msg:Noun><msg:Context>TESTING</msg:Context>", StringComparison.Ordinal), "control-testing-unknown");
        Assert.Equal("2.4", Assert.Single(ReplyOf(unknown).Error).Code);
    }

    [Fact]
    public async Task The_answer_correlates_with_the_request()
    {
        var messageId = NewId();
        var answer = await Host.Exchange(CreateMeter("MTR-" + NewId(), messageId), "correlation");
        Assert.Equal(MessageKind.Response, answer.Kind);
        Assert.Equal(messageId, answer.Header!.CorrelationID);
        Assert.Equal("MeterConfig", answer.Header.Noun);
        Assert.NotEqual(messageId, answer.Header.MessageID);
    }

    [Fact]
    public async Task Get_MeterConfig_returns_the_registered_meter_and_names_unknown_ones()
    {
        var meter = "MTR-" + NewId();
        await Host.Exchange(CreateMeter(meter, NewId(), serial: "SN-42"), "create-for-get");
        var answer = await Host.Exchange(GetMeter(meter, NewId()), "get-meter");
        Assert.Equal(ReplyResult.OK, ReplyOf(answer).Result);
        var document = Orleans.Metering.Cim.Documents.MeterConfigDocument.FromXml(Assert.Single(answer.Payload!.Documents));
        Assert.Equal("SN-42", Assert.Single(document.Meters).SerialNumber);

        var unknown = await Host.Exchange(GetMeter("NOPE-" + NewId(), NewId()), "get-unknown-meter");
        Assert.Equal(ReplyResult.FAILED, ReplyOf(unknown).Result);
        Assert.Equal("2.4", Assert.Single(ReplyOf(unknown).Error).Code);
    }

    [Fact]
    public async Task Changing_a_meter_updates_it_and_changing_an_unknown_meter_fails_with_2_4()
    {
        var meter = "MTR-" + NewId();
        await Host.Exchange(CreateMeter(meter, NewId(), serial: "OLD"), "create-for-change");
        var changed = await Host.Exchange(CreateMeter(meter, NewId(), serial: "NEW", verb: "change"), "change-meter");
        Assert.Equal(ReplyResult.OK, ReplyOf(changed).Result);
        var answer = await Host.Exchange(GetMeter(meter, NewId()), "get-changed");
        Assert.Contains("NEW", answer.Payload!.Documents[0].ToString(), StringComparison.Ordinal);

        var unknown = await Host.Exchange(CreateMeter("NOPE-" + NewId(), NewId(), verb: "change"), "change-unknown");
        Assert.Equal("2.4", Assert.Single(ReplyOf(unknown).Error).Code);
    }

    [Fact]
    public async Task A_control_for_an_unknown_device_fails_with_2_4_naming_the_device()
    {
        var device = "UNKNOWN-" + NewId();
        var answer = await Host.Exchange(Control(device, "3.31.0.23", NewId()), "control-unknown-device");
        var reply = ReplyOf(answer);
        Assert.Equal(ReplyResult.FAILED, reply.Result);
        var error = Assert.Single(reply.Error);
        Assert.Equal("2.4", error.Code);
        Assert.Equal(device, error.Object?.MRID);
    }

    [Fact]
    public async Task A_repeated_request_gets_the_same_outcome_and_no_second_effect()
    {
        var meter = "MTR-" + NewId();
        await Host.Exchange(CreateMeter(meter, NewId()), "create-for-duplicate");
        var request = Control(meter, "3.31.0.23", NewId(), "CTL-DUP-" + meter);
        var first = await Host.Exchange(request, "control-first");
        var second = await Host.Exchange(request, "control-again");
        Assert.Equal(ReplyResult.OK, ReplyOf(first).Result);
        Assert.Equal(ReplyResult.OK, ReplyOf(second).Result);

        var events = await Host.Exchange(GetEvents(meter, NewId()), "events-after-duplicate");
        Assert.Single(Events(events));
    }

    [Fact]
    public async Task The_same_MessageID_with_a_different_payload_is_refused()
    {
        var meter = "MTR-" + NewId();
        await Host.Exchange(CreateMeter(meter, NewId()), "create-for-conflict");
        var messageId = NewId();
        await Host.Exchange(Control(meter, "3.31.0.23", messageId, "CTL-A-" + meter), "control-original");
        var conflicting = await Host.Exchange(Control(meter, "3.31.0.18", messageId, "CTL-B-" + meter), "control-conflicting");
        Assert.Equal(ReplyResult.FAILED, ReplyOf(conflicting).Result);
        Assert.Contains("already used", Assert.Single(ReplyOf(conflicting).Error).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unsupported_control_type_is_refused_naming_it()
    {
        var meter = "MTR-" + NewId();
        await Host.Exchange(CreateMeter(meter, NewId()), "create-for-unsupported");
        var answer = await Host.Exchange(Control(meter, "3.8.0.214", NewId()), "unsupported-control");
        Assert.Equal(ReplyResult.FAILED, ReplyOf(answer).Result);
        Assert.Contains("3.8.0.214", Assert.Single(ReplyOf(answer).Error).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_answers()
    {
        using var response = await Host.Http.GetAsync(new Uri(Host.BaseAddress, "/health"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Replies_are_saved_for_the_schema_check()
    {
        var path = CimOutput.Save("Gateway_probe", (await Host.Post(CreateMeter("MTR-" + NewId(), NewId()), "probe")).Xml);
        Assert.True(File.Exists(path));
    }
}
