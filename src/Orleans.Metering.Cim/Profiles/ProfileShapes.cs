using System.Xml.Linq;
using Orleans.Metering.Cim.Codes;
using Orleans.Metering.Cim.Documents;
using Orleans.Metering.Cim.Xml;

namespace Orleans.Metering.Cim.Profiles;

/// <summary>
/// Checks a profile document against the shape of its reference XSD (see <see cref="ProfileShape"/>)
/// in one walk: sequence order, occurrences, unknown children, missing mandatory children, declared
/// attributes (namespace declarations and xsi:* aside), text in complex elements, elements in simple
/// ones, the lexical forms of the simple types and the text bounds of <see cref="XmlLimits"/>.
/// Linear in the size of the document; paths are built only for the error.
/// </summary>
public static class ProfileShapes
{
    private static readonly XNamespace Xsi = "http://www.w3.org/2001/XMLSchema-instance";

    /// <summary>
    /// Throws <see cref="CimException"/> for the first departure from the profile: 1.8 (SchemaInvalid)
    /// for what the schema does not allow, 5.8 (MandatoryFieldMissing) for a missing mandatory element,
    /// 3.1 (TooManyItems) for a text over <see cref="XmlLimits.MaxIdentifierLength"/> or <see cref="XmlLimits.MaxTextLength"/>.
    /// The XPath is relative to the profile root, as the document readers give it.
    /// </summary>
    public static void Check(XElement root, string noun, XmlLimits? limits = null) => Check(root, noun, limits, null);

    /// <param name="identify">Names the object (mRID or name, CIM class) of a top-level item the error is in.</param>
    internal static void Check(XElement root, string noun, XmlLimits? limits, Func<XElement, (string Id, string Type)?>? identify)
    {
        ArgumentNullException.ThrowIfNull(root);
        var shape = ProfileShape.For(noun);
        new Walk(limits ?? XmlLimits.Default, root, identify).Complex(root, shape.RootType);
    }

    private sealed class Walk(XmlLimits limits, XElement root, Func<XElement, (string Id, string Type)?>? identify)
    {
        public void Complex(XElement element, ComplexShape type)
        {
            if (element.HasAttributes || type.RequiredAttributes.Length > 0)
            {
                Attributes(element, type);
            }

            var particles = type.Particles;
            int position = -1, count = 0;
            XElement? previous = null;
            for (var node = element.FirstNode; node is not null; node = node.NextNode)
            {
                if (node is XElement child)
                {
                    if (!type.Children.TryGetValue(child.Name, out var entry))
                    {
                        throw Fail(child, ReplyCode.SchemaInvalid, $"Element {Path(child)} is not allowed here by the profile{Namespace(child)}");
                    }

                    var index = entry.Particle;
                    if (index == position)
                    {
                        if (++count > particles[index].Max)
                        {
                            throw Repeated(child, previous!, particles[index], count);
                        }
                    }
                    else if (index > position)
                    {
                        Skip(element, particles, position, count, index, child);
                        position = index;
                        count = 1;
                    }
                    else
                    {
                        throw Fail(child, ReplyCode.SchemaInvalid, $"Element {Path(child)} is out of order: the profile puts it before {previous!.Name.LocalName}");
                    }

                    if (entry.Element.Complex is { } complex)
                    {
                        Complex(child, complex);
                    }
                    else
                    {
                        Simple(child, entry.Element);
                    }

                    previous = child;
                }
                else if (node is XText text && !IsWhiteSpace(text.Value))
                {
                    throw Fail(element, ReplyCode.SchemaInvalid, $"Element {Path(element)} holds text; the profile allows only elements in it");
                }
            }

            Skip(element, particles, position, count, particles.Length, null);
        }

        /// <summary>The particles from <paramref name="position"/> (seen <paramref name="count"/> times) up to <paramref name="next"/> are complete.</summary>
        private void Skip(XElement parent, Particle[] particles, int position, int count, int next, XElement? at)
        {
            if (position >= 0 && count < particles[position].Min)
            {
                throw Missing(parent, particles[position], at);
            }

            for (var i = position + 1; i < next; i++)
            {
                if (particles[i].Min > 0)
                {
                    throw Missing(parent, particles[i], at);
                }
            }
        }

        private void Simple(XElement element, ElementShape declaration)
        {
            if (element.HasAttributes)
            {
                Attributes(element, null);
            }

            if (element.HasElements)
            {
                throw Fail(element, ReplyCode.SchemaInvalid, $"Element {Path(element)} holds elements; the profile gives it the simple type {declaration.Simple!.Name}");
            }

            Value(element, element.Value, declaration.Simple!, declaration.IsIdentifier, null);
        }

