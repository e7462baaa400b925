using System.ComponentModel.DataAnnotations;
using Orleans.Metering.Abstractions.Options;
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
/// Recent (Source, MessageID) pairs with the reply given, bounded in count and age. It is written in
/// the same state write as the effect, so a duplicate can never cause a second effect within that bound.
/// </summary>
[GenerateSerializer, Alias("metering.MessageMemo")]
public sealed class MessageMemo
{
    [Id(0)] public List<MemoEntry> Entries { get; set; } = [];

    public MemoEntry? Find(MessageKey key) =>
        Entries.FindLast(e => e.MessageId == key.MessageId && e.Source == key.Source);

    /// <summary>Adds <paramref name="entry"/>; drops the oldest beyond <paramref name="capacity"/> and those older than <paramref name="maxAge"/> before it.</summary>
    public void Remember(MemoEntry entry, int capacity, TimeSpan maxAge)
    {
        ArgumentNullException.ThrowIfNull(entry);
        Entries.Add(entry);
        var drop = Math.Max(0, Entries.Count - capacity);
        while (drop < Entries.Count - 1 && entry.At - Entries[drop].At > maxAge)
        {
            drop++;
        }

        Entries.RemoveRange(0, drop);
    }
}

public sealed class EndDeviceOptions
{
    /// <summary>A control with no outcome after this long is reconciled with the device, then expired.</summary>
    [Positive]
    public TimeSpan ControlTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Period of the durable reminder that backs the reconcile timer while a device has open controls
    /// (its first tick is set to when the controls need it). At least Orleans' minimum of one minute.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Control and master-data messages a device remembers (with their reply) for retries. Bounded
    /// because the memo is written with every control: about 260 bytes an entry.
    /// </summary>
    [Positive]
    public int MemoCapacity { get; set; } = 64;

    /// <summary>Messages older than this are dropped from a device's memo; a retry later than this (or beyond MemoCapacity) acts again.</summary>
    [Positive]
    public TimeSpan MemoRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Final controls older than this are dropped from the device's state (their events stay in the event store).</summary>
    [Positive]
    public TimeSpan FinalControlRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Reading types whose recent level a meter keeps for spike detection; the least recently updated go beyond it.</summary>
    [Positive]
    public int MaxSeriesLevels { get; set; } = 64;

    /// <summary>
    /// Reading ingests change only the memo and series levels; they are written with the next state
    /// write, at the latest after this long or at deactivation (the readings themselves are durable
    /// in the store before the ingest is answered, and re-sending them is a no-op).
    /// </summary>
    [NotNegative]
    public TimeSpan LazyStateWrite { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Controls not yet final that one device holds; more are refused with 3.2 until some end.</summary>
    [Positive]
    public int MaxOpenControls { get; set; } = 16;

    /// <summary>How far ahead a control may be scheduled (its StartDateTime).</summary>
    [Positive]
    public TimeSpan MaxScheduleAhead { get; set; } = TimeSpan.FromDays(366);

    /// <summary>
    /// Reading messages remembered per meter. Small on purpose (it lives in every active meter's memory):
    /// re-storing readings is a no-op with the same reply anyway; the memo only spares the work.
    /// </summary>
    [Positive]
    public int ReadingsMemoCapacity { get; set; } = 16;

    /// <summary>Final controls kept in state for status queries.</summary>
    [NotNegative]
    public int FinalControlsKept { get; set; } = 32;
}
