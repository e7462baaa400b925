using System.Globalization;
using Orleans.Metering.Gateway;
using Orleans.Metering.Storage;

namespace Orleans.Metering.Silo;

/// <summary>
/// <c>outbox dead-letters [--max N]</c>, <c>outbox requeue ID</c>, <c>outbox requeue --all</c>: the
/// operator's side of the reply outbox, on the configured store directly, so that it works while no
/// silo runs. A re-queued reply is delivered by the next silo that polls the outbox.
/// Exit codes: 0 done, 1 the store failed, 2 bad arguments or settings, 3 no dead letter has that id.
/// </summary>
public static class OutboxCommand
{
    public const string Usage = """
        usage: dotnet run --project src/Orleans.Metering.Silo -- outbox SUBCOMMAND [settings]
          outbox dead-letters [--max N]   the dead letters, earliest dead first (at most N, 1 to 1000, default 100)
          outbox requeue ID               make one pending again, due now (the next silo to poll delivers it)
          outbox requeue --all            the same for every dead letter
        settings: the silo's, e.g. --Metering:Storage=Postgres --ConnectionStrings:Metering=...
        Exit codes: 0 done, 1 the store failed, 2 bad arguments or settings, 3 no dead letter has that id.
        """;

    /// <summary>Longest last error shown in the table; the whole text is in GET /outbox/dead-letters/{id}.</summary>
    private const int ErrorWidth = 80;

    public static Task<int> Run(string[] args) => Run(args, Console.Out, Console.Error);

    public static async Task<int> Run(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var parsed = CommandArguments.Parse(args, flags: ["all"], valued: ["max"]);
        var verb = parsed.Words.FirstOrDefault();
        var invalid = verb switch
        {
            "dead-letters" when parsed.Words.Count > 1 || parsed.Has("all") => "dead-letters takes no id and no --all",
            "dead-letters" => MaxOf(parsed, out _),
            "requeue" when parsed.Has("max") => "requeue takes no --max",
            "requeue" when parsed.Has("all") == (parsed.Words.Count == 2) => "requeue takes either one ID or --all",
            "requeue" when parsed.Words.Count > 2 => "requeue takes one ID",
            "requeue" => null,
            null => "no subcommand",
            _ => $"unknown subcommand '{verb}'",
        };
        if (invalid is not null)
        {
            await error.WriteLineAsync($"outbox: {invalid}{Environment.NewLine}{Usage.TrimEnd()}");
            return 2;
        }

        try
        {
            await using var storage = await CommandStorage.Open("outbox", MeteringHost.CreateBuilder([.. parsed.Configuration]), error);
            if (storage is null)
            {
                return 2;
            }

            if (!storage.Exists)
            {
                await error.WriteLineAsync($"outbox: there is no database at {storage.Options.SqlitePath} (wrong --Metering:DataDirectory, or no silo has run there)");
                return 2;
            }

            var outbox = storage.Outbox();
            MaxOf(parsed, out var max);
            return verb == "dead-letters" ? await List(outbox, max, output)
                : parsed.Has("all") ? await RequeueAll(outbox, output)
                : await Requeue(outbox, parsed.Words[1], output, error);
        }
        catch (Exception e) when (CommandStorage.IsStorageFailure(e))
        {
            await error.WriteLineAsync("outbox failed: " + e.Message);
            return 1;
        }
    }

    /// <summary>Reads --max (the HTTP endpoint's default and bounds); the problem with it, or null.</summary>
    private static string? MaxOf(CommandArguments parsed, out int max)
    {
        max = OutboxEndpoints.DefaultMax;
        var text = parsed.Value("max");
        return !parsed.Has("max") || (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out max) && max is >= 1 and <= OutboxEndpoints.MaxLimit)
            ? null
            : $"--max must be a whole number from 1 to {OutboxEndpoints.MaxLimit}; got '{text}'";
    }

    private static async Task<int> List(IReplyOutbox outbox, int max, TextWriter output)
    {
        var dead = await outbox.DeadLetters(max);
        if (dead.Count == 0)
        {
            await output.WriteLineAsync("No dead letters.");
            return 0;
        }

        string[] header = ["ID", "ADDRESS", "ATTEMPTS", "DEAD AT", "LAST ERROR"];
        var rows = dead.Select(d => new[]
        {
            d.Id, d.Address, d.Attempts.ToString(CultureInfo.InvariantCulture),
            d.DeadAt?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "", OneLine(d.LastError),
        }).ToList();
        var widths = header.Select((h, c) => rows.Max(r => r[c].Length)).Select((w, c) => Math.Max(w, header[c].Length)).ToArray();
        foreach (var row in rows.Prepend(header))
        {
            await output.WriteLineAsync(string.Join("  ", row.Select((cell, c) => c == row.Length - 1 ? cell : cell.PadRight(widths[c]))));
        }

        if (dead.Count == max)
        {
            await output.WriteLineAsync($"(the first {max}; --max shows more)");
        }

        return 0;
    }

    private static async Task<int> Requeue(IReplyOutbox outbox, string id, TextWriter output, TextWriter error)
    {
        if (!await outbox.Requeue(id, TimeProvider.System.GetUtcNow()))
        {
            await error.WriteLineAsync("outbox: " + DeadLetterView.NotADeadLetter(id, await outbox.Get(id)));
            return 3;
        }

        await output.WriteLineAsync($"Re-queued {id}; a silo delivers it on its next poll of the outbox.");
        return 0;
    }

    private static async Task<int> RequeueAll(IReplyOutbox outbox, TextWriter output)
    {
        var count = await outbox.RequeueAll(TimeProvider.System.GetUtcNow());
        await output.WriteLineAsync($"Re-queued {count} dead letters.");
        return 0;
    }

    private static string OneLine(string? text)
    {
        var line = (text ?? "").ReplaceLineEndings(" ");
        return line.Length <= ErrorWidth ? line : line[..(ErrorWidth - 1)] + "…";
    }
}
