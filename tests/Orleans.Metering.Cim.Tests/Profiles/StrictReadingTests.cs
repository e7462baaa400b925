using System.Xml.Linq;
using Orleans.Metering.Cim.Codes;
using Orleans.Metering.Cim.Documents;
using Orleans.Metering.Cim.Messages;
using static Orleans.Metering.Cim.Tests.Messages.TestMessages;

namespace Orleans.Metering.Cim.Tests.Profiles;

/// <summary>The cases of issue 19: what used to be read first-match or skipped is refused, naming its path.</summary>
public sealed class StrictReadingTests
{
    private const string Edc = "<m:EndDeviceControls xmlns:m=\"http://iec.ch/TC57/2011/EndDeviceControls#\">";
    private const string Interval = "0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0";

    /// <summary>The control is refused with 1.8 at <paramref name="xpath"/>.</summary>
    private static CimException Refused(string control, string xpath)
    {
        var ex = Assert.Throws<CimException>(() => EndDeviceControlsDocument.FromXml(XElement.Parse(Edc + "<m:EndDeviceControl>" + control + "</m:EndDeviceControl></m:EndDeviceControls>")));
        Assert.Equal(ReplyCode.SchemaInvalid, ex.Code);
        Assert.Equal(xpath, ex.XPath);
        return ex;
    }

    [Fact]
    public void EndDevices_with_two_mRID_children_is_refused()
    {
        var ex = Refused(
            "<m:mRID>c1</m:mRID><m:EndDeviceControlType ref=\"3.31.0.18\"/><m:EndDevices><m:mRID>M-1</m:mRID><m:mRID>M-2</m:mRID></m:EndDevices>",
            "EndDeviceControl/EndDevices/mRID");

        Assert.Equal("Element EndDeviceControl/EndDevices/mRID appears twice; the profile allows it once", ex.Message);
        Assert.Equal(("c1", "EndDeviceControl"), (ex.ObjectId, ex.ObjectType));
    }

    [Fact]
    public void Two_EndDeviceControlTypes_in_one_control_are_refused() => Refused(
        "<m:EndDeviceControlType ref=\"3.31.0.18\"/><m:EndDeviceControlType ref=\"3.31.0.23\"/><m:EndDevices><m:mRID>M-1</m:mRID></m:EndDevices>",
        "EndDeviceControl/EndDeviceControlType");

    [Fact]
    public void Two_actions_of_the_choice_are_refused()
    {
        var ex = Refused("<m:PanDemandResponse/><m:PanDisplay/><m:EndDeviceControlType ref=\"3.31.0.18\"/>", "EndDeviceControl/PanDisplay");

        Assert.Contains("one of PanDemandResponse, PanDisplay, PanPricing", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelled_scheduling_element_is_refused_rather_than_running_the_control_at_once() => Refused(
        "<m:EndDeviceControlType ref=\"3.31.0.18\"/><m:EndDevices><m:mRID>M-1</m:mRID></m:EndDevices>"
        + "<m:primaryDeviceTimming><m:interval><m:start>2030-01-01T00:00:00Z</m:start></m:interval></m:primaryDeviceTimming>",
        "EndDeviceControl/primaryDeviceTimming");

    [Fact]
    public void Two_values_in_one_interval_reading_are_refused()
    {
        var ex = Assert.Throws<CimException>(() => MeterReadingsDocument.FromXml(XElement.Parse(
            "<m:MeterReadings xmlns:m=\"http://iec.ch/TC57/2011/MeterReadings#\"><m:MeterReading><m:IntervalBlocks><m:IntervalReadings>"
            + "<m:timeStamp>2024-03-01T00:15:00Z</m:timeStamp><m:value>1</m:value><m:value>2</m:value></m:IntervalReadings>"
            + $"<m:ReadingType ref=\"{Interval}\"/></m:IntervalBlocks><m:Meter><m:mRID>MTR-7</m:mRID></m:Meter></m:MeterReading></m:MeterReadings>")));

        Assert.Equal(ReplyCode.SchemaInvalid, ex.Code);
        Assert.Equal("MeterReading/IntervalBlocks/IntervalReadings/value", ex.XPath);
        Assert.Equal(("MTR-7", "Meter"), (ex.ObjectId, ex.ObjectType));
    }

    [Fact]
    public void Out_of_order_siblings_are_refused()
    {
        var ex = Refused("<m:EndDeviceControlType ref=\"3.31.0.18\"/><m:reason>late</m:reason>", "EndDeviceControl/reason");

        Assert.Contains("out of order", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_one_megabyte_mRID_is_refused_with_3_1_in_a_document_read_from_a_message()
    {
        var mrid = new string('M', 1 << 20);
        var read = Read($"<msg:RequestMessage xmlns:msg=\"{Msg}\">{HeaderXml()}<msg:Payload>{Edc}<m:EndDeviceControl>"
            + $"<m:EndDeviceControlType ref=\"3.31.0.18\"/><m:EndDevices><m:mRID>{mrid}</m:mRID></m:EndDevices></m:EndDeviceControl></m:EndDeviceControls></msg:Payload></msg:RequestMessage>");
        Assert.True(read.Success, read.Error?.Message);

        var ex = Assert.Throws<CimException>(() => EndDeviceControlsDocument.FromXml(read.Message.Payload!.Documents.Single()));

        Assert.Equal(ReplyCode.TooManyItems, ex.Code);
        Assert.Equal("EndDeviceControl/EndDevices/mRID", ex.XPath);
        Assert.Contains("at most 256", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_text_limits_a_message_was_read_with_bound_its_documents()
    {
        var read = Read($"<msg:RequestMessage xmlns:msg=\"{Msg}\">{HeaderXml()}<msg:Payload>{Edc}<m:EndDeviceControl><m:reason>{new string('r', 40)}</m:reason>"
            + "<m:EndDeviceControlType ref=\"3.31.0.18\"/></m:EndDeviceControl></m:EndDeviceControls></msg:Payload></msg:RequestMessage>",
            Xml.XmlLimits.Default with { MaxTextLength = 32 });

        var ex = Assert.Throws<CimException>(() => EndDeviceControlsDocument.FromXml(read.Message!.Payload!.Documents.Single()));

        Assert.Equal(ReplyCode.TooManyItems, ex.Code);
        Assert.Equal("EndDeviceControl/reason", ex.XPath);
    }

    [Fact]
    public void A_one_megabyte_MessageID_is_refused_with_3_1_and_the_rest_of_the_Header_is_kept()
    {
        var read = Read($"<msg:RequestMessage xmlns:msg=\"{Msg}\">{HeaderXml(extra: "<msg:Source>MDM</msg:Source>").Replace("m-1", new string('x', 1 << 20), StringComparison.Ordinal)}</msg:RequestMessage>");

        AssertError(read, ReplyCode.TooManyItems);
        Assert.Equal("Header/MessageID", read.Error!.XPath);
        Assert.Equal("MDM", read.Header!.Source);
        Assert.Null(read.Header.MessageID);
    }
}
