namespace Orleans.Metering.Gateway.Tests;

/// <summary>The repository's README.md, for the tests that keep it true.</summary>
public static class Readme
{
    public static string Text { get; } = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));

    /// <summary>The text of the section whose heading is <paramref name="heading"/> (e.g. "## Configuration"), up to the next heading of its level or above.</summary>
    public static string Section(string heading)
    {
        var start = Text.IndexOf("\n" + heading + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"README.md has no section '{heading}'");
        var level = heading.IndexOf(' ', StringComparison.Ordinal);
        var section = Text[(start + 1)..];
        var end = Enumerable.Range(2, level - 1)
            .Select(n => section.IndexOf("\n" + new string('#', n) + " ", heading.Length, StringComparison.Ordinal))
            .Where(i => i >= 0)
            .DefaultIfEmpty(section.Length)
            .Min();
        return section[..end];
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Orleans.Metering.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (Orleans.Metering.sln) is not above " + AppContext.BaseDirectory);
    }
}
