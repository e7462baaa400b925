using System.Collections.Frozen;

namespace Orleans.Metering.Cim.Codes;

/// <summary>The tables of <see cref="ReadingQualityType"/>: system and category (REFERENCE.md section 6)
/// and the index per category (Annex D.3).</summary>
public static class ReadingQualityTables
{
    /// <summary>1st part: who assigned the quality.</summary>
    public static CodeTable Systems { get; } = new("QualityCodeSystem",
    [
        new(0, "NOTAPPLICABLE", "not applicable"),
        new(1, "ENDDEVICE", "end device"),
        new(2, "MDC", "metering system"),
        new(3, "MDM", "MDM"),
        new(4, "OTHER", "other system"),
        new(5, "EXTERNAL", "externally specified"),
    ]);

    /// <summary>2nd part. 9 is obsolete (oscillatory) but still a code.</summary>
    public static CodeTable Categories { get; } = new("QualityCodeCategory",
    [
        new(0, "VALID", "valid"),
        new(1, "DIAGNOSTICS", "diagnostics"),
        new(2, "POWERQUALITY", "power quality"),
        new(3, "TAMPER", "tamper / revenue protection"),
        new(4, "DATACOLLECTION", "data collection"),
        new(5, "REASONABILITY", "failed reasonability"),
        new(6, "VALIDATION", "failed validation"),
        new(7, "EDITED", "edited"),
        new(8, "ESTIMATED", "estimated"),
        new(9, "OBSOLETE_OSCILLATORY", "obsolete (oscillatory)"),
        new(10, "QUESTIONABLE", "questionable"),
        new(11, "DERIVED", "derived"),
        new(12, "PROJECTED", "projected"),
    ]);

    private static readonly FrozenDictionary<int, CodeTable> IndexTables = BuildIndexTables();
    private static readonly CodeTable NoIndexes = new("QualityCodeIndex", []);

    /// <summary>The Annex D.3 indexes of <paramref name="category"/>; an empty table for a category without any (9) or unknown.</summary>
    public static CodeTable IndexesOf(int category) =>
        IndexTables.TryGetValue(category, out var table) ? table : NoIndexes;

    /// <summary>Number of Annex D.3 rows (all categories).</summary>
    public static int IndexCount => QualityIndexTable.Rows.Length;

    private static FrozenDictionary<int, CodeTable> BuildIndexTables()
    {
        var byCategory = new Dictionary<int, List<CodeEntry>>();
        foreach (var (category, index, name, label) in QualityIndexTable.Rows)
        {
            if (!byCategory.TryGetValue(category, out var list))
            {
                byCategory[category] = list = [];
            }

            list.Add(new CodeEntry(index, name, Label(category, index, label)));
        }

        return byCategory.ToFrozenDictionary(kv => kv.Key, kv => new CodeTable("QualityCodeIndex", [.. kv.Value]));
    }

    /// <summary>
    /// Connexo's UI labels for the two generic indexes read as the rule that applied ("with specific rule");
    /// REFERENCE.md section 6 names them by meaning, which is what a reading's quality must say.
    /// </summary>
    private static string Label(int category, int index, string label) => (category, index) switch
    {
        (6, 0) => "Failed validation - generic",
        (8, 0) => "Estimated - generic",
        _ => label,
    };
}
