using System.Xml.Linq;
using Orleans.Metering.Abstractions;
using Orleans.Metering.Cim.Messages;
using Orleans.Metering.Cim.Tests.Support;
using Orleans.Metering.Storage;
using static Orleans.Metering.Gateway.Tests.Messages;

namespace Orleans.Metering.Gateway.Tests;

/// <summary>
/// One control outcome through both reply paths: the synchronous answer of create EndDeviceControls and
/// the asynchronous reply the outbox delivers for the same finished control carry the same Result,
/// Errors and event (Header MessageID, Timestamp and CorrelationID differ by design).
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class ControlOutcomeParityTests(PlatformFixture fixture)
{
    [Fact]
    public Task An_executed_control_is_answered_alike_synchronously_and_asynchronously() =>
        SameAnswerBothWays(fixture.Host, ReplyResult.OK);

    [Fact]
    public async Task A_failed_control_is_answered_alike_synchronously_and_asynchronously()
    {
        await using var failing = await PlatformHost.Start(settings: new Dictionary<string, string> { ["Metering:SimulatedHeadEnd:FailureRate"] = "1" });
        await SameAnswerBothWays(failing, ReplyResult.FAILED);
    }

    private static async Task SameAnswerBothWays(PlatformHost host, ReplyResult expected)
    {
        var meter = "MTR-" + NewId();
        var controlId = "CTL-" + NewId();
        await host.Exchange(CreateMeter(meter, NewId()), "parity-create");
        var sync = await host.Exchange(Control(meter, "3.31.0.23", NewId(), controlId), "parity-sync");

        // The asynchronous path renders the notice the grain queues: the final status and the stored event.
        var control = await host.Services.GetRequiredService<IGrainFactory>().GetGrain<IEndDeviceGrain>(meter).GetControl(controlId);
        Assert.NotNull(control);
        var stored = (await host.Services.GetRequiredService<IEventStore>().Query(new EventQuery { DeviceIds = [meter] }))
            .Single(e => e.EventId == control.OutcomeEventId);
        var route = new ReplyRoute("http://127.0.0.1:9/replies", "request-1", "Generic/None");
        var item = new OutboxItem($"{meter}/{controlId}:reply", route.Address, ControlOutcomeNotice.Kind,
            StoreJson.Serialize(new ControlOutcomeNotice(route, control, stored)), 0, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);
        var (body, _) = host.Services.GetRequiredService<ReplyDeliveryService>().Render(item);
        CimOutput.Save("Gateway_parity-async", body);
        var read = CimMessageReader.Read(new MemoryStream(body));
        Assert.True(read.Success, read.Error?.Message);
        var async = read.Message!;

        Assert.Equal(expected, sync.Reply!.Result);
        Assert.Equal(Describe(sync.Reply), Describe(async.Reply!));
        Assert.Equal(sync.Payload!.Documents.Count, async.Payload!.Documents.Count);
        Assert.All(sync.Payload.Documents.Zip(async.Payload.Documents), pair => Assert.True(XNode.DeepEquals(pair.First, pair.Second), $"{pair.First}\n{pair.Second}"));
        Assert.Equal(control.OutcomeEventType, EventType(Assert.Single(Events(sync))));
        Assert.Equal((sync.Header!.Verb, sync.Header.Noun), (async.Header!.Verb, async.Header.Noun));
    }

    private static List<string> Describe(Reply reply) =>
        [reply.Result.ToString(), .. reply.Error.Select(e => $"{e.Code} {e.Level} {e.Reason} {e.Object?.MRID} {e.Object?.ObjectType}")];
}
