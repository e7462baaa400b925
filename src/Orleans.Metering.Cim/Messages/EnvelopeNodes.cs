using System.Xml.Linq;
using Orleans.Metering.Cim.Codes;

namespace Orleans.Metering.Cim.Messages;

/// <summary>
/// What Message.xsd allows in the envelope's own elements besides their children, checked in one walk
/// after the envelope was read: no text mixed with child elements, and no attributes but namespace
/// declarations, xsi:* and xml:*, and on ID / relatedID the IDatts group (idType, idAuthority, kind,
/// objectType). Payload documents and extension elements (other namespaces) are not entered: their
/// profiles check them.
/// </summary>
internal static class EnvelopeNodes
{
    private static readonly XNamespace Xsi = "http://www.w3.org/2001/XMLSchema-instance";
    private static readonly HashSet<string> IdAttributes = new(["idType", "idAuthority", "kind", "objectType"], StringComparer.Ordinal);

    public static void Check(XElement message, Func<XElement, bool> isEnvelope)
    {
        ArgumentNullException.ThrowIfNull(message);
        var pending = new Stack<(XElement Element, string Path)>();
        pending.Push((message, ""));
        while (pending.Count > 0)
        {
            var (element, path) = pending.Pop();
            CheckAttributes(element, path);
            var hasChildren = false;
            foreach (var child in element.Elements())
            {
                hasChildren = true;
                if (isEnvelope(child))
                {
                    pending.Push((child, path.Length == 0 ? child.Name.LocalName : path + "/" + child.Name.LocalName));
                }
            }

            if (hasChildren && element.Nodes().OfType<XText>().Any(t => !string.IsNullOrWhiteSpace(t.Value)))
            {
                throw new CimException(ReplyCode.SchemaInvalid, $"Text is not allowed between the elements of {Name(element, path)}", xpath: Name(element, path));
            }
        }
    }

    private static void CheckAttributes(XElement element, string path)
    {
        foreach (var attribute in element.Attributes())
        {
            var ns = attribute.Name.Namespace;
            if (attribute.IsNamespaceDeclaration || ns == Xsi || ns == XNamespace.Xml
                || (ns == XNamespace.None && element.Name.LocalName is "ID" or "relatedID" && IdAttributes.Contains(attribute.Name.LocalName)))
            {
                continue;
            }

            throw new CimException(ReplyCode.SchemaInvalid, $"Attribute {attribute.Name.LocalName} is not allowed on {Name(element, path)}", xpath: Name(element, path));
        }
    }

    private static string Name(XElement element, string path) => path.Length == 0 ? element.Name.LocalName : path;
}
