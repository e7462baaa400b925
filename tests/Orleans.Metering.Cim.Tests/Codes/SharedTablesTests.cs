using System.Text.RegularExpressions;
using Orleans.Metering.Cim.Codes;

namespace Orleans.Metering.Cim.Tests.Codes;

/// <summary>
/// The code tables in code against the markdown they were written from (../shared/cim/TABLES.md and
/// REFERENCE.md section 8, next to the checkout): every code on both sides, with the same name and
/// description. A failure names the table and the code.
/// </summary>
public sealed partial class SharedTablesTests
{
    /// <summary>Codes whose description in code deliberately differs from every source the table gives, and why.</summary>
    private static readonly Dictionary<(string Table, int Code), string> DeliberateDescriptions = new()
    {
        [("C.6", 1)] = "ReadingType descriptions call it 'electricity', as REFERENCE.md's worked examples do",
        [("C.6", 26)] = "TABLES.md flags the two sources as in CONFLICT; the description names both",
        [("C.16", 0)] = "the description is the SI prefix symbol, and no multiplier has none",
    };

    public static TheoryData<string> EndDeviceTables => ["E.1", "E.2", "E.3", "E.4"];

    public static TheoryData<string> ReadingTypeTables => ["C.3", "C.6", "C.7", "C.15", "C.16", "C.17"];

    private static CodeTable InCode(string table) => table switch
    {
        "E.1" => EndDeviceCodeParts.Types,
        "E.2" => EndDeviceCodeParts.Domains,
        "E.3" => EndDeviceCodeParts.Subdomains,
        "E.4" => EndDeviceCodeParts.EventsOrActions,
        "C.3" => Cim.Codes.ReadingTypeTables.MeasuringPeriods,
        "C.6" => Cim.Codes.ReadingTypeTables.Commodities,
        "C.7" => Cim.Codes.ReadingTypeTables.MeasurementKinds,
        "C.15" => Cim.Codes.ReadingTypeTables.Phases,
        "C.16" => Cim.Codes.ReadingTypeTables.Multipliers,
        "C.17" => Cim.Codes.ReadingTypeTables.Units,
        _ => throw new ArgumentOutOfRangeException(nameof(table), table, null),
    };

    /// <summary>E tables: | code | name | description |, copied as they are.</summary>
    [Theory]
    [MemberData(nameof(EndDeviceTables))]
    public void An_end_device_table_has_the_codes_names_and_descriptions_of_TABLES_md(string table)
    {
        var rows = SharedCim.Table("TABLES.md", table).Select(r => (int.Parse(r[0], System.Globalization.CultureInfo.InvariantCulture), r[1], r[2])).ToList();

        AssertSame(table, rows.Select(r => new CodeEntry(r.Item1, r.Item2, r.Item3)), InCode(table).Entries, (entry, row) =>
            entry.Name == row.Name && entry.Description == row.Description);
    }

    /// <summary>
    /// C tables: | code | ESPI name | ESPI description | Connexo name - description | in |. A name is
    /// the ESPI name (spaces dropped) or the Connexo name (as written, lower case, or without its PHASE
    /// prefix); a description is either source's description, or the Connexo name where it has none,
    /// in any letter case.
    /// </summary>
    [Theory]
    [MemberData(nameof(ReadingTypeTables))]
    public void A_reading_type_table_has_the_codes_of_TABLES_md_named_and_described_from_one_of_its_sources(string table)
    {
        var rows = SharedCim.Table("TABLES.md", table).ToList();
        var byCode = rows.ToLookup(r => int.Parse(r[0], System.Globalization.CultureInfo.InvariantCulture));

        AssertCodes(table, byCode.Select(g => g.Key), InCode(table).Entries.Select(e => e.Code));
        foreach (var entry in InCode(table).Entries)
        {
            var matches = byCode[entry.Code].Any(r =>
            {
                var (connexoName, connexoDescription) = SplitConnexo(r[3]);
                string[] names = [r[1].Replace(" ", "", StringComparison.Ordinal), connexoName, connexoName.ToLowerInvariant(), StripPrefix(connexoName, "PHASE")];
                string[] descriptions = [r[2], connexoDescription.Length > 0 ? connexoDescription : connexoName];
                return names.Contains(entry.Name, StringComparer.Ordinal)
                    && (descriptions.Contains(entry.Description, StringComparer.OrdinalIgnoreCase) || DeliberateDescriptions.ContainsKey((table, entry.Code)));
            });
            Assert.True(matches, $"{table} code {entry.Code}: '{entry.Name}' / '{entry.Description}' is not named and described as in TABLES.md: {string.Join(" ; ", byCode[entry.Code].Select(r => string.Join(" | ", r)))}");
        }
    }

