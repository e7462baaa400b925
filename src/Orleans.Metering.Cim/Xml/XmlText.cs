using System.Buffers;
using System.Xml;

namespace Orleans.Metering.Cim.Xml;

/// <summary>
/// The project's one rule for text that XML 1.0 cannot carry: control characters other than tab, LF and
/// CR, the non-characters U+FFFE and U+FFFF, and surrogates that are not part of a pair. Whatever
/// the platform writes into a message goes through <see cref="Writable(string)"/>, which replaces
/// each such character with U+FFFD (the Unicode replacement character) — so that a reply quoting
/// hostile input (an XmlReader error naming <c>&amp;#1;</c>, a head-end's reason) can always be written.
/// </summary>
public static class XmlText
{
    /// <summary>What stands in for a character XML cannot carry.</summary>
    public const char Replacement = '\uFFFD';

    // Every UTF-16 code unit that may need replacing; surrogates are checked for pairing after a hit.
    private static readonly SearchValues<char> Suspect = SearchValues.Create(
        string.Concat(Enumerable.Range(0, 0x20).Where(c => c is not ('\t' or '\n' or '\r')).Select(c => (char)c))
        + string.Concat(Enumerable.Range(0xD800, 0x800).Select(c => (char)c))
        + "\uFFFE\uFFFF");

    /// <summary>Whether <paramref name="text"/> can be written into XML 1.0 as it is.</summary>
    public static bool IsWritable(ReadOnlySpan<char> text) => FirstUnwritable(text) < 0;

    /// <summary><paramref name="text"/> with every character XML 1.0 cannot carry replaced by <see cref="Replacement"/>; the same instance when there is none.</summary>
    public static string Writable(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var first = FirstUnwritable(text);
        if (first < 0) return text;
        return string.Create(text.Length, (text, first), static (output, state) =>
        {
            state.text.AsSpan().CopyTo(output);
            for (var i = state.first; i < output.Length; i++)
            {
                if (IsPairAt(output, i))
                {
                    i++;
                }
                else if (!XmlConvert.IsXmlChar(output[i]))
                {
                    output[i] = Replacement;
                }
            }
        });
    }

    /// <summary>The index of the first character XML 1.0 cannot carry, or -1.</summary>
    private static int FirstUnwritable(ReadOnlySpan<char> text)
    {
        var offset = 0;
        while (true)
        {
            var hit = text[offset..].IndexOfAny(Suspect);
            if (hit < 0) return -1;
            var i = offset + hit;
            if (!IsPairAt(text, i)) return i;
            offset = i + 2;
        }
    }

    private static bool IsPairAt(ReadOnlySpan<char> text, int i) =>
        i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i]);
}
