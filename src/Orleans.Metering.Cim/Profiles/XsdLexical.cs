using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;

namespace Orleans.Metering.Cim.Profiles;

/// <summary>
/// The one home of the lexical forms of the XSD simple types the profiles use (xs:boolean,
/// xs:dateTime, xs:date, xs:time, xs:integer, xs:float, xs:decimal). Texts are passed trimmed
/// (these types collapse white space). The document readers parse with these, and the shape
/// checker validates with them.
/// </summary>
internal static partial class XsdLexical
{
    /// <summary>xs:boolean: true, false, 1, 0.</summary>
    public static bool TryParseBoolean(string text, out bool value)
    {
        switch (text)
        {
            case "true" or "1": value = true; return true;
            case "false" or "0": value = false; return true;
            default: value = false; return false;
        }
    }

    /// <summary>xs:dateTime in UTC (a dateTime without a time zone is taken as UTC); the common shape without allocating.</summary>
    public static bool TryParseDateTime(string text, out DateTimeOffset value)
    {
        if (TryParseDateTimeFast(text, out value))
        {
            return true;
        }

        var match = DateTimeLexical().Match(text);
        if (!match.Success)
        {
            return false;
        }

        try
        {
            value = XmlConvert.ToDateTimeOffset(match.Groups["zone"].Success ? text : text + "Z").ToUniversalTime();
            return true;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentOutOfRangeException or OverflowException)
        {
            return false;
        }
    }

    /// <summary>xs:date (an optional time zone is accepted and dropped).</summary>
    public static bool TryParseDate(string text, out DateOnly value)
    {
        var match = DateLexical().Match(text);
        value = default;
        return match.Success && DateOnly.TryParseExact(match.Groups["date"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }

    /// <summary>xs:time (hh:mm:ss with optional fraction and time zone).</summary>
    public static bool IsTime(string text)
    {
        var match = TimeLexical().Match(text);
        return match.Success && (match.Groups["clock"].Value == "24:00:00"
            || TimeOnly.TryParseExact(match.Groups["clock"].Value, "HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out _));
    }

    /// <summary>xs:integer: an optional sign and digits (any size).</summary>
    public static bool IsInteger(ReadOnlySpan<char> text)
    {
        var start = text.Length > 0 && text[0] is '+' or '-' ? 1 : 0;
        if (start == text.Length)
        {
            return false;
        }

        foreach (var c in text[start..])
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A decimal number with an optional exponent (<c>1.5</c>, <c>-1e3</c>): xs:float without INF and NaN.</summary>
    public static bool IsNumber(string text) => FloatLexical().IsMatch(text);

    /// <summary>xs:float / xs:double: a number, INF, -INF or NaN.</summary>
    public static bool IsFloat(string text) => text is "INF" or "-INF" or "+INF" or "NaN" || IsNumber(text);

    /// <summary>xs:decimal: digits with an optional sign and decimal point, no exponent.</summary>
    public static bool IsDecimal(string text) => DecimalLexical().IsMatch(text);

    /// <summary>
    /// Parses the common xs:dateTime shape <c>yyyy-MM-ddTHH:mm:ss(.f{1,7})?(Z|±hh:mm)?</c> by hand
    /// (no zone = UTC) and returns it in UTC. False for anything else (other shapes, out-of-range
    /// parts, leap seconds, 24:00:00), which callers hand to the general parser.
    /// </summary>
    public static bool TryParseDateTimeFast(ReadOnlySpan<char> s, out DateTimeOffset value)
    {
        value = default;
        if (s.Length < 19 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':')
        {
            return false;
        }

        int year = Digits(s, 0, 4), month = Digits(s, 5, 2), day = Digits(s, 8, 2);
        int hour = Digits(s, 11, 2), minute = Digits(s, 14, 2), second = Digits(s, 17, 2);
        if (year < 1 || month is < 1 or > 12 || day < 1 || hour is < 0 or > 23 || minute is < 0 or > 59 || second is < 0 or > 59
            || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        long fraction = 0;
        var i = 19;
        if (i < s.Length && s[i] == '.')
        {
            var start = ++i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                if (i - start == 7)
                {
                    return false;
                }

                fraction = (fraction * 10) + (s[i] - '0');
                i++;
            }

            if (i == start)
            {
                return false;
            }

            for (var n = i - start; n < 7; n++)
            {
                fraction *= 10;
            }
        }

        long offset = 0;
        if (i < s.Length)
        {
            if (s[i] == 'Z' && i + 1 == s.Length)
            {
                // UTC
            }
            else if (s[i] is '+' or '-' && i + 6 == s.Length && s[i + 3] == ':')
            {
                int offsetHours = Digits(s, i + 1, 2), offsetMinutes = Digits(s, i + 4, 2);
                if (offsetHours < 0 || offsetMinutes is < 0 or > 59 || (offsetHours * 60) + offsetMinutes > 14 * 60)
                {
                    return false;
                }

                offset = ((offsetHours * 60) + offsetMinutes) * TimeSpan.TicksPerMinute;
                if (s[i] == '-')
                {
                    offset = -offset;
                }
            }
            else
            {
                return false;
            }
        }

        var ticks = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).Ticks + fraction - offset;
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        value = new DateTimeOffset(ticks, TimeSpan.Zero);
        return true;
    }

    /// <summary>The number written with <paramref name="count"/> ASCII digits at <paramref name="start"/>, or -1.</summary>
    private static int Digits(ReadOnlySpan<char> s, int start, int count)
    {
        var value = 0;
        for (var i = start; i < start + count; i++)
        {
            var c = s[i];
            if (!char.IsAsciiDigit(c))
            {
                return -1;
            }

            value = (value * 10) + (c - '0');
        }

        return value;
    }

    [GeneratedRegex(@"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$")]
    private static partial Regex FloatLexical();

    [GeneratedRegex(@"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$")]
    private static partial Regex DecimalLexical();

    [GeneratedRegex(@"^-?[0-9]{4,}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(?<zone>Z|[+-][0-9]{2}:[0-9]{2})?$")]
    private static partial Regex DateTimeLexical();

    [GeneratedRegex(@"^(?<date>[0-9]{4}-[0-9]{2}-[0-9]{2})(Z|[+-][0-9]{2}:[0-9]{2})?$")]
    private static partial Regex DateLexical();

    [GeneratedRegex(@"^(?<clock>[0-9]{2}:[0-9]{2}:[0-9]{2})(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})?$")]
    private static partial Regex TimeLexical();
}
