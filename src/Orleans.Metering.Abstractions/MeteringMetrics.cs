using System.Diagnostics.Metrics;

namespace Orleans.Metering.Abstractions;

/// <summary>
/// The platform's own metrics (OpenTelemetry meter <c>Orleans.Metering</c>): messages by verb, noun
/// and result; readings by what the store did with them; controls by final state.
/// </summary>
public static class MeteringMetrics
{
    public const string MeterName = "Orleans.Metering";

    public static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> Messages = Meter.CreateCounter<long>("metering.messages", "{message}", "CIM messages answered, by verb, noun and result");

    public static readonly Counter<long> Readings = Meter.CreateCounter<long>("metering.readings", "{value}", "Reading values ingested, by outcome (inserted, unchanged, replaced, flagged)");

    public static readonly Counter<long> Controls = Meter.CreateCounter<long>("metering.controls", "{control}", "EndDeviceControls that reached a final state, by state");

    public static readonly Histogram<double> ControlDispatch = Meter.CreateHistogram<double>("metering.control.dispatch", "ms", "Time from accepting a control to handing it to the head-end");
}
