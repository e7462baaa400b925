using Orleans.Metering.Abstractions;

namespace Orleans.Metering.Grains.EndDevices;

/// <summary>
/// The persisted state of one EndDevice. Small on purpose: master data, switch, controls that are
/// pending or recently final, and the memo of recent messages. Readings and events never live here.
/// </summary>
[GenerateSerializer, Alias("metering.EndDeviceState")]
public sealed class EndDeviceState
{
    [Id(0)] public EndDeviceRegistration? Registration { get; set; }
    [Id(1)] public SwitchState Switch { get; set; }
    [Id(2)] public DateTimeOffset RegisteredAt { get; set; }
    [Id(3)] public DateTimeOffset? ChangedAt { get; set; }

    /// <summary>Controls by ControlId, in acceptance order.</summary>
    [Id(4)] public List<ControlStatus> Controls { get; set; } = [];
    [Id(5)] public MessageMemo Memo { get; set; } = new();

    /// <summary>Recent level per interval reading type, for spike detection.</summary>
    [Id(6)] public Dictionary<string, Readings.SeriesLevel> Levels { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The usage point this meter measures, as the last readings said.</summary>
    [Id(7)] public string? UsagePointId { get; set; }

    /// <summary>Earliest reading seen for that usage point (the installation's start as told to the usage point).</summary>
    [Id(8)] public DateTimeOffset? UsagePointSince { get; set; }

    /// <summary>
    /// Memo of reading messages, apart from <see cref="Memo"/> so that a steady flow of readings never
    /// pushes out the memo of a control or a master-data change that a client may still retry.
    /// </summary>
    [Id(9)] public MessageMemo ReadingsMemo { get; set; } = new();
}

/// <summary>A message the device has acted on, with the outcome it answered.</summary>
[GenerateSerializer, Alias("metering.MemoEntry")]
public sealed record MemoEntry(
    [property: Id(0)] string Source,
    [property: Id(1)] string MessageId,
    [property: Id(2)] string ContentDigest,
    [property: Id(3)] CommandOutcome Outcome,
    [property: Id(4)] string? ControlId,
    [property: Id(5)] DateTimeOffset At,
    [property: Id(6)] IngestResult? Ingest = null);

/// <summary>
/// Recent (Source, MessageID) pairs with the reply given, bounded in count. It is written in the
/// same state write as the effect, so a duplicate can never cause a second effect.
/// </summary>
[GenerateSerializer, Alias("metering.MessageMemo")]
public sealed class MessageMemo
{
    public const int Capacity = 256;

    [Id(0)] public List<MemoEntry> Entries { get; set; } = [];

    public MemoEntry? Find(MessageKey key) =>
        Entries.FindLast(e => e.MessageId == key.MessageId && e.Source == key.Source);

    public void Remember(MemoEntry entry, int capacity = Capacity)
    {
        Entries.Add(entry);
        if (Entries.Count > capacity)
        {
            Entries.RemoveRange(0, Entries.Count - capacity);
        }
    }
}

public sealed class EndDeviceOptions
{
    /// <summary>A control with no outcome after this long is reconciled with the device, then expired.</summary>
    public TimeSpan ControlTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Reading ingests change only the memo and series levels; they are written with the next state
    /// write, at the latest after this long or at deactivation (the readings themselves are durable
    /// in the store before the ingest is answered, and re-sending them is a no-op).
    /// </summary>
    public TimeSpan LazyStateWrite { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Controls not yet final that one device holds; more are refused with 3.2 until some end.</summary>
    public int MaxOpenControls { get; set; } = 16;

    /// <summary>How far ahead a control may be scheduled (its StartDateTime).</summary>
    public TimeSpan MaxScheduleAhead { get; set; } = TimeSpan.FromDays(366);

    /// <summary>
    /// Reading messages remembered per meter. Small on purpose (it lives in every active meter's memory):
    /// re-storing readings is a no-op with the same reply anyway; the memo only spares the work.
    /// </summary>
    public int ReadingsMemoCapacity { get; set; } = 16;

    /// <summary>Final controls kept in state for status queries.</summary>
    public int FinalControlsKept { get; set; } = 32;
}
