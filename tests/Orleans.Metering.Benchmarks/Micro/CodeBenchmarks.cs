using BenchmarkDotNet.Attributes;
using Orleans.Metering.Cim.Codes;

namespace Orleans.Metering.Benchmarks.Micro;

/// <summary>
/// The code-type parsers: ReadingType (18 parts), EndDeviceEventType (4 parts), and DottedCode through
/// ReadingQualityType (3 parts), whose parse is DottedCode.Read plus a range check (DottedCode itself is
/// internal to Orleans.Metering.Cim).
/// </summary>
[MemoryDiagnoser]
public class CodeParserBenchmarks
{
    private const string IntervalReadingType = "0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0";
    private const string EventType = "3.26.0.85";
    private const string QualityType = "3.5.258";

    [Benchmark]
    public bool ReadingTypeTryParse() => ReadingType.TryParse(IntervalReadingType.AsSpan(), out _);

    [Benchmark]
    public string ReadingTypeRoundTrip() => ReadingType.Parse(IntervalReadingType).ToString();

    [Benchmark]
    public bool EndDeviceEventTypeTryParse() => EndDeviceEventType.TryParse(EventType.AsSpan(), out _);

    [Benchmark]
    public bool DottedCodeViaReadingQualityType() => ReadingQualityType.TryParse(QualityType, out _);
}
