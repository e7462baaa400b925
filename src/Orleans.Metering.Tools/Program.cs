using Orleans.Metering.Tools;

switch (args.FirstOrDefault())
{
    case "simulate":
        return await SimulateCommand.Run(args[1..]);
    case "check":
        return await FleetDrill.Check(args[1..]);
    case "replies":
        return await ReplyCheckCommand.Run(args[1..]);
    case "headend":
        return await HeadEndServerCommand.Run(args[1..]);
    default:
        await Console.Error.WriteLineAsync("""
            usage: dotnet run --project src/Orleans.Metering.Tools -- COMMAND [options]
              simulate   a simulated fleet registering meters and pushing readings, events and controls to a running platform
              headend    the simulated head-end as its own process (for clusters: Metering:HeadEnd:Url of every silo)
              check      after `simulate --journal FILE`: verify that the platform kept what it acknowledged
              replies    asynchronous controls over several gateways: every reply reaches its ReplyAddress exactly once
            """);
        return 2;
}
