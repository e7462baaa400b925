using Orleans.Metering.Silo;

switch (args.FirstOrDefault())
{
    case "simulate":
        return await SimulateCommand.Run(args[1..]);
    case "migrate":
        return await MigrateCommand.Run(args[1..]);
    case "check":
        return await FleetDrill.Check(args[1..]);
    case "headend":
        return await HeadEndServerCommand.Run(args[1..]);
}

return await MeteringHost.Run(args);
