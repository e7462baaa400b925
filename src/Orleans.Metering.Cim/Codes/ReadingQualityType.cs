namespace Orleans.Metering.Cim.Codes;

/// <summary>
/// An IEC 61968-9 Annex D ReadingQualityType code, <c>system.category.index</c>
/// (e.g. <c>3.8.0</c> = estimated by the MDM). Tables in <see cref="ReadingQualityTables"/>.
/// </summary>
public readonly record struct ReadingQualityType
{
    private const string Kind = "ReadingQualityType";
    private const int PartCount = 3;

    /// <summary>1.0.0: valid, as delivered by the meter.</summary>
    public static readonly ReadingQualityType Valid = new(1, 0, 0);

    /// <summary>3.0.1: validated by the MDM.</summary>
    public static readonly ReadingQualityType ValidatedByMdm = new(3, 0, 1);

    /// <summary>3.8.0: estimated by the MDM.</summary>
    public static readonly ReadingQualityType EstimatedByMdm = new(3, 8, 0);

    /// <summary>3.7.0: manually edited in the MDM.</summary>
    public static readonly ReadingQualityType EditedByMdm = new(3, 7, 0);

    /// <summary>2.5.259: the head-end reports a known missing read.</summary>
    public static readonly ReadingQualityType KnownMissingRead = new(2, 5, 259);

    /// <summary>1.2.32: power fail flagged by the meter.</summary>
    public static readonly ReadingQualityType PowerFail = new(1, 2, 32);

    /// <summary>1.4.9: clock changed (time shift) flagged by the meter.</summary>
    public static readonly ReadingQualityType ClockChanged = new(1, 4, 9);

    /// <summary>1.4.2: partial interval flagged by the meter.</summary>
    public static readonly ReadingQualityType PartialInterval = new(1, 4, 2);

    /// <summary>3.6.0: failed MDM validation, generic.</summary>
    public static readonly ReadingQualityType FailedValidationGeneric = new(3, 6, 0);

    /// <summary>3.5.256: data outside the expected range (MDM reasonability check).</summary>
    public static readonly ReadingQualityType DataOutsideExpectedRange = new(3, 5, 256);

    /// <summary>3.5.258: suspect (MDM reasonability check).</summary>
    public static readonly ReadingQualityType Suspect = new(3, 5, 258);

    // MDM validation outcomes. Annex D.3 has value checks in category 6 (6.1-6.6) but nothing specific to
    // timestamps or duplicates, so those reuse the reasonability codes of category 5; the validation
    // rule that fired is recorded next to the quality, not in it.

    /// <summary>3.6.1: zero usage where consumption was expected.</summary>
    public static readonly ReadingQualityType ZeroUsage = new(3, 6, 1);

    /// <summary>3.6.2: usage recorded on an inactive meter.</summary>
    public static readonly ReadingQualityType UsageOnInactiveMeter = new(3, 6, 2);

    /// <summary>3.6.3: usage above the maximum.</summary>
    public static readonly ReadingQualityType UsageAboveMaximum = new(3, 6, 3);

    /// <summary>3.6.4 (usage below minimum): a negative consumption is below the minimum of zero.</summary>
    public static readonly ReadingQualityType NegativeValue = new(3, 6, 4);

    /// <summary>3.6.5 (usage above maximum percentage): a spike relative to the neighbouring values.</summary>
    public static readonly ReadingQualityType Spike = new(3, 6, 5);

    /// <summary>3.5.258 (suspect, same code as <see cref="Suspect"/>): timestamp not on the interval grid.</summary>
    public static readonly ReadingQualityType OffGridTimestamp = new(3, 5, 258);

    /// <summary>3.5.256 (data outside expected range, same code as <see cref="DataOutsideExpectedRange"/>): timestamp in the future.</summary>
    public static readonly ReadingQualityType FutureTimestamp = new(3, 5, 256);

    /// <summary>3.5.258 (suspect, same code as <see cref="Suspect"/>): a duplicate reading with a different value.</summary>
    public static readonly ReadingQualityType Duplicate = new(3, 5, 258);

    public ReadingQualityType(int system, int category, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(system);
        ArgumentOutOfRangeException.ThrowIfNegative(category);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        System = system;
        Category = category;
        Index = index;
    }

    /// <summary>Who assigned the quality: 1 end device, 2 metering system (HES), 3 MDM, ...</summary>
    public int System { get; }

    /// <summary>0 valid ... 8 estimated ... 12 projected.</summary>
    public int Category { get; }

    /// <summary>The specific quality within the category (Annex D.3).</summary>
    public int Index { get; }

    /// <summary>Category 0 (valid / validated).</summary>
    public bool IsValid => Category == 0;

    /// <summary>True when system, category and index are all in their tables.</summary>
    public bool IsKnown => Validate().Count == 0;

    /// <summary>E.g. "Power fail (end device)"; unknown parts show their numbers.</summary>
    public string Description
    {
        get
        {
            string system = ReadingQualityTables.Systems.TryGet(System, out var s) ? s.Description : $"system {System}?";
            if (ReadingQualityTables.IndexesOf(Category).TryGet(Index, out var index))
            {
                return $"{index.Description} ({system})";
            }

            string category = ReadingQualityTables.Categories.TryGet(Category, out var c) ? c.Description : $"category {Category}?";
            return $"{category}, index {Index} ({system})";
        }
    }

    /// <summary>One message per part that is not in its table; empty when known.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!ReadingQualityTables.Systems.Contains(System))
        {
            problems.Add(ReadingQualityTables.Systems.NotInTable("system", System));
        }

        if (!ReadingQualityTables.Categories.Contains(Category))
        {
            problems.Add(ReadingQualityTables.Categories.NotInTable("category", Category));
        }
        else if (!ReadingQualityTables.IndexesOf(Category).Contains(Index))
        {
            problems.Add($"index {Index} is not defined for category {Category}");
        }

        return problems;
    }

    public static bool TryParse(ReadOnlySpan<char> s, out ReadingQualityType value)
    {
        Span<int> p = stackalloc int[PartCount];
        bool ok = DottedCode.Read(s, p, out _) == DottedCodeError.None;
        value = ok ? new(p[0], p[1], p[2]) : default;
        return ok;
    }

    public static bool TryParse(string? s, out ReadingQualityType value) => TryParse(s.AsSpan(), out value);

    /// <summary>Parses <c>system.category.index</c>; throws <see cref="CimException"/> (1.8, SchemaInvalid) when malformed.</summary>
    public static ReadingQualityType Parse(string s)
    {
        if (TryParse(s, out var value))
        {
            return value;
        }

        var text = s ?? string.Empty;
        var error = DottedCode.Read(text, stackalloc int[PartCount], out var badPart);
        throw new CimException(ReplyCode.SchemaInvalid, DottedCode.Describe(error, text, PartCount, badPart, Kind), objectId: s, objectType: Kind);
    }

    /// <summary>The canonical dotted form, e.g. <c>3.8.0</c>.</summary>
    public override string ToString() => DottedCode.Format([System, Category, Index]);
}
