using System.IO.Compression;
using System.Net;
using System.Text;
using Orleans.Metering.Cim.Messages;
using Orleans.Metering.Cim.Xml;
using static Orleans.Metering.Gateway.Tests.Messages;

namespace Orleans.Metering.Gateway.Tests;

/// <summary>POST /cim with a Content-Encoding: gzip and deflate are decoded within limits, anything else is 415.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ContentEncodingTests(PlatformFixture fixture)
{
    private PlatformHost Host => fixture.Host;

    [Theory]
    [InlineData("gzip")]
    [InlineData("GZip")]
    [InlineData("x-gzip")]
    [InlineData("deflate")]
    [InlineData("identity, gzip")]
    public async Task A_compressed_request_is_decoded_and_answered(string encoding)
    {
        var meter = "MTR-" + NewId();
        var body = Encoding.UTF8.GetBytes(CreateMeter(meter, NewId()));
        var format = encoding.Contains("deflate", StringComparison.Ordinal) ? CompressedFormat.Zlib : CompressedFormat.Gzip;

        var (status, xml) = await Host.Post(Compress(body, format), "encoded-" + encoding.Replace(", ", "-", StringComparison.Ordinal), encoding);

        Assert.Equal(HttpStatusCode.OK, status);
        var read = CimMessageReader.Read(xml);
        Assert.True(read.Success, read.Error?.Message);
        Assert.Equal(ReplyResult.OK, read.Message!.Reply!.Result);
        var get = await Host.Exchange(GetMeter(meter, NewId()), "encoded-get-" + format);
        Assert.Equal(ReplyResult.OK, get.Reply!.Result);
    }

    [Fact]
    public async Task Identity_is_the_body_as_sent()
    {
        var (status, xml) = await Host.Post(Encoding.UTF8.GetBytes(CreateMeter("MTR-" + NewId(), NewId())), "encoded-identity", "identity");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(ReplyResult.OK, CimMessageReader.Read(xml).Message!.Reply!.Result);
    }

    [Fact]
    public async Task A_gzip_bomb_gets_3_1_with_413_without_being_expanded()
    {
        // 64 KiB on the wire, one byte over the decompression limit once decoded.
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            var zeros = new byte[1 << 20];
            for (long written = 0; written <= XmlLimits.Default.MaxDecompressedBytes; written += zeros.Length)
            {
                gzip.Write(zeros);
            }
        }

        var (status, xml) = await Host.Post(compressed.ToArray(), "encoded-bomb", "gzip");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        var fault = AssertFault(xml, "3.1");
        Assert.Contains("decompressed", fault, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("deflate")]
    public async Task Garbage_that_claims_to_be_compressed_gets_1_8_with_400(string encoding)
    {
        var (status, xml) = await Host.Post(Encoding.UTF8.GetBytes(CreateMeter("MTR-" + NewId(), NewId())), "encoded-garbage-" + encoding, encoding);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("not valid", AssertFault(xml, "1.8"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_truncated_gzip_body_gets_1_8()
    {
        var whole = Compress(Encoding.UTF8.GetBytes(CreateMeter("MTR-" + NewId(), NewId())), CompressedFormat.Gzip);

        var (status, xml) = await Host.Post(whole[..(whole.Length / 2)], "encoded-truncated", "gzip");

        Assert.True((int)status < 500, $"HTTP {(int)status}");
        var read = CimMessageReader.Read(xml);
        Assert.True(read.Success, read.Error?.Message);
        Assert.Equal("1.8", Assert.Single(read.Message!.Reply!.Error).Code);
    }

    [Theory]
    [InlineData("br")]
    [InlineData("zstd")]
    [InlineData("compress")]
    [InlineData("gzip, gzip")]
    public async Task Any_other_encoding_is_refused_with_415_naming_those_accepted(string encoding)
    {
        using var content = new ByteArrayContent(Compress(Encoding.UTF8.GetBytes(CreateMeter("MTR-" + NewId(), NewId())), CompressedFormat.Gzip));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/xml");
        content.Headers.TryAddWithoutValidation("Content-Encoding", encoding);
        using var response = await Host.Http.PostAsync(new Uri(Host.BaseAddress, "/cim"), content);
        var xml = await response.Content.ReadAsStringAsync();
        Orleans.Metering.Cim.Tests.Support.CimOutput.Save("Gateway_encoded-refused", xml);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("gzip, deflate", string.Join(", ", response.Headers.GetValues("Accept-Encoding")));
        var reason = AssertFault(xml, "1.8");
        Assert.Contains("Content-Encoding '" + encoding + "'", reason, StringComparison.Ordinal);
        Assert.Contains("gzip, deflate", reason, StringComparison.Ordinal);
    }

    private static string AssertFault(string xml, string code)
    {
        var read = CimMessageReader.Read(xml);
        Assert.True(read.Success, read.Error?.Message);
        Assert.Equal(MessageKind.Fault, read.Message!.Kind);
        var error = Assert.Single(read.Message.Reply!.Error);
        Assert.Equal(code, error.Code);
        return error.Reason!;
    }

    private static byte[] Compress(byte[] body, CompressedFormat format)
    {
        using var output = new MemoryStream();
        using (Stream compressor = format == CompressedFormat.Gzip
            ? new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true)
            : new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            compressor.Write(body);
        }

        return output.ToArray();
    }
}
