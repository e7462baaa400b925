using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Metering.Cim;
using Orleans.Metering.Cim.Messages;
using Orleans.Metering.Cim.Tests.Support;
using static Orleans.Metering.Gateway.Tests.Messages;

namespace Orleans.Metering.Gateway.Tests;

/// <summary>When an answer cannot be made or written, POST /cim still answers with a CIM fault, never an empty 500.</summary>
public sealed class LastResortTests
{
    [Theory]
    [InlineData("", SoapVersion.None)]
    [InlineData(CimNamespaces.Soap12, SoapVersion.Soap12)]
    public async Task A_handler_that_throws_gets_a_correlated_FAILED_5_3_answer(string soap, SoapVersion version)
    {
        var (status, xml) = await Post(new Handler(_ => throw new InvalidOperationException("a bug")), soap);

        CimOutput.Save("Gateway_handler-throws-" + version, xml);
        Assert.Equal(StatusCodes.Status200OK, status);
        var read = CimMessageReader.Read(xml);
        Assert.True(read.Success, read.Error?.Message + "\n" + xml);
        Assert.Equal(MessageKind.Response, read.Message!.Kind);
        Assert.Equal(version, read.Message.Framing.Soap);
        Assert.NotNull(read.Message.Header!.CorrelationID);
        Assert.Equal(ReplyResult.FAILED, read.Message.Reply!.Result);
        Assert.Equal("5.3", Assert.Single(read.Message.Reply.Error).Code);
        Assert.DoesNotContain("a bug", xml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answer_the_writer_refuses_gets_a_well_formed_5_3_fault_with_500()
    {
        // A Response without a Reply: the writer throws ArgumentException.
        var (status, xml) = await Post(new Handler(request => new CimMessage { Kind = MessageKind.Response, Header = request.Header, Framing = request.Framing }), CimNamespaces.Soap11);

        AssertLastResort("unwritable", status, xml, SoapVersion.Soap11);
    }

    private static void AssertLastResort(string name, int status, string xml, SoapVersion version)
    {
        CimOutput.Save("Gateway_last-resort-" + name, xml);
        Assert.Equal(StatusCodes.Status500InternalServerError, status);
        var read = CimMessageReader.Read(xml);
        Assert.True(read.Success, read.Error?.Message + "\n" + xml);
        Assert.Equal(MessageKind.Fault, read.Message!.Kind);
        Assert.Equal(version, read.Message.Framing.Soap);
        var error = Assert.Single(read.Message.Reply!.Error);
        Assert.Equal("5.3", error.Code);
        Assert.DoesNotContain("a bug", xml, StringComparison.Ordinal);
    }

    private static async Task<(int Status, string Xml)> Post(ICimHandler handler, string soap)
    {
        var options = Options.Create(new GatewayOptions());
        var router = new MessageRouter([handler], options, TimeProvider.System, NullLogger<MessageRouter>.Instance);
        var endpoint = new CimEndpoint(router, TimeProvider.System, options, NullLogger<CimEndpoint>.Instance);
        var http = new DefaultHttpContext();
        var request = CreateMeter("MTR-" + NewId(), NewId());
        http.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(soap.Length == 0 ? request : PerNoun(request, soap)));
        var response = new MemoryStream();
        http.Response.Body = response;

        await endpoint.Handle(http);

        return (http.Response.StatusCode, Encoding.UTF8.GetString(response.ToArray()));
    }

    private sealed class Handler(Func<CimMessage, CimMessage> answer) : ICimHandler
    {
        public string Noun => "MeterConfig";

        public IReadOnlyCollection<string> Verbs { get; } = [CimVerbs.Create];

        public Task<CimMessage> Handle(CimMessage request, CancellationToken cancellationToken) => Task.FromResult(answer(request));
    }
}
