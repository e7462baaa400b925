using Orleans.Metering.Abstractions;

namespace Orleans.Metering.Tools;

/// <summary>The tools executable's commands: each runs, or prints its usage for <c>--help</c> (exit 0).</summary>
public static class ToolCommands
{
    public const string Overview = """
        usage: dotnet run --project src/Orleans.Metering.Tools -- COMMAND [options]   (COMMAND --help: its options)
          simulate   a simulated fleet registering meters and pushing readings, events and controls to a running platform
          headend    the simulated head-end as its own process (for clusters: Metering:HeadEnd:Url of every silo)
          check      after `simulate --journal FILE`: verify that the platform kept what it acknowledged
          replies    asynchronous controls over several gateways: every reply reaches its ReplyAddress exactly once
        """;

    public static IReadOnlyDictionary<string, (string Usage, Func<string[], Task<int>> Run)> Commands { get; } =
        new Dictionary<string, (string, Func<string[], Task<int>>)>(StringComparer.Ordinal)
        {
            ["simulate"] = (SimulateCommand.Usage, SimulateCommand.Run),
            ["headend"] = (HeadEndServerCommand.Usage, HeadEndServerCommand.Run),
            ["check"] = (FleetDrill.CheckUsage, FleetDrill.Check),
            ["replies"] = (ReplyCheckCommand.Usage, ReplyCheckCommand.Run),
        };

    public static async Task<int> Run(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (await CommandLine.Dispatch(args, Commands, Overview, output) is { } code) return code;
        await error.WriteLineAsync(Overview.TrimEnd());
        return 2;
    }
}
