using System.Xml.Linq;
using Orleans.Metering.Cim.Codes;
using Orleans.Metering.Cim.Documents;
using Orleans.Metering.Cim.Profiles;

namespace Orleans.Metering.Cim.Tests.Profiles;

/// <summary>
/// Mutations derived from the shapes: for every profile, a full valid instance (<see cref="ShapeSamples"/>)
/// and, at every element path in it, one departure from the profile, each expected to be refused with
/// its code and XPath. For the profiles the platform reads, the document reader must refuse it the
/// same way (the check runs before anything is read). The full instances validate against the
/// reference XSDs with xmllint (checked when the shapes were written; xmllint is not needed here).
/// </summary>
public sealed class ProfileShapeMutationTests
{
    public static TheoryData<string> Nouns => [.. ProfileShape.Nouns.Order(StringComparer.Ordinal)];

    public static TheoryData<string, string> NounsAndMutations()
    {
        var data = new TheoryData<string, string>();
        foreach (var noun in ProfileShape.Nouns.Order(StringComparer.Ordinal))
        {
            foreach (var kind in Mutations.Keys)
            {
                data.Add(noun, kind);
            }
        }

        return data;
    }

    /// <summary>Each mutation: applied to one element of a fresh instance, null when it does not apply there; returns the expected code and XPath.</summary>
    private static readonly Dictionary<string, Func<XElement, Particle, ElementShape, (ReplyCode Code, string XPath)?>> Mutations = new(StringComparer.Ordinal)
    {
        ["repeated"] = (e, particle, _) =>
        {
            if (particle.Max != 1) return null;
            e.AddAfterSelf(new XElement(e));
            return (ReplyCode.SchemaInvalid, ProfileXml.PathOf(e));
        },
        ["unknown child"] = (e, _, declaration) =>
        {
            if (declaration.Complex is null) return null;
            var unknown = new XElement(e.Name.Namespace + "primaryDeviceTimming");
            e.Add(unknown);
            return (ReplyCode.SchemaInvalid, ProfileXml.PathOf(unknown));
        },
        ["unknown sibling first"] = (e, _, _) =>
        {
            var unknown = new XElement(e.Name.Namespace + "Unexpected");
            e.AddBeforeSelf(unknown);
            return (ReplyCode.SchemaInvalid, ProfileXml.PathOf(unknown));
        },
        ["removed"] = (e, particle, _) =>
        {
            if (particle.Min == 0 || particle.IsChoice) return null;
            var path = ProfileXml.PathOf(e);
            e.Remove();
            return (ReplyCode.MandatoryFieldMissing, path);
        },
        ["reordered"] = (e, particle, _) =>
        {
            // Moved after its next sibling of a later particle: it is then out of order.
            if (e.ElementsAfterSelf().FirstOrDefault() is not { } next || next.Name == e.Name) return null;
            e.Remove();
            next.AddAfterSelf(e);
            return (ReplyCode.SchemaInvalid, ProfileXml.PathOf(e));
        },
        ["undeclared attribute"] = (e, _, _) =>
        {
            e.SetAttributeValue("undeclared", "1");
            return (ReplyCode.SchemaInvalid, ProfileXml.PathOf(e) + "/@undeclared");
        },
        ["bad value"] = (e, _, declaration) =>
        {
            if (declaration.Simple is not { } simple || (simple.Kind == SimpleKind.String && simple.Values is null)) return null;
            e.Value = "yes-or-no";
            return (ReplyCode.SchemaInvalid, ProfileXml.PathOf(e));
        },
        ["text in complex"] = (e, _, declaration) =>
        {
            if (declaration.Complex is null) return null;
            e.AddFirst("stray text");
            return (ReplyCode.SchemaInvalid, ProfileXml.PathOf(e));
        },
        ["element in simple"] = (e, _, declaration) =>
        {
            if (declaration.Simple is null) return null;
            e.Add(new XElement(e.Name.Namespace + "inner"));
            return (ReplyCode.SchemaInvalid, ProfileXml.PathOf(e));
        },
    };

    [Theory]
    [MemberData(nameof(Nouns))]
    public void The_full_instance_of_a_profile_passes(string noun) => ProfileShapes.Check(ShapeSamples.Full(noun), noun);

    [Theory]
    [MemberData(nameof(NounsAndMutations))]
    public void Every_mutation_at_every_path_is_refused_with_its_code_and_xpath(string noun, string kind)
    {
        var count = ShapeSamples.Declarations(ShapeSamples.Full(noun), noun).Count;
        var failures = new List<string>();
        var applied = 0;
        for (var i = 0; i < count; i++)
        {
            // A fresh instance each time; the i-th element in document order is mutated.
            var root = ShapeSamples.Full(noun);
            var declarations = ShapeSamples.Declarations(root, noun);
            var target = root.Descendants().ElementAt(i);
            var (particle, declaration) = declarations[target];
            var path = ProfileXml.PathOf(target);
            if (Mutations[kind](target, particle, declaration) is not { } expected)
            {
                continue;
            }

            applied++;
            var ex = Record.Exception(() => ProfileShapes.Check(root, noun)) as CimException;
            if (ex is null || ex.Code != expected.Code || ex.XPath != expected.XPath)
            {
                failures.Add($"{path}: expected {expected.Code.Code} at {expected.XPath}, got {(ex is null ? "no error" : $"{ex.Code.Code} at {ex.XPath} ({ex.Message})")}");
            }
            else if (Reader(noun) is { } read && Record.Exception(() => read(root)) is var again && (again as CimException)?.XPath != ex.XPath)
            {
                failures.Add($"{path}: the {noun} reader did not refuse it at {ex.XPath} ({again?.Message ?? "no error"})");
            }
        }

        Assert.True(kind is "element in simple" or "bad value" or "removed" || applied > 0, $"no {kind} mutation applies to {noun}");
        Assert.True(failures.Count == 0, $"{failures.Count} of {applied} {kind} mutations of {noun}:\n" + string.Join('\n', failures.Take(20)));
    }

    /// <summary>The document reader of a profile the platform reads.</summary>
    private static Action<XElement>? Reader(string noun) => noun switch
    {
        ProfileDocuments.EndDeviceControls => e => EndDeviceControlsDocument.FromXml(e),
        ProfileDocuments.EndDeviceEvents => e => EndDeviceEventsDocument.FromXml(e),
        ProfileDocuments.MeterConfig => e => MeterConfigDocument.FromXml(e),
        ProfileDocuments.MeterReadings => e => MeterReadingsDocument.FromXml(e),
        ProfileDocuments.MeterReadSchedule => e => MeterReadScheduleDocument.FromXml(e),
        ProfileDocuments.GetMeterReadings => e => GetMeterReadingsDocument.FromXml(e),
        ProfileDocuments.GetEndDeviceEvents => e => GetEndDeviceEventsDocument.FromXml(e),
        ProfileDocuments.GetMeterConfig => e => GetMeterConfigDocument.FromXml(e),
        _ => null,
    };
}
