using Orleans.Metering.Abstractions;
using Orleans.Metering.Cim;
using Orleans.Metering.Cim.Codes;
using Orleans.Metering.Cim.Documents;
using Orleans.Metering.Cim.Messages;
using Orleans.Metering.Storage;

namespace Orleans.Metering.Gateway.Handlers;

/// <summary>
/// create EndDeviceControls: one control per (EndDeviceControl, EndDevice), each accepted and
/// persisted by the device grain before it is dispatched. Synchronous by default: the reply
/// waits up to <see cref="GatewayOptions.SyncReplyTimeout"/> for outcomes and reports what is
/// not final yet with 0.3. With AsyncReplyFlag the reply is 0.3 at once and the outcome is
/// delivered to ReplyAddress.
/// </summary>
public sealed class EndDeviceControlsHandler(HandlerContext context, IEventStore store) : ICimHandler
{
    public string Noun => ProfileDocuments.EndDeviceControls;

    public IReadOnlyCollection<string> Verbs { get; } = [CimVerbs.Create];

    public async Task<CimMessage> Handle(CimMessage request, CancellationToken cancellationToken)
    {
        var header = request.Header!;
        var isAsync = header.AsyncReplyFlag == true;
        var replyAddress = isAsync ? HandlerContext.ReplyAddressOf(request, "AsyncReplyFlag is true") : null;

        var document = EndDeviceControlsDocument.FromXml(HandlerContext.PayloadDocument(request, Noun));
        if (document.Controls.Count == 0)
        {
            throw new CimException(ReplyCode.PayloadMissing, "EndDeviceControls carries no EndDeviceControl", xpath: "Payload/EndDeviceControls/EndDeviceControl");
        }

        // Refused before any work: the count is known from the document alone.
        context.CheckCount(document.Controls.Sum(c => c.EndDevices.Count), "device controls");
        var replies = new ReplyCollector();
        var route = replyAddress is null ? null : new ReplyRoute(replyAddress, header.MessageID!, FramingText(request.Framing));
        var work = new List<(ControlRequest Control, string DeviceId)>();
        for (var i = 0; i < document.Controls.Count; i++)
        {
            work.AddRange(Expand(request, document.Controls[i], i, route, replies));
        }
        if (HandlerContext.IsTesting(header))
        {
            await Check(work, replies, cancellationToken);
            return context.Respond(request, replies.Build());
        }

        var accepted = new List<(string DeviceId, ControlStatus Control)>();
        var gate = new Lock();
        await context.FanOut(work, async (item, _) =>
        {
            try
            {
                var acceptance = await context.Grains.GetGrain<IEndDeviceGrain>(item.DeviceId).SubmitControl(item.Control);
                if (!acceptance.Outcome.Succeeded || acceptance.Control is null)
                {
                    replies.Fail(acceptance.Outcome.Code, acceptance.Outcome.Reason, item.DeviceId, "EndDevice");
                    return;
                }

                lock (gate)
                {
                    accepted.Add((item.DeviceId, acceptance.Control));
                }
            }
#pragma warning disable CA1031 // one device's failure is reported for that device; the others go on
            catch (Exception e)
#pragma warning restore CA1031
            {
                replies.Fail(TransientFailures.CodeFor(e), $"EndDevice {item.DeviceId}: {e.Message}", item.DeviceId, "EndDevice");
            }
        }, cancellationToken);

        var events = new EndDeviceEventsDocument();
        if (isAsync)
        {
            foreach (var (deviceId, control) in accepted)
            {
                replies.Inform(ReplyCode.Acknowledged.Code, $"EndDeviceControl {control.ControlId} for EndDevice {deviceId} accepted; the outcome will be sent to {replyAddress}", deviceId, "EndDevice");
            }
        }
        else
        {
            var deadline = context.Time.GetUtcNow() + context.Options.SyncReplyTimeout;
            var finals = new (ControlStatus Control, DeviceEvent? Closing)[accepted.Count];
            await context.FanOut(accepted.Select((a, i) => (a, i)), async (item, token) =>
            {
                var left = deadline - context.Time.GetUtcNow();
                var control = await context.Grains.GetGrain<IEndDeviceGrain>(item.a.DeviceId).WaitForControl(item.a.Control.ControlId, left) ?? item.a.Control;
                finals[item.i] = (control, await ClosingEvent(control, token));
            }, cancellationToken);

            foreach (var (control, closing) in finals)
            {
                ControlOutcomes.Report(control, closing, replies, events);
            }
        }

        return context.Respond(request, replies.Build(), events.Events.Count > 0 ? events.ToXml() : null);
    }

