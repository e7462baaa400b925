using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Xml.Linq;
using Orleans.Metering.Cim.Profiles.Generated;

namespace Orleans.Metering.Cim.Profiles;

/// <summary>
/// The shape of one profile document as its reference XSD declares it, compiled from the generated
/// table (Profiles/Generated, one line a type): the root element and, per complex type, the sequence
/// of child elements and choices with their occurrences, the declared attributes and the simple
/// types of the values. Element names are resolved in the profile namespace once, so that checking
/// compares names by reference.
/// </summary>
internal sealed class ProfileShape
{
    private static readonly ConcurrentDictionary<string, ProfileShape> Compiled = new(StringComparer.Ordinal);

    private ProfileShape(XName root, ComplexShape type)
    {
        Root = root;
        RootType = type;
    }

    public XName Root { get; }

    public ComplexShape RootType { get; }

    /// <summary>Nouns whose reference XSD has a table.</summary>
    public static IEnumerable<string> Nouns => ProfileShapeTables.ByNoun.Keys;

    /// <summary>The shape of profile <paramref name="noun"/>; compiled on first use.</summary>
    public static ProfileShape For(string noun) => Compiled.GetOrAdd(noun, static n =>
        ProfileShapeTables.ByNoun.TryGetValue(n, out var table)
            ? Compile(n, table)
            : throw new InvalidOperationException($"No profile shape for the noun {n} (no ../shared/cim/xsd/{n}.xsd when the tables were generated)"));

    private static ProfileShape Compile(string noun, string table)
    {
        var lines = Lines(table).ToList();
        var common = Lines(ProfileShapeTables.Common).ToDictionary(l => l.Name, StringComparer.Ordinal);
        var own = lines.Skip(1).ToDictionary(l => l.Name, StringComparer.Ordinal);
        var compiler = new Compiler(CimNamespaces.Profile(noun), name => own.GetValueOrDefault(name) ?? common.GetValueOrDefault(name));
        var root = lines[0];
        if (root.Operator != ":")
        {
            throw new InvalidDataException($"The {noun} table does not start with its root element");
        }

        return new ProfileShape(compiler.Namespace + root.Name, compiler.Complex(root.Body));
    }

    private sealed record Line(string Name, string Operator, string Body);

    private static IEnumerable<Line> Lines(string table)
    {
        foreach (var text in table.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var first = text.IndexOf(' ', StringComparison.Ordinal);
            var second = text.IndexOf(' ', first + 1);
            yield return second < 0
                ? new Line(text[..first], text[(first + 1)..], "")
                : new Line(text[..first], text[(first + 1)..second], text[(second + 1)..]);
        }
    }

    /// <summary>Turns lines into shapes; each type once (types may refer to each other in any order).</summary>
    private sealed class Compiler(string ns, Func<string, Line?> find)
    {
        private readonly Dictionary<string, ComplexShape> complex = new(StringComparer.Ordinal);
        private readonly Dictionary<string, SimpleShape> simple = new(StringComparer.Ordinal);

        public XNamespace Namespace { get; } = ns;

        public ComplexShape Complex(string name)
        {
            if (complex.TryGetValue(name, out var shape))
            {
                return shape;
            }

            var line = Find(name, "=");
            complex[name] = shape = new ComplexShape(name);
            var particles = new List<Particle>();
            var attributes = new Dictionary<string, SimpleShape>(StringComparer.Ordinal);
            var required = new List<string>();
            foreach (var part in line.Body.Split(", ", StringSplitOptions.RemoveEmptyEntries))
            {
                if (part[0] == '@')
                {
                    var optional = part[^1] == '?';
                    var (attribute, type) = Split(optional ? part[1..^1] : part[1..]);
                    attributes.Add(attribute, Simple(type));
                    if (!optional) required.Add(attribute);
                }
                else
                {
                    var (body, min, max) = Occurs(part);
                    var members = body[0] == '(' ? body[1..^1].Split(" | ") : [body];
                    particles.Add(new Particle(members.Select(Element).ToArray(), min, max, body[0] == '('));
                }
            }

            shape.Fill(particles.ToArray(), attributes.ToFrozenDictionary(StringComparer.Ordinal), required.ToArray());
            return shape;
        }

        private ElementShape Element(string declaration)
        {
            var (name, type) = Split(declaration);
            var xname = Namespace + name;
            return type.StartsWith("xs:", StringComparison.Ordinal) || find(type)?.Operator == "~"
                ? new ElementShape(xname, null, Simple(type))
                : new ElementShape(xname, Complex(type), null);
        }

        private SimpleShape Simple(string name)
        {
            if (simple.TryGetValue(name, out var shape))
            {
                return shape;
            }

            if (name.StartsWith("xs:", StringComparison.Ordinal))
            {
                return simple[name] = new SimpleShape(name, SimpleShape.Builtin(name), null);
            }

            var words = Find(name, "~").Body.Split(' ');
            var @base = Simple(words[0]);
            var values = words.Length > 1 ? words[1..].ToFrozenSet(StringComparer.Ordinal) : @base.Values;
            return simple[name] = new SimpleShape(name, @base.Kind, values);
        }

        private Line Find(string name, string op) =>
            find(name) is { } line && line.Operator == op
                ? line
                : throw new InvalidDataException($"The profile table of {Namespace.NamespaceName} has no {(op == "=" ? "complex" : "simple")} type {name}");

        private static (string Name, string Type) Split(string declaration)
        {
            var colon = declaration.IndexOf(':', StringComparison.Ordinal);
            return (declaration[..colon], declaration[(colon + 1)..]);
        }

        private static (string Body, int Min, int Max) Occurs(string part) => part[^1] switch
        {
            '?' => (part[..^1], 0, 1),
            '*' => (part[..^1], 0, int.MaxValue),
            '+' => (part[..^1], 1, int.MaxValue),
            '}' => Range(part),
            _ => (part, 1, 1),
        };

        private static (string Body, int Min, int Max) Range(string part)
        {
            var open = part.LastIndexOf('{');
            var bounds = part[(open + 1)..^1].Split(',');
            return (part[..open], int.Parse(bounds[0], System.Globalization.CultureInfo.InvariantCulture),
                bounds[1] == "*" ? int.MaxValue : int.Parse(bounds[1], System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
