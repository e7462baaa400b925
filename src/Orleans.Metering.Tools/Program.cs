using Orleans.Metering.Tools;

return await ToolCommands.Run(args, Console.Out, Console.Error);
