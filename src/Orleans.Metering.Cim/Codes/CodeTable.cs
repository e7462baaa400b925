using System.Collections.Frozen;

namespace Orleans.Metering.Cim.Codes;

/// <summary>One row of an IEC 61968-9 code table.</summary>
/// <param name="Code">The number used in the dotted code.</param>
/// <param name="Name">The identifier from the table (e.g. <c>ElectricMeter</c>, <c>fifteenMinute</c>, <c>Wh</c>).</param>
/// <param name="Description">Human text (e.g. <c>15-minute</c>); for E tables the source description, shortened.</param>
public readonly record struct CodeEntry(int Code, string Name, string Description);

/// <summary>
/// A read-only IEC 61968-9 code table: the rows in source order plus lookup by code. A few source tables
/// give one code two names; <see cref="Entries"/> keeps both rows and lookup returns the first.
/// </summary>
public sealed class CodeTable
{
    private readonly CodeEntry[] _entries;
    private readonly FrozenDictionary<int, CodeEntry> _byCode;

    internal CodeTable(string name, CodeEntry[] entries)
    {
        Name = name;
        _entries = entries;
        var byCode = new Dictionary<int, CodeEntry>(entries.Length);
        foreach (var entry in entries)
        {
            byCode.TryAdd(entry.Code, entry);
        }

        _byCode = byCode.ToFrozenDictionary();
    }

    /// <summary>Name of the kind the table enumerates, e.g. <c>UnitSymbol</c>.</summary>
    public string Name { get; }

    /// <summary>Every row, in source order (including rows that repeat a code with another name).</summary>
    public IReadOnlyList<CodeEntry> Entries => _entries;

    /// <summary>Number of distinct codes.</summary>
    public int Count => _byCode.Count;

    public bool Contains(int code) => _byCode.ContainsKey(code);

    public bool TryGet(int code, out CodeEntry entry) => _byCode.TryGetValue(code, out entry);

    /// <summary>The row for <paramref name="code"/>, or null when the table has no such code.</summary>
    public CodeEntry? Find(int code) => _byCode.TryGetValue(code, out var entry) ? entry : null;

    /// <summary>The code named <paramref name="name"/> (the table's identifier, e.g. <c>Disconnect</c>); throws when the table has no such name.</summary>
    public int CodeOf(string name)
    {
        foreach (var entry in _entries)
        {
            if (string.Equals(entry.Name, name, StringComparison.Ordinal))
            {
                return entry.Code;
            }
        }

        throw new KeyNotFoundException($"{Name} has no entry named '{name}'");
    }

    /// <summary>The name for <paramref name="code"/>, or <c>?code</c> when unknown.</summary>
    public string NameOf(int code) => _byCode.TryGetValue(code, out var entry) ? entry.Name : "?" + code;

    /// <summary>The validation message for a value missing from this table, e.g. "unit 999 is not a UnitSymbol".</summary>
    internal string NotInTable(string field, int value) =>
        $"{field} {value} is not {("AEIO".Contains(Name[0], StringComparison.Ordinal) ? "an" : "a")} {Name}";

    public override string ToString() => Name + " (" + Count + " codes)";
}
