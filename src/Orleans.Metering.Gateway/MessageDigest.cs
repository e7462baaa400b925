using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Orleans.Metering.Abstractions;

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

    /// <summary>Digest of one grain's share of a request whose common part has <paramref name="digest"/>: linear in the request, however many grains share it.</summary>
    public static string Combine(string digest, string part)
    {
        ArgumentNullException.ThrowIfNull(digest);
        ArgumentNullException.ThrowIfNull(part);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(digest + "\n" + part)));
    }

    /// <summary>
    /// Digest of the readings one meter is asked to store, computed from the values themselves rather than
    /// from re-written XML (which cost more than the ingest around it): reading types, kinds, timestamps,
    /// values and quality codes, the usage point, and the parts that were refused.
    /// </summary>
    public static string OfReadings(string verb, IReadOnlyList<ReadingSeries> series, string? usagePoint, IEnumerable<string> refused)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(refused);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var number = new byte[8];
        var utf8 = new byte[256]; // reused for every text that fits (qualities, reading types): no array per value
        void Text(string? text)
        {
            if (text is null)
            {
                hash.AppendData("\0\n"u8); // absent differs from empty
                return;
            }

            if (Encoding.UTF8.GetMaxByteCount(text.Length) <= utf8.Length)
            {
                hash.AppendData(utf8.AsSpan(0, Encoding.UTF8.GetBytes(text, utf8)));
            }
            else
            {
                hash.AppendData(Encoding.UTF8.GetBytes(text));
            }

            hash.AppendData("\n"u8);
        }

        void Int64(long value)
        {
            BinaryPrimitives.WriteInt64LittleEndian(number, value);
            hash.AppendData(number);
        }

        Text(verb);
        Text(usagePoint);
        foreach (var s in series)
        {
            Text(s.ReadingType);
            Int64((long)s.Kind);
            Int64(s.Values.Count);
            foreach (var v in s.Values)
            {
                Int64(v.TimeStamp.UtcTicks);
                Int64(BitConverter.DoubleToInt64Bits(v.Value));
                Text(v.Qualities);
            }
        }

        foreach (var r in refused)
        {
            Text(r);
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }
}
