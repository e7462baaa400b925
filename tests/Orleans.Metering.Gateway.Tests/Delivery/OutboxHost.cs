using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Time.Testing;
using Orleans.Metering.Storage;

namespace Orleans.Metering.Gateway.Tests.Delivery;

/// <summary>
/// The gateway alone over HTTP (no silo) on an in-memory outbox and a fake clock, delivering to a
/// <see cref="ScriptedReceiver"/>. Its delivery loop is parked (a poll interval of weeks) once it has
/// started, so rounds are run by the test, as in <see cref="DeliveryHarness"/>.
/// </summary>
public sealed class OutboxHost : IAsyncDisposable
{
    /// <summary>A poll interval no test reaches (Task.Delay takes up to about 49 days).</summary>
    private static readonly TimeSpan Parked = TimeSpan.FromDays(40);

    private readonly WebApplication app;

    private OutboxHost(WebApplication app, ParkingClock clock, ScriptedReceiver receiver)
    {
        this.app = app;
        Clock = clock;
        Receiver = receiver;
    }

    public FakeTimeProvider Clock { get; }

    public ScriptedReceiver Receiver { get; }

    public IReplyOutbox Outbox => app.Services.GetRequiredService<IReplyOutbox>();

    public ReplyDeliveryService Delivery => app.Services.GetRequiredService<ReplyDeliveryService>();

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<OutboxHost> Start(ScriptedReceiver receiver, Action<GatewayOptions>? options = null)
    {
        var clock = new ParkingClock(DeliveryHarness.T0);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddSingleton<IReplyOutbox, InMemoryReplyOutbox>();
        builder.Services.AddMeteringGateway();
        builder.Services.AddSingleton<IHttpClientFactory>(receiver);
        builder.Services.Configure<GatewayOptions>(o =>
        {
            o.DeliveryPollInterval = Parked;
            options?.Invoke(o);
        });
        var app = builder.Build();
        app.MapMeteringGateway();
        await app.StartAsync();
        await clock.LoopParked.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var host = new OutboxHost(app, clock, receiver);
        host.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return host;
    }

    /// <summary>One delivery round, awaited to its end.</summary>
    public async Task Round()
    {
        await Delivery.StartDue(CancellationToken.None);
        await Delivery.Idle();
    }

    /// <summary>Stores <paramref name="id"/> as a dead letter at once (claimed, attempted once, given up).</summary>
    public async Task AddDeadLetter(string id, string address = "https://receiver.example/replies")
    {
        var now = Clock.GetUtcNow();
        await Outbox.Enqueue(DeliveryHarness.Reply(id, address) with { NextAttemptAt = now });
        Assert.Contains(id, (await Outbox.Claim("test", now, now.AddMinutes(1), 100)).Select(i => i.Id));
        Assert.True(await Outbox.DeadLetter(id, "test", 1, "HTTP 503 Service Unavailable", now));
    }

    public async Task<(int Status, JsonElement Json)> Send(HttpMethod method, string path)
    {
        using var request = new HttpRequestMessage(method, new Uri(BaseAddress, path));
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }

    /// <summary>A fake clock that says when the delivery loop waits for its next poll.</summary>
    private sealed class ParkingClock(DateTimeOffset start) : FakeTimeProvider(start)
    {
        public TaskCompletionSource LoopParked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            if (dueTime == Parked)
            {
                LoopParked.TrySetResult();
            }

            return base.CreateTimer(callback, state, dueTime, period);
        }
    }
}
