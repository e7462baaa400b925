using System.Xml.Linq;
using Orleans.Metering.Cim.Profiles;

namespace Orleans.Metering.Cim.Tests.Profiles;

/// <summary>
/// Valid instances built from a profile's shape: every element of every sequence once (a choice by
/// its first member), every declared attribute, a value of each simple type. So every element path a
/// profile declares (down to a depth, and not into a type already being built) appears once.
/// </summary>
internal static class ShapeSamples
{
    private const int MaxDepth = 10;

    public static XElement Full(string noun)
    {
        var shape = ProfileShape.For(noun);
        var root = new XElement(shape.Root, new XAttribute(XNamespace.Xmlns + "m", shape.Root.NamespaceName));
        Fill(root, shape.RootType, [], 1);
        return root;
    }

    /// <summary>The declaration of every element of <paramref name="root"/> (built by <see cref="Full"/>), found by walking the shape alongside.</summary>
    public static Dictionary<XElement, (Particle Particle, ElementShape Element)> Declarations(XElement root, string noun)
    {
        var found = new Dictionary<XElement, (Particle, ElementShape)>();
        void Walk(XElement element, ComplexShape type)
        {
            foreach (var child in element.Elements())
            {
                var (index, declaration) = type.Children[child.Name];
                found[child] = (type.Particles[index], declaration);
                if (declaration.Complex is { } complex) Walk(child, complex);
            }
        }

        Walk(root, ProfileShape.For(noun).RootType);
        return found;
    }

    /// <summary>A valid text of <paramref name="type"/>.</summary>
    public static string Value(SimpleShape type) => type.Values?.Order(StringComparer.Ordinal).First() ?? type.Kind switch
    {
        SimpleKind.Boolean => "true",
        SimpleKind.DateTime => "2024-03-01T00:15:00Z",
        SimpleKind.Date => "2024-03-01",
        SimpleKind.Time => "12:30:00",
        SimpleKind.Integer or SimpleKind.Int or SimpleKind.Long => "7",
        SimpleKind.Float or SimpleKind.Decimal => "1.5",
        _ => "x",
    };

    private static void Fill(XElement element, ComplexShape type, List<ComplexShape> building, int depth)
    {
        foreach (var (name, simple) in type.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            element.Add(new XAttribute(name, Value(simple)));
        }

        building.Add(type);
        foreach (var particle in type.Particles)
        {
            var member = particle.Members[0];
            if (member.Simple is { } simple)
            {
                element.Add(new XElement(member.Name, Value(simple)));
            }
            else if (particle.Min > 0 || (depth < MaxDepth && !building.Contains(member.Complex!)))
            {
                var child = new XElement(member.Name);
                Fill(child, member.Complex!, building, depth + 1);
                element.Add(child);
            }
        }

        building.RemoveAt(building.Count - 1);
    }
}
