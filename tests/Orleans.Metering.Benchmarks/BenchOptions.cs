using System.Globalization;

namespace Orleans.Metering.Benchmarks;

/// <summary>Command-line options of the harness.</summary>
public sealed class BenchOptions
{
    public const string Usage = """
        usage: dotnet run -c Release --project tests/Orleans.Metering.Benchmarks [-- options]
               dotnet run -c Release --project tests/Orleans.Metering.Benchmarks -- micro [BenchmarkDotNet options, e.g. --filter '*']
          --json FILE            also write the figures as one JSON object to FILE
          --only LIST            comma-separated subset of: parse,copy,ingest,query,controls,bulk,memory (default: all)
          --quick                small sizes, for a smoke run (not comparable with the targets)
          --runs N               measured runs per metric, the median is reported (default 3)
          --connection CS        use this PostgreSQL server (a fresh database is created on it and dropped after);
                                 default: METERING_PG_CONNECTION, else a private server started with
                                 deploy/postgres/start-private.sh in a temporary directory
          --meters N             ingest fleet size (default 10000, quick 1000)
          --days N               days of 15-minute data per ingest run (default 2, quick 1)
          --clients N            concurrent HTTP clients for ingest (default 8)
          --meters-per-message N MeterReading elements per ingest message (default 100)
          --control-rate N       controls per second (default 1000)
          --control-seconds N    measured seconds per control run (default 10, quick 3)
          --grains N             EndDevice grains activated for the memory metric (default 1000000, quick 20000)
        """;

    public static readonly string[] AllMetrics = ["parse", "copy", "ingest", "query", "controls", "bulk", "memory"];

    public string? JsonFile { get; private set; }

    public HashSet<string> Only { get; private set; } = new(AllMetrics, StringComparer.Ordinal);

    public bool Quick { get; private set; }

    public int Runs { get; private set; } = 3;

    public string? Connection { get; private set; }

    public int Meters { get; private set; }

    public int Days { get; private set; }

    public int Clients { get; private set; } = 8;

    public int MetersPerMessage { get; private set; } = 100;

    public int ControlRate { get; private set; } = 1000;

    public int ControlSeconds { get; private set; }

    public int Grains { get; private set; }

    public bool Wants(string metric) => Only.Contains(metric);

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions();
        int? meters = null, days = null, controlSeconds = null, grains = null;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Int() => int.TryParse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
                ? n : throw new ArgumentException($"{args[i - 1]} takes a positive whole number");
            switch (args[i])
            {
                case "--json": o.JsonFile = Value(); break;
                case "--only":
                    var list = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    var unknown = list.Where(m => !AllMetrics.Contains(m)).ToList();
                    if (unknown.Count > 0)
                    {
                        throw new ArgumentException($"unknown metric(s) {string.Join(", ", unknown)}; known: {string.Join(", ", AllMetrics)}");
                    }

                    o.Only = new HashSet<string>(list, StringComparer.Ordinal);
                    break;
                case "--quick": o.Quick = true; break;
                case "--runs": o.Runs = Int(); break;
                case "--connection": o.Connection = Value(); break;
                case "--meters": meters = Int(); break;
                case "--days": days = Int(); break;
                case "--clients": o.Clients = Int(); break;
                case "--meters-per-message": o.MetersPerMessage = Int(); break;
                case "--control-rate": o.ControlRate = Int(); break;
                case "--control-seconds": controlSeconds = Int(); break;
                case "--grains": grains = Int(); break;
                case "-h" or "--help": throw new ArgumentException("");
                default: throw new ArgumentException($"unexpected argument '{args[i]}'");
            }
        }

        o.Connection ??= Environment.GetEnvironmentVariable("METERING_PG_CONNECTION") is { Length: > 0 } env ? env : null;
        o.Meters = meters ?? (o.Quick ? 1000 : 10_000);
        o.Days = days ?? (o.Quick ? 1 : 2);
        o.ControlSeconds = controlSeconds ?? (o.Quick ? 3 : 10);
        o.Grains = grains ?? (o.Quick ? 20_000 : 1_000_000);
        return o;
    }
}