        private void Attributes(XElement element, ComplexShape? type)
        {
            var seen = 0;
            for (var attribute = element.FirstAttribute; attribute is not null; attribute = attribute.NextAttribute)
            {
                var name = attribute.Name;
                if (attribute.IsNamespaceDeclaration || name.Namespace == Xsi)
                {
                    continue;
                }

                if (name.Namespace != XNamespace.None || type is null || !type.Attributes.TryGetValue(name.LocalName, out var simple))
                {
                    throw Fail(element, ReplyCode.SchemaInvalid, $"Attribute {Path(element)}/@{name.LocalName} is not declared by the profile{Namespace(attribute.Name)}", "/@" + name.LocalName);
                }

                seen++;
                Value(element, attribute.Value, simple, name.LocalName == ProfileDocuments.Ref, "/@" + name.LocalName);
            }

            if (type is not null && seen < type.RequiredAttributes.Length)
            {
                var missing = type.RequiredAttributes.First(a => element.Attribute(a) is null);
                throw Fail(element, ReplyCode.MandatoryFieldMissing, $"Mandatory attribute {Path(element)}/@{missing} is missing", "/@" + missing);
            }
        }

        private void Value(XElement element, string text, SimpleShape type, bool identifier, string? attribute)
        {
            var most = identifier ? limits.MaxIdentifierLength : limits.MaxTextLength;
            if (text.Length > most)
            {
                throw Fail(
                    element,
                    ReplyCode.TooManyItems,
                    $"{Path(element)}{attribute} is {text.Length} characters long; at most {most} are accepted for {(identifier ? "an identifier" : "a text")}",
                    attribute);
            }

            if (!type.Accepts(text))
            {
                throw Fail(element, ReplyCode.SchemaInvalid, $"Value '{Clip(text)}' of {Path(element)}{attribute} is not a valid {type.Name}", attribute);
            }
        }

        private CimException Repeated(XElement child, XElement previous, Particle particle, int count)
        {
            var message = particle.IsChoice && particle.Max == 1
                ? $"Element {Path(child)} follows {previous.Name.LocalName}; the profile allows one of {string.Join(", ", particle.Members.Select(m => m.Name.LocalName))}"
                : particle.Max == 1
                    ? $"Element {Path(child)} appears twice; the profile allows it once"
                    : $"Element {Path(child)} appears {count} times; the profile allows it at most {particle.Max} times";
            return Fail(child, ReplyCode.SchemaInvalid, message);
        }

        private CimException Missing(XElement parent, Particle particle, XElement? at)
        {
            // A mandatory element that comes later is out of order rather than missing.
            if (at?.ElementsAfterSelf().FirstOrDefault(e => Array.Exists(particle.Members, m => m.Name == e.Name)) is { } later)
            {
                return Fail(later, ReplyCode.SchemaInvalid, $"Element {Path(later)} is out of order: the profile puts it before {at.Name.LocalName}");
            }

            var first = particle.Members[0].Name;
            var before = at is null ? "" : $" (before {at.Name.LocalName})";
            var what = particle.IsChoice ? $"one of {string.Join(", ", particle.Members.Select(m => m.Name.LocalName))} in {Path(parent)}" : Path(parent, first);
            return Fail(parent, ReplyCode.MandatoryFieldMissing, $"Mandatory element {what} is missing{before}", "/" + first.LocalName);
        }

        /// <summary>The exception, with the XPath of <paramref name="at"/> (plus <paramref name="suffix"/>) and the top-level item it is in.</summary>
        private CimException Fail(XElement at, ReplyCode code, string message, string? suffix = null)
        {
            var path = at != root ? ProfileXml.PathOf(at) + suffix : suffix?.TrimStart('/') ?? root.Name.LocalName;
            var item = at;
            while (item.Parent is { } parent && parent != root)
            {
                item = parent;
            }

            var id = item != root ? identify?.Invoke(item) : null;
            return new CimException(code, message, id?.Id, id?.Type, path);
        }

        private string Path(XElement element) => element == root ? root.Name.LocalName : ProfileXml.PathOf(element);

        private string Path(XElement parent, XName child) => parent == root ? child.LocalName : ProfileXml.PathOf(parent) + "/" + child.LocalName;

        private string Namespace(XElement element) => Namespace(element.Name);

        private string Namespace(XName name) =>
            name.Namespace == root.Name.Namespace ? "" : name.NamespaceName.Length == 0 ? " (no namespace)" : $" (namespace '{name.NamespaceName}')";
    }

    private static bool IsWhiteSpace(string text)
    {
        foreach (var c in text)
        {
            if (c is not (' ' or '\t' or '\r' or '\n'))
            {
                return false;
            }
        }

        return true;
    }

    private static string Clip(string text) => text.Length <= 64 ? text : text[..64] + "...";
}
