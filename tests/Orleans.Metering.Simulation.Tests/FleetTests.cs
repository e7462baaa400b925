using Orleans.Metering.Abstractions;
using Orleans.Metering.Simulation.Fleet;

namespace Orleans.Metering.Simulation.Tests;

public sealed class FleetTests
{
    private static readonly DateTimeOffset Jan2024 = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static SimulatedFleet Fleet(int seed = 7, double missing = 0.002, double outages = 0.002, int meters = 100) =>
        new(new FleetOptions { Seed = seed, MeterCount = meters, MissingIntervalRate = missing, OutageRatePerDay = outages });

    [Fact]
    public void Meter_ids_have_the_prefix_and_six_digits()
    {
        var fleet = Fleet(meters: 3);
        Assert.Equal(["SIM-000001", "SIM-000002", "SIM-000003"], fleet.MeterIds());
        Assert.Equal("SIM-001234", fleet.MeterId(1234));
    }

    [Fact]
    public void Same_seed_gives_the_same_data()
    {
        var a = Fleet(seed: 42, outages: 0.05);
        var b = Fleet(seed: 42, outages: 0.05);
        // Different call order on b, so caching cannot hide a difference.
        var at = Jan2024.AddDays(40).AddHours(13);
        Assert.Equal(a.Register("SIM-000010", at), b.Register("SIM-000010", at));
        Assert.Equal(a.Intervals("SIM-000010", Jan2024, Jan2024.AddDays(3)), b.Intervals("SIM-000010", Jan2024, Jan2024.AddDays(3)));
        Assert.Equal(a.Events(Jan2024, Jan2024.AddDays(30)), b.Events(Jan2024, Jan2024.AddDays(30)));
        Assert.Equal(a.Register("SIM-000010", Jan2024), b.Register("SIM-000010", Jan2024));
    }

    [Fact]
    public void Different_seeds_and_different_meters_differ()
    {
        var a = Fleet(seed: 1).Intervals("SIM-000001", Jan2024, Jan2024.AddDays(1)).Select(v => v.Value).ToArray();
        var b = Fleet(seed: 2).Intervals("SIM-000001", Jan2024, Jan2024.AddDays(1)).Select(v => v.Value).ToArray();
        var c = Fleet(seed: 1).Intervals("SIM-000002", Jan2024, Jan2024.AddDays(1)).Select(v => v.Value).ToArray();
        Assert.NotEqual(a, b);
        Assert.NotEqual(a, c);
        Assert.NotEqual(Fleet(seed: 1).Register("SIM-000001", Jan2024), Fleet(seed: 2).Register("SIM-000001", Jan2024));
    }

    [Fact]
    public void Values_are_non_negative_with_four_decimals_and_realistic_magnitude()
    {
        var fleet = Fleet();
        var all = new List<double>();
        foreach (var id in fleet.MeterIds(50))
        {
            all.AddRange(fleet.Intervals(id, Jan2024, Jan2024.AddDays(30)).Select(v => v.Value));
        }

        Assert.All(all, v => Assert.True(v >= 0, $"negative value {v}"));
        Assert.All(all, v => Assert.Equal(Math.Round(v, 4), v));
        var mean = all.Average();
        Assert.InRange(mean, 0.05, 0.4);
        Assert.InRange(all.Max(), 0.3, 3.0);
        // Most values in the usual residential range.
        Assert.True(all.Count(v => v is >= 0.02 and <= 1.5) > all.Count * 0.95);
    }

