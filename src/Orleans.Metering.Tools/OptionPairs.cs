using System.Globalization;

namespace Orleans.Metering.Tools;

/// <summary>
/// <c>--name value</c> pairs of the drill commands (<c>check</c>, <c>replies</c>), with values checked as
/// they are taken: a bad number or URL is an <see cref="ArgumentException"/> naming the option, for the
/// command to print with its usage (exit 2).
/// </summary>
public sealed class OptionPairs
{
    private readonly Dictionary<string, string> values = new(StringComparer.Ordinal);

    public OptionPairs(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length % 2 != 0)
        {
            throw new ArgumentException($"{args[^1]} needs a value");
        }

        for (var i = 0; i < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }
    }

    public string? Text(string name) => values.GetValueOrDefault(name);

    public int PositiveInt(string name, int fallback) =>
        values.TryGetValue(name, out var text)
            ? int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"--{name} takes a positive whole number, not '{text}'")
            : fallback;

    public static Uri Url(string text) =>
        Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri : throw new ArgumentException($"'{text}' is not an http(s) URL");
}
