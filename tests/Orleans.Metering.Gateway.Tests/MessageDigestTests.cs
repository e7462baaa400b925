using Orleans.Metering.Abstractions;

namespace Orleans.Metering.Gateway.Tests;

/// <summary>The readings digest tells a replay (same content) from a reused MessageID (anything different).</summary>
public sealed class MessageDigestTests
{
    private const string Type = "0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0";
    private static readonly DateTimeOffset T = new(2026, 11, 2, 0, 15, 0, TimeSpan.Zero);

    private static string Digest(double value = 1.5, string? quality = null, string? usagePoint = "UP-1", string verb = "created", string[]? refused = null,
        ReadingKind kind = ReadingKind.Interval, DateTimeOffset? at = null) =>
        MessageDigest.OfReadings(verb, [new ReadingSeries(Type, kind, [new ReadingValue(at ?? T, value, quality), new ReadingValue(T.AddMinutes(15), 2)])], usagePoint, refused ?? []);

    /// <summary>
    /// Digests are kept in meters' memos: one computed after an upgrade must equal the one stored before it,
    /// or a client's retry across the upgrade would be refused as a reused MessageID. Pinned values.
    /// </summary>
    [Fact]
    public void The_digest_of_given_readings_does_not_change_between_versions()
    {
        Assert.Equal("D755691C896CD3667AB5BEDEE975783BB6C22574C680E8EB795FA38D1AD8896C", Digest(quality: "1.4.9"));
        Assert.Equal("9FC38D374B59E1500647982701B59D758FA393A55967C3DC073C41028BA4C2EF", Digest(quality: string.Join(",", Enumerable.Repeat("2.6.1001", 40)), refused: ["2.4 Meter MTR-1: é unknown"]));
    }

    [Fact]
    public void The_same_readings_give_the_same_digest()
    {
        Assert.Equal(Digest(), Digest());
        Assert.Equal(Digest(at: T.ToOffset(TimeSpan.FromHours(2))), Digest()); // the same instant in another offset
    }

    [Fact]
    public void Any_difference_in_what_is_stored_changes_the_digest()
    {
        var digests = new[]
        {
            Digest(),
            Digest(value: 1.5000001),
            Digest(quality: "3.6.4"),
            Digest(quality: ""),
            Digest(usagePoint: null),
            Digest(usagePoint: "UP-2"),
            Digest(verb: "create"),
            Digest(refused: ["2.6 bad type"]),
            Digest(kind: ReadingKind.Register),
            Digest(at: T.AddTicks(1)),
        };

        Assert.Equal(digests.Length, digests.Distinct().Count());
    }
}
