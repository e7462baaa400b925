using System.Xml.Linq;
using static Orleans.Metering.Cim.Documents.ProfileXml;

namespace Orleans.Metering.Cim.Documents;

/// <summary>
/// The <c>GetMeterConfig</c> query: which meters to return, by meter, usage point or end device
/// group. Customer, CustomerAccount, CustomerAgreement, ServiceLocation and UsagePointGroup
/// criteria are not mapped (ignored on input).
/// </summary>
public sealed class GetMeterConfigDocument
{
    private static readonly XNamespace M = ProfileDocuments.Namespace(ProfileDocuments.GetMeterConfig);

    public List<ObjectRef> Meters { get; set; } = [];
    public List<ObjectRef> UsagePoints { get; set; } = [];
    public List<ObjectRef> EndDeviceGroups { get; set; } = [];

    public static GetMeterConfigDocument FromXml(XElement element)
    {
        var m = CheckRoot(element, ProfileDocuments.GetMeterConfig);
        return new GetMeterConfigDocument
        {
            EndDeviceGroups = ReadObjectRefs(element, m + ProfileDocuments.EndDeviceGroup, m),
            Meters = ReadObjectRefs(element, m + ProfileDocuments.Meter, m),
            UsagePoints = ReadObjectRefs(element, m + ProfileDocuments.UsagePoint, m),
        };
    }

    public XElement ToXml()
    {
        var root = NewRoot(ProfileDocuments.GetMeterConfig);
        root.Add(
            WriteObjectRefs(M + ProfileDocuments.EndDeviceGroup, M, EndDeviceGroups),
            WriteObjectRefs(M + ProfileDocuments.Meter, M, Meters),
            WriteObjectRefs(M + ProfileDocuments.UsagePoint, M, UsagePoints));
        return root;
    }
}
