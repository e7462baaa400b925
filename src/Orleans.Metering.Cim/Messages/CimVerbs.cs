namespace Orleans.Metering.Cim.Messages;

/// <summary>The Header Verb enumeration of Message.xsd (IEC 61968-100:2013), in lower case as on the wire.</summary>
public static class CimVerbs
{
    public const string Cancel = "cancel";
    public const string Canceled = "canceled";
    public const string Change = "change";
    public const string Changed = "changed";
    public const string Create = "create";
    public const string Created = "created";
    public const string Close = "close";
    public const string Closed = "closed";
    public const string Delete = "delete";
    public const string Deleted = "deleted";
    public const string Get = "get";
    public const string Reply = "reply";
    public const string Execute = "execute";
    public const string Executed = "executed";

    /// <summary>Every verb of the schema enumeration.</summary>
    public static IReadOnlyList<string> All { get; } =
        [Cancel, Canceled, Change, Changed, Create, Created, Close, Closed, Delete, Deleted, Get, Reply, Execute, Executed];

    private static readonly HashSet<string> Known = new(All, StringComparer.Ordinal);

    private static readonly HashSet<string> PastTense = new([Canceled, Changed, Created, Closed, Deleted, Executed], StringComparer.Ordinal);

    /// <summary>Lower-cases and trims a verb as read from the wire (verbs are case-insensitive on input).</summary>
    public static string Normalize(string verb)
    {
        ArgumentNullException.ThrowIfNull(verb);
        return verb.Trim().ToLowerInvariant();
    }

    /// <summary>True for a verb of the schema enumeration (after <see cref="Normalize"/>).</summary>
    public static bool IsKnown(string verb) => Known.Contains(verb);

    /// <summary>True for the past-tense (event) verbs: created, changed, canceled, closed, deleted, executed.</summary>
    public static bool IsPastTense(string verb) => PastTense.Contains(verb);

    /// <summary>The verb as it starts a per-noun element name: <c>create</c> → <c>Create</c>.</summary>
    public static string ToElementPrefix(string verb)
    {
        ArgumentException.ThrowIfNullOrEmpty(verb);
        return char.ToUpperInvariant(verb[0]) + verb[1..];
    }
}
