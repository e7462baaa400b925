namespace Orleans.Metering.Silo;

/// <summary>
/// A command's own words (positional words and its options) apart from the configuration switches
/// (<c>--Metering:Storage=Postgres</c>, <c>--ConnectionStrings:Metering "..."</c>) that go to the host
/// builder: the configuration reader would otherwise take the word after a bare flag such as
/// <c>--all</c> as that flag's value.
/// </summary>
internal sealed class CommandArguments
{
    private readonly Dictionary<string, string?> options = new(StringComparer.OrdinalIgnoreCase);

    public List<string> Words { get; } = [];

    public List<string> Configuration { get; } = [];

    /// <summary>Splits <paramref name="args"/>; <paramref name="flags"/> take no value, <paramref name="valued"/> take the next word or <c>=value</c>.</summary>
    public static CommandArguments Parse(IReadOnlyList<string> args, IReadOnlyCollection<string> flags, IReadOnlyCollection<string> valued)
    {
        var parsed = new CommandArguments();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith('-'))
            {
                parsed.Words.Add(arg);
                continue;
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = (equals < 0 ? arg : arg[..equals]).TrimStart('-');
            if (flags.Contains(name, StringComparer.OrdinalIgnoreCase) && equals < 0)
            {
                parsed.options[name] = null;
            }
            else if (valued.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                parsed.options[name] = equals >= 0 ? arg[(equals + 1)..] : i + 1 < args.Count ? args[++i] : "";
            }
            else
            {
                // A configuration switch, with its value in the next word unless it has '='.
                parsed.Configuration.Add(arg);
                if (equals < 0 && i + 1 < args.Count)
                {
                    parsed.Configuration.Add(args[++i]);
                }
            }
        }

        return parsed;
    }

    public bool Has(string option) => options.ContainsKey(option);

    /// <summary>The option's value; null when it was not given.</summary>
    public string? Value(string option) => options.GetValueOrDefault(option);
}
