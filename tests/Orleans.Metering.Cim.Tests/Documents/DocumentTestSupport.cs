using System.Collections;
using System.Reflection;
using System.Xml.Linq;
using Orleans.Metering.Cim.Tests.Support;

namespace Orleans.Metering.Cim.Tests.Documents;

/// <summary>Deep comparison of document objects, and the envelopes used to save written documents for validation.</summary>
internal static class DocumentAssert
{
    /// <summary>Every public property (recursively, lists element by element) is equal.</summary>
    public static void DeepEqual(object? expected, object? actual, string path = "")
    {
        if (expected is null || actual is null)
        {
            Assert.True(expected is null && actual is null, $"{path}: expected {expected ?? "null"}, actual {actual ?? "null"}");
            return;
        }

        if (IsLeaf(expected))
        {
            Assert.True(Equals(expected, actual), $"{path}: expected {expected}, actual {actual}");
            return;
        }

        if (expected is IEnumerable expectedItems)
        {
            var e = expectedItems.Cast<object?>().ToList();
            var a = ((IEnumerable)actual).Cast<object?>().ToList();
            Assert.True(e.Count == a.Count, $"{path}: expected {e.Count} items, actual {a.Count}");
            for (var i = 0; i < e.Count; i++)
            {
                DeepEqual(e[i], a[i], $"{path}[{i}]");
            }

            return;
        }

        foreach (var property in Properties(expected))
        {
            DeepEqual(property.GetValue(expected), property.GetValue(actual), $"{path}.{property.Name}");
        }
    }

    /// <summary>
    /// Every public property is set (non-null, non-empty), recursively (of a list: its first item),
    /// except the named ones: proves that a sample exercises every field.
    /// </summary>
    public static void FullyPopulated(object value, params string[] except) => Populated(value, value.GetType().Name, except);

    private static void Populated(object? value, string path, string[] except)
    {
        Assert.True(value is not null, $"{path} is not set");
        switch (value)
        {
            case string s:
                Assert.True(s.Length > 0, $"{path} is empty");
                return;
            case var _ when IsLeaf(value):
                return;
            case IEnumerable items:
                var list = items.Cast<object?>().ToList();
                Assert.True(list.Count > 0, $"{path} is empty");
                Populated(list[0], $"{path}[0]", except);

                return;
        }

        foreach (var property in Properties(value))
        {
            if (!except.Contains(property.Name))
            {
                Populated(property.GetValue(value), $"{path}.{property.Name}", except);
            }
        }
    }

    private static bool IsLeaf(object value) =>
        value is string or DateTimeOffset or DateOnly or DateTime or decimal || value.GetType().IsPrimitive || value.GetType().IsEnum;

    private static IEnumerable<PropertyInfo> Properties(object value) =>
        value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0);
}

/// <summary>Wraps a written profile document in a minimal generic 61968-100 envelope and saves it for the validator.</summary>
internal static class Envelopes
{
    private static readonly XNamespace Msg = CimNamespaces.Message;

    /// <summary>An EventMessage (e.g. <c>created MeterConfig</c>) carrying the document as payload.</summary>
    public static XElement Event(string verb, string noun, XElement document) =>
        new(Msg + "EventMessage",
            new XAttribute(XNamespace.Xmlns + "msg", Msg.NamespaceName),
            Header(verb, noun),
            new XElement(Msg + "Payload", document));

    /// <summary>A RequestMessage carrying the document as payload (e.g. <c>create EndDeviceControls</c>).</summary>
    public static XElement RequestWithPayload(string verb, string noun, XElement document) =>
        new(Msg + "RequestMessage",
            new XAttribute(XNamespace.Xmlns + "msg", Msg.NamespaceName),
            Header(verb, noun),
            new XElement(Msg + "Payload", document));

    /// <summary>A <c>get</c> RequestMessage carrying a query document in Request.</summary>
    public static XElement Get(string noun, XElement query) =>
        new(Msg + "RequestMessage",
            new XAttribute(XNamespace.Xmlns + "msg", Msg.NamespaceName),
            Header("get", noun),
            new XElement(Msg + "Request", query));

    /// <summary>Saves the message under artifacts/cim-messages (name prefixed with Documents_) and returns it.</summary>
    public static XElement Save(string name, XElement message)
    {
        CimOutput.Save("Documents_" + name, message.ToString());
        return message;
    }

    private static XElement Header(string verb, string noun) =>
        new(Msg + "Header", new XElement(Msg + "Verb", verb), new XElement(Msg + "Noun", noun));
}
