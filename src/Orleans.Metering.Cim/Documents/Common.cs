namespace Orleans.Metering.Cim.Documents;

/// <summary>
/// A CIM Name (<c>Names</c> element): the name, and optionally the name of its NameType and of
/// that type's NameTypeAuthority. <see cref="NameTypeAuthority"/> is only written when
/// <see cref="NameType"/> is set (the schema nests the authority inside the type).
/// </summary>
public sealed record CimName(string Name, string? NameType = null, string? NameTypeAuthority = null);

/// <summary>A reference to an identified object by mRID and/or names (Meter, UsagePoint, EndDeviceGroup ...).</summary>
public sealed record ObjectRef(string? MRID, IReadOnlyList<CimName> Names)
{
    /// <summary>The mRID, else the first name; null when neither holds more than white space (nothing can be addressed by it).</summary>
    public string? Identifier => IdentifierOf(MRID, Names);

    /// <summary>The rule of <see cref="Identifier"/> for any identified object (Meter, EndDevice ...).</summary>
    public static string? IdentifierOf(string? mrid, IEnumerable<CimName> names) =>
        !string.IsNullOrWhiteSpace(mrid) ? mrid : names.Select(n => n.Name).FirstOrDefault(n => !string.IsNullOrWhiteSpace(n));

    public static ObjectRef ById(string mrid) => new(mrid, []);

    public static ObjectRef ByName(string name, string? nameType = null, string? nameTypeAuthority = null) =>
        new(null, [new CimName(name, nameType, nameTypeAuthority)]);

    /// <summary>Value equality, comparing <see cref="Names"/> element by element.</summary>
    public bool Equals(ObjectRef? other) =>
        other is not null && MRID == other.MRID && Names.SequenceEqual(other.Names);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(MRID);
        foreach (var name in Names)
        {
            hash.Add(name);
        }

        return hash.ToHashCode();
    }
}

/// <summary>A CIM Status (<c>status</c> element). Written in schema order: dateTime, reason, remark, value.</summary>
public sealed record CimStatus(string? Value, DateTimeOffset? DateTime = null, string? Reason = null, string? Remark = null);
