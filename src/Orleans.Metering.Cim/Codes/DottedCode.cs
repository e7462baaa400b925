namespace Orleans.Metering.Cim.Codes;

/// <summary>Why a dotted code could not be read.</summary>
internal enum DottedCodeError
{
    None,
    Empty,
    WrongPartCount,
    NotANumber,
    OutOfRange,
}

/// <summary>
/// The one parser and formatter for the dotted integer codes of IEC 61968-9
/// (<c>3.31.0.18</c>, <c>1.0.0</c>, the 18-part ReadingType). Allocation-free: works on spans.
/// </summary>
internal static class DottedCode
{
    /// <summary>Longest part written by <see cref="Format"/>: "-2147483648".</summary>
    private const int MaxPartChars = 11;

    /// <summary>
    /// Reads exactly <c>parts.Length</c> dot-separated decimal integers. A part may start with '-'
    /// only when its bit is set in <paramref name="negativeAllowed"/>. On failure
    /// <paramref name="badPart"/> is the zero-based part that was wrong (or the part count found, for
    /// <see cref="DottedCodeError.WrongPartCount"/>).
    /// </summary>
    public static DottedCodeError Read(ReadOnlySpan<char> s, Span<int> parts, out int badPart, uint negativeAllowed = 0)
    {
        badPart = 0;
        if (s.IsEmpty)
        {
            return DottedCodeError.Empty;
        }

        int count = CountParts(s);
        if (count != parts.Length)
        {
            badPart = count;
            return DottedCodeError.WrongPartCount;
        }

        int index = 0;
        int start = 0;
        for (int i = 0; i <= s.Length; i++)
        {
            if (i < s.Length && s[i] != '.')
            {
                continue;
            }

            badPart = index;
            var error = ParsePart(s[start..i], (negativeAllowed & (1u << index)) != 0, out parts[index]);
            if (error != DottedCodeError.None)
            {
                return error;
            }

            index++;
            start = i + 1;
        }

        return DottedCodeError.None;
    }

    /// <summary>A sentence naming what is wrong with <paramref name="s"/>.</summary>
    public static string Describe(DottedCodeError error, ReadOnlySpan<char> s, int expectedParts, int badPart, string kind) => error switch
    {
        DottedCodeError.Empty => $"{kind} code is empty",
        DottedCodeError.WrongPartCount => $"{kind} code '{s}' has {badPart} parts, expected {expectedParts}",
        DottedCodeError.NotANumber => $"{kind} code '{s}': part {badPart + 1} '{Part(s, badPart)}' is not an integer",
        DottedCodeError.OutOfRange => $"{kind} code '{s}': part {badPart + 1} '{Part(s, badPart)}' is out of range",
        _ => $"{kind} code '{s}' is valid",
    };

    /// <summary>Writes the parts dot-separated.</summary>
    public static string Format(ReadOnlySpan<int> parts)
    {
        Span<char> buffer = stackalloc char[parts.Length * (MaxPartChars + 1)];
        int written = 0;
        for (int i = 0; i < parts.Length; i++)
        {
            if (i > 0)
            {
                buffer[written++] = '.';
            }

            parts[i].TryFormat(buffer[written..], out int n, default, System.Globalization.CultureInfo.InvariantCulture);
            written += n;
        }

        return new string(buffer[..written]);
    }

    private static int CountParts(ReadOnlySpan<char> s) => s.Count('.') + 1;

    private static DottedCodeError ParsePart(ReadOnlySpan<char> part, bool allowNegative, out int value)
    {
        value = 0;
        bool negative = false;
        if (part.Length > 0 && part[0] == '-' && allowNegative)
        {
            negative = true;
            part = part[1..];
        }

        if (part.IsEmpty)
        {
            return DottedCodeError.NotANumber;
        }

        long accumulated = 0;
        foreach (char c in part)
        {
            if (c is < '0' or > '9')
            {
                return DottedCodeError.NotANumber;
            }

            accumulated = (accumulated * 10) + (c - '0');
            if (accumulated > int.MaxValue)
            {
                return DottedCodeError.OutOfRange;
            }
        }

        value = negative ? (int)-accumulated : (int)accumulated;
        return DottedCodeError.None;
    }

    private static ReadOnlySpan<char> Part(ReadOnlySpan<char> s, int index)
    {
        foreach (var range in s.Split('.'))
        {
            if (index-- == 0)
            {
                return s[range];
            }
        }

        return [];
    }
}
