namespace Orleans.Metering.Simulation.Fleet;

/// <summary>
/// The shape of residential consumption: a daily profile per 15-minute slot (night low, morning and
/// evening peaks, a midday shoulder), different on Saturdays and Sundays, a weekly factor on the daily
/// total and a seasonal factor (winter higher). Profiles are normalised to a mean of 1 over the day.
/// </summary>
public static class LoadShape
{
    /// <summary>Intervals in a day.</summary>
    public const int SlotsPerDay = 96;

    /// <summary>Minutes per interval.</summary>
    public const int SlotMinutes = 15;

    private static readonly double[] Weekday = Build(
        night: 0.30, (7.0, 0.8, 0.60), (12.5, 2.0, 0.25), (19.0, 1.7, 1.25), (22.5, 1.0, 0.15));

    private static readonly double[] Saturday = Build(
        night: 0.32, (9.0, 1.2, 0.55), (13.0, 2.0, 0.45), (18.75, 1.8, 1.15), (22.75, 1.0, 0.20));

    private static readonly double[] Sunday = Build(
        night: 0.32, (9.5, 1.3, 0.60), (13.0, 2.0, 0.55), (18.5, 1.8, 1.10), (22.0, 1.0, 0.15));

    private static readonly double[] SeasonByDayOfYear = BuildSeason();

    /// <summary>
    /// Relative consumption in the interval that STARTS at <paramref name="slot"/> (0 = 00:00-00:15)
    /// on a day of the given weekday; the mean over the 96 slots of a day is 1.
    /// </summary>
    public static double Relative(DayOfWeek day, int slot)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slot);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(slot, SlotsPerDay);
        return Profile(day)[slot];
    }

    /// <summary>Factor on the daily total by weekday: people are home more at the weekend.</summary>
    public static double DayFactor(DayOfWeek day) => day switch
    {
        DayOfWeek.Saturday => 1.10,
        DayOfWeek.Sunday => 1.14,
        DayOfWeek.Friday => 0.97,
        _ => 1.0,
    };

    /// <summary>Seasonal factor on the daily total (northern hemisphere: about 1.25 in January, 0.75 in July).</summary>
    public static double Season(int dayOfYear)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dayOfYear, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dayOfYear, 366);
        return SeasonByDayOfYear[dayOfYear - 1];
    }

    internal static double[] Profile(DayOfWeek day) => day switch
    {
        DayOfWeek.Saturday => Saturday,
        DayOfWeek.Sunday => Sunday,
        _ => Weekday,
    };

    private static double[] Build(double night, params (double Hour, double Width, double Height)[] bumps)
    {
        var shape = new double[SlotsPerDay];
        var sum = 0.0;
        for (var slot = 0; slot < SlotsPerDay; slot++)
        {
            var hour = (slot + 0.5) * SlotMinutes / 60.0;
            var v = night;
            foreach (var (center, width, height) in bumps)
            {
                // Circular distance, so late-evening bumps reach past midnight.
                var d = Math.Abs(hour - center);
                d = Math.Min(d, 24 - d);
                v += height * Math.Exp(-0.5 * (d / width) * (d / width));
            }

            shape[slot] = v;
            sum += v;
        }

        var mean = sum / SlotsPerDay;
        for (var slot = 0; slot < SlotsPerDay; slot++)
        {
            shape[slot] /= mean;
        }

        return shape;
    }

    private static double[] BuildSeason()
    {
        var season = new double[366];
        for (var i = 0; i < season.Length; i++)
        {
            // Peak around 15 January, trough in mid-July.
            season[i] = 1.0 + (0.25 * Math.Cos(2 * Math.PI * (i + 1 - 15) / 365.25));
        }

        return season;
    }
}
