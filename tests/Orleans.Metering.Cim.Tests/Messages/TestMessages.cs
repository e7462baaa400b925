using System.Text;
using System.Xml.Linq;
using Orleans.Metering.Cim.Codes;
using Orleans.Metering.Cim.Messages;
using Orleans.Metering.Cim.Tests.Support;

namespace Orleans.Metering.Cim.Tests.Messages;

/// <summary>Schema-valid sample documents and messages, and the framings under test.</summary>
/// <remarks>
/// The sample documents and the Generic/HeaderXml fragments stay hand-written on purpose: they are
/// input to the envelope reader and writer under test, and the reader tests need XML the writer cannot
/// produce (missing parts, wrong order, hostile content).
/// </remarks>
internal static class TestMessages
{
    public const string Msg = CimNamespaces.Message;

    public static readonly DateTimeOffset Time = new DateTimeOffset(2026, 3, 1, 10, 15, 30, TimeSpan.FromHours(2)).AddTicks(1_234_567);

    public static XElement EndDeviceEvents(string mrid = "E-1") => XElement.Parse(
        "<m:EndDeviceEvents xmlns:m=\"http://iec.ch/TC57/2011/EndDeviceEvents#\"><m:EndDeviceEvent><m:mRID>" + mrid
        + "</m:mRID><m:createdDateTime>2026-01-01T00:00:00Z</m:createdDateTime><m:EndDeviceEventType ref=\"3.31.0.68\"/></m:EndDeviceEvent></m:EndDeviceEvents>");

    public static XElement EndDeviceControls() => XElement.Parse(
        "<m:EndDeviceControls xmlns:m=\"http://iec.ch/TC57/2011/EndDeviceControls#\"><m:EndDeviceControl><m:EndDeviceControlType ref=\"3.31.0.23\"/>"
        + "<m:EndDevices><m:mRID>M-1</m:mRID></m:EndDevices></m:EndDeviceControl></m:EndDeviceControls>");

    public static XElement GetEndDeviceEvents() => XElement.Parse(
        "<m:GetEndDeviceEvents xmlns:m=\"http://iec.ch/TC57/2011/GetEndDeviceEvents#\"><m:Meter><m:mRID>M-1</m:mRID></m:Meter></m:GetEndDeviceEvents>");

    public static IReadOnlyDictionary<string, MessageFraming> Framings { get; } = new Dictionary<string, MessageFraming>
    {
        ["Generic"] = MessageFraming.Generic,
        ["PerNoun"] = new(EnvelopeStyle.PerNoun, SoapVersion.None),
        ["Soap11"] = new(EnvelopeStyle.Generic, SoapVersion.Soap11),
        ["Soap12"] = new(EnvelopeStyle.Generic, SoapVersion.Soap12),
        ["PerNounSoap11"] = new(EnvelopeStyle.PerNoun, SoapVersion.Soap11),
        ["PerNounSoap12"] = new(EnvelopeStyle.PerNoun, SoapVersion.Soap12),
    };

    public static TheoryData<string> FramingNames => new(Framings.Keys);

    /// <summary>A Header with every field set.</summary>
    public static Header FullHeader(string verb, string noun)
    {
        var header = new Header
        {
            Verb = verb,
            Noun = noun,
            Revision = "2.0",
            ReplayDetection = new ReplayDetection("nonce-42", Time.AddMinutes(-1)),
            Context = "TESTING",
            Timestamp = Time,
            Source = "MDMS",
            AsyncReplyFlag = true,
            ReplyAddress = "https://mdms.example/cim/replies",
            AckRequired = false,
            User = new MessageUser("operator-7", "Utility & Co <North>"),
            MessageID = "6f1f2a9e-0000-4000-8000-000000000001",
            CorrelationID = "corr-1",
            Comment = "  spaces kept  ",
        };
        header.Property.Add(new MessageProperty("MessageIndex", "1/1"));
        header.Property.Add(new MessageProperty("Flag", null));
        return header;
    }

    public static CimMessage CreateRequest()
    {
        var payload = new Payload { Format = "XML" };
        payload.Documents.Add(EndDeviceControls());
        return new CimMessage { Kind = MessageKind.Request, Header = FullHeader(CimVerbs.Create, "EndDeviceControls"), Payload = payload };
    }

    public static CimMessage GetRequest()
    {
        var request = new Request { StartTime = Time.AddDays(-1), EndTime = Time };
        request.Option.Add(new RequestOption("maxItems", "100"));
        request.Option.Add(new RequestOption("flag", null));
        request.ID.Add(new MessageId("M-1", IdKind.name, "serialNumber", "ACME", "Meter"));
        request.ID.Add(new MessageId("plain"));
        request.Documents.Add(GetEndDeviceEvents());
        return new CimMessage { Kind = MessageKind.Request, Header = FullHeader(CimVerbs.Get, "EndDeviceEvents"), Request = request };
    }