    /// <summary>Each device says whether it would accept its control (0.0) or why not; nothing is stored or sent.</summary>
    private Task Check(List<(ControlRequest Control, string DeviceId)> work, ReplyCollector replies, CancellationToken cancellationToken) =>
        context.ForEachDevice(work, item => item.DeviceId, (item, device) => device.CheckControl(item.Control), replies, "not checked", cancellationToken, inform: true);

    /// <summary>One ControlRequest per addressed device; what cannot be addressed is reported.</summary>
    private static IEnumerable<(ControlRequest, string)> Expand(CimMessage request, EndDeviceControl control, int index, ReplyRoute? route, ReplyCollector replies)
    {
        var header = request.Header!;
        var controlId = control.MRID ?? $"{header.MessageID}/{index + 1}";
        if (!EndDeviceControlType.TryParse(control.ControlTypeRef, out _))
        {
            replies.Fail(ReplyCode.SchemaInvalid, $"EndDeviceControlType '{control.ControlTypeRef}' is not a type.domain.subdomain.eventOrAction code", control.ControlTypeRef, "EndDeviceControlType");
            yield break;
        }

        if (control.EndDeviceGroups.Count > 0 || control.UsagePoints.Count > 0 || control.UsagePointGroups.Count > 0)
        {
            replies.Fail(ReplyCode.InvalidEndDevice, $"EndDeviceControl {controlId}: controls addressed to EndDeviceGroups or UsagePoints are not supported yet; name the EndDevices", controlId, "EndDeviceControl");
        }

        if (control.EndDevices.Count == 0 && control.EndDeviceGroups.Count == 0 && control.UsagePoints.Count == 0 && control.UsagePointGroups.Count == 0)
        {
            replies.Fail(ReplyCode.MandatoryFieldMissing, $"EndDeviceControl {controlId} names no EndDevices", controlId, "EndDeviceControl");
        }

        // The control is hashed once; each device's digest adds only its id (hashing the whole control
        // once per device made a request's cost grow with the square of its devices).
        var controlDigest = MessageDigest.Of(header.Verb, new EndDeviceControlsDocument { Controls = [control] }.ToXml());
        foreach (var device in control.EndDevices)
        {
            if (device.Identifier is not { Length: > 0 } deviceId)
            {
                replies.Fail(ReplyCode.InvalidEndDevice, $"EndDeviceControl {controlId}: an EndDevice has neither mRID nor Names", controlId, "EndDeviceControl");
                continue;
            }

            yield return (new ControlRequest
            {
                ControlId = controlId,
                ControlType = control.ControlTypeRef,
                Message = new MessageKey(HandlerContext.SourceOf(request), $"{header.MessageID}/{index + 1}", MessageDigest.Combine(controlDigest, deviceId)),
                Reason = control.Reason,
                StartDateTime = control.Action?.StartDateTime ?? control.PrimaryDeviceTiming?.IntervalStart,
                IssuerID = control.IssuerID,
                IssuerTrackingID = control.IssuerTrackingID ?? header.MessageID,
                ReplyTo = route,
            }, deviceId);
        }
    }

    /// <summary>The stored closing event; a control already final is reported even when the store cannot be read now.</summary>
    private async Task<DeviceEvent?> ClosingEvent(ControlStatus control, CancellationToken cancellationToken)
    {
        try
        {
            return await ControlOutcomes.ClosingEvent(store, control, cancellationToken);
        }
        catch (Exception e) when (TransientFailures.IsTransient(e) && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    public static string FramingText(MessageFraming framing) => $"{framing.Style}/{framing.Soap}";

    public static MessageFraming ParseFraming(string text)
    {
        var parts = (text ?? "").Split('/');
        return parts.Length == 2 && Enum.TryParse<EnvelopeStyle>(parts[0], out var style) && Enum.TryParse<SoapVersion>(parts[1], out var soap)
            ? new MessageFraming(style, soap)
            : MessageFraming.Generic;
    }
}
