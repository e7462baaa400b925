using Orleans.Metering.Abstractions;

namespace Orleans.Metering.Silo;

/// <summary>
/// The silo executable: no command runs the platform; <c>migrate</c> and <c>outbox</c> work on its storage
/// while no silo runs. <c>--help</c> prints the usage (of a command, after its name) and exits 0.
/// </summary>
public static class SiloCommands
{
    public const string Overview = """
        usage: dotnet run --project src/Orleans.Metering.Silo -- [COMMAND] [settings]   (COMMAND --help: its usage)
          (none)    run the platform: one silo with the CIM gateway, on http://127.0.0.1:5080 by default
          migrate   apply the schema of the configured storage and exit
          outbox    the reply outbox's dead letters: list them, re-queue one or all
        settings: --Key=Value (e.g. --Metering:Storage=Postgres), or environment variables (Metering__Storage=Postgres);
        every key, its default and its meaning: README.md, Configuration.
        """;

    public const string MigrateUsage = """
        usage: dotnet run --project src/Orleans.Metering.Silo -- migrate [settings]
          applies the schema scripts to the storage the settings name (default: SQLite in ./data; with
          --Metering:Storage=Postgres --ConnectionStrings:Metering=... PostgreSQL, under an advisory lock),
          prints the schema version and exits (0 done, 1 the store failed, 2 bad settings)
        """;

    public static IReadOnlyDictionary<string, (string Usage, Func<string[], Task<int>> Run)> Commands { get; } =
        new Dictionary<string, (string, Func<string[], Task<int>>)>(StringComparer.Ordinal)
        {
            ["migrate"] = (MigrateUsage, MigrateCommand.Run),
            ["outbox"] = (OutboxCommand.Usage, OutboxCommand.Run),
        };

    /// <summary>The commands of the tools executable: named here only to point there.</summary>
    private static readonly string[] Tools = ["simulate", "headend", "check", "replies"];

    public static async Task<int> Run(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(error);
        if (await CommandLine.Dispatch(args, Commands, Overview, output) is { } code) return code;
        if (args is [var tool, ..] && Tools.Contains(tool, StringComparer.Ordinal))
        {
            await error.WriteLineAsync($"`{tool}` is a tool, not part of the silo: dotnet run --project src/Orleans.Metering.Tools -- {string.Join(' ', args)}");
            return 2;
        }

        return await MeteringHost.Run(args);
    }
}
