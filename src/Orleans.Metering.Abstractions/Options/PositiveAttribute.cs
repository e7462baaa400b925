using System.ComponentModel.DataAnnotations;

namespace Orleans.Metering.Abstractions.Options;

/// <summary>
/// A setting (a TimeSpan or a number) checked against zero. The message names the configuration
/// key when the option is validated at start-up (the key is the display name).
/// </summary>
public abstract class SignAttribute(bool zeroAllowed, string message) : ValidationAttribute(message)
{
    public override bool IsValid(object? value) => value switch
    {
        null => true,
        TimeSpan t => Accepts(t.Ticks.CompareTo(0)),
        int i => Accepts(i.CompareTo(0)),
        long l => Accepts(l.CompareTo(0)),
        double d => !double.IsNaN(d) && Accepts(d.CompareTo(0)),
        _ => throw new InvalidOperationException($"{GetType().Name} does not apply to {value.GetType().Name}"),
    };

    private bool Accepts(int sign) => sign > 0 || (zeroAllowed && sign == 0);
}

/// <summary>A setting that must be greater than zero.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PositiveAttribute() : SignAttribute(zeroAllowed: false, "{0} must be positive");

/// <summary>A setting that must not be below zero.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NotNegativeAttribute() : SignAttribute(zeroAllowed: true, "{0} must not be negative");
