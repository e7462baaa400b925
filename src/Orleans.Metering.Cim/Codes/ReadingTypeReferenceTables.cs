// Transcribed from shared/cim/REFERENCE.md section 5 (tables that TABLES.md abbreviates).
namespace Orleans.Metering.Cim.Codes;

/// <summary>The small ReadingType tables: macroPeriod, aggregate, accumulation, flowDirection, currency.</summary>
internal static class ReadingTypeReferenceTables
{
    /// <summary>Field 1; 1001 is a Connexo extension.</summary>
    internal static CodeTable MacroPeriods() => new("TimePeriodOfInterest",
    [
        new(0, "none", "not applicable"),
        new(8, "billingPeriod", "billing period"),
        new(11, "daily", "daily"),
        new(13, "monthly", "monthly"),
        new(22, "seasonal", "seasonal"),
        new(24, "weekly", "weekly"),
        new(32, "specifiedPeriod", "specified period"),
        new(1001, "yearly", "yearly"),
    ]);

    /// <summary>Field 2; 27/28 are Connexo-only, 29/30 IEEE 2030.5-only.</summary>
    internal static CodeTable Aggregates() => new("DataQualifierKind",
    [
        new(0, "none", "not applicable"),
        new(2, "average", "average"),
        new(4, "excess", "excess"),
        new(5, "highThreshold", "high threshold"),
        new(7, "lowThreshold", "low threshold"),
        new(8, "maximum", "maximum"),
        new(9, "minimum", "minimum"),
        new(11, "nominal", "nominal"),
        new(12, "normal", "normal"),
        new(16, "secondMaximum", "second maximum"),
        new(17, "secondMinimum", "second minimum"),
        new(23, "thirdMaximum", "third maximum"),
        new(24, "fourthMaximum", "fourth maximum"),
        new(25, "fifthMaximum", "fifth maximum"),
        new(26, "sum", "sum"),
        new(27, "high", "high"),
        new(28, "low", "low"),
        new(29, "stdDevPopulation", "standard deviation of population"),
        new(30, "stdDevSample", "standard deviation of sample"),
    ]);

    /// <summary>Field 4.</summary>
    internal static CodeTable Accumulations() => new("AccumulationKind",
    [
        new(0, "none", "not applicable"),
        new(1, "bulkQuantity", "bulk"),
        new(2, "continuousCumulative", "continuous cumulative"),
        new(3, "cumulative", "cumulative"),
        new(4, "deltaData", "delta"),
        new(6, "indicating", "indicating"),
        new(9, "summation", "summation"),
        new(10, "timeDelay", "time delay"),
        new(12, "instantaneous", "instantaneous"),
        new(13, "latchingQuantity", "latching"),
        new(14, "boundedQuantity", "bounded"),
    ]);

    /// <summary>Field 5.</summary>
    internal static CodeTable FlowDirections() => new("FlowDirectionKind",
    [
        new(0, "none", "not applicable"),
        new(1, "forward", "forward"),
        new(2, "lagging", "lagging"),
        new(3, "leading", "leading"),
        new(4, "net", "net"),
        new(5, "q1plusQ2", "Q1+Q2"),
        new(7, "q1plusQ3", "Q1+Q3"),
        new(8, "q1plusQ4", "Q1+Q4"),
        new(9, "q1minusQ4", "Q1-Q4"),
        new(10, "q2plusQ3", "Q2+Q3"),
        new(11, "q2plusQ4", "Q2+Q4"),
        new(12, "q2minusQ3", "Q2-Q3"),
        new(13, "q3plusQ4", "Q3+Q4"),
        new(14, "q3minusQ2", "Q3-Q2"),
        new(15, "quadrant1", "Q1 only"),
        new(16, "quadrant2", "Q2 only"),
        new(17, "quadrant3", "Q3 only"),
        new(18, "quadrant4", "Q4 only"),
        new(19, "reverse", "reverse"),
        new(20, "total", "total"),
        new(21, "totalByPhase", "total by phase"),
    ]);

    /// <summary>Field 18: the ISO 4217 numeric codes REFERENCE.md names (any 3-digit code is accepted).</summary>
    internal static CodeTable Currencies() => new("Currency",
    [
        new(0, "none", "not applicable"),
        new(36, "AUD", "AUD"),
        new(124, "CAD", "CAD"),
        new(156, "CNY", "CNY"),
        new(208, "DKK", "DKK"),
        new(356, "INR", "INR"),
        new(392, "JPY", "JPY"),
        new(578, "NOK", "NOK"),
        new(643, "RUB", "RUB"),
        new(752, "SEK", "SEK"),
        new(756, "CHF", "CHF"),
        new(826, "GBP", "GBP"),
        new(840, "USD", "USD"),
        new(978, "EUR", "EUR"),
    ]);
}
