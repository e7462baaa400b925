namespace Orleans.Metering.Cim.Codes;

/// <summary>
/// An IEC 61968-9 Annex F EndDeviceControlType code (a command: Connect, not Connected), <c>type.domain.subdomain.eventOrAction</c>
/// (e.g. <c>3.31.0.18</c> = ElectricMeter RCDSwitch Connect). Parts are looked up in
/// <see cref="EndDeviceCodeParts"/>. <c>default</c> is <c>0.0.0.0</c> (NA).
/// </summary>
public readonly record struct EndDeviceControlType
{
    private const string Kind = "EndDeviceControlType";

    public static readonly EndDeviceControlType RcdConnect = new(3, 31, 0, 18);
    public static readonly EndDeviceControlType RcdDisconnect = new(3, 31, 0, 23);
    public static readonly EndDeviceControlType RcdArmForClosure = new(3, 31, 0, 5);
    public static readonly EndDeviceControlType RcdArmForOpen = new(3, 31, 0, 6);

    public EndDeviceControlType(int type, int domain, int subdomain, int eventOrAction)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(type);
        ArgumentOutOfRangeException.ThrowIfNegative(domain);
        ArgumentOutOfRangeException.ThrowIfNegative(subdomain);
        ArgumentOutOfRangeException.ThrowIfNegative(eventOrAction);
        Type = type;
        Domain = domain;
        Subdomain = subdomain;
        EventOrAction = eventOrAction;
    }

    /// <summary>EndDeviceType (Annex E.1), e.g. 3 = ElectricMeter.</summary>
    public int Type { get; }

    /// <summary>EndDeviceDomain (Annex E.2), e.g. 31 = RCDSwitch.</summary>
    public int Domain { get; }

    /// <summary>EndDeviceSubdomain (Annex E.3), 0 = NA.</summary>
    public int Subdomain { get; }

    /// <summary>EndDeviceEventOrAction (Annex E.4), e.g. 18 = Connect.</summary>
    public int EventOrAction { get; }

    /// <summary>True when every part is in its table.</summary>
    public bool IsKnown => EndDeviceCodeParts.IsKnown(Type, Domain, Subdomain, EventOrAction);

    /// <summary>True when the code (or its <c>*</c> any-type form) is among the Annex F.1 installed controls.</summary>
    public bool IsInstalledCombination => EndDeviceCodeParts.IsInstalledControl(Type, Domain, Subdomain, EventOrAction);

    /// <summary>The names of the applicable parts, e.g. "ElectricMeter RCDSwitch Connect".</summary>
    public string Description => EndDeviceCodeParts.Describe(Type, Domain, Subdomain, EventOrAction);

    /// <summary>One message per part that is not in its table; empty when <see cref="IsKnown"/>.</summary>
    public IReadOnlyList<string> Validate() => EndDeviceCodeParts.Validate(Type, Domain, Subdomain, EventOrAction);

    public static bool TryParse(ReadOnlySpan<char> s, out EndDeviceControlType value)
    {
        bool ok = EndDeviceCodeParts.TryParse(s, out int t, out int d, out int sd, out int e, out _, out _);
        value = ok ? new(t, d, sd, e) : default;
        return ok;
    }

    public static bool TryParse(string? s, out EndDeviceControlType value) => TryParse(s.AsSpan(), out value);

    /// <summary>Parses <c>type.domain.subdomain.eventOrAction</c>; throws <see cref="CimException"/> (1.8, SchemaInvalid) when malformed.</summary>
    public static EndDeviceControlType Parse(string s) =>
        TryParse(s, out var value) ? value : throw EndDeviceCodeParts.ParseError(s, Kind);

    /// <summary>The canonical dotted form, e.g. <c>3.31.0.18</c>.</summary>
    public override string ToString() => EndDeviceCodeParts.Format(Type, Domain, Subdomain, EventOrAction);
}
