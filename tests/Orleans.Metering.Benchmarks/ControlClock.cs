using System.Collections.Concurrent;
using System.Diagnostics;
using Orleans.Metering.Abstractions;

namespace Orleans.Metering.Benchmarks;

/// <summary>
/// The two clocks of the control-dispatch metric, in this process (Stopwatch timestamps):
/// <see cref="Receipts"/>: when the gateway's HTTP pipeline received a request carrying the
/// <see cref="Header"/> header (first middleware, before the body is read), keyed by its value (the control mRID);
/// <see cref="Calls"/>: when the platform called <see cref="IHeadEndAdapter.Execute"/>, keyed by ControlId.
/// </summary>
public sealed class ControlClock
{
    public const string Header = "X-Benchmark-Control";

    public ConcurrentDictionary<string, long> Receipts { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, long> Calls { get; } = new(StringComparer.Ordinal);

    /// <summary>Registers the clock, the timing head-end (in place of the simulated one) and the receipt middleware.</summary>
    public void Register(WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(this);
        // Registered before AddMeteringGrains, whose TryAdd then keeps this adapter.
        builder.Services.AddSingleton<IHeadEndAdapter, TimingHeadEnd>();
        builder.Services.AddSingleton<IStartupFilter, ReceiptStartupFilter>();
    }

    /// <summary>Runs first in the pipeline: stamps the receipt of a request carrying the header.</summary>
    private sealed class ReceiptStartupFilter(ControlClock clock) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers.TryGetValue(Header, out var id) && id.Count == 1 && id[0] is { } key)
                {
                    clock.Receipts[key] = Stopwatch.GetTimestamp();
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }
}

/// <summary>
/// A head-end that stamps each Execute call, then reports success at once (on the thread pool, as a
/// real adapter's callback would), so the load is the platform's own: accept, persist, dispatch,
/// outcome, event.
/// </summary>
public sealed class TimingHeadEnd(ControlClock clock, IHeadEndOutcomeSink sink, TimeProvider time) : IHeadEndAdapter
{
    private readonly ConcurrentDictionary<string, SwitchState> switches = new(StringComparer.Ordinal);

    public Task Execute(HeadEndCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        clock.Calls.TryAdd(command.ControlId, Stopwatch.GetTimestamp());
        switches[command.DeviceId] = command.Target;
        _ = Task.Run(() => sink.Report(command.DeviceId, new ControlOutcome(command.ControlId, true, command.Target, time.GetUtcNow())), CancellationToken.None);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<RegisterRead>> ReadNow(string deviceId, IReadOnlyList<string> readingTypes, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<RegisterRead>>([]);

    public Task<DevicePing> Ping(string deviceId, CancellationToken cancellationToken = default) =>
        Task.FromResult(new DevicePing(deviceId, true, switches.GetValueOrDefault(deviceId, SwitchState.Connected)));
}
