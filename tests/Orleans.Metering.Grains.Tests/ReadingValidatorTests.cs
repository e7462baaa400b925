using Orleans.Metering.Abstractions;
using Orleans.Metering.Cim.Codes;
using Orleans.Metering.Grains.Readings;

namespace Orleans.Metering.Grains.Tests;

/// <summary>The validation rules as a pure function: each rule marks what it should, with its code, and nothing else.</summary>
public sealed class ReadingValidatorTests
{
    private const string ForwardDelta15 = "0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0";
    private const string ReverseDelta15 = "0.0.2.4.19.1.12.0.0.0.0.0.0.0.0.3.72.0";
    private const string ForwardDelta60 = "0.0.7.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0";
    private const string ForwardDelta1 = "0.0.3.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0";
    private const string BulkRegister = "0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0";

    private static readonly string Negative = ReadingQualityType.NegativeValue.ToString();
    private static readonly string Spike = ReadingQualityType.Spike.ToString();
    private static readonly string OffGrid = ReadingQualityType.OffGridTimestamp.ToString();
    private static readonly string Future = ReadingQualityType.FutureTimestamp.ToString();
    private static readonly string Duplicate = ReadingQualityType.Duplicate.ToString();

    /// <summary>Midnight UTC: on every interval grid.</summary>
    private static readonly DateTimeOffset Day = new(2025, 1, 14, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Long after <see cref="Day"/>, so nothing is in the future unless a test says so.</summary>
    private static readonly DateTimeOffset Now = Day.AddDays(2);

    private static readonly SeriesLevel Known = new(1.0, 4);

    private static DateTimeOffset At(int quarter) => Day.AddMinutes(15 * quarter);

    private static ReadingSeries Series(string readingType, params double[] values) =>
        new(readingType, ReadingKind.Interval, [.. values.Select((v, i) => new ReadingValue(At(i + 1), v))]);

    private static ReadingValidator.Result Validate(ReadingSeries series, SeriesLevel? level = null, ReadingValidationOptions? rules = null, DateTimeOffset? now = null) =>
        ReadingValidator.Validate(ReadingType.Parse(series.ReadingType), series, level, now ?? Now, rules ?? new ReadingValidationOptions());

    private static ReadingValidationOptions AllOff() => new()
    {
        NegativeForwardDelta = false,
        Spike = false,
        OffGrid = false,
        FutureTimestamp = false,
        DuplicateInMessage = false,
    };

    [Fact]
    public void Code_constants_are_the_documented_ones()
    {
        Assert.Equal("3.6.4", Negative);
        Assert.Equal("3.6.5", Spike);
        Assert.Equal("3.5.258", OffGrid);
        Assert.Equal("3.5.256", Future);
        Assert.Equal("3.5.258", Duplicate);
    }

    [Fact]
    public void A_clean_series_passes_unchanged()
    {
        var series = Series(ForwardDelta15, 1.0, 1.2, 0.8, 1.1, 0.9, 1.0);

        var result = Validate(series, Known);

        Assert.Equal(0, result.Flagged);
        Assert.Equal(series.Values, result.Values);
    }

    [Fact]
    public void A_negative_forward_delta_value_is_marked_3_6_4_and_nothing_else()
    {
        var result = Validate(Series(ForwardDelta15, 1.0, -0.5, 1.0), Known);

        Assert.Equal(1, result.Flagged);
        Assert.Equal([null, Negative, null], result.Values.Select(v => v.Qualities));
        Assert.Equal([1.0, -0.5, 1.0], result.Values.Select(v => v.Value));
    }

    [Fact]
    public void Negative_values_on_a_reverse_delta_series_are_not_marked()
    {
        var result = Validate(Series(ReverseDelta15, 1.0, -0.5, 1.0), Known);

        Assert.Equal(0, result.Flagged);
        Assert.All(result.Values, v => Assert.Null(v.Qualities));
    }

    [Fact]
    public void Negative_values_on_a_bulk_register_are_not_marked()
    {
        var register = new ReadingSeries(BulkRegister, ReadingKind.Register, [new(Day.AddMinutes(7), -12.5)]);

        var result = Validate(register);

        Assert.Equal(0, result.Flagged);
        Assert.Null(Assert.Single(result.Values).Qualities);
    }

    [Fact]
    public void The_negative_rule_switched_off_marks_nothing()
    {
        var result = Validate(Series(ForwardDelta15, 1.0, -0.5, 1.0), Known, new ReadingValidationOptions { NegativeForwardDelta = false });

        Assert.Equal(0, result.Flagged);
        Assert.All(result.Values, v => Assert.Null(v.Qualities));
    }

    [Fact]
    public void A_spike_after_four_clean_samples_is_marked_3_6_5()
    {
        var result = Validate(Series(ForwardDelta15, 1, 1, 1, 1, 50));

        Assert.Equal(1, result.Flagged);
        Assert.Equal([null, null, null, null, Spike], result.Values.Select(v => v.Qualities));
    }

    [Fact]
    public void No_spike_is_judged_before_four_clean_samples()
    {
        var result = Validate(Series(ForwardDelta15, 1, 1, 1, 50));

        Assert.Equal(0, result.Flagged);
        Assert.All(result.Values, v => Assert.Null(v.Qualities));
    }

    [Fact]
    public void A_spike_is_a_value_above_factor_times_the_level()
    {
        var atLimit = Validate(Series(ForwardDelta15, 10.0), Known);
        var above = Validate(Series(ForwardDelta15, 10.01), Known);
        var customFactor = Validate(Series(ForwardDelta15, 2.5), Known, new ReadingValidationOptions { SpikeFactor = 2 });
        var belowCustom = Validate(Series(ForwardDelta15, 1.9), Known, new ReadingValidationOptions { SpikeFactor = 2 });

        Assert.Equal(0, atLimit.Flagged);
        Assert.Equal(Spike, Assert.Single(above.Values).Qualities);
        Assert.Equal(Spike, Assert.Single(customFactor.Values).Qualities);
        Assert.Equal(0, belowCustom.Flagged);
    }

    [Fact]
    public void A_level_below_the_minimum_judges_no_spikes()
    {
        var result = Validate(Series(ForwardDelta15, 5.0), new SeriesLevel(0.005, 20));

        Assert.Equal(0, result.Flagged);
    }

    [Fact]
    public void Spikes_are_only_judged_on_interval_delta_series()
    {
        var register = new ReadingSeries(ForwardDelta15, ReadingKind.Register, [new(At(1), 500)]);
        var bulk = new ReadingSeries(BulkRegister, ReadingKind.Register, [new(At(1), 500)]);

        Assert.Equal(0, Validate(register, Known).Flagged);
        Assert.Equal(0, Validate(bulk, Known).Flagged);
    }

    [Fact]
    public void The_spike_rule_switched_off_marks_nothing_and_keeps_the_level()
    {
        var result = Validate(Series(ForwardDelta15, 50, 2), Known, new ReadingValidationOptions { Spike = false });

        Assert.Equal(0, result.Flagged);
        Assert.Equal(Known, result.Level);
    }

    [Fact]
    public void An_off_grid_timestamp_is_marked_3_5_258()
    {
        var series = new ReadingSeries(ForwardDelta15, ReadingKind.Interval, [new(At(1), 1), new(At(1).AddMinutes(7), 1), new(At(3), 1)]);

        var result = Validate(series, Known);

        Assert.Equal(1, result.Flagged);
        Assert.Equal([null, OffGrid, null], result.Values.Select(v => v.Qualities));
    }

    [Fact]
    public void The_grid_is_the_interval_length_of_the_reading_type()
    {
        var halfPast = Day.AddMinutes(30);
        var sevenPast = Day.AddMinutes(7);

        // 15-minute: half past is on the grid; 60-minute: it is not; 1-minute: 7 past is on the grid.
        Assert.Equal(0, Validate(new ReadingSeries(ForwardDelta15, ReadingKind.Interval, [new(halfPast, 1)]), Known).Flagged);
        Assert.Equal(OffGrid, Assert.Single(Validate(new ReadingSeries(ForwardDelta60, ReadingKind.Interval, [new(halfPast, 1)]), Known).Values).Qualities);
        Assert.Equal(0, Validate(new ReadingSeries(ForwardDelta1, ReadingKind.Interval, [new(sevenPast, 1)]), Known).Flagged);
        Assert.Equal(OffGrid, Assert.Single(Validate(new ReadingSeries(ForwardDelta15, ReadingKind.Interval, [new(sevenPast, 1)]), Known).Values).Qualities);
    }

    [Fact]
    public void Register_reads_are_not_judged_against_a_grid()
    {
        var result = Validate(new ReadingSeries(ForwardDelta15, ReadingKind.Register, [new(Day.AddMinutes(7), 1)]), Known);

        Assert.Equal(0, result.Flagged);
    }

    [Fact]
    public void The_off_grid_rule_switched_off_marks_nothing()
    {
        var series = new ReadingSeries(ForwardDelta15, ReadingKind.Interval, [new(Day.AddMinutes(7), 1)]);

        Assert.Equal(0, Validate(series, Known, new ReadingValidationOptions { OffGrid = false }).Flagged);
    }

    [Fact]
    public void A_timestamp_beyond_the_future_tolerance_is_marked_3_5_256()
    {
        var now = Day.AddHours(1);
        var series = new ReadingSeries(ForwardDelta15, ReadingKind.Interval,
        [
            new(now, 1),
            new(now.AddMinutes(5), 1), // five minutes ahead: within the default tolerance
            new(now.AddMinutes(15), 1),
        ]);

        var result = Validate(series, Known, new ReadingValidationOptions { OffGrid = false }, now);

        Assert.Equal(1, result.Flagged);
        Assert.Equal([null, null, Future], result.Values.Select(v => v.Qualities));
    }

    [Fact]
    public void The_future_tolerance_is_configurable_and_the_rule_can_be_switched_off()
    {
        var now = Day.AddHours(1);
        var series = new ReadingSeries(ForwardDelta15, ReadingKind.Interval, [new(now.AddMinutes(30), 1)]);

        Assert.Equal(0, Validate(series, Known, new ReadingValidationOptions { FutureTolerance = TimeSpan.FromHours(1) }, now).Flagged);
        Assert.Equal(0, Validate(series, Known, new ReadingValidationOptions { FutureTimestamp = false }, now).Flagged);
        Assert.Equal(Future, Assert.Single(Validate(series, Known, now: now).Values).Qualities);
    }

    [Fact]
    public void A_timestamp_twice_in_a_series_keeps_the_last_value_marked_and_counted_once()
    {
        var series = new ReadingSeries(ForwardDelta15, ReadingKind.Interval,
        [
            new(At(1), 1.0),
            new(At(2), 2.0),
            new(At(1), 3.0),
            new(At(1), 4.0),
        ]);

        var result = Validate(series, Known);

        Assert.Equal(1, result.Flagged);
        Assert.Equal(2, result.Values.Count);
        var kept = Assert.Single(result.Values, v => v.TimeStamp == At(1));
        Assert.Equal(4.0, kept.Value);
        Assert.Equal(Duplicate, kept.Qualities);
        Assert.Null(Assert.Single(result.Values, v => v.TimeStamp == At(2)).Qualities);
    }

    [Fact]
    public void The_duplicate_rule_switched_off_keeps_the_last_value_unmarked()
    {
        var series = new ReadingSeries(ForwardDelta15, ReadingKind.Interval, [new(At(1), 1.0), new(At(1), 3.0)]);

        var result = Validate(series, Known, new ReadingValidationOptions { DuplicateInMessage = false });

        Assert.Equal(0, result.Flagged);
        var kept = Assert.Single(result.Values);
        Assert.Equal(3.0, kept.Value);
        Assert.Null(kept.Qualities);
    }

    [Fact]
    public void All_rules_switched_off_mark_nothing()
    {
        var series = new ReadingSeries(ForwardDelta15, ReadingKind.Interval,
        [
            new(At(1), -1.0),
            new(At(2), 500.0),
            new(Day.AddMinutes(7), 1.0),
            new(Now.AddDays(1), 1.0),
            new(At(1), -2.0),
        ]);

        var result = Validate(series, Known, AllOff());

        Assert.Equal(0, result.Flagged);
        Assert.All(result.Values, v => Assert.Null(v.Qualities));
        Assert.Equal(4, result.Values.Count);
    }

    [Fact]
    public void The_senders_qualities_are_kept_and_ours_are_added_after_them()
    {
        var series = new ReadingSeries(ForwardDelta15, ReadingKind.Interval,
        [
            new(At(1), -1.0, "1.2.32"),
            new(At(2), 1.0, "1.4.9"),
            new(At(3), -1.0, "3.6.4"),
            new(At(4), -1.0, " 1.2.32 , 3.6.4 "),
        ]);

        var result = Validate(series, Known);

        Assert.Equal(3, result.Flagged);
        Assert.Equal(["1.2.32,3.6.4", "1.4.9", "3.6.4", "1.2.32,3.6.4"], result.Values.Select(v => v.Qualities));
    }

    [Fact]
    public void Two_rules_with_the_same_code_add_it_once()
    {
        // A duplicated, off-grid value: both rules mark 3.5.258; a sender's 3.5.258 is not repeated either.
        var offGrid = Day.AddMinutes(7);
        var series = new ReadingSeries(ForwardDelta15, ReadingKind.Interval, [new(offGrid, 1.0), new(offGrid, 2.0, "3.5.258")]);

        var result = Validate(series, Known);

        Assert.Equal(1, result.Flagged);
        Assert.Equal("3.5.258", Assert.Single(result.Values).Qualities);
    }

    [Fact]
    public void Several_rules_on_one_value_add_each_code_and_count_the_value_once()
    {
        var now = Day.AddHours(1);
        var series = new ReadingSeries(ForwardDelta15, ReadingKind.Interval, [new(now.AddHours(1), -1.0)]);

        var result = Validate(series, Known, now: now);

        Assert.Equal(1, result.Flagged);
        Assert.Equal([Negative, Future], Assert.Single(result.Values).Qualities!.Split(','));
    }

    [Fact]
    public void Merge_keeps_existing_codes_and_adds_new_ones_without_repeats()
    {
        Assert.Equal("3.6.4", ReadingValidator.Merge(null, ["3.6.4"]));
        Assert.Equal("1.2.32,3.6.4", ReadingValidator.Merge("1.2.32", ["3.6.4", "1.2.32"]));
        Assert.Equal("1.2.32,3.6.4,3.5.258", ReadingValidator.Merge("1.2.32,,3.6.4", ["3.5.258", "3.5.258"]));
    }

    [Fact]
    public void The_level_starts_with_the_first_clean_value_and_moves_by_a_tenth()
    {
        var result = Validate(Series(ForwardDelta15, 2.0, 4.0));

        Assert.NotNull(result.Level);
        Assert.Equal(2, result.Level.Samples);
        Assert.Equal(2.2, result.Level.Level, 9);
    }

    [Fact]
    public void Only_clean_values_move_the_level()
    {
        var series = new ReadingSeries(ForwardDelta15, ReadingKind.Interval,
        [
            new(At(1), 50.0),                 // spike
            new(At(2), -1.0),                 // negative
            new(Day.AddMinutes(37), 3.0),     // off grid
            new(At(4), 2.0),                  // clean
        ]);

        var result = Validate(series, Known);

        Assert.Equal(3, result.Flagged);
        Assert.NotNull(result.Level);
        Assert.Equal(5, result.Level.Samples);
        Assert.Equal(1.1, result.Level.Level, 9);
    }

    [Fact]
    public void A_spike_does_not_hide_the_next_one()
    {
        var result = Validate(Series(ForwardDelta15, 50, 50, 50), Known);

        Assert.Equal(3, result.Flagged);
        Assert.All(result.Values, v => Assert.Equal(Spike, v.Qualities));
        Assert.Equal(Known, result.Level);
    }

    [Fact]
    public void Series_without_spike_checks_return_the_level_they_were_given()
    {
        var register = new ReadingSeries(BulkRegister, ReadingKind.Register, [new(At(1), 1234.5)]);

        Assert.Null(Validate(register).Level);
        Assert.Equal(Known, Validate(register, Known).Level);
    }
}
