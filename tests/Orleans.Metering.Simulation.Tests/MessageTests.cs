using System.Diagnostics;
using System.Globalization;
using System.Xml.Linq;
using Orleans.Metering.Cim.Documents;
using Orleans.Metering.Cim.Messages;
using Orleans.Metering.Cim.Tests.Support;
using Orleans.Metering.Simulation.Fleet;

namespace Orleans.Metering.Simulation.Tests;

public sealed class MessageTests
{
    private static readonly XNamespace Msg = Orleans.Metering.Cim.CimNamespaces.Message;
    private static readonly XNamespace M = Orleans.Metering.Cim.CimNamespaces.Profile("MeterReadings");
    private static readonly XNamespace E = Orleans.Metering.Cim.CimNamespaces.Profile("EndDeviceEvents");
    private static readonly DateTimeOffset Day = new(2024, 3, 5, 0, 0, 0, TimeSpan.Zero);

    private static readonly SimulatedFleet Fleet = new(new FleetOptions { Seed = 11, MeterCount = 1000, MissingIntervalRate = 0.01, OutageRatePerDay = 0.05 });

    [Fact]
    public void MeterReadings_message_carries_intervals_and_register_per_meter()
    {
        var messages = new FleetMessages(Fleet);
        var ids = Fleet.MeterIds(3);
        var xml = messages.MeterReadingsXml(ids, Day, Day.AddDays(1));
        var path = CimOutput.Save("HeadEnd-created-MeterReadings", xml);
        AssertValid(path);

        var doc = XDocument.Parse(xml);
        var header = doc.Root!.Element(Msg + "Header")!;
        Assert.Equal(Msg + "EventMessage", doc.Root.Name);
        Assert.Equal("created", header.Element(Msg + "Verb")!.Value);
        Assert.Equal("MeterReadings", header.Element(Msg + "Noun")!.Value);
        Assert.Equal("SimulatedHeadEnd", header.Element(Msg + "Source")!.Value);
        Assert.True(Guid.TryParse(header.Element(Msg + "MessageID")!.Value, out _));
        Assert.EndsWith("Z", header.Element(Msg + "Timestamp")!.Value, StringComparison.Ordinal);

        var readings = doc.Root.Element(Msg + "Payload")!.Element(M + "MeterReadings")!.Elements(M + "MeterReading").ToList();
        Assert.Equal(ids, readings.Select(r => r.Element(M + "Meter")!.Element(M + "mRID")!.Value));
        foreach (var (reading, id) in readings.Zip(ids))
        {
            var block = reading.Element(M + "IntervalBlocks")!;
            Assert.Equal(SimulatedFleet.IntervalReadingType, block.Element(M + "ReadingType")!.Attribute("ref")!.Value);
            var values = block.Elements(M + "IntervalReadings").ToList();
            var expected = Fleet.Intervals(id, Day, Day.AddDays(1));
            Assert.Equal(expected.Count, values.Count);
            foreach (var (x, v) in values.Zip(expected))
            {
                var ts = x.Element(M + "timeStamp")!.Value;
                var value = x.Element(M + "value")!.Value;
                Assert.Equal(v.TimeStamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), ts);
                Assert.Equal(v.Value, double.Parse(value, CultureInfo.InvariantCulture));
                Assert.True(!value.Contains('.', StringComparison.Ordinal) || value.Length - value.IndexOf('.', StringComparison.Ordinal) - 1 <= 4, value);
                Assert.DoesNotContain("E", value, StringComparison.OrdinalIgnoreCase);
            }

            var register = reading.Element(M + "Readings")!;
            Assert.Equal(SimulatedFleet.RegisterReadingType, register.Element(M + "ReadingType")!.Attribute("ref")!.Value);
            Assert.Equal("2024-03-06T00:00:00Z", register.Element(M + "timeStamp")!.Value);
            Assert.Equal(Fleet.Register(id, Day.AddDays(1)), double.Parse(register.Element(M + "value")!.Value, CultureInfo.InvariantCulture), 1e-9);
        }
    }

    [Fact]
    public void Each_message_gets_its_own_MessageID_and_the_register_is_optional()
    {
        var messages = new FleetMessages(Fleet);
        var a = XDocument.Parse(messages.MeterReadingsXml(["SIM-000001"], Day, Day.AddHours(1), includeRegister: false));
        var b = XDocument.Parse(messages.MeterReadingsXml(["SIM-000001"], Day, Day.AddHours(1), includeRegister: false));
        Assert.NotEqual(a.Descendants(Msg + "MessageID").Single().Value, b.Descendants(Msg + "MessageID").Single().Value);
        Assert.Empty(a.Descendants(M + "Readings"));
        AssertValid(CimOutput.Save("HeadEnd-created-MeterReadings-no-register", a.ToString()));
    }

    [Fact]
    public void EndDeviceEvents_message_carries_the_outage_events()
    {
        var messages = new FleetMessages(Fleet);
        var events = Fleet.Events(Fleet.MeterIds(50), Day, Day.AddDays(10)).ToList();
        Assert.NotEmpty(events);
        var xml = messages.EndDeviceEventsXml(events);
        AssertValid(CimOutput.Save("HeadEnd-created-EndDeviceEvents", xml));

        var doc = XDocument.Parse(xml);
        Assert.Equal("EndDeviceEvents", doc.Descendants(Msg + "Noun").Single().Value);
        var xs = doc.Descendants(E + "EndDeviceEvent").ToList();
        Assert.Equal(events.Count, xs.Count);
        foreach (var (x, e) in xs.Zip(events))
        {
            Assert.Equal(e.MeterId, x.Element(E + "Assets")!.Element(E + "mRID")!.Value);
            Assert.Equal(e.EventType, x.Element(E + "EndDeviceEventType")!.Attribute("ref")!.Value);
            Assert.Equal(e.At, DateTimeOffset.Parse(x.Element(E + "createdDateTime")!.Value, CultureInfo.InvariantCulture));
            Assert.Equal(FleetMessages.EventMrid(e.MeterId, e.At, e.EventType), x.Element(E + "mRID")!.Value);
        }

        Assert.Equal(xs.Count, xs.Select(x => x.Element(E + "mRID")!.Value).Distinct().Count());
    }

    [Fact]
    public void A_thousand_meters_by_96_intervals_builds_quickly()
    {
        var messages = new FleetMessages(Fleet);
        var ids = Fleet.MeterIds(1000);
        _ = messages.MeterReadings(ids.Take(10).ToList(), Day, Day.AddDays(1));
        var watch = Stopwatch.StartNew();
        var bytes = messages.MeterReadings(ids, Day, Day.AddDays(1));
        var elapsed = watch.Elapsed;

        using var stream = new MemoryStream();
        messages.WriteMeterReadings(stream, ids, Day, Day.AddDays(1));
        Assert.Equal(bytes.Length, stream.Length, tolerance: 200); // only MessageID/Timestamp differ

        var doc = XDocument.Load(new MemoryStream(bytes));
        var count = doc.Descendants(M + "IntervalReadings").Count();
        Assert.InRange(count, 96_000 * 0.95, 96_000);
        Assert.Equal(1000, doc.Descendants(M + "MeterReading").Count());
        Assert.True(elapsed < TimeSpan.FromSeconds(5), elapsed.ToString());
        // The big one is valid too (checked once by hand); keep a slice of it for CI.
        AssertValid(CimOutput.Save("HeadEnd-created-MeterReadings-50x96", messages.MeterReadings(ids.Take(50).ToList(), Day, Day.AddDays(1))));
    }

    [Fact]
    public void Every_kind_of_message_the_simulator_pushes_is_the_CIM_layers_document_and_is_saved_for_the_schema_check()
    {
        var messages = new FleetMessages(Fleet);
        var ids = Fleet.MeterIds(2);
        var readings = Read(messages.MeterReadings(ids, Day, Day.AddHours(2)));
        var events = Read(messages.EndDeviceEvents(Fleet.Events(Fleet.MeterIds(50), Day, Day.AddDays(10))));

        // What the streaming writer produced equals the document model's own rendering of the same readings.
        var expected = new MeterReadingsDocument
        {
            MeterReadings = [.. ids.Select(id => new MeterReading
            {
                IntervalBlocks = [new IntervalBlock { ReadingTypeRef = SimulatedFleet.IntervalReadingType, Readings = [.. Fleet.Intervals(id, Day, Day.AddHours(2)).Select(v => new IntervalReading(v.TimeStamp, v.Value))] }],
                Meter = ObjectRef.ById(id),
                Readings = [new Reading { ReadingTypeRef = SimulatedFleet.RegisterReadingType, TimeStamp = Day.AddHours(2), NumericValue = Fleet.Register(id, Day.AddHours(2)) }],
            })],
        };
        Assert.True(XNode.DeepEquals(expected.ToXml(), Assert.Single(readings.Payload!.Documents)));
        Assert.Equal(ProfileDocuments.EndDeviceEvents, Assert.Single(events.Payload!.Documents).Name.LocalName);
        Assert.All([readings, events], m => Assert.Equal((MessageKind.Event, "created", FleetMessages.SourceName), (m.Kind, m.Header!.Verb, m.Header.Source)));

        AssertValid(CimOutput.Save("HeadEnd-sample-created-MeterReadings", messages.MeterReadings(ids, Day, Day.AddHours(2))));
        AssertValid(CimOutput.Save("HeadEnd-sample-created-MeterReadings-intervals-only", messages.MeterReadings(ids, Day, Day.AddHours(2), includeRegister: false)));
        AssertValid(CimOutput.Save("HeadEnd-sample-created-EndDeviceEvents", messages.EndDeviceEvents(Fleet.Events(Fleet.MeterIds(50), Day, Day.AddDays(10)))));
    }

    private static CimMessage Read(byte[] xml)
    {
        var read = CimMessageReader.Read(new MemoryStream(xml));
        Assert.True(read.Success, read.Error?.Message);
        return read.Message!;
    }

    /// <summary>Runs the shared validator when it is there (CI validates the saved files anyway).</summary>
    private static void AssertValid(string path)
    {
        const string validator = "/work/shared/cim/validate";
        if (!File.Exists(validator))
        {
            return;
        }

        var start = new ProcessStartInfo(validator, [path]) { RedirectStandardOutput = true, RedirectStandardError = true };
        Process? process;
        try
        {
            process = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return; // no python3 or xmllint here
        }

        using (process)
        {
            var output = process!.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, output);
        }
    }
}