    /// <summary>D.3: | category | index | name | label |, the category written as "0 (Valid)".</summary>
    [Fact]
    public void The_quality_index_table_has_the_rows_of_TABLES_md()
    {
        var rows = SharedCim.Table("TABLES.md", "D.3")
            .Select(r => (Category: LeadingInt(r[0]), Index: int.Parse(r[1], System.Globalization.CultureInfo.InvariantCulture), Name: r[2], Label: r[3]))
            .ToList();

        var inCode = QualityIndexTable.Rows.Select(r => (r.Category, r.Index, r.Name, r.Label)).ToList();

        AssertSameRows("D.3", rows, inCode, r => $"{r.Category}.{r.Index} ({r.Name}, {r.Label})");
    }

    /// <summary>E.5 and F.1: the installed combinations, every row in table order (a few rows repeat).</summary>
    [Theory]
    [InlineData("E.5")]
    [InlineData("F.1")]
    public void An_installed_code_list_has_the_rows_of_TABLES_md_in_order(string table)
    {
        var rows = SharedCim.Table("TABLES.md", table).Select(r => r[0].Trim('`')).ToList();
        var inCode = table == "E.5" ? EndDeviceCodeParts.InstalledEventCodes : EndDeviceCodeParts.InstalledControlCodes;

        AssertSameRows(table, rows, inCode, r => r);
    }

    /// <summary>The same rows in the same order; a row on one side only is named first.</summary>
    private static void AssertSameRows<T>(string table, IReadOnlyList<T> markdown, IReadOnlyList<T> code, Func<T, string> show)
    {
        foreach (var missing in markdown.Except(code))
        {
            Assert.Fail($"{table} code {show(missing)} is in the markdown but not the same in code");
        }

        foreach (var extra in code.Except(markdown))
        {
            Assert.Fail($"{table} code {show(extra)} is in code but not the same in the markdown");
        }

        Assert.Equal(markdown, code);
    }

    /// <summary>Annex B (REFERENCE.md section 8): | code | meaning |; the description is the meaning, first letter capitalised.</summary>
    [Fact]
    public void The_reply_codes_are_the_Annex_B_table_of_REFERENCE_md()
    {
        var rows = SharedCim.Table("REFERENCE.md", "8").Select(r => (Code: r[0], Meaning: r[1])).ToList();

        AssertCodesAsStrings("Annex B", rows.Select(r => r.Code), ReplyCode.All.Select(c => c.Code));
        foreach (var (code, meaning) in rows)
        {
            var description = ReplyCode.Find(code)!.Description;
            Assert.True(string.Equals(description, meaning, StringComparison.OrdinalIgnoreCase),
                $"Annex B code {code}: '{description}' in code, '{meaning}' in REFERENCE.md");
        }

        Assert.Equal(rows.Select(r => r.Code), ReplyCode.All.Select(c => c.Code));
    }

