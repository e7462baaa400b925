using System.Reflection;

namespace Orleans.Metering.Storage;

/// <summary>A numbered schema script shipped inside this assembly (Scripts/&lt;Engine&gt;/NNN-name.sql).</summary>
public sealed record SchemaScript(int Version, string Name, string Sql);

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

    private static SchemaScript Load(Assembly assembly, string resource, string fileName)
    {
        var dash = fileName.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0 || !int.TryParse(fileName[..dash], out var version))
        {
            throw new InvalidOperationException($"Schema script '{fileName}' must be named NNN-description.sql");
        }

        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return new SchemaScript(version, fileName, reader.ReadToEnd());
    }
}
