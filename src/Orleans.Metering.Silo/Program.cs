using Orleans.Metering.Silo;

return await SiloCommands.Run(args, Console.Out, Console.Error);
