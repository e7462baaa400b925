using Microsoft.AspNetCore.Http;
using Orleans.Metering.Cim.Xml;

namespace Orleans.Metering.Gateway;

/// <summary>
/// The Content-Encoding of a POST /cim body. None or <c>identity</c>: read as sent. <c>gzip</c> or
/// <c>deflate</c>: decoded while read, at most <see cref="XmlLimits.MaxDecompressedBytes"/> (or the
/// request limit, when that is larger) once decoded, 3.1 beyond; corrupt data is 1.8. Any other
/// encoding, or more than one, is refused with 415.
/// </summary>
internal static class RequestEncoding
{
    /// <summary>The encodings accepted, as the Accept-Encoding of a 415 names them (RFC 7694).</summary>
    public const string Accepted = "gzip, deflate";

    /// <summary>The format to decode (null: none), or why the encoding is refused.</summary>
    public static (CompressedFormat? Format, string? Refusal) Of(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var codings = request.Headers.ContentEncoding
            .SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Where(c => !c.Equals("identity", StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (codings.Count == 0) return (null, null);
        if (codings.Count > 1)
        {
            return (null, $"Content-Encoding '{string.Join(", ", codings)}' applies more than one encoding; send the body unencoded or with one of: {Accepted}");
        }

        var coding = codings[0];
        if (Is(coding, "gzip") || Is(coding, "x-gzip")) return (CompressedFormat.Gzip, null);
        if (Is(coding, "deflate")) return (CompressedFormat.Zlib, null);
        return (null, $"Content-Encoding '{coding}' is not supported; send the body unencoded or with one of: {Accepted}");
    }

    private static bool Is(string coding, string name) => coding.Equals(name, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// <paramref name="body"/> decoded: at most <paramref name="limits"/>.MaxBytes read from it, and the
    /// limits to parse the decoded message with.
    /// </summary>
    public static (Stream Decoded, XmlLimits Limits) Decode(Stream body, CompressedFormat format, XmlLimits limits)
    {
        var decodedMax = Math.Max(limits.MaxDecompressedBytes, limits.MaxBytes);
        var decoded = new DecompressingReadStream(new BoundedReadStream(body, limits.MaxBytes), format, decodedMax, "request body");
        return (decoded, limits with { MaxBytes = decodedMax });
    }
}
