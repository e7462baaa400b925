using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;

namespace Orleans.Metering.Gateway;

/// <summary>Digest of the part of a request that one grain acts on, to tell a replay from a reuse of a MessageID.</summary>
public static class MessageDigest
{
    public static string Of(string verb, XElement part, string? extra = null)
    {
        ArgumentNullException.ThrowIfNull(part);
        var text = verb + "\n" + part.ToString(SaveOptions.DisableFormatting) + "\n" + extra;
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