    [Fact]
    public void Intervals_end_on_the_grid_within_from_exclusive_to_inclusive()
    {
        var fleet = Fleet(missing: 0, outages: 0);
        var from = Jan2024.AddHours(10).AddMinutes(7);
        var to = Jan2024.AddHours(12);
        var values = fleet.Intervals("SIM-000001", from, to);
        Assert.Equal(Jan2024.AddHours(10).AddMinutes(15), values[0].TimeStamp);
        Assert.Equal(to, values[^1].TimeStamp);
        Assert.Equal(8, values.Count);

        var onGrid = fleet.Intervals("SIM-000001", Jan2024.AddHours(10), to);
        Assert.Equal(Jan2024.AddHours(10).AddMinutes(15), onGrid[0].TimeStamp);
        Assert.Equal(8, onGrid.Count);

        var week = fleet.Intervals("SIM-000001", Jan2024, Jan2024.AddDays(7));
        Assert.Equal(7 * 96, week.Count);
        Assert.All(week, v =>
        {
            Assert.Equal(TimeSpan.Zero, v.TimeStamp.Offset);
            Assert.Equal(0, v.TimeStamp.UtcTicks % TimeSpan.FromMinutes(15).Ticks);
            Assert.Null(v.Qualities);
        });
        Assert.True(week.Zip(week.Skip(1)).All(p => p.Second.TimeStamp - p.First.TimeStamp == TimeSpan.FromMinutes(15)));

        Assert.Empty(fleet.Intervals("SIM-000001", to, to));
        Assert.Empty(fleet.Intervals("SIM-000001", to, from));
        // Nothing before the epoch.
        Assert.Equal(96, fleet.Intervals("SIM-000001", SimulatedFleet.Epoch.AddDays(-3), SimulatedFleet.Epoch.AddDays(1)).Count);
    }

    [Fact]
    public void Evening_peak_is_above_night_low_on_average_over_a_month()
    {
        var fleet = Fleet();
        double evening = 0, night = 0, morning = 0;
        foreach (var id in fleet.MeterIds(100))
        {
            foreach (var v in fleet.Intervals(id, Jan2024, Jan2024.AddDays(28)))
            {
                var hour = v.TimeStamp.AddMinutes(-15).Hour;
                if (hour == 19)
                {
                    evening += v.Value;
                }
                else if (hour == 3)
                {
                    night += v.Value;
                }
                else if (hour == 7)
                {
                    morning += v.Value;
                }
            }
        }

        Assert.True(evening > 2.5 * night, $"evening {evening} night {night}");
        Assert.True(morning > 1.5 * night, $"morning {morning} night {night}");
        Assert.True(evening > morning);
    }

    [Fact]
    public void Weekends_differ_from_weekdays()
    {
        var fleet = Fleet(missing: 0, outages: 0);
        double weekdayTotal = 0, weekendTotal = 0, weekdayMorning = 0, weekendMorning = 0, weekdayLate = 0, weekendLate = 0;
        int weekdays = 0, weekendDays = 0;
        foreach (var id in fleet.MeterIds(100))
        {
            foreach (var v in fleet.Intervals(id, Jan2024, Jan2024.AddDays(28)))
            {
                var start = v.TimeStamp.AddMinutes(-15);
                var weekend = start.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
                if (weekend)
                {
                    weekendTotal += v.Value;
                    weekendMorning += start.Hour == 7 ? v.Value : 0;
                    weekendLate += start.Hour == 10 ? v.Value : 0;
                    weekendDays += start.Hour == 0 && start.Minute == 0 ? 1 : 0;
                }
                else
                {
                    weekdayTotal += v.Value;
                    weekdayMorning += start.Hour == 7 ? v.Value : 0;
                    weekdayLate += start.Hour == 10 ? v.Value : 0;
                    weekdays += start.Hour == 0 && start.Minute == 0 ? 1 : 0;
                }
            }
        }

        // More energy per day at the weekend, and a later morning.
        Assert.True(weekendTotal / weekendDays > 1.05 * (weekdayTotal / weekdays));
        Assert.True(weekdayMorning / weekdays > 1.1 * (weekendMorning / weekendDays));
        Assert.True(weekendLate / weekendDays > 1.3 * (weekdayLate / weekdays));
    }

