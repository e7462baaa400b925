using Orleans.Metering.Silo;

switch (args.FirstOrDefault())
{
    case "migrate":
        return await MigrateCommand.Run(args[1..]);
    case "outbox":
        return await OutboxCommand.Run(args[1..]);
    case "simulate" or "headend" or "check":
        await Console.Error.WriteLineAsync($"`{args[0]}` is a tool, not part of the silo: dotnet run --project src/Orleans.Metering.Tools -- {string.Join(' ', args)}");
        return 2;
}

return await MeteringHost.Run(args);
