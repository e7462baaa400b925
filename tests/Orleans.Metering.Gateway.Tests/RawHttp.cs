using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Orleans.Metering.Gateway.Tests;

/// <summary>HTTP/1.1 by hand, for requests an HttpClient will not send the way a hostile client would.</summary>
public static class RawHttp
{
    /// <summary>Starts POSTing <paramref name="size"/> bytes of a CIM message to /cim and returns the answer as soon as it comes.</summary>
    public static async Task<(int Status, string Body)> PostOversized(Uri baseAddress, long size, bool chunked)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(baseAddress.Host, baseAddress.Port);
        var stream = client.GetStream();
        var head = $"POST /cim HTTP/1.1\r\nHost: {baseAddress.Authority}\r\nContent-Type: text/xml\r\n"
            + (chunked ? "Transfer-Encoding: chunked\r\n" : $"Content-Length: {size}\r\n") + "\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        using var stop = new CancellationTokenSource();
        var sending = Task.Run(async () =>
        {
            var start = Encoding.UTF8.GetBytes("<msg:RequestMessage xmlns:msg=\"http://iec.ch/TC57/2011/schema/message\"><msg:Header><msg:Verb>create</msg:Verb><msg:Noun>MeterConfig</msg:Noun><msg:Comment>");
            var filler = Enumerable.Repeat((byte)'x', 64 * 1024).ToArray();
            try
            {
                await Send(start);
                for (long sent = start.Length; sent < size && !stop.IsCancellationRequested; sent += filler.Length)
                {
                    await Send(filler);
                }
            }
            catch (IOException)
            {
                // the server answered and closed: expected
            }
            catch (ObjectDisposedException)
            {
            }
            catch (OperationCanceledException)
            {
            }

            async Task Send(byte[] data)
            {
                if (chunked)
                {
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(data.Length.ToString("x", CultureInfo.InvariantCulture) + "\r\n"), stop.Token);
                }

                await stream.WriteAsync(data, stop.Token);
                if (chunked)
                {
                    await stream.WriteAsync("\r\n"u8.ToArray(), stop.Token);
                }
            }
        });

        var response = await ReadResponse(stream);
        await stop.CancelAsync();
        client.Close();
        await sending;
        return response;
    }

    private static async Task<(int Status, string Body)> ReadResponse(NetworkStream stream)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int headerEnd;
        while ((headerEnd = IndexOf(buffer, "\r\n\r\n"u8)) < 0)
        {
            var n = await stream.ReadAsync(chunk).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            if (n == 0)
            {
                throw new IOException("Connection closed before the response headers");
            }

            buffer.Write(chunk, 0, n);
        }

        var headers = Encoding.ASCII.GetString(buffer.GetBuffer(), 0, headerEnd);
        var status = int.Parse(headers.Split(' ')[1], CultureInfo.InvariantCulture);
        var lengthLine = headers.Split("\r\n").First(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        var length = int.Parse(lengthLine["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture);
        while (buffer.Length < headerEnd + 4 + length)
        {
            var n = await stream.ReadAsync(chunk).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            if (n == 0)
            {
                break;
            }

            buffer.Write(chunk, 0, n);
        }

        return (status, Encoding.UTF8.GetString(buffer.GetBuffer(), headerEnd + 4, length));
    }

    private static int IndexOf(MemoryStream buffer, ReadOnlySpan<byte> pattern) =>
        buffer.GetBuffer().AsSpan(0, (int)buffer.Length).IndexOf(pattern);
}