    [Fact]
    public void Missing_interval_rate_is_within_tolerance_over_many_meters()
    {
        var fleet = Fleet(missing: 0.002, outages: 0, meters: 500);
        long expected = 500 * 10 * 96;
        long present = 0;
        foreach (var id in fleet.MeterIds())
        {
            present += fleet.Intervals(id, Jan2024, Jan2024.AddDays(10)).Count;
        }

        var rate = (expected - present) / (double)expected;
        Assert.InRange(rate, 0.0016, 0.0024);
        Assert.Equal(expected, Fleet(missing: 0, outages: 0, meters: 500).MeterIds().Sum(id => (long)Fleet(missing: 0, outages: 0).Intervals(id, Jan2024, Jan2024.AddDays(10)).Count));
    }

    [Theory]
    [InlineData("2024-01-01T10:07:00Z", "2024-01-03T18:52:00Z")]
    [InlineData("2020-05-07T23:00:00Z", "2020-05-09T01:00:00Z")] // across the first 128-day checkpoint
    [InlineData("2020-01-01T00:00:00Z", "2020-01-02T00:00:00Z")]
    [InlineData("2025-12-31T23:45:00Z", "2026-01-01T00:15:00Z")]
    public void Register_difference_equals_the_interval_sum_including_missing(string t1Text, string t2Text)
    {
        var t1 = DateTimeOffset.Parse(t1Text, System.Globalization.CultureInfo.InvariantCulture);
        var t2 = DateTimeOffset.Parse(t2Text, System.Globalization.CultureInfo.InvariantCulture);
        var fleet = Fleet(missing: 0.05, outages: 0.3);
        foreach (var id in fleet.MeterIds(5))
        {
            var collected = fleet.Intervals(id, t1, t2);
            var missingSum = 0.0;
            var missingCount = 0;
            for (var end = SimulatedFleet.FloorToGrid(t1).AddMinutes(15); end <= t2; end = end.AddMinutes(15))
            {
                if (fleet.IsMissing(id, end))
                {
                    missingSum += fleet.IntervalValue(id, end);
                    missingCount++;
                }
            }

            Assert.Equal(fleet.Register(id, t2) - fleet.Register(id, t1), collected.Sum(v => v.Value) + missingSum, 1e-6);
            Assert.True(missingCount > 0 || (t2 - t1) < TimeSpan.FromHours(2), "expected some missing intervals at these rates");
        }
    }

    [Fact]
    public void Register_is_exact_whatever_the_order_of_calls_and_monotone()
    {
        var far = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        var a = Fleet();
        var b = Fleet();
        var near = a.Register("SIM-000003", Jan2024);
        var farA = a.Register("SIM-000003", far);
        var farB = b.Register("SIM-000003", far);
        Assert.Equal(farA, farB);
        Assert.Equal(near, b.Register("SIM-000003", Jan2024));
        Assert.Equal(a.Register("SIM-000003", far.AddMinutes(14)), farA);

        var baseValue = a.Register("SIM-000003", SimulatedFleet.Epoch);
        Assert.Equal(Math.Floor(baseValue), baseValue);
        Assert.InRange(baseValue, 1000, 50_000);
        Assert.Throws<ArgumentOutOfRangeException>(() => a.Register("SIM-000003", SimulatedFleet.Epoch.AddMinutes(-1)));

        var previous = 0.0;
        for (var t = Jan2024; t < Jan2024.AddDays(3); t = t.AddMinutes(15))
        {
            var r = a.Register("SIM-000003", t);
            Assert.True(r >= previous);
            previous = r;
        }

        // About 6 years at roughly 4,000 kWh a year.
        Assert.InRange(farA - baseValue, 5_000, 80_000);
    }

    [Fact]
    public void Register_is_fast_for_any_time()
    {
        var fleet = Fleet(meters: 1000);
        var at = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        foreach (var id in fleet.MeterIds())
        {
            _ = fleet.Register(id, at);
        }

        // Generous: computing from scratch is about 2,300 cheap day totals per meter.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), watch.Elapsed.ToString());
    }