    private static void AssertSame(string table, IEnumerable<CodeEntry> markdown, IEnumerable<CodeEntry> code, Func<CodeEntry, CodeEntry, bool> same)
    {
        var rows = markdown.ToList();
        AssertCodes(table, rows.Select(r => r.Code), code.Select(e => e.Code));
        foreach (var entry in code)
        {
            var row = rows.Where(r => r.Code == entry.Code).ToList();
            Assert.True(row.Any(r => same(entry, r)),
                $"{table} code {entry.Code}: '{entry.Name}' / '{entry.Description}' in code, {string.Join(" ; ", row.Select(r => $"'{r.Name}' / '{r.Description}'"))} in TABLES.md");
        }
    }

    private static void AssertCodes(string table, IEnumerable<int> markdown, IEnumerable<int> code) =>
        AssertCodesAsStrings(table, markdown.Select(Text), code.Select(Text));

    private static void AssertCodesAsStrings(string table, IEnumerable<string> markdown, IEnumerable<string> code)
    {
        var inMarkdown = markdown.ToHashSet(StringComparer.Ordinal);
        var inCode = code.ToHashSet(StringComparer.Ordinal);
        var missing = inMarkdown.Except(inCode).ToList();
        var extra = inCode.Except(inMarkdown).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"{table}: codes missing in code: [{string.Join(", ", missing)}]; codes in code but not in the markdown: [{string.Join(", ", extra)}]");
    }

    private static string Text(int code) => code.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static (string Name, string Description) SplitConnexo(string cell)
    {
        var dash = cell.IndexOf(" - ", StringComparison.Ordinal);
        return dash < 0 ? (cell, "") : (cell[..dash], cell[(dash + 3)..]);
    }

    private static string StripPrefix(string name, string prefix) =>
        name.StartsWith(prefix, StringComparison.Ordinal) ? name[prefix.Length..] : name;

    private static int LeadingInt(string cell) => int.Parse(LeadingNumber().Match(cell).Value, System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^-?\d+")]
    private static partial Regex LeadingNumber();
}

/// <summary>
/// The shared CIM reference next to the checkout: walks up from the test binaries to the folder
/// holding Orleans.Metering.sln, then ../shared/cim (the same layout locally and in CI).
/// </summary>
internal static class SharedCim
{
    private static readonly Lazy<string> Checkout = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Orleans.Metering.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("No folder holding Orleans.Metering.sln above " + AppContext.BaseDirectory);
    });

    private static readonly Lazy<string> Folder = new(() =>
    {
        var shared = Path.GetFullPath(Path.Combine(Checkout.Value, "..", "shared", "cim"));
        return Directory.Exists(shared) ? shared : throw new DirectoryNotFoundException($"No shared CIM reference at {shared}");
    });

    /// <summary>The folder holding Orleans.Metering.sln (the checkout these tests were built from).</summary>
    public static string RepositoryRoot => Checkout.Value;

    /// <summary>A path below ../shared/cim, e.g. <c>xsd</c>.</summary>
    public static string PathOf(string relative) => Path.Combine(Folder.Value, relative);

    /// <summary>
    /// The body rows of the first markdown table under the heading "## {section} …" of a file, as
    /// trimmed cells (the header row and the separator row left out).
    /// </summary>
    public static IEnumerable<string[]> Table(string file, string section)
    {
        var lines = File.ReadAllLines(Path.Combine(Folder.Value, file));
        var heading = Array.FindIndex(lines, l => l.StartsWith("## " + section + " ", StringComparison.Ordinal) || l.StartsWith("## " + section + ". ", StringComparison.Ordinal));
        Assert.True(heading >= 0, $"{file} has no section {section}");
        var table = lines.Skip(heading + 1)
            .TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal) && !l.StartsWith("# ", StringComparison.Ordinal))
            .SkipWhile(l => !l.StartsWith('|'))
            .TakeWhile(l => l.StartsWith('|'))
            .Select(l => l.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray())
            .ToList();
        Assert.True(table.Count > 2, $"{file} section {section} has no table");
        return table.Skip(2);
    }
}
