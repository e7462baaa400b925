using System.Xml.Linq;
using Orleans.Metering.Cim.Codes;

namespace Orleans.Metering.Cim.Messages;

/// <summary>
/// Opens a SOAP 1.1 or 1.2 Envelope as the reader's first step: the Envelope holds an optional Header
/// then one Body, once each and nothing else (SOAP 1.2; for 1.1 as WS-I Basic Profile R1011 has it),
/// the Body holds one element (the 61968-100 message), and no text stands between them. Header blocks
/// are not processed (the platform understands none yet); those that are marked mustUnderstand and
/// are meant for this node are returned, for the caller to answer with a MustUnderstand fault.
/// </summary>
internal static class SoapEnvelope
{
    private const string Actor11Next = "http://schemas.xmlsoap.org/soap/actor/next";
    private const string Role12Next = "http://www.w3.org/2003/05/soap-envelope/role/next";
    private const string Role12Ultimate = "http://www.w3.org/2003/05/soap-envelope/role/ultimateReceiver";

    /// <summary>The message element inside Envelope/Body; 1.8 when the Envelope is not as described above.</summary>
    public static XElement Open(XElement envelope, out IReadOnlyList<XName> notUnderstood)
    {
        var ns = envelope.Name.Namespace;
        XElement? header = null, body = null;
        foreach (var child in Children(envelope, "Envelope"))
        {
            var name = child.Name.LocalName;
            if (child.Name.Namespace != ns || name is not ("Header" or "Body"))
            {
                throw Invalid($"Unexpected element {name} in the SOAP Envelope (only Header and Body, in that order)", "Envelope/" + name);
            }

            if ((name == "Header" && (header is not null || body is not null)) || (name == "Body" && body is not null))
            {
                throw Invalid($"The SOAP Envelope holds {(name == "Header" && body is not null && header is null ? "a Header after its Body" : "a second " + name)}", "Envelope/" + name);
            }

            if (name == "Header") header = child;
            else body = child;
        }

        if (body is null) throw Invalid("The SOAP Envelope has no Body", "Envelope/Body");
        notUnderstood = header is null ? [] : NotUnderstood(header, ns);
        var messages = Children(body, "Envelope/Body").Take(2).ToList();
        return messages.Count switch
        {
            0 => throw Invalid("The SOAP Body is empty", "Envelope/Body"),
            1 => messages[0],
            _ => throw Invalid("The SOAP Body holds more than one element; one 61968-100 message is expected", "Envelope/Body/" + messages[1].Name.LocalName),
        };
    }

    /// <summary>Header blocks marked mustUnderstand ("1" or "true") and targeted at this node (no actor/role, next, ultimateReceiver).</summary>
    private static List<XName> NotUnderstood(XElement header, XNamespace ns)
    {
        var soap12 = ns == CimNamespaces.Soap12;
        var found = new List<XName>();
        foreach (var block in Children(header, "Envelope/Header"))
        {
            var must = (string?)block.Attribute(ns + "mustUnderstand");
            var marked = must?.Trim() switch
            {
                null or "0" or "false" => false,
                "1" or "true" => true,
                _ => throw Invalid($"mustUnderstand '{must}' of the SOAP header block {block.Name.LocalName} is not a boolean", $"Envelope/Header/{block.Name.LocalName}/@mustUnderstand"),
            };
            var target = soap12 ? (string?)block.Attribute(ns + "role") : (string?)block.Attribute(ns + "actor");
            var forUs = target is null || target == (soap12 ? Role12Next : Actor11Next) || (soap12 && target == Role12Ultimate);
            if (marked && forUs)
            {
                found.Add(block.Name);
            }
        }

        return found;
    }

    /// <summary>The child elements; 1.8 for text between them.</summary>
    private static IEnumerable<XElement> Children(XElement element, string path)
    {
        foreach (var node in element.Nodes())
        {
            if (node is XElement child) yield return child;
            else if (node is XText text && !string.IsNullOrWhiteSpace(text.Value)) throw Invalid($"The SOAP {path} holds text", path);
        }
    }

    private static CimException Invalid(string reason, string xpath) => new(ReplyCode.SchemaInvalid, reason, xpath: xpath);
}