    [Fact]
    public void Outage_events_come_in_failed_restored_pairs_around_missing_intervals()
    {
        var fleet = Fleet(missing: 0, outages: 0.05, meters: 100);
        var from = Jan2024;
        var to = Jan2024.AddDays(60);
        var events = fleet.Events(from, to).ToList();
        Assert.NotEmpty(events);
        Assert.All(events, e => Assert.True(e.At > from && e.At <= to));

        var pairs = 0;
        foreach (var group in events.GroupBy(e => e.MeterId))
        {
            var list = group.OrderBy(e => e.At).ToList();
            // A pair may be cut at the window edges.
            if (list[0].EventType == FleetEventTypes.PowerRestored)
            {
                list.RemoveAt(0);
            }

            if (list.Count > 0 && list[^1].EventType == FleetEventTypes.PowerFailed)
            {
                list.RemoveAt(list.Count - 1);
            }

            Assert.Equal(0, list.Count % 2);
            var collected = fleet.Intervals(group.Key, from, to).Select(v => v.TimeStamp).ToHashSet();
            for (var i = 0; i < list.Count; i += 2)
            {
                var failed = list[i];
                var restored = list[i + 1];
                Assert.Equal(FleetEventTypes.PowerFailed, failed.EventType);
                Assert.Equal(FleetEventTypes.PowerRestored, restored.EventType);
                Assert.InRange(restored.At - failed.At, TimeSpan.FromMinutes(20), TimeSpan.FromHours(4));

                // Every interval the outage touches is missing; the ones just outside are there.
                var firstEnd = SimulatedFleet.FloorToGrid(failed.At).AddMinutes(15);
                for (var end = firstEnd; end - TimeSpan.FromMinutes(15) < restored.At; end = end.AddMinutes(15))
                {
                    Assert.True(fleet.IsMissing(group.Key, end));
                    Assert.DoesNotContain(end, collected);
                }

                pairs++;
            }
        }

        // 100 meters x 60 days x 5 %: about 300 outages.
        Assert.InRange(pairs, 200, 400);
        Assert.Equal(events.Count(e => e.MeterId == "SIM-000007"), fleet.Events(["SIM-000007"], from, to).Count());
    }

    [Fact]
    public void No_events_and_no_missing_intervals_when_the_rates_are_zero()
    {
        var fleet = Fleet(missing: 0, outages: 0, meters: 20);
        Assert.Empty(fleet.Events(Jan2024, Jan2024.AddDays(30)));
        Assert.All(fleet.MeterIds(), id => Assert.Equal(96 * 30, fleet.Intervals(id, Jan2024, Jan2024.AddDays(30)).Count));
    }

    [Fact]
    public void Household_scales_vary()
    {
        var fleet = Fleet(meters: 200);
        var scales = fleet.MeterIds().Select(fleet.Scale).ToList();
        Assert.InRange(scales.Min(), 0.45, 0.8);
        Assert.InRange(scales.Max(), 1.4, 2.6);
    }

    [Fact]
    public void Load_shape_is_normalised_and_peaks_in_the_evening()
    {
        foreach (var day in Enum.GetValues<DayOfWeek>())
        {
            var slots = Enumerable.Range(0, 96).Select(s => LoadShape.Relative(day, s)).ToList();
            Assert.Equal(1.0, slots.Average(), 9);
            Assert.InRange(slots.IndexOf(slots.Max()) / 4, 17, 20);
            Assert.InRange(slots.IndexOf(slots.Min()) / 4, 1, 5);
        }

        Assert.True(LoadShape.Season(15) > LoadShape.Season(196));
        Assert.True(LoadShape.DayFactor(DayOfWeek.Sunday) > LoadShape.DayFactor(DayOfWeek.Tuesday));
    }

    [Fact]
    public void Options_are_checked()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SimulatedFleet(new FleetOptions { MissingIntervalRate = 1.5 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SimulatedFleet(new FleetOptions { OutageRatePerDay = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SimulatedFleet(new FleetOptions { MeterCount = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SimulatedFleet(new FleetOptions { MeanDailyKWh = 0 }));
    }

    [Fact]
    public void Interval_values_are_readings_of_the_abstractions()
    {
        IReadOnlyList<ReadingValue> values = Fleet().Intervals("X-1", Jan2024, Jan2024.AddHours(1));
        Assert.InRange(values.Count, 0, 4);
    }
}