    public static CimMessage Response()
    {
        var reply = new Reply { Result = ReplyResult.PARTIAL, OperationId = 3 };
        reply.Error.Add(new ReplyError
        {
            Code = ReplyCode.InvalidEndDevice.Code,
            Level = ErrorLevel.WARNING,
            Reason = "Unknown meter",
            Details = "not in the register",
            XPath = "EndDevice",
            ID = new MessageId("M-9", IdKind.name, ObjectType: "Meter"),
            RelatedID = new MessageId("UP-1", IdKind.uuid),
            Object = new ErrorObject("M-9", "meter nine", "Meter"),
            OperationId = 3,
        });
        reply.Error.Add(ReplyError.From(ReplyCode.NoErrors, "fine", ErrorLevel.INFORM));
        reply.ID.Add(new MessageId("tx-1", IdKind.transaction));
        var payload = new Payload();
        payload.Documents.Add(EndDeviceEvents("E-1"));
        payload.Documents.Add(EndDeviceEvents("E-2"));
        return new CimMessage { Kind = MessageKind.Response, Header = FullHeader(CimVerbs.Reply, "EndDeviceEvents"), Reply = reply, Payload = payload };
    }

    public static CimMessage Event()
    {
        var payload = new Payload();
        payload.Documents.Add(EndDeviceEvents());
        return new CimMessage { Kind = MessageKind.Event, Header = FullHeader(CimVerbs.Created, "EndDeviceEvents"), Payload = payload };
    }

    public static CimMessage Fault(Header? header = null) => new()
    {
        Kind = MessageKind.Fault,
        Header = header,
        Reply = Reply.Failed(ReplyCode.SchemaInvalid, "cannot parse", new ErrorObject(null, null, "Message")),
    };

    /// <summary>Writes, saves for the validator, reads back.</summary>
    public static (string Xml, CimMessage Read) RoundTrip(string test, CimMessage message, MessageFraming framing)
    {
        var xml = CimMessageWriter.ToXml(message, framing);
        CimOutput.Save(test, xml);
        var result = CimMessageReader.Read(xml);
        Assert.True(result.Success, result.Error?.Code + " " + result.Error?.Message + "\n" + xml);
        return (xml, result.Message);
    }

    public static CimReadResult Read(string xml, Xml.XmlLimits? limits = null) => CimMessageReader.Read(xml, limits);

    public static CimReadResult ReadBytes(byte[] xml, Xml.XmlLimits? limits = null)
    {
        using var stream = new MemoryStream(xml);
        return CimMessageReader.Read(stream, limits);
    }

    public static string Generic(string root, string inner) =>
        $"<?xml version=\"1.0\"?><msg:{root} xmlns:msg=\"{Msg}\">{inner}</msg:{root}>";

    public static string HeaderXml(string verb = "create", string noun = "EndDeviceControls", string extra = "") =>
        $"<msg:Header><msg:Verb>{verb}</msg:Verb><msg:Noun>{noun}</msg:Noun>{extra}<msg:MessageID>m-1</msg:MessageID></msg:Header>";

    public static void AssertError(CimReadResult result, ReplyCode code, params string[] reasonContains)
    {
        Assert.False(result.Success);
        Assert.Null(result.Message);
        Assert.NotNull(result.Error);
        Assert.True(code == result.Error.Code, $"expected {code.Code}, got {result.Error.Code.Code}: {result.Error.Message}");
        foreach (var part in reasonContains) Assert.Contains(part, result.Error.Message, StringComparison.Ordinal);
    }

    public static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);
}

/// <summary>A stream that yields a prefix, then repeats a chunk without end (or up to a total), generating it lazily.</summary>
internal sealed class GeneratedStream(byte[] prefix, byte[] chunk, long total = long.MaxValue, byte[]? suffix = null) : Stream
{
    private readonly byte[] suffix = suffix ?? [];
    private long position;

    public long Served => position;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var bodyEnd = total == long.MaxValue ? long.MaxValue : total - suffix.Length;
        var n = 0;
        while (n < count)
        {
            byte b;
            if (position < prefix.Length) b = prefix[position];
            else if (position < bodyEnd) b = chunk[(position - prefix.Length) % chunk.Length];
            else if (position - bodyEnd < suffix.Length) b = suffix[position - bodyEnd];
            else break;
            buffer[offset + n++] = b;
            position++;
        }

        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
