using Orleans.Metering.Cim.Codes;

namespace Orleans.Metering.Cim.Xml;

/// <summary>
/// A read-only forward stream that passes through at most <c>maxBytes</c> of the inner stream and
/// throws a <see cref="CimException"/> with <see cref="ReplyCode.TooManyItems"/> as soon as more is
/// read, so oversized input is refused without being buffered. Does not dispose the inner stream.
/// </summary>
public sealed class BoundedReadStream : Stream
{
    private readonly Stream inner;
    private readonly long maxBytes;
    private readonly string what;
    private long total;

    public BoundedReadStream(Stream inner, long maxBytes, string what = "message")
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        this.inner = inner;
        this.maxBytes = maxBytes;
        this.what = what;
    }

    /// <summary>Bytes passed through so far.</summary>
    public long BytesRead => total;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => total;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        // Ask for one byte more than allowed, so reaching the limit exactly is still accepted.
        var allowed = maxBytes - total + 1;
        if (buffer.Length > allowed) buffer = buffer[..(int)allowed];
        var n = inner.Read(buffer);
        return Count(n);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var allowed = maxBytes - total + 1;
        if (buffer.Length > allowed) buffer = buffer[..(int)allowed];
        var n = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Count(n);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Count(int n)
    {
        total += n;
        if (total > maxBytes) throw HardenedXml.TooLarge(maxBytes, what);
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
