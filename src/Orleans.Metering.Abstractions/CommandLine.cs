namespace Orleans.Metering.Abstractions;

/// <summary>The command-line conventions the platform's executables (the silo and the tools) share.</summary>
public static class CommandLine
{
    /// <summary>Whether <paramref name="args"/> ask for usage rather than for the command to run: <c>--help</c>, <c>-h</c> or <c>-?</c>, anywhere.</summary>
    public static bool AsksForHelp(IEnumerable<string> args) => args.Any(a => a is "--help" or "-h" or "-?");

    /// <summary>
    /// Runs the command <paramref name="args"/>[0] names, or prints its usage to <paramref name="output"/> with
    /// exit code 0 when asked for help (<paramref name="overview"/> when no command is named).
    /// Returns null when <paramref name="args"/> name no command of <paramref name="commands"/>: the caller's default.
    /// </summary>
    public static async Task<int?> Dispatch(
        string[] args, IReadOnlyDictionary<string, (string Usage, Func<string[], Task<int>> Run)> commands, string overview, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(commands);
        ArgumentNullException.ThrowIfNull(output);
        if (args.Length > 0 && commands.TryGetValue(args[0], out var command))
        {
            if (!AsksForHelp(args.Skip(1))) return await command.Run(args[1..]).ConfigureAwait(false);
            await output.WriteLineAsync(command.Usage.TrimEnd()).ConfigureAwait(false);
            return 0;
        }

        if (AsksForHelp(args) || args is ["help", ..])
        {
            await output.WriteLineAsync(overview.TrimEnd()).ConfigureAwait(false);
            return 0;
        }

        return null;
    }
}
