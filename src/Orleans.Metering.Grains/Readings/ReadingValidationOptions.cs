using Orleans.Metering.Abstractions.Options;

namespace Orleans.Metering.Grains.Readings;

/// <summary>
/// The validation rules applied to incoming readings (<c>Metering:Validation</c>). Each rule can be
/// switched off; a rule marks values with a ReadingQualityType, it never drops them.
/// </summary>
public sealed class ReadingValidationOptions
{
    /// <summary>Negative value on a forward delta energy series: 3.6.4 (failed validation, usage below minimum).</summary>
    public bool NegativeForwardDelta { get; set; } = true;

    /// <summary>Value above <see cref="SpikeFactor"/> × the series' recent level: 3.6.5 (usage above maximum percentage).</summary>
    public bool Spike { get; set; } = true;

    /// <summary>How many times the recent level a value may reach before it counts as a spike.</summary>
    [Positive]
    public double SpikeFactor { get; set; } = 10;

    /// <summary>Spikes are only judged once the recent level is known and above this, to ignore near-zero series.</summary>
    [NotNegative]
    public double SpikeMinimumLevel { get; set; } = 0.01;

    /// <summary>Interval timestamp not on the interval grid: 3.5.258 (suspect).</summary>
    public bool OffGrid { get; set; } = true;

    /// <summary>Timestamp later than now + <see cref="FutureTolerance"/>: 3.5.256 (data outside expected range).</summary>
    public bool FutureTimestamp { get; set; } = true;

    /// <summary>How far ahead of now a timestamp may be (clock skew between meter, head-end and platform).</summary>
    [NotNegative]
    public TimeSpan FutureTolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The same series and timestamp twice in one message: the last value is kept, marked 3.5.258.</summary>
    public bool DuplicateInMessage { get; set; } = true;
}
