using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using CsCheck;

namespace Orleans.Metering.Gateway.Tests.Fuzz;

/// <summary>The ways a careless or hostile client bends a valid message (issue 19's list).</summary>
public enum MutationKind
{
    RepeatElement,
    RemoveElement,
    RenameElement,
    SwapWithNextSibling,
    ReplaceText,
    ReplaceTextWithCharacterReference,
    MultiplyAttributes,
    InsertUnknownElement,
    Truncate,
}

/// <summary>One mutation of one seed message: what, where (an element index, taken modulo the count) and with what.</summary>
public sealed record MessageMutation(int Seed, MutationKind Kind, int Target, string Text, int Times)
{
    /// <summary>Any Unicode scalar value: control characters, non-characters, astral planes; never a surrogate code point.</summary>
    private static readonly Gen<string> AnyText =
        Gen.Int[0, 0x10FFFF].Where(c => c is < 0xD800 or > 0xDFFF).Select(char.ConvertFromUtf32).Array[0, 12].Select(string.Concat);

    public static Gen<MessageMutation> Over(int seeds) =>
        Gen.Select(Gen.Int[0, seeds - 1], Gen.Enum<MutationKind>(), Gen.Int[0, 200], AnyText, Gen.Int[1, 300],
            (seed, kind, target, text, times) => new MessageMutation(seed, kind, target, text, times));

    /// <summary>The mutated message as bytes (UTF-8); written without character checks so that what XML cannot carry is sent as it is.</summary>
    public byte[] Apply(string seedXml)
    {
        var document = XDocument.Parse(seedXml);
        var elements = document.Descendants().ToList();
        var element = elements[Target % elements.Count];
        string? raw = null;
        switch (Kind)
        {
            case MutationKind.RepeatElement when element.Parent is not null:
                element.AddAfterSelf(new XElement(element));
                break;
            case MutationKind.RemoveElement when element.Parent is not null:
                element.Remove();
                break;
            case MutationKind.RenameElement:
                element.Name = element.Name.Namespace + (element.Name.LocalName + "x");
                break;
            case MutationKind.SwapWithNextSibling when element.NextNode is XElement next:
                next.Remove();
                element.AddBeforeSelf(next);
                break;
            case MutationKind.ReplaceText when !element.HasElements:
                element.Value = Text;
                break;
            case MutationKind.ReplaceTextWithCharacterReference when !element.HasElements:
                var marker = "FUZZ-REF-" + Target.ToString(CultureInfo.InvariantCulture);
                element.Value = marker;
                var references = string.Concat(Text.EnumerateRunes().Select(r => "&#" + r.Value.ToString(CultureInfo.InvariantCulture) + ";"));
                raw = Write(document).Replace(marker, references, StringComparison.Ordinal);
                break;
            case MutationKind.MultiplyAttributes:
                for (var i = 0; i < Times; i++)
                {
                    element.SetAttributeValue("a" + i.ToString(CultureInfo.InvariantCulture), Text.Length > 0 ? "v" : "");
                }

                break;
            case MutationKind.InsertUnknownElement:
                element.Add(new XElement(element.Name.Namespace + "unexpected", "x"));
                break;
            case MutationKind.Truncate:
                var whole = Write(document);
                raw = whole[..(Target * whole.Length / 201)];
                break;
            default:
                element.Add(new XElement(element.Name.Namespace + "unexpected"));
                break;
        }

        return Encoding.UTF8.GetBytes(raw ?? Write(document));
    }

    private static string Write(XDocument document)
    {
        var text = new StringBuilder();
        using (var writer = XmlWriter.Create(text, new XmlWriterSettings { CheckCharacters = false, OmitXmlDeclaration = true }))
        {
            document.Save(writer);
        }

        return text.ToString();
    }

    public override string ToString() =>
        $"seed {Seed}, {Kind} at element {Target}, times {Times}, text [{string.Join(' ', Text.EnumerateRunes().Select(r => "U+" + r.Value.ToString("X4", CultureInfo.InvariantCulture)))}]";
}
