namespace Orleans.Metering.Cim;

/// <summary>The XML namespaces of IEC 61968-100 (2013, "2011" namespace set) and the 61968-9 profiles.</summary>
public static class CimNamespaces
{
    /// <summary>The generic 61968-100 envelope.</summary>
    public const string Message = "http://iec.ch/TC57/2011/schema/message";

    public const string Soap11 = "http://schemas.xmlsoap.org/soap/envelope/";
    public const string Soap12 = "http://www.w3.org/2003/05/soap-envelope";

    /// <summary>Profile document namespace, e.g. <c>http://iec.ch/TC57/2011/MeterConfig#</c>.</summary>
    public static string Profile(string noun) => "http://iec.ch/TC57/2011/" + noun + "#";

    /// <summary>Per-noun SOAP binding wrapper namespace, e.g. <c>http://iec.ch/TC57/2011/EndDeviceControlsMessage</c>.</summary>
    public static string PerNounMessage(string noun) => "http://iec.ch/TC57/2011/" + noun + "Message";

    /// <summary>The noun of a profile namespace, or null when <paramref name="ns"/> is not one.</summary>
    public static string? NounOfProfile(string ns) =>
        ns.StartsWith("http://iec.ch/TC57/2011/", StringComparison.Ordinal) && ns.EndsWith('#')
            ? ns["http://iec.ch/TC57/2011/".Length..^1]
            : null;

    /// <summary>The noun of a per-noun wrapper namespace, or null when <paramref name="ns"/> is not one.</summary>
    public static string? NounOfPerNounMessage(string ns) =>
        ns.StartsWith("http://iec.ch/TC57/2011/", StringComparison.Ordinal) && ns.EndsWith("Message", StringComparison.Ordinal)
            && ns.Length > "http://iec.ch/TC57/2011/".Length + "Message".Length
            ? ns["http://iec.ch/TC57/2011/".Length..^"Message".Length]
            : null;
}
