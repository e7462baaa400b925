namespace Orleans.Metering.Gateway.Handlers;

/// <summary>One meter to read for a get MeterReadings, over (After, Through]; through a usage point, the period is cut to the installation.</summary>
internal sealed record ReadingTarget(string MeterId, string? UsagePointId, DateTimeOffset? After, DateTimeOffset? Through);
