namespace Orleans.Metering.Cim.Codes;

/// <summary>
/// An IEC 61968-9 Annex E EndDeviceEventType code, <c>type.domain.subdomain.eventOrAction</c>
/// (e.g. <c>3.31.0.68</c> = ElectricMeter RCDSwitch Disconnected). Parts are looked up in
/// <see cref="EndDeviceCodeParts"/>. <c>default</c> is <c>0.0.0.0</c> (NA).
/// </summary>
public readonly record struct EndDeviceEventType
{
    private const string Kind = "EndDeviceEventType";

    public static readonly EndDeviceEventType RcdConnected = new(3, 31, 0, 42);
    public static readonly EndDeviceEventType RcdDisconnected = new(3, 31, 0, 68);
    public static readonly EndDeviceEventType RcdConnectFailed = new(3, 31, 0, 67);
    public static readonly EndDeviceEventType RcdDisconnectFailed = new(3, 31, 0, 84);
    // Annex E.5 has no ArmedForClosure / ArmedForOpen rows, so these two are known but not installed combinations.
    public static readonly EndDeviceEventType RcdArmedForClosure = new(3, 31, 0, 11);
    public static readonly EndDeviceEventType RcdArmedForOpen = new(3, 31, 0, 12);
    public static readonly EndDeviceEventType PowerFailed = new(3, 26, 0, 85);
    public static readonly EndDeviceEventType PowerRestored = new(3, 26, 0, 216);

    public EndDeviceEventType(int type, int domain, int subdomain, int eventOrAction)
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

    /// <summary>EndDeviceEventOrAction (Annex E.4), e.g. 68 = Disconnected.</summary>
    public int EventOrAction { get; }

    /// <summary>True when every part is in its table.</summary>
    public bool IsKnown => EndDeviceCodeParts.IsKnown(Type, Domain, Subdomain, EventOrAction);

    /// <summary>True when the code (or its <c>*</c> any-type form) is among the Annex E.5 installed events.</summary>
    public bool IsInstalledCombination => EndDeviceCodeParts.IsInstalledEvent(Type, Domain, Subdomain, EventOrAction);

    /// <summary>The names of the applicable parts, e.g. "ElectricMeter RCDSwitch Disconnected".</summary>
    public string Description => EndDeviceCodeParts.Describe(Type, Domain, Subdomain, EventOrAction);

    /// <summary>One message per part that is not in its table; empty when <see cref="IsKnown"/>.</summary>
    public IReadOnlyList<string> Validate() => EndDeviceCodeParts.Validate(Type, Domain, Subdomain, EventOrAction);

    public static bool TryParse(ReadOnlySpan<char> s, out EndDeviceEventType value)
    {
        bool ok = EndDeviceCodeParts.TryParse(s, out int t, out int d, out int sd, out int e, out _, out _);
        value = ok ? new(t, d, sd, e) : default;
        return ok;
    }

    public static bool TryParse(string? s, out EndDeviceEventType value) => TryParse(s.AsSpan(), out value);

    /// <summary>Parses <c>type.domain.subdomain.eventOrAction</c>; throws <see cref="CimException"/> (1.8, SchemaInvalid) when malformed.</summary>
    public static EndDeviceEventType Parse(string s) =>
        TryParse(s, out var value) ? value : throw EndDeviceCodeParts.ParseError(s, Kind);

    /// <summary>The canonical dotted form, e.g. <c>3.31.0.68</c>.</summary>
    public override string ToString() => EndDeviceCodeParts.Format(Type, Domain, Subdomain, EventOrAction);
}
