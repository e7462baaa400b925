using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;

namespace Orleans.Metering.Gateway.Tests;

/// <summary>A requester's ReplyAddress: an HTTP endpoint on loopback that records what it receives and can fail on purpose.</summary>
public sealed class ReplyReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private int failuresLeft;

    private ReplyReceiver(WebApplication app) => this.app = app;

    public ConcurrentQueue<string> Received { get; } = new();

    /// <summary>Every body POSTed, delivered or refused, in arrival order.</summary>
    public ConcurrentQueue<string> Attempted { get; } = new();

    private int attempts;

    public int Attempts => Volatile.Read(ref attempts);

    public Uri Address { get; private set; } = null!;

    /// <summary>A receiver that refuses the first <paramref name="failFirst"/> POSTs (503), or never answers at all (<paramref name="hang"/>).</summary>
    public static async Task<ReplyReceiver> Start(int failFirst = 0, bool hang = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new ReplyReceiver(app) { failuresLeft = failFirst };
        app.MapPost("/replies", async (HttpContext http) =>
        {
            Interlocked.Increment(ref receiver.attempts);
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync();
            receiver.Attempted.Enqueue(body);
            if (hang)
            {
                await Task.Delay(Timeout.Infinite, http.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return Results.StatusCode(504);
            }

            if (Interlocked.Decrement(ref receiver.failuresLeft) >= 0)
            {
                return Results.StatusCode(503);
            }

            receiver.Received.Enqueue(body);
            return Results.Ok();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Address = new Uri(new Uri(address), "/replies");
        return receiver;
    }

    public async Task<string> WaitForReply(TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (Received.TryPeek(out var body))
            {
                return body;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"No reply arrived within {timeout} ({Attempts} attempts seen)");
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
