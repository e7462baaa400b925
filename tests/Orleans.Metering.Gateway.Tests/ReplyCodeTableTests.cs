using System.Reflection;
using System.Text.RegularExpressions;
using Orleans.Metering.Cim.Codes;

namespace Orleans.Metering.Gateway.Tests;

/// <summary>The README's reply-code table ("Replies and errors") lists exactly the codes the platform sends.</summary>
public sealed partial class ReplyCodeTableTests
{
    [Fact]
    public void Every_reply_code_the_platform_sends_is_in_the_README_table()
    {
        var table = ReadmeCodes();
        var missing = CodesUsedInSource().Where(c => !table.Contains(c.Key)).Select(c => $"{c.Key} ({c.Value})").ToList();

        Assert.True(missing.Count == 0, "codes src/ sends that the README table lacks: " + string.Join(", ", missing));
    }

    [Fact]
    public void The_README_table_lists_no_code_the_platform_does_not_send()
    {
        var used = CodesUsedInSource();
        var stale = ReadmeCodes().Where(c => !used.ContainsKey(c)).ToList();

        Assert.True(stale.Count == 0, "README table codes no source sends: " + string.Join(", ", stale));
    }

    [Fact]
    public void The_source_scan_sees_codes_by_name_and_by_literal()
    {
        var found = Scan("""throw new CimException(ReplyCode.MandatoryFieldMissing, "x"); Fail("2.6", ...); ReplyCode.Find(code); var v = "1.0";""");

        Assert.Equal(["2.6", "5.8"], found.Keys.Order(StringComparer.Ordinal));
    }

    /// <summary>The codes of the table's rows (a row may hold several: <c>1.6 / 1.7</c>).</summary>
    private static HashSet<string> ReadmeCodes()
    {
        var section = Readme.Section("### Replies and errors");
        return Row().Matches(section).SelectMany(m => m.Groups["codes"].Value.Split(['/', ','], StringSplitOptions.TrimEntries)).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Code → where it is first used, over every .cs file under src/ but the code table itself.</summary>
    private static Dictionary<string, string> CodesUsedInSource()
    {
        var src = Path.Combine(Readme.RepositoryRoot(), "src");
        var codes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && Path.GetFileName(f) != "ReplyCode.cs"))
        {
            foreach (var (code, _) in Scan(File.ReadAllText(file)))
            {
                codes.TryAdd(code, Path.GetRelativePath(src, file));
            }
        }

        Assert.NotEmpty(codes);
        return codes;
    }

    /// <summary>Codes in <paramref name="source"/>: <c>ReplyCode.Name</c> of a code field, and string literals that are Annex B codes.</summary>
    private static Dictionary<string, string> Scan(string source)
    {
        var byName = typeof(ReplyCode).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(ReplyCode))
            .ToDictionary(f => f.Name, f => ((ReplyCode)f.GetValue(null)!).Code, StringComparer.Ordinal);
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match m in Named().Matches(source))
        {
            if (byName.TryGetValue(m.Groups[1].Value, out var code)) found.TryAdd(code, m.Value);
        }

        foreach (Match m in Literal().Matches(source))
        {
            if (ReplyCode.Find(m.Groups[1].Value) is { } code) found.TryAdd(code.Code, m.Value);
        }

        return found;
    }

    [GeneratedRegex(@"^\| (?<codes>[0-9][0-9. /,]*?) \|", RegexOptions.Multiline)]
    private static partial Regex Row();

    [GeneratedRegex(@"\bReplyCode\.([A-Z][A-Za-z]*)\b")]
    private static partial Regex Named();

    [GeneratedRegex(@"""([0-9]\.[0-9]{1,2})""")]
    private static partial Regex Literal();
}
