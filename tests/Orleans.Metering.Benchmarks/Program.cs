using BenchmarkDotNet.Running;
using Orleans.Metering.Benchmarks;

// `-- micro [BenchmarkDotNet arguments]`: the BenchmarkDotNet micro-benchmarks (CIM reader and
// writer, code-type parsers). Anything else: the platform harness (see BenchOptions.Usage).
if (args.Length > 0 && args[0] == "micro")
{
    BenchmarkSwitcher.FromAssembly(typeof(Harness).Assembly).Run(args[1..]);
    return 0;
}

return await Harness.Run(args);
