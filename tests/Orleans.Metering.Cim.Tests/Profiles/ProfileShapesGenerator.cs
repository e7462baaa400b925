using System.Text;
using System.Xml.Linq;

namespace Orleans.Metering.Cim.Tests.Profiles;

/// <summary>
/// Reads the reference profile XSDs (../shared/cim/xsd) and writes their shapes as the one-line-a-type
/// tables that src/Orleans.Metering.Cim/Profiles/ProfileTable.cs reads. Only the constructs the profiles
/// use are understood (named and anonymous complex types holding a sequence of elements and choices,
/// attributes, simple types restricting a built-in type by enumeration); anything else fails the
/// generation, so that no fact of a schema is dropped silently.
/// </summary>
internal static class ProfileShapesGenerator
{
    private static readonly XNamespace Xs = "http://www.w3.org/2001/XMLSchema";

    /// <summary>The envelope schema: its shape is the reader's (CimMessageReader), not a profile table.</summary>
    public const string EnvelopeSchema = "Message.xsd";

    /// <summary>The type lines of one schema: the root line first, then every type in schema order.</summary>
    public sealed record Schema(string Noun, string File, string RootLine, List<TypeLine> Types);

    /// <summary>One type: its name, its line and the named types it refers to.</summary>
    public sealed record TypeLine(string Name, string Line, IReadOnlyList<string> References);

    public static Schema Read(string path)
    {
        var root = XDocument.Load(path).Root!;
        var file = Path.GetFileName(path);
        Require(root.Name == Xs + "schema", file, "the root is not xs:schema");
        Require((string?)root.Attribute("elementFormDefault") == "qualified", file, "elementFormDefault is not qualified");
        Require((string?)root.Attribute("attributeFormDefault") is null or "unqualified", file, "attributeFormDefault is not unqualified");
        var reader = new SchemaReader(file, (string)root.Attribute("targetNamespace")!);
        string? rootLine = null;
        foreach (var child in root.Elements())
        {
            switch (child.Name.LocalName)
            {
                case "annotation": break;
                case "element":
                    Require(rootLine is null, file, "more than one global element");
                    rootLine = $"{Name(child, file)} : {reader.TypeOf(child, "")}";
                    Require(reader.Pending.Count == 0, file, "a global element with an anonymous type");
                    break;
                case "complexType": reader.Complex(Name(child, file), child); break;
                case "simpleType": reader.Simple(Name(child, file), child); break;
                default: throw Unsupported(file, child);
            }
        }

        Require(rootLine is not null, file, "no global element");
        return new Schema(Path.GetFileNameWithoutExtension(file), file, rootLine!, reader.Types);
    }

    private sealed class SchemaReader(string file, string targetNamespace)
    {
        public List<TypeLine> Types { get; } = [];

        /// <summary>Anonymous types met while writing a line, written right after it.</summary>
        public List<(string Name, XElement Definition)> Pending { get; } = [];

        public void Complex(string name, XElement type)
        {
            var parts = new List<string>();
            var references = new List<string>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            var sequences = 0;
            foreach (var child in type.Elements())
            {
                switch (child.Name.LocalName)
                {
                    case "annotation": break;
                    case "sequence":
                        Require(++sequences == 1 && Occurs(child) == "", file, $"{name}: a repeated or second sequence");
                        foreach (var particle in child.Elements().Where(e => e.Name.LocalName != "annotation"))
                        {
                            parts.Add(particle.Name.LocalName switch
                            {
                                "element" => Element(name, particle, names, references),
                                "choice" => Choice(name, particle, names, references),
                                _ => throw Unsupported(file, particle),
                            });
                        }

                        break;
                    case "attribute": parts.Add(Attribute(name, child)); break;
                    default: throw Unsupported(file, child);
                }
            }

            Add(name, $"{name} ={(parts.Count == 0 ? "" : " " + string.Join(", ", parts))}", references);
        }

        public void Simple(string name, XElement type)
        {
            var restriction = type.Elements().Single(e => e.Name.LocalName != "annotation");
            Require(restriction.Name == Xs + "restriction", file, $"{name}: only restrictions are understood");
            var values = new List<string>();
            foreach (var facet in restriction.Elements().Where(e => e.Name.LocalName != "annotation"))
            {
                Require(facet.Name == Xs + "enumeration", file, $"{name}: the facet {facet.Name.LocalName} is not understood");
                var value = (string)facet.Attribute("value")!;
                Require(value.Length > 0 && !value.Any(char.IsWhiteSpace), file, $"{name}: enumeration value '{value}' is empty or holds white space");
                values.Add(value);
            }

            var @base = TypeName((string)restriction.Attribute("base")!, restriction);
            List<string> references = @base.StartsWith("xs:", StringComparison.Ordinal) ? [] : [@base];
            Add(name, $"{name} ~ {@base}{string.Concat(values.Select(v => " " + v))}", references);
        }

