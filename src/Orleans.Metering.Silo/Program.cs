using Orleans.Metering.Silo;

var app = await MeteringHost.Build(args);
await app.RunAsync();
