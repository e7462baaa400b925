using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Orleans.Metering.Cim.Messages;

/// <summary>
/// SOAP faults of the SOAP processing model itself (not 61968-100 answers): the MustUnderstand fault
/// for header blocks marked mustUnderstand that the platform does not understand (SOAP 1.1 section 4.4,
/// faultcode soap:MustUnderstand; SOAP 1.2 part 1 section 5.4.8, Code env:MustUnderstand with one
/// env:NotUnderstood header block a block).
/// </summary>
public static class SoapFaults
{
    private static readonly XNamespace Xml = XNamespace.Xml;

    /// <summary>The fault envelope, UTF-8 without BOM.</summary>
    public static byte[] MustUnderstand(SoapVersion soap, IReadOnlyList<XName> notUnderstood)
    {
        ArgumentNullException.ThrowIfNull(notUnderstood);
        var reason = "Header block(s) not understood: " + string.Join(", ", notUnderstood.Select(n => $"{{{n.NamespaceName}}}{n.LocalName}"));
        XElement envelope;
        if (soap == SoapVersion.Soap12)
        {
            XNamespace env = CimNamespaces.Soap12;
            envelope = new XElement(
                env + "Envelope",
                new XAttribute(XNamespace.Xmlns + "env", env.NamespaceName),
                new XElement(env + "Header", notUnderstood.Select((n, i) => new XElement(
                    env + "NotUnderstood",
                    new XAttribute(XNamespace.Xmlns + ("b" + i), n.NamespaceName),
                    new XAttribute("qname", $"b{i}:{n.LocalName}")))),
                new XElement(env + "Body", new XElement(
                    env + "Fault",
                    new XElement(env + "Code", new XElement(env + "Value", "env:MustUnderstand")),
                    new XElement(env + "Reason", new XElement(env + "Text", new XAttribute(Xml + "lang", "en"), reason)))));
        }
        else
        {
            XNamespace soap11 = CimNamespaces.Soap11;
            envelope = new XElement(
                soap11 + "Envelope",
                new XAttribute(XNamespace.Xmlns + "soap", soap11.NamespaceName),
                new XElement(soap11 + "Body", new XElement(
                    soap11 + "Fault",
                    new XElement("faultcode", "soap:MustUnderstand"),
                    new XElement("faultstring", reason))));
        }

        using var output = new MemoryStream();
        using (var writer = XmlWriter.Create(output, new XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
        {
            envelope.WriteTo(writer);
        }

        return output.ToArray();
    }
}
