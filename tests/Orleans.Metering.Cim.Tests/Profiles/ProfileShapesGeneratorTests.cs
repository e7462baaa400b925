using System.Text;
using Orleans.Metering.Cim.Tests.Codes;
using static Orleans.Metering.Cim.Tests.Profiles.ProfileShapesGenerator;

namespace Orleans.Metering.Cim.Tests.Profiles;

/// <summary>
/// The generator of src/Orleans.Metering.Cim/Profiles/Generated: builds the tables from the reference
/// XSDs at test time and fails when the committed files differ. With METERING_REGENERATE_PROFILES=1
/// it rewrites them instead (and deletes tables whose schema is gone).
/// </summary>
public sealed class ProfileShapesGeneratorTests
{
    private const string Regenerate = "METERING_REGENERATE_PROFILES";

    [Fact]
    public void The_committed_profile_shapes_are_generated_from_the_reference_schemas()
    {
        var expected = Files(SharedCim.PathOf("xsd"));
        var folder = Path.Combine(SharedCim.RepositoryRoot, "src", "Orleans.Metering.Cim", "Profiles", "Generated");
        var committed = Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.cs").ToDictionary(f => Path.GetFileName(f), File.ReadAllText, StringComparer.Ordinal)
            : [];
        if (Environment.GetEnvironmentVariable(Regenerate) == "1")
        {
            Directory.CreateDirectory(folder);
            foreach (var stale in committed.Keys.Except(expected.Keys))
            {
                File.Delete(Path.Combine(folder, stale));
            }

            foreach (var (name, text) in expected)
            {
                File.WriteAllText(Path.Combine(folder, name), text, new UTF8Encoding(false));
            }

            return;
        }

        var differing = expected.Keys.Where(k => !committed.TryGetValue(k, out var text) || text != expected[k])
            .Concat(committed.Keys.Except(expected.Keys).Select(k => k + " (no schema)"))
            .ToList();
        Assert.True(
            differing.Count == 0,
            $"Profiles/Generated differs from ../shared/cim/xsd in {string.Join(", ", differing)}; regenerate with "
            + $"{Regenerate}=1 dotnet test tests/Orleans.Metering.Cim.Tests --filter {nameof(ProfileShapesGeneratorTests)}");
    }

    [Fact]
    public void Every_profile_schema_has_a_table_and_the_envelope_has_none()
    {
        var nouns = Directory.GetFiles(SharedCim.PathOf("xsd"), "*.xsd").Select(Path.GetFileNameWithoutExtension).ToList();

        Assert.Contains("MeterReadings", nouns);
        Assert.Equal(
            nouns.Where(n => n + ".xsd" != EnvelopeSchema).Order(StringComparer.Ordinal),
            Cim.Profiles.Generated.ProfileShapeTables.ByNoun.Keys.Order(StringComparer.Ordinal));
    }

    /// <summary>Every generated file by name: one a profile schema, the shared types, the index.</summary>
    internal static Dictionary<string, string> Files(string xsdFolder)
    {
        var schemas = Directory.GetFiles(xsdFolder, "*.xsd")
            .Where(f => Path.GetFileName(f) != EnvelopeSchema)
            .Order(StringComparer.Ordinal)
            .Select(Read)
            .ToList();
        var (common, lifted) = Lift(schemas);
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var schema in schemas)
        {
            var own = schema.Types.Where(t => !lifted[schema.Noun].Contains(t.Name)).Select(t => t.Line);
            files[schema.Noun + ".cs"] = Render(schema.Noun, "../shared/cim/xsd/" + schema.File, own.Prepend(schema.RootLine));
        }

        files["Common.cs"] = Render(
            "Common",
            "../shared/cim/xsd/*.xsd (the types several profiles declare alike)",
            common.Values.OrderBy(t => t.Name, StringComparer.Ordinal).Select(t => t.Line));
        files["ByNoun.cs"] = RenderIndex(schemas.Select(s => s.Noun));
        return files;
    }

    /// <summary>
    /// The types declared alike (same line, same referenced types) by two schemas or more: one home for
    /// each, and per schema the names it takes from there.
    /// </summary>
    private static (Dictionary<string, TypeLine> Common, Dictionary<string, HashSet<string>> Lifted) Lift(List<Schema> schemas)
    {
        var candidates = schemas.SelectMany(s => s.Types)
            .GroupBy(t => t.Name, StringComparer.Ordinal)
            .Select(g => g.GroupBy(t => t.Line, StringComparer.Ordinal).OrderByDescending(l => l.Count()).ThenBy(l => l.Key, StringComparer.Ordinal).First())
            .Where(l => l.Count() >= 2)
            .ToDictionary(l => l.First().Name, l => l.First(), StringComparer.Ordinal);
        while (true)
        {
            var lifted = schemas.ToDictionary(s => s.Noun, s => Usable(s, candidates), StringComparer.Ordinal);
            var weak = candidates.Keys.Where(n => lifted.Values.Count(set => set.Contains(n)) < 2).ToList();
            if (weak.Count == 0)
            {
                return (candidates, lifted);
            }

            weak.ForEach(n => candidates.Remove(n));
        }
    }

    private static HashSet<string> Usable(Schema schema, Dictionary<string, TypeLine> candidates)
    {
        var byName = schema.Types.ToDictionary(t => t.Name, StringComparer.Ordinal);
        foreach (var reference in schema.Types.SelectMany(t => t.References).Where(r => !byName.ContainsKey(r)))
        {
            throw new InvalidDataException($"{schema.File}: the type {reference} is used but not declared");
        }

        var usable = schema.Types.Where(t => candidates.TryGetValue(t.Name, out var c) && c.Line == t.Line).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        while (usable.RemoveWhere(n => byName[n].References.Any(r => !usable.Contains(r))) > 0)
        {
        }

        return usable;
    }

    private static string RenderIndex(IEnumerable<string> nouns)
    {
        var text = new StringBuilder();
        text.Append("// generated from the file names of ../shared/cim/xsd by ProfileShapesGeneratorTests; do not edit\n");
        text.Append("namespace Orleans.Metering.Cim.Profiles.Generated;\n\n");
        text.Append("internal static partial class ProfileShapeTables\n{\n");
        text.Append("    /// <summary>The table of every profile schema, by noun.</summary>\n");
        text.Append("    public static IReadOnlyDictionary<string, string> ByNoun { get; } = new Dictionary<string, string>(StringComparer.Ordinal)\n    {\n");
        foreach (var noun in nouns)
        {
            text.Append("        [\"").Append(noun).Append("\"] = ").Append(noun).Append(",\n");
        }

        text.Append("    };\n}\n");
        return text.ToString();
    }
}
