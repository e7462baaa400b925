using Orleans.Metering.Silo;

if (args.Length > 0 && args[0] == "simulate")
{
    return await SimulateCommand.Run(args[1..]);
}

var app = await MeteringHost.Build(args);
await app.RunAsync();
return 0;
