using System.Xml.Linq;
using Orleans.Metering.Cim;
using Orleans.Metering.Cim.Messages;

namespace Orleans.Metering.Gateway.Tests;

/// <summary>Requests as an integration system would write them.</summary>
public static class Messages
{
    public static string NewId() => Guid.NewGuid().ToString("D");

    public static string CreateMeter(string mrid, string messageId, string serial = "SN-1", string verb = "create") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <msg:RequestMessage xmlns:msg="http://iec.ch/TC57/2011/schema/message">
          <msg:Header>
            <msg:Verb>{verb}</msg:Verb><msg:Noun>MeterConfig</msg:Noun>
            <msg:Source>CIS</msg:Source><msg:MessageID>{messageId}</msg:MessageID>
          </msg:Header>
          <msg:Payload>
            <m:MeterConfig xmlns:m="http://iec.ch/TC57/2011/MeterConfig#">
              <m:Meter><m:mRID>{mrid}</m:mRID><m:serialNumber>{serial}</m:serialNumber><m:type>ElectricMeter</m:type>
                <m:Names><m:name>Meter {mrid}</m:name></m:Names></m:Meter>
            </m:MeterConfig>
          </msg:Payload>
        </msg:RequestMessage>
        """;

    public static string Control(string device, string controlType, string messageId, string? controlId = null, string asyncHeader = "") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <msg:RequestMessage xmlns:msg="http://iec.ch/TC57/2011/schema/message">
          <msg:Header>
            <msg:Verb>create</msg:Verb><msg:Noun>EndDeviceControls</msg:Noun>
            <msg:Source>CIS</msg:Source>{asyncHeader}<msg:MessageID>{messageId}</msg:MessageID>
          </msg:Header>
          <msg:Payload>
            <m:EndDeviceControls xmlns:m="http://iec.ch/TC57/2011/EndDeviceControls#">
              <m:EndDeviceControl>{(controlId is null ? "" : $"<m:mRID>{controlId}</m:mRID>")}
                <m:EndDeviceControlType ref="{controlType}"/>
                <m:EndDevices><m:mRID>{device}</m:mRID></m:EndDevices>
              </m:EndDeviceControl>
            </m:EndDeviceControls>
          </msg:Payload>
        </msg:RequestMessage>
        """;

    public static string GetEvents(string device, string messageId, string? eventType = null) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <msg:RequestMessage xmlns:msg="http://iec.ch/TC57/2011/schema/message">
          <msg:Header><msg:Verb>get</msg:Verb><msg:Noun>EndDeviceEvents</msg:Noun><msg:Source>CIS</msg:Source><msg:MessageID>{messageId}</msg:MessageID></msg:Header>
          <msg:Request>
            <m:GetEndDeviceEvents xmlns:m="http://iec.ch/TC57/2011/GetEndDeviceEvents#">
              {(eventType is null ? "" : $"<m:EndDeviceEventType><m:mRID>{eventType}</m:mRID></m:EndDeviceEventType>")}
              <m:Meter><m:mRID>{device}</m:mRID></m:Meter>
            </m:GetEndDeviceEvents>
          </msg:Request>
        </msg:RequestMessage>
        """;

    public static string GetMeter(string device, string messageId) => $"""
        <msg:RequestMessage xmlns:msg="http://iec.ch/TC57/2011/schema/message">
          <msg:Header><msg:Verb>get</msg:Verb><msg:Noun>MeterConfig</msg:Noun><msg:Source>CIS</msg:Source><msg:MessageID>{messageId}</msg:MessageID></msg:Header>
          <msg:Request><m:GetMeterConfig xmlns:m="http://iec.ch/TC57/2011/GetMeterConfig#"><m:Meter><m:mRID>{device}</m:mRID></m:Meter></m:GetMeterConfig></msg:Request>
        </msg:RequestMessage>
        """;

    /// <summary>The same request in the per-noun SOAP binding form, optionally inside a SOAP envelope.</summary>
    public static string PerNoun(string genericXml, string soapNamespace = "")
    {
        var root = XElement.Parse(genericXml);
        var msg = XNamespace.Get(CimNamespaces.Message);
        var verb = root.Element(msg + "Header")!.Element(msg + "Verb")!.Value;
        var noun = root.Element(msg + "Header")!.Element(msg + "Noun")!.Value;
        var wrapperNs = XNamespace.Get(CimNamespaces.PerNounMessage(noun));
        var wrapper = new XElement(wrapperNs + (CimVerbs.ToElementPrefix(verb) + noun),
            root.Elements().Select(child => new XElement(wrapperNs + child.Name.LocalName, child.Attributes(), child.Nodes())));
        if (soapNamespace.Length == 0)
        {
            return wrapper.ToString();
        }

        XNamespace soap = soapNamespace;
        return new XElement(soap + "Envelope", new XElement(soap + "Body", wrapper)).ToString();
    }

    public static Reply ReplyOf(CimMessage m) => m.Reply ?? throw new InvalidOperationException("no Reply");

    public static IEnumerable<XElement> Events(CimMessage m)
    {
        XNamespace ns = CimNamespaces.Profile("EndDeviceEvents");
        return m.Payload?.Documents.SelectMany(d => d.Elements(ns + "EndDeviceEvent")) ?? [];
    }

    public static string EventType(XElement endDeviceEvent)
    {
        XNamespace ns = CimNamespaces.Profile("EndDeviceEvents");
        return endDeviceEvent.Element(ns + "EndDeviceEventType")!.Attribute("ref")!.Value;
    }
}
