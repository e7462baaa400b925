using System.IO.Compression;
using Orleans.Metering.Cim.Codes;

namespace Orleans.Metering.Cim.Xml;

/// <summary>The compressed formats untrusted input may arrive in.</summary>
public enum CompressedFormat
{
    Gzip,

    /// <summary>RFC 1950 zlib: what HTTP calls <c>deflate</c>.</summary>
    Zlib,
}

/// <summary>
/// A read-only forward stream that decompresses its inner stream and passes on at most <c>maxBytes</c>
/// of the result (a <see cref="CimException"/> with 3.1 beyond, as <see cref="BoundedReadStream"/>), so a
/// small bomb is refused without being expanded. Corrupt data is a <see cref="CimException"/> with 1.8,
/// not the decompressor's <see cref="InvalidDataException"/>. Does not dispose the inner stream.
/// </summary>
public sealed class DecompressingReadStream : Stream
{
    private readonly Stream decompressor;
    private readonly BoundedReadStream bounded;
    private readonly CompressedFormat format;
    private readonly string what;

    /// <param name="what">What the data is, for the reasons: "payload" gives "The decompressed payload is larger than …".</param>
    public DecompressingReadStream(Stream compressed, CompressedFormat format, long maxBytes, string what)
    {
        ArgumentNullException.ThrowIfNull(compressed);
        decompressor = format == CompressedFormat.Gzip
            ? new GZipStream(compressed, CompressionMode.Decompress, leaveOpen: true)
            : new ZLibStream(compressed, CompressionMode.Decompress, leaveOpen: true);
        bounded = new BoundedReadStream(decompressor, maxBytes, "decompressed " + what);
        this.format = format;
        this.what = what;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => bounded.Position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return bounded.Read(buffer);
        }
        catch (InvalidDataException e)
        {
            throw Corrupt(e);
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await bounded.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            throw Corrupt(e);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private CimException Corrupt(InvalidDataException e) =>
        new(ReplyCode.SchemaInvalid, $"The {what} is not valid {(format == CompressedFormat.Gzip ? "gzip" : "zlib (deflate)")} data: {e.Message}", inner: e);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) decompressor.Dispose();
        base.Dispose(disposing);
    }
}
