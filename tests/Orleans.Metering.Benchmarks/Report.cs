using System.Globalization;
using System.Text.Json;

namespace Orleans.Metering.Benchmarks;

/// <summary>How a figure is compared with its target.</summary>
public enum TargetKind
{
    None,
    AtLeast,
    AtMost,
    Below,
}

/// <summary>One metric: the value of every measured run, its median, and its target.</summary>
public sealed record Metric(string Key, string Title, string Unit, IReadOnlyList<double> Runs, TargetKind Kind = TargetKind.None, double Target = 0, string? Note = null)
{
    public double Median => Stats.Median(Runs);

    public bool? Holds => Kind switch
    {
        TargetKind.AtLeast => Median >= Target,
        TargetKind.AtMost => Median <= Target,
        TargetKind.Below => Median < Target,
        _ => null,
    };

    public string TargetText => Kind switch
    {
        TargetKind.AtLeast => ">= " + Report.Format(Target),
        TargetKind.AtMost => "<= " + Report.Format(Target),
        TargetKind.Below => "< " + Report.Format(Target),
        _ => "-",
    };
}

public static class Stats
{
    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// <summary>The nearest-rank percentile (p in 0..100) of <paramref name="values"/>.</summary>
    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}

/// <summary>Collects metrics, prints one line per metric and writes the JSON object.</summary>
public sealed class Report
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private readonly List<Metric> metrics = [];
    private readonly Dictionary<string, object> facts = new(StringComparer.Ordinal);

    public IReadOnlyList<Metric> Metrics => metrics;

    public void Add(Metric metric)
    {
        metrics.RemoveAll(m => m.Key == metric.Key);
        metrics.Add(metric);
        Console.WriteLine(Line(metric));
    }

    /// <summary>A fact about the run (sizes, machine) written to the JSON object alongside the metrics.</summary>
    public void Fact(string key, object value) => facts[key] = value;

    public Metric? Find(string key) => metrics.FirstOrDefault(m => m.Key == key);

    public static string Line(Metric m)
    {
        var runs = string.Join(", ", m.Runs.Select(Format));
        var verdict = m.Holds switch { true => "target holds", false => "target MISSED", null => "" };
        var target = m.Kind == TargetKind.None ? "" : $"  (target {m.TargetText} {m.Unit}: {verdict})";
        var note = m.Note is null ? "" : "  " + m.Note;
        return $"{m.Title,-44} {Format(m.Median),14} {m.Unit,-18} median of [{runs}]{target}{note}";
    }

    public void PrintSummary()
    {
        Console.WriteLine();
        Console.WriteLine("| metric | median | unit | target | holds |");
        Console.WriteLine("|---|---:|---|---|---|");
        foreach (var m in metrics)
        {
            var holds = m.Holds switch { true => "yes", false => "**no**", null => "-" };
            Console.WriteLine($"| {m.Title} (`{m.Key}`) | {Format(m.Median)} | {m.Unit} | {m.TargetText} | {holds} |");
        }
    }

    public async Task WriteJson(string file)
    {
        var root = new SortedDictionary<string, object>(StringComparer.Ordinal);
        foreach (var (k, v) in facts)
        {
            root[k] = v;
        }

        foreach (var m in metrics)
        {
            root[m.Key] = Round(m.Median);
            root[m.Key + "_runs"] = m.Runs.Select(Round).ToArray();
            if (m.Holds is bool holds)
            {
                root[m.Key + "_target_holds"] = holds;
            }
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(file));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(root, Indented));
        Console.WriteLine($"wrote {file}");
    }

    public static string Format(double v) =>
        double.IsNaN(v) ? "n/a"
        : Math.Abs(v) >= 100 ? v.ToString("#,0", CultureInfo.InvariantCulture)
        : Math.Abs(v) >= 1 ? v.ToString("0.###", CultureInfo.InvariantCulture)
        : v.ToString("0.####", CultureInfo.InvariantCulture);

    private static double Round(double v) => double.IsNaN(v) ? 0 : Math.Round(v, Math.Abs(v) >= 100 ? 0 : 4);
}
