using Orleans.Metering.Cim.Codes;
using static Orleans.Metering.Cim.Tests.Messages.TestMessages;

namespace Orleans.Metering.Cim.Tests.Messages;

/// <summary>The envelope's own elements take no mixed text and no undeclared attributes (Message.xsd).</summary>
public class EnvelopeNodesTests
{
    [Fact]
    public void Text_between_the_elements_of_the_Header_is_1_8_naming_the_Header()
    {
        var xml = Generic("RequestMessage", HeaderXml(extra: "stray text"));

        AssertError(Read(xml), ReplyCode.SchemaInvalid, "Text is not allowed between the elements of Header");
    }

    [Fact]
    public void An_undeclared_attribute_on_an_envelope_element_is_1_8()
    {
        var xml = Generic("RequestMessage", HeaderXml().Replace("<msg:Header>", "<msg:Header priority=\"high\">", StringComparison.Ordinal));

        AssertError(Read(xml), ReplyCode.SchemaInvalid, "Attribute priority is not allowed on Header");
    }

    [Fact]
    public void The_IDatts_on_an_ID_and_xsi_and_namespace_attributes_are_allowed()
    {
        var request = "<msg:Request xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><msg:ID idType=\"mRID\" idAuthority=\"CIS\" kind=\"uuid\" objectType=\"Meter\">MTR-1</msg:ID></msg:Request>";
        var xml = Generic("RequestMessage", HeaderXml(verb: "get", noun: "MeterConfig") + request);

        var read = Read(xml);

        Assert.True(read.Success, read.Error?.Message);
        Assert.Equal("MTR-1", Assert.Single(read.Message!.Request!.ID).Value);
    }

    [Fact]
    public void An_IDatts_attribute_elsewhere_is_1_8()
    {
        var xml = Generic("RequestMessage", HeaderXml().Replace("<msg:Verb>", "<msg:Verb idType=\"x\">", StringComparison.Ordinal));

        AssertError(Read(xml), ReplyCode.SchemaInvalid, "Attribute idType is not allowed on Header/Verb");
    }
}