        /// <summary>The type of an element or attribute: a built-in (xs:...), a named type, or a new anonymous one.</summary>
        public string TypeOf(XElement declaration, string owner)
        {
            var inline = declaration.Elements().Where(e => e.Name.LocalName is "complexType" or "simpleType").ToList();
            var type = (string?)declaration.Attribute("type");
            Require((type is null) != (inline.Count == 0) && inline.Count <= 1, file, $"{owner}/{declaration.Attribute("name")}: needs exactly one type");
            if (type is not null)
            {
                return TypeName(type, declaration);
            }

            var name = owner + "." + Name(declaration, file);
            Pending.Add((name, inline[0]));
            return name;
        }

        private string Element(string owner, XElement element, HashSet<string> names, List<string> references)
        {
            var name = Name(element, file);
            Require(names.Add(name), file, $"{owner}: the element {name} is declared twice");
            var type = TypeOf(element, owner);
            if (!type.StartsWith("xs:", StringComparison.Ordinal)) references.Add(type);
            return $"{name}:{type}{Occurs(element)}";
        }

        private string Choice(string owner, XElement choice, HashSet<string> names, List<string> references)
        {
            var members = choice.Elements().Where(e => e.Name.LocalName != "annotation").Select(member =>
            {
                Require(member.Name == Xs + "element" && Occurs(member) == "", file, $"{owner}: a choice member that is not a single element");
                return Element(owner, member, names, references);
            });
            return $"({string.Join(" | ", members)}){Occurs(choice)}";
        }

        private string Attribute(string owner, XElement attribute)
        {
            Require(attribute.Attribute("fixed") is null && attribute.Attribute("default") is null, file, $"{owner}: attribute defaults are not understood");
            var type = TypeOf(attribute, owner);
            Require(type.StartsWith("xs:", StringComparison.Ordinal), file, $"{owner}: attributes of named or anonymous types are not understood");
            return $"@{Name(attribute, file)}:{type}{((string?)attribute.Attribute("use") == "required" ? "" : "?")}";
        }

        private void Add(string name, string line, List<string> references)
        {
            Require(Types.TrueForAll(t => t.Name != name), file, $"the type {name} is declared twice");
            Types.Add(new TypeLine(name, line, references.Distinct().ToList()));
            var pending = Pending.ToList();
            Pending.Clear();
            foreach (var (inner, definition) in pending)
            {
                if (definition.Name == Xs + "complexType") Complex(inner, definition);
                else Simple(inner, definition);
            }
        }

        private string TypeName(string qualified, XElement scope)
        {
            var colon = qualified.IndexOf(':', StringComparison.Ordinal);
            var ns = scope.GetNamespaceOfPrefix(colon < 0 ? "" : qualified[..colon]) ?? XNamespace.None;
            var local = qualified[(colon + 1)..];
            if (ns == Xs) return "xs:" + local;
            Require(ns.NamespaceName == targetNamespace, file, $"the type {qualified} is in another namespace");
            return local;
        }

        private string Occurs(XElement particle)
        {
            var min = (string?)particle.Attribute("minOccurs") ?? "1";
            var max = (string?)particle.Attribute("maxOccurs") ?? "1";
            return (min, max) switch
            {
                ("1", "1") => "",
                ("0", "1") => "?",
                ("0", "unbounded") => "*",
                ("1", "unbounded") => "+",
                _ => $"{{{min},{(max == "unbounded" ? "*" : max)}}}",
            };
        }
    }

    private static string Name(XElement declaration, string file)
    {
        Require(declaration.Attribute("ref") is null, file, $"{declaration.Name.LocalName} references (ref=) are not understood");
        return (string?)declaration.Attribute("name") ?? throw new InvalidDataException($"{file}: a {declaration.Name.LocalName} without a name");
    }

    private static void Require(bool condition, string file, string what)
    {
        if (!condition) throw new InvalidDataException($"{file}: {what}");
    }

    private static InvalidDataException Unsupported(string file, XElement e) =>
        new($"{file}: xs:{e.Name.LocalName} in {e.Parent?.Name.LocalName} is not understood by the generator (line {((System.Xml.IXmlLineInfo)e).LineNumber})");

    /// <summary>The C# file holding one table (a raw string constant of ProfileShapeTables).</summary>
    public static string Render(string constant, string source, IEnumerable<string> lines)
    {
        var text = new StringBuilder();
        text.Append("// generated from ").Append(source).Append(" by ProfileShapesGeneratorTests; do not edit\n");
        text.Append("// (METERING_REGENERATE_PROFILES=1 dotnet test tests/Orleans.Metering.Cim.Tests --filter ProfileShapesGeneratorTests rewrites it).\n");
        text.Append("namespace Orleans.Metering.Cim.Profiles.Generated;\n\n");
        text.Append("internal static partial class ProfileShapeTables\n{\n");
        text.Append("    public const string ").Append(constant).Append(" = \"\"\"\n");
        foreach (var line in lines)
        {
            text.Append("        ").Append(line).Append('\n');
        }

        text.Append("        \"\"\";\n}\n");
        return text.ToString();
    }
}
