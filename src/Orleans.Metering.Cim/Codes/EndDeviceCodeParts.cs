using System.Collections.Frozen;

namespace Orleans.Metering.Cim.Codes;

/// <summary>
/// The part tables shared by <see cref="EndDeviceEventType"/> and <see cref="EndDeviceControlType"/>
/// (<c>type.domain.subdomain.eventOrAction</c>, IEC 61968-9 Annex E), and the combinations installed
/// by Connexo (Annex F.1 controls, E.5 events). This is the one home of the end-device code logic.
/// </summary>
public static class EndDeviceCodeParts
{
    /// <summary>Annex E.1, the 1st part.</summary>
    public static CodeTable Types { get; } = EndDeviceTypeTable.Create();

    /// <summary>Annex E.2, the 2nd part.</summary>
    public static CodeTable Domains { get; } = EndDeviceDomainTable.Create();

    /// <summary>Annex E.3, the 3rd part.</summary>
    public static CodeTable Subdomains { get; } = EndDeviceSubdomainTable.Create();

    /// <summary>Annex E.4, the 4th part.</summary>
    public static CodeTable EventsOrActions { get; } = EndDeviceEventOrActionTable.Create();

    /// <summary>Annex F.1 rows as written there (<c>*</c> = any device type).</summary>
    public static IReadOnlyList<string> InstalledControlCodes => InstalledControlTypesTable.Codes;

    /// <summary>Annex E.5 rows as written there (<c>*</c> = any device type).</summary>
    public static IReadOnlyList<string> InstalledEventCodes => InstalledEventTypesTable.Codes;

    private const int PartCount = 4;

    /// <summary>Stands for <c>*</c> in a packed combination key.</summary>
    private const int AnyType = 0xFFFF;

    private static readonly FrozenSet<long> InstalledControls = Pack(InstalledControlTypesTable.Codes);
    private static readonly FrozenSet<long> InstalledEvents = Pack(InstalledEventTypesTable.Codes);

    internal static bool TryParse(ReadOnlySpan<char> s, out int type, out int domain, out int subdomain, out int eventOrAction, out DottedCodeError error, out int badPart)
    {
        Span<int> parts = stackalloc int[PartCount];
        error = DottedCode.Read(s, parts, out badPart);
        type = parts[0];
        domain = parts[1];
        subdomain = parts[2];
        eventOrAction = parts[3];
        return error == DottedCodeError.None;
    }

    internal static CimException ParseError(string? s, string kind)
    {
        var text = s ?? string.Empty;
        var error = DottedCode.Read(text, stackalloc int[PartCount], out var badPart);
        return new CimException(ReplyCode.SchemaInvalid, DottedCode.Describe(error, text, PartCount, badPart, kind), objectId: s, objectType: kind);
    }

    internal static string Format(int type, int domain, int subdomain, int eventOrAction) =>
        DottedCode.Format([type, domain, subdomain, eventOrAction]);

    internal static bool IsKnown(int type, int domain, int subdomain, int eventOrAction) =>
        Types.Contains(type) && Domains.Contains(domain) && Subdomains.Contains(subdomain) && EventsOrActions.Contains(eventOrAction);

    internal static IReadOnlyList<string> Validate(int type, int domain, int subdomain, int eventOrAction)
    {
        var problems = new List<string>();
        Check(problems, "type", type, Types);
        Check(problems, "domain", domain, Domains);
        Check(problems, "subdomain", subdomain, Subdomains);
        Check(problems, "eventOrAction", eventOrAction, EventsOrActions);
        return problems;
    }

    /// <summary>Names of the parts that are not "not applicable", e.g. "ElectricMeter RCDSwitch Disconnected".</summary>
    internal static string Describe(int type, int domain, int subdomain, int eventOrAction)
    {
        Span<int> parts = [type, domain, subdomain, eventOrAction];
        ReadOnlySpan<CodeTable> tables = [Types, Domains, Subdomains, EventsOrActions];
        var text = new System.Text.StringBuilder();
        for (int i = 0; i < PartCount; i++)
        {
            if (parts[i] == 0)
            {
                continue;
            }

            if (text.Length > 0)
            {
                text.Append(' ');
            }

            text.Append(tables[i].NameOf(parts[i]));
        }

        return text.Length == 0 ? "NA" : text.ToString();
    }

    internal static bool IsInstalledControl(int type, int domain, int subdomain, int eventOrAction) =>
        IsInstalled(InstalledControls, type, domain, subdomain, eventOrAction);

    internal static bool IsInstalledEvent(int type, int domain, int subdomain, int eventOrAction) =>
        IsInstalled(InstalledEvents, type, domain, subdomain, eventOrAction);

    private static bool IsInstalled(FrozenSet<long> set, int type, int domain, int subdomain, int eventOrAction)
    {
        if (!Fits(type) || !Fits(domain) || !Fits(subdomain) || !Fits(eventOrAction))
        {
            return false;
        }

        return set.Contains(Key(type, domain, subdomain, eventOrAction))
            || (Types.Contains(type) && set.Contains(Key(AnyType, domain, subdomain, eventOrAction)));
    }

    private static void Check(List<string> problems, string part, int value, CodeTable table)
    {
        if (!table.Contains(value))
        {
            problems.Add(table.NotInTable(part, value));
        }
    }

    private static bool Fits(int part) => part is >= 0 and < AnyType;

    private static long Key(int type, int domain, int subdomain, int eventOrAction) =>
        ((long)type << 48) | ((long)domain << 32) | ((long)subdomain << 16) | (long)eventOrAction;

    private static FrozenSet<long> Pack(string[] codes)
    {
        var keys = new HashSet<long>();
        Span<int> parts = stackalloc int[PartCount];
        foreach (var code in codes)
        {
            bool any = code.StartsWith("*.", StringComparison.Ordinal);
            var text = any ? "0" + code[1..] : code;
            if (DottedCode.Read(text, parts, out _) != DottedCodeError.None)
            {
                throw new InvalidOperationException("Bad installed end-device code " + code);
            }

            keys.Add(Key(any ? AnyType : parts[0], parts[1], parts[2], parts[3]));
        }

        return keys.ToFrozenSet();
    }
}
