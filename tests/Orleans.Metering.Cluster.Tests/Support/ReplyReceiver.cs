using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Orleans.Metering.Cluster.Tests.Support;

/// <summary>
/// A client system's ReplyAddress: takes the platform's asynchronous replies (POST), or refuses them
/// with 503 while <see cref="Refusing"/>, to keep them waiting in the platform's outbox.
/// </summary>
public sealed class ReplyReceiver : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly ConcurrentQueue<string> received = new();
    private readonly Task loop;

    public ReplyReceiver()
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Address = new Uri($"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/replies/");
        }

        listener.Prefixes.Add(Address.ToString());
        listener.Start();
        loop = Task.Run(Serve);
    }

    public Uri Address { get; }

    private volatile bool refusing;
    private int refused;

    public bool Refusing
    {
        get => refusing;
        set => refusing = value;
    }

    public int Refused => Volatile.Read(ref refused);

    public IReadOnlyCollection<string> Received => received;

    private async Task Serve()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            if (refusing)
            {
                Interlocked.Increment(ref refused);
                context.Response.StatusCode = 503;
            }
            else
            {
                received.Enqueue(body);
                context.Response.StatusCode = 200;
            }

            context.Response.Close();
        }
    }

    public void Dispose()
    {
        listener.Stop();
        listener.Close();
        loop.Wait(TimeSpan.FromSeconds(5));
    }
}
