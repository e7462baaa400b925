using System.ComponentModel.DataAnnotations;

namespace Orleans.Metering.Grains.UsagePoints;

public sealed class UsagePointOptions
{
    /// <summary>
    /// Meter installations a usage point keeps in its state, the oldest closed ones dropped beyond it.
    /// A meter is exchanged every decade or so; the bound is there for head-ends that flap between
    /// meters on one usage point, so the state row cannot grow without end (readings stay readable by meter).
    /// </summary>
    [Range(2, 100_000)]
    public int MaxInstallations { get; set; } = 128;
}
