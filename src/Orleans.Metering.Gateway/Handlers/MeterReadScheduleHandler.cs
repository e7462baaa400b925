using Orleans.Metering.Abstractions;
using Orleans.Metering.Cim;
using Orleans.Metering.Cim.Codes;
using Orleans.Metering.Cim.Documents;
using Orleans.Metering.Cim.Messages;

namespace Orleans.Metering.Gateway.Handlers;

/// <summary>
/// create / cancel / get MeterReadSchedule. A schedule is known by the MessageID of the request that
/// created it (returned in Reply/ID); its results go to that request's ReplyAddress as
/// <c>created MeterReadings</c> messages whose CorrelationID is the same MessageID.
/// </summary>
public sealed class MeterReadScheduleHandler(HandlerContext context) : ICimHandler
{
    public string Noun => ProfileDocuments.MeterReadSchedule;

    public IReadOnlyCollection<string> Verbs { get; } = [CimVerbs.Create, CimVerbs.Cancel, CimVerbs.Get];

    public Task<CimMessage> Handle(CimMessage request, CancellationToken cancellationToken) => request.Header!.Verb switch
    {
        CimVerbs.Create => Create(request),
        CimVerbs.Cancel => Cancel(request),
        _ => Get(request),
    };

    private async Task<CimMessage> Create(CimMessage request)
    {
        var header = request.Header!;
        var replyAddress = HandlerContext.ReplyAddressOf(request, "A MeterReadSchedule sends its results to Header/ReplyAddress");

        var document = MeterReadScheduleDocument.FromXml(HandlerContext.PayloadDocument(request, Noun));
        if (document.EndDeviceGroups.Count > 0 || document.UsagePoints.Count > 0)
        {
            throw new CimException(ReplyCode.InvalidEndDevice, "Schedules over EndDeviceGroups or UsagePoints are not supported yet; name the EndDevices");
        }

        var devices = document.EndDevices.Select(d => d.Identifier).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (devices.Count == 0)
        {
            throw new CimException(ReplyCode.InvalidEndDevice, "The MeterReadSchedule names no EndDevice", xpath: "Payload/MeterReadSchedule/EndDevice");
        }

        context.CheckCount(devices.Count, "meters");
        foreach (var type in document.ReadingTypes.Where(t => !ReadingType.TryParse(t, out _)))
        {
            throw new CimException(ReplyCode.InvalidReadingType, $"ReadingType '{type}' is not an 18-part code", type, "ReadingType");
        }

        var schedule = document.TimeSchedules.FirstOrDefault()
            ?? throw new CimException(ReplyCode.MandatoryFieldMissing, "The MeterReadSchedule has no TimeSchedule", xpath: "Payload/MeterReadSchedule/TimeSchedule");
        if (schedule.RecurrencePeriodSeconds is not > 0)
        {
            throw new CimException(ReplyCode.MandatoryFieldMissing, "TimeSchedule/recurrencePeriod (seconds, > 0) is required", xpath: "Payload/MeterReadSchedule/TimeSchedule/recurrencePeriod");
        }

        var grain = context.Grains.GetGrain<IReadScheduleGrain>(Key(request, header.MessageID!));

        // Without a start the schedule starts when the request was made (Header/Timestamp, the same in a
        // re-sent message); without that either, a retried create keeps the start the first one got.
        var start = schedule.Start ?? header.Timestamp ?? (await grain.GetStatus())?.Definition.Start - Offset(schedule) ?? context.Time.GetUtcNow();
        var definition = new ReadScheduleDefinition
        {
            ScheduleId = grain.GetPrimaryKeyString(),
            DeviceIds = devices,
            ReadingTypes = document.ReadingTypes.Count > 0 ? document.ReadingTypes : [ReadingType.BulkForwardEnergyKWh.ToString()],
            Start = start + Offset(schedule),
            End = schedule.End,
            Recurrence = TimeSpan.FromSeconds(schedule.RecurrencePeriodSeconds.Value),
            Subscriber = new ReplyRoute(replyAddress, header.MessageID!, EndDeviceControlsHandler.FramingText(request.Framing)),
            Disabled = schedule.Disabled == true,
        };
        var outcome = await grain.Create(definition);
        return Answer(request, outcome, header.MessageID!);
    }

    private static TimeSpan Offset(ReadTimeSchedule schedule) => TimeSpan.FromSeconds(schedule.OffsetSeconds ?? 0);

    /// <summary>
    /// The schedule's grain: the creating request's MessageID within its Source, so that two systems using
    /// the same MessageID get two schedules, and a system can cancel or read only its own.
    /// </summary>
    private static string Key(CimMessage request, string scheduleId) => HandlerContext.SourceOf(request) + "|" + scheduleId;

    private async Task<CimMessage> Cancel(CimMessage request)
    {
        var id = ScheduleId(request);
        var outcome = await context.Grains.GetGrain<IReadScheduleGrain>(Key(request, id)).Cancel();
        return Answer(request, outcome, id);
    }

    private async Task<CimMessage> Get(CimMessage request)
    {
        var id = ScheduleId(request);
        if (await context.Grains.GetGrain<IReadScheduleGrain>(Key(request, id)).GetStatus() is not { } status)
        {
            return context.Respond(request, Reply.Failed(ReplyCode.InvalidRequestId, $"MeterReadSchedule {id} does not exist", new ErrorObject(id, null, "MeterReadSchedule")));
        }

        var d = status.Definition;
        var document = new MeterReadScheduleDocument
        {
            EndDevices = [.. d.DeviceIds.Select(ObjectRef.ById)],
            ReadingTypes = [.. d.ReadingTypes],
            TimeSchedules =
            [
                new ReadTimeSchedule
                {
                    Disabled = d.Disabled || status.Cancelled,
                    RecurrencePeriodSeconds = (int)d.Recurrence.TotalSeconds,
                    Start = d.Start,
                    End = d.End,
                },
            ],
        };
        var reply = Reply.Ok();
        reply.ID.Add(new MessageId(id, IdKind.transaction, ObjectType: "MeterReadSchedule"));
        reply.Error.Add(ReplyError.From(ReplyCode.NoErrors,
            $"{(status.Cancelled ? "cancelled" : "active")}; runs completed: {status.RunsCompleted}; last run: {status.LastRun:O}; next run: {status.NextRun:O}", ErrorLevel.INFORM));
        return context.Respond(request, reply, document.ToXml());
    }

    private CimMessage Answer(CimMessage request, CommandOutcome outcome, string scheduleId)
    {
        var reply = outcome.Succeeded
            ? Reply.Ok(ReplyCode.NoErrors, outcome.Reason)
            : Reply.Failed(ReplyCode.Find(outcome.Code) ?? ReplyCode.AttemptedAndFailed, outcome.Reason, new ErrorObject(scheduleId, null, "MeterReadSchedule"));
        reply.ID.Add(new MessageId(scheduleId, IdKind.transaction, ObjectType: "MeterReadSchedule"));
        return context.Respond(request, reply);
    }

    private static string ScheduleId(CimMessage request) =>
        request.Request?.ID.FirstOrDefault()?.Value ?? request.Payload?.ID.FirstOrDefault()?.Value
        ?? throw new CimException(ReplyCode.RequestMissing, "Name the schedule in Request/ID (the MessageID of the request that created it)", xpath: "Request/ID");
}
