using BenchmarkDotNet.Running;
using Orleans.Metering.Benchmarks;

// `-- micro [BenchmarkDotNet arguments]`: the BenchmarkDotNet micro-benchmarks (CIM reader and
// writer, code-type parsers), in this process (--inProcess: no generated project to build under the
// repository's central package management), reports in artifacts/benchmarks/micro. Anything else: the platform harness (BenchOptions.Usage).
if (args.Length > 0 && args[0] == "micro")
{
    var micro = args[1..];
    if (!micro.Contains("--inProcess", StringComparer.OrdinalIgnoreCase))
    {
        micro = [.. micro, "--inProcess"];
    }

    if (!micro.Contains("--artifacts", StringComparer.OrdinalIgnoreCase))
    {
        // Reports under the ignored artifacts/ folder of the checkout, not next to the project.
        micro = [.. micro, "--artifacts", Path.Combine("artifacts", "benchmarks", "micro")];
    }

    BenchmarkSwitcher.FromAssembly(typeof(Harness).Assembly).Run(micro);
    return 0;
}

return await Harness.Run(args);
