using System.Net.Http.Headers;
using CsCheck;
using Orleans.Metering.Cim.Messages;
using Orleans.Metering.Cim.Tests.Support;
using Xunit.Abstractions;
using static Orleans.Metering.Gateway.Tests.Messages;

namespace Orleans.Metering.Gateway.Tests.Fuzz;

/// <summary>
/// Generated input over real HTTP: any mutation of a valid message (element repeated, removed, renamed,
/// reordered, unknown element added; text with any Unicode scalar, as characters or as character
/// references; attributes multiplied; the body cut short) is answered with a well-formed CIM reply or
/// fault and never with a 5xx. A fixed budget of inputs per run, from a new seed each run (a failure
/// prints the seed and the shrunk input). Every answer is kept for the schema check in CI.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class MutationFuzzTests(PlatformFixture fixture, ITestOutputHelper output)
{
    private const int Budget = 400;
    private static readonly MediaTypeHeaderValue TextXml = new("text/xml") { CharSet = "utf-8" };

    /// <summary>Valid messages of every verb and noun the gateway takes, for devices nobody registers (so controls answer at once).</summary>
    private static readonly string[] Seeds =
    [
        CreateMeter("FUZZ-MTR-1", "fuzz-1"),
        Control("FUZZ-NOBODY-1", "3.31.0.23", "fuzz-2", "FUZZ-CTL-1"),
        GetEvents("FUZZ-NOBODY-2", "fuzz-3", "3.31.0.68"),
        GetMeter("FUZZ-NOBODY-3", "fuzz-4"),
        ReadingMessages.Created("FUZZ-NOBODY-4", [1.5, 2.5, 3.5], "fuzz-5"),
        ReadingMessages.Get("fuzz-6", ["FUZZ-NOBODY-5"], start: ReadingMessages.Day, end: ReadingMessages.Day.AddDays(1)),
        PerNoun(Control("FUZZ-NOBODY-6", "3.31.0.18", "fuzz-7"), "http://schemas.xmlsoap.org/soap/envelope/"),
        PerNoun(GetMeter("FUZZ-NOBODY-7", "fuzz-8"), "http://www.w3.org/2003/05/soap-envelope"),
    ];

    [Fact]
    public async Task Any_mutation_of_a_valid_message_gets_a_well_formed_CIM_answer_and_never_a_5xx()
    {
        var tried = 0;
        var byStatus = new System.Collections.Concurrent.ConcurrentDictionary<int, int>();
        await MessageMutation.Over(Seeds.Length).SampleAsync(async mutation =>
        {
            var body = mutation.Apply(Seeds[mutation.Seed]);
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = TextXml;
            using var response = await fixture.Host.Http.PostAsync(new Uri(fixture.Host.BaseAddress, "/cim"), content);
            var answer = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            byStatus.AddOrUpdate(status, 1, (_, n) => n + 1);
            Interlocked.Increment(ref tried);
            Assert.True(status < 500, $"HTTP {status} for {mutation}: {answer}\nrequest: {Preview(body)}");
            var read = CimMessageReader.Read(answer);
            Assert.True(read.Success, $"unreadable answer to {mutation}: {read.Error?.Message}\n{answer}");
            Assert.True(read.Message!.Kind is MessageKind.Response or MessageKind.Fault, $"a {read.Message.Kind} answered {mutation}");
            Assert.NotNull(read.Message.Reply);
            CimOutput.Save("Gateway_fuzz-answer", answer);
        }, iter: Budget, threads: 4, writeLine: output.WriteLine);

        var report = $"fuzz over HTTP: {tried} generated inputs tried, none answered 5xx; HTTP statuses: {string.Join(", ", byStatus.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key} x{kv.Value}"))}";
        output.WriteLine(report);
        // .ci/run prints this file, so that CI says how many inputs the fixed budget tried.
        if (Environment.GetEnvironmentVariable("METERING_FUZZ_REPORT") is { Length: > 0 } file)
        {
            await File.AppendAllTextAsync(file, report + Environment.NewLine);
        }

        Assert.True(tried >= Budget, $"only {tried} inputs were tried");
    }

    private static string Preview(byte[] body) => System.Text.Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 3000)));

    [Fact]
    public void Every_seed_is_read_by_the_platform_and_kept_for_the_schema_check()
    {
        foreach (var seed in Seeds)
        {
            var read = CimMessageReader.Read(seed);
            Assert.True(read.Success, read.Error?.Message);
            CimOutput.Save("Gateway_fuzz-seed", seed); // the mutations start from schema-valid messages
        }
    }
}
