using System.Reflection;

namespace Orleans.Metering.Storage;

/// <summary>
/// A numbered schema script shipped inside this assembly (Scripts/&lt;Engine&gt;/NNN-name.sql).
/// The same change has the same number and name on every engine; a number used by one engine
/// only is left unused by the others.
/// </summary>
public sealed record SchemaScript(int Version, string Name, string Sql)
{
    /// <summary>The name without its number: what the script changes.</summary>
    public string Change => Name[(Name.IndexOf('-', StringComparison.Ordinal) + 1)..];
}

public static class SchemaScripts
{
    /// <summary>The scripts for one engine ("Sqlite", "Postgres"), in version order.</summary>
    public static IReadOnlyList<SchemaScript> For(string engine)
    {
        var assembly = typeof(SchemaScripts).Assembly;
        var prefix = $"{assembly.GetName().Name}.Scripts.{engine}.";
        return [.. assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => Load(assembly, n, n[prefix.Length..^".sql".Length]))
            .OrderBy(s => s.Version)];
    }

    /// <summary>The version number of a script name (NNN-description).</summary>
    public static int VersionOf(string name)
    {
        var dash = name.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0 || !int.TryParse(name[..dash], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version))
        {
            throw new InvalidOperationException($"Schema script '{name}' must be named NNN-description.sql");
        }

        return version;
    }

    private static SchemaScript Load(Assembly assembly, string resource, string fileName)
    {
        var version = VersionOf(fileName);
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return new SchemaScript(version, fileName, reader.ReadToEnd());
    }
}
