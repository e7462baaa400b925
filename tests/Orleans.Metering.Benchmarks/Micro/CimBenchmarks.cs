using BenchmarkDotNet.Attributes;
using Orleans.Metering.Cim.Documents;
using Orleans.Metering.Cim.Messages;
using Orleans.Metering.Simulation.Fleet;

namespace Orleans.Metering.Benchmarks.Micro;

/// <summary>The CIM reader and writer on a realistic `created MeterReadings` message (10 meters, one day, with registers).</summary>
[MemoryDiagnoser]
public class CimReaderWriterBenchmarks
{
    private byte[] bytes = [];
    private CimMessage message = null!;
    private MeterReadingsDocument document = null!;

    [GlobalSetup]
    public void Setup()
    {
        var fleet = new SimulatedFleet(new FleetOptions { MeterCount = 10 });
        var from = new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.Zero);
        bytes = new FleetMessages(fleet).MeterReadings(fleet.MeterIds(10), from, from.AddDays(1));
        message = CimMessageReader.Read(new MemoryStream(bytes)).Message!;
        document = MeterReadingsDocument.FromXml(message.Payload!.Documents[0]);
    }

    [Benchmark]
    public CimReadResult ReadEnvelope()
    {
        using var stream = new MemoryStream(bytes, writable: false);
        return CimMessageReader.Read(stream);
    }

    [Benchmark]
    public MeterReadingsDocument ReadDocument() => MeterReadingsDocument.FromXml(message.Payload!.Documents[0]);

    [Benchmark]
    public byte[] WriteMessage() => CimMessageWriter.ToBytes(message, MessageFraming.Generic);

    [Benchmark]
    public object WriteDocument() => document.ToXml();
}
