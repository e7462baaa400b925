using System.Collections.Frozen;
using System.Globalization;
using System.Xml.Linq;

namespace Orleans.Metering.Cim.Profiles;

/// <summary>A complex type: its sequence of particles, the particle of each child name, its attributes.</summary>
internal sealed class ComplexShape(string name)
{
    public string Name { get; } = name;

    public Particle[] Particles { get; private set; } = [];

    /// <summary>Declared attributes (unqualified) and their types.</summary>
    public FrozenDictionary<string, SimpleShape> Attributes { get; private set; } = FrozenDictionary<string, SimpleShape>.Empty;

    public string[] RequiredAttributes { get; private set; } = [];

    /// <summary>Each allowed child name: the index of its particle and its declaration.</summary>
    public FrozenDictionary<XName, (int Particle, ElementShape Element)> Children { get; private set; } =
        FrozenDictionary<XName, (int Particle, ElementShape Element)>.Empty;

    internal void Fill(Particle[] particles, FrozenDictionary<string, SimpleShape> attributes, string[] required)
    {
        Particles = particles;
        Attributes = attributes;
        RequiredAttributes = required;
        Children = particles
            .SelectMany((p, i) => p.Members.Select(m => KeyValuePair.Create(m.Name, (i, m))))
            .ToFrozenDictionary();
    }
}

/// <summary>One item of a sequence: an element, or a choice of elements; <see cref="Max"/> is int.MaxValue when unbounded.</summary>
internal sealed record Particle(ElementShape[] Members, int Min, int Max, bool IsChoice);

/// <summary>An element declaration: a complex or a simple type.</summary>
internal sealed record ElementShape(XName Name, ComplexShape? Complex, SimpleShape? Simple)
{
    /// <summary>mRID and name (of Names, NameType ...) hold identifiers: bounded by XmlLimits.MaxIdentifierLength.</summary>
    public bool IsIdentifier { get; } = Name.LocalName is "mRID" or "name";
}

/// <summary>The lexical space of a simple type (after white space is collapsed, except for strings).</summary>
internal enum SimpleKind { String, Boolean, DateTime, Date, Time, Integer, Int, Long, Float, Decimal }

/// <summary>A simple type: built-in or a named restriction; <see cref="Values"/> holds its enumeration, if any.</summary>
internal sealed record SimpleShape(string Name, SimpleKind Kind, FrozenSet<string>? Values)
{
    public static SimpleKind Builtin(string name) => name switch
    {
        "xs:string" or "xs:normalizedString" or "xs:token" or "xs:anyURI" or "xs:QName" or "xs:NCName" or "xs:language" => SimpleKind.String,
        "xs:boolean" => SimpleKind.Boolean,
        "xs:dateTime" => SimpleKind.DateTime,
        "xs:date" => SimpleKind.Date,
        "xs:time" => SimpleKind.Time,
        "xs:integer" or "xs:nonNegativeInteger" or "xs:positiveInteger" or "xs:nonPositiveInteger" or "xs:negativeInteger" => SimpleKind.Integer,
        "xs:int" or "xs:short" or "xs:byte" => SimpleKind.Int,
        "xs:long" => SimpleKind.Long,
        "xs:float" or "xs:double" => SimpleKind.Float,
        "xs:decimal" => SimpleKind.Decimal,
        _ => throw new InvalidDataException($"The built-in type {name} is not understood by the profile shapes"),
    };

    /// <summary>True when <paramref name="text"/> is in the lexical space of this type (and its enumeration).</summary>
    public bool Accepts(string text)
    {
        if (Kind == SimpleKind.String && Values is null)
        {
            return true;
        }

        var value = text.Trim();
        var valid = Kind switch
        {
            SimpleKind.String => true,
            SimpleKind.Boolean => XsdLexical.TryParseBoolean(value, out _),
            SimpleKind.DateTime => XsdLexical.TryParseDateTime(value, out _),
            SimpleKind.Date => XsdLexical.TryParseDate(value, out _),
            SimpleKind.Time => XsdLexical.IsTime(value),
            SimpleKind.Integer => XsdLexical.IsInteger(value),
            SimpleKind.Int => XsdLexical.IsInteger(value) && int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
            SimpleKind.Long => XsdLexical.IsInteger(value) && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
            SimpleKind.Float => XsdLexical.IsFloat(value),
            SimpleKind.Decimal => XsdLexical.IsDecimal(value),
            _ => false,
        };
        return valid && (Values is null || Values.Contains(value));
    }
}
