using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Orleans.Metering.Silo;

namespace Orleans.Metering.Gateway.Tests;

/// <summary>
/// The README's configuration table against the option classes the silo binds
/// (<see cref="MeteringSettings.Sections"/>): every key listed, with the class's default.
/// </summary>
public sealed partial class ConfigurationTableTests
{
    [Fact]
    public void Every_option_is_in_the_README_with_its_default()
    {
        var problems = Problems(ReadmeTable());

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void The_check_sees_a_missing_key_and_a_changed_default()
    {
        var table = new Dictionary<string, string>(ReadmeTable()) { ["Metering:Gateway:SyncReplyTimeout"] = "6 s" };
        table.Remove("Metering:Schedules:BucketSize");

        var problems = Problems(table);

        Assert.Equal(2, problems.Count);
        Assert.Contains("Metering:Gateway:SyncReplyTimeout: the README says '6 s', the option class '5 s'", problems);
        Assert.Contains("Metering:Schedules:BucketSize is missing (default 500)", problems);
    }

    [Fact]
    public void Every_README_key_in_a_bound_section_is_an_option()
    {
        var keys = ExpectedDefaults().Keys.ToHashSet(StringComparer.Ordinal);
        var sections = MeteringSettings.Sections.Select(s => s.Section).ToHashSet(StringComparer.Ordinal);
        var unknown = ReadmeTable().Keys.Where(k => sections.Contains(Parent(k)) && !keys.Contains(k)).ToList();

        Assert.True(unknown.Count == 0, "README keys no option class has: " + string.Join(", ", unknown));
    }

    [Theory]
    [InlineData(0L, "0")]
    [InlineData(200L * TimeSpan.TicksPerMillisecond, "200 ms")]
    [InlineData(90L * TimeSpan.TicksPerSecond, "90 s")]
    [InlineData(2L * TimeSpan.TicksPerMinute, "2 min")]
    [InlineData(366L * TimeSpan.TicksPerDay, "366 d")]
    public void Time_spans_are_written_in_their_largest_whole_unit(long ticks, string text)
    {
        Assert.Equal(text, Format(TimeSpan.FromTicks(ticks)));
    }

    [Fact]
    public async Task An_invalid_setting_stops_the_start_with_its_key_named()
    {
        await using var app = await MeteringHost.Build(["--Metering:Storage=Memory", "--Metering:Gateway:SyncReplyTimeout=00:00:00", "--Metering:Schedules:BucketSize=0", "--Logging:LogLevel:Default=Warning"]);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync());

        Assert.Equal(
            ["Metering:Gateway:SyncReplyTimeout must be positive", "Metering:Schedules:BucketSize must be positive"],
            MeteringHost.ConfigurationErrors(error).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_setting_read_while_the_host_is_built_is_checked_with_its_key_named()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => MeteringHost.Build(["--Metering:Storage=Memory", "--Orleans:SiloPort=70000"]));

        Assert.Contains("Orleans:SiloPort must be between 1 and 65535", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Checks_across_settings_name_the_key()
    {
        var errors = OptionsSection.Validate("Metering", new Storage.MeteringStorageOptions { DataDirectory = " " });

        Assert.Equal(["Metering:DataDirectory must name a directory"], errors);
    }

    [Fact]
    public void A_negative_time_where_zero_is_allowed_is_named()
    {
        var errors = OptionsSection.Validate("Metering:Validation", new Grains.Readings.ReadingValidationOptions { FutureTolerance = TimeSpan.FromSeconds(-1), SpikeFactor = double.NaN });

        Assert.Equal(["Metering:Validation:SpikeFactor must be positive", "Metering:Validation:FutureTolerance must not be negative"], errors);
    }

    private static List<string> Problems(Dictionary<string, string> table)
    {
        var problems = new List<string>();
        foreach (var (key, expected) in ExpectedDefaults())
        {
            if (!table.TryGetValue(key, out var listed))
            {
                problems.Add($"{key} is missing (default {expected})");
            }
            else if (listed != expected)
            {
                problems.Add($"{key}: the README says '{listed}', the option class '{expected}'");
            }
        }

        return problems;
    }

    /// <summary>Key → default as the README writes it; keys bound by several classes with different defaults list each with its note.</summary>
    private static Dictionary<string, string> ExpectedDefaults() =>
        MeteringSettings.Sections
            .SelectMany(s => s.Settings.Select(p => (Key: $"{s.Section}:{p.Name}", s.Note, Default: Format(p.GetValue(Activator.CreateInstance(s.Type))))))
            .GroupBy(k => k.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(k => k.Default).Distinct().Count() == 1
                ? g.First().Default
                : string.Join(", ", g.Select(k => $"{k.Default} ({k.Note})")), StringComparer.Ordinal);

    /// <summary>A default as the README writes it: numbers with thousands separators, times in their largest whole unit, "–" for none.</summary>
    private static string Format(object? value) => value switch
    {
        null => "–",
        bool b => b ? "true" : "false",
        TimeSpan t when t == TimeSpan.Zero => "0",
        TimeSpan t => Largest(t),
        int or long => string.Format(CultureInfo.InvariantCulture, "{0:N0}", value),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "–",
    };

    private static string Largest(TimeSpan t)
    {
        foreach (var (unit, ticks) in new[] { ("d", TimeSpan.TicksPerDay), ("h", TimeSpan.TicksPerHour), ("min", TimeSpan.TicksPerMinute), ("s", TimeSpan.TicksPerSecond), ("ms", TimeSpan.TicksPerMillisecond) })
        {
            if (t.Ticks % ticks == 0)
            {
                return $"{t.Ticks / ticks} {unit}";
            }
        }

        return t.ToString("c", CultureInfo.InvariantCulture);
    }

    private static string Parent(string key) => key[..Math.Max(0, key.LastIndexOf(':'))];

    /// <summary>The rows of the README's "## Configuration" table: key (one per row) → default, without backticks.</summary>
    private static Dictionary<string, string> ReadmeTable()
    {
        var rows = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match row in Row().Matches(Readme.Section("## Configuration")))
        {
            rows[row.Groups["key"].Value] = row.Groups["default"].Value.Replace("`", "", StringComparison.Ordinal).Trim();
        }

        return rows;
    }

    [GeneratedRegex(@"^\| `(?<key>[A-Za-z][A-Za-z0-9:]*)` \| (?<default>[^|]*) \|", RegexOptions.Multiline)]
    private static partial Regex Row();
}
