using System.Diagnostics.Metrics;

namespace Orleans.Metering.Abstractions;

/// <summary>
/// The platform's own metrics (OpenTelemetry meter <c>Orleans.Metering</c>): messages by verb, noun
/// and result; readings by what the store did with them and the store's queue depth; controls by final
/// state and dispatch latency.
/// </summary>
public static class MeteringMetrics
{
    public const string MeterName = "Orleans.Metering";

    public static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> Messages = Meter.CreateCounter<long>("metering.messages", "{message}", "CIM messages answered, by verb, noun and result");

    public static readonly Counter<long> Readings = Meter.CreateCounter<long>("metering.readings", "{value}", "Reading values ingested, by outcome (inserted, unchanged, replaced, flagged)");

    public static readonly Counter<long> Controls = Meter.CreateCounter<long>("metering.controls", "{control}", "EndDeviceControls that reached a final state, by state");

    /// <summary>Reading values handed to the store's group-commit queue and not yet committed (or failed).</summary>
    public static readonly UpDownCounter<long> ReadingQueue = Meter.CreateUpDownCounter<long>("metering.readings.queue", "{value}", "Reading values waiting in the store's group-commit queue or in the batch being committed");

    public static readonly Histogram<double> ControlDispatch = Meter.CreateHistogram<double>("metering.control.dispatch", "ms", "Time from accepting a control to handing it to the head-end");
}
