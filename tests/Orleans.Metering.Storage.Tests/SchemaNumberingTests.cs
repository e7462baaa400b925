namespace Orleans.Metering.Storage.Tests;

/// <summary>The same change carries the same number on SQLite and PostgreSQL.</summary>
public sealed class SchemaNumberingTests
{
    [Fact]
    public void A_number_used_on_both_engines_names_the_same_change_and_a_change_on_both_has_one_number()
    {
        Assert.Empty(Mismatches(SchemaScripts.For("Sqlite"), SchemaScripts.For("Postgres")));
    }

    [Fact]
    public void The_check_reports_a_shared_number_with_different_changes_and_a_shared_change_with_different_numbers()
    {
        var sqlite = new[] { Script("002-orleans-persistence"), Script("004-metering-events-outbox"), Script("006-readings") };
        var postgres = new[] { Script("002-orleans-persistence"), Script("004-metering-outbox"), Script("005-readings") };

        var mismatches = Mismatches(sqlite, postgres);

        Assert.Equal(2, mismatches.Count);
        Assert.Contains(mismatches, m => m.Contains("004-metering-events-outbox", StringComparison.Ordinal) && m.Contains("004-metering-outbox", StringComparison.Ordinal));
        Assert.Contains(mismatches, m => m.Contains("006-readings", StringComparison.Ordinal) && m.Contains("005-readings", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_script_name_is_a_number_and_a_change()
    {
        foreach (var script in SchemaScripts.For("Sqlite").Concat(SchemaScripts.For("Postgres")))
        {
            Assert.Matches("^[0-9]{3}-[a-z0-9-]+$", script.Name);
        }
    }

    private static SchemaScript Script(string name) => new(SchemaScripts.VersionOf(name), name, "");

    private static List<string> Mismatches(IReadOnlyList<SchemaScript> sqlite, IReadOnlyList<SchemaScript> postgres)
    {
        var mismatches = new List<string>();
        foreach (var s in sqlite)
        {
            foreach (var p in postgres)
            {
                if ((s.Version == p.Version) != (s.Change == p.Change))
                {
                    mismatches.Add($"SQLite {s.Name} and PostgreSQL {p.Name}");
                }
            }
        }

        return mismatches;
    }
}
