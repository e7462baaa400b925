using System.Collections.Concurrent;
using Orleans.Metering.Abstractions;

namespace Orleans.Metering.Simulation.Fleet;

/// <summary>Settings of a <see cref="SimulatedFleet"/>.</summary>
public sealed class FleetOptions
{
    /// <summary>Fleet seed: the same seed and meter id always give the same data.</summary>
    public int Seed { get; set; } = 61968;

    /// <summary>Meters in the fleet, numbered from 1 (see <see cref="SimulatedFleet.MeterId"/>).</summary>
    public int MeterCount { get; set; } = 1000;

    /// <summary>Prefix of the meter ids: <c>SIM-000001</c>.</summary>
    public string MeterIdPrefix { get; set; } = "SIM-";

    /// <summary>Share of intervals lost in collection at random, 0 to 1.</summary>
    public double MissingIntervalRate { get; set; } = 0.002;

    /// <summary>Chance per meter per day that a power outage starts (20 minutes to 4 hours), 0 to 1.</summary>
    public double OutageRatePerDay { get; set; } = 0.002;

    /// <summary>Mean daily consumption of a household of scale 1, in kWh.</summary>
    public double MeanDailyKWh { get; set; } = 12;
}

/// <summary>End device event types the fleet reports (EndDeviceEventType codes).</summary>
public static class FleetEventTypes
{
    /// <summary>Electric meter, power, power failed.</summary>
    public const string PowerFailed = "3.26.0.85";

    /// <summary>Electric meter, power, power restored.</summary>
    public const string PowerRestored = "3.26.0.216";
}

/// <summary>
/// Believable, deterministic residential load data for any number of simulated meters. Every value is a
/// pure function of (fleet seed, meter id, time), so data can be produced for any meter and window in
/// any order. Interval values are 15-minute forward energy deltas in kWh, multiples of 0.0001 kWh;
/// the bulk register is the exact running sum of them (missing intervals included: the meter kept
/// counting, only the collection lost them) on top of a per-meter base, from <see cref="Epoch"/>.
/// </summary>
public sealed class SimulatedFleet
{
    /// <summary>Start of all simulated history: the register counts from here; no intervals before.</summary>
    public static readonly DateTimeOffset Epoch = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Length of one interval.</summary>
    public static readonly TimeSpan IntervalLength = TimeSpan.FromMinutes(LoadShape.SlotMinutes);

    /// <summary>ReadingType of the interval data (15-minute delta forward energy, kWh).</summary>
    public const string IntervalReadingType = "0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0";

    /// <summary>ReadingType of the register (bulk forward energy, kWh).</summary>
    public const string RegisterReadingType = "0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0";

    /// <summary>Values are whole multiples of 1/Resolution kWh.</summary>
    private const double Resolution = 10_000;

    /// <summary>kWh of a value in units of 1/Resolution kWh.</summary>
    internal static double ToValue(long units) => units / Resolution;
    private const int Slots = LoadShape.SlotsPerDay;
    private const long IntervalTicks = TimeSpan.TicksPerMinute * LoadShape.SlotMinutes;
    private const int DaysPerBlock = 128;
    private const int MaxCachedBlocks = 2_000_000;
    private const ulong TagProfile = 0x5052_4F46_494C_4531;
    private const ulong TagDay = 0x4441_5954_4F54_414C;
    private const ulong TagInterval = 0x494E_5445_5256_414C;
    private const ulong TagMissing = 0x4D49_5353_494E_4721;
    private const ulong TagOutage = 0x4F55_5441_4745_2121;
    private const double DayNoiseSigma = 0.18;
    private const double IntervalNoiseSigma = 0.35;
    private const double SpikeRate = 0.05;

    private static readonly int EpochDayNumber = DateOnly.FromDateTime(Epoch.UtcDateTime).DayNumber;

    /// <summary>Weekday times season factor for the first century of days after the epoch (register sums read it a lot).</summary>
    private static readonly double[] Calendar = BuildCalendar(36_525);

    private readonly ulong fleetSeed;
    private readonly int meterCount;
    private readonly string prefix;
    private readonly double missingRate;
    private readonly double outageRate;
    private readonly double meanDailyKWh;
    private readonly ConcurrentDictionary<(ulong Seed, int Block), long> blockStarts = new();

    public SimulatedFleet(FleetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.MeterCount);
        ArgumentNullException.ThrowIfNull(options.MeterIdPrefix);
        if (options.MissingIntervalRate is < 0 or > 1 || double.IsNaN(options.MissingIntervalRate))
        {
            throw new ArgumentOutOfRangeException(nameof(options), "MissingIntervalRate must be between 0 and 1.");
        }

        if (options.OutageRatePerDay is < 0 or > 1 || double.IsNaN(options.OutageRatePerDay))
        {
            throw new ArgumentOutOfRangeException(nameof(options), "OutageRatePerDay must be between 0 and 1.");
        }

        if (!(options.MeanDailyKWh > 0) || double.IsInfinity(options.MeanDailyKWh))
        {
            throw new ArgumentOutOfRangeException(nameof(options), "MeanDailyKWh must be positive.");
        }

        Options = new FleetOptions
        {
            Seed = options.Seed,
            MeterCount = options.MeterCount,
            MeterIdPrefix = options.MeterIdPrefix,
            MissingIntervalRate = options.MissingIntervalRate,
            OutageRatePerDay = options.OutageRatePerDay,
            MeanDailyKWh = options.MeanDailyKWh,
        };
        fleetSeed = FleetHash.Mix((ulong)(uint)options.Seed ^ 0x6196_8900_0000_0000UL);
        meterCount = options.MeterCount;
        prefix = options.MeterIdPrefix;
        missingRate = options.MissingIntervalRate;
        outageRate = options.OutageRatePerDay;
        meanDailyKWh = options.MeanDailyKWh;
    }

    /// <summary>A copy of the settings the fleet was made with.</summary>
    public FleetOptions Options { get; }

    /// <summary>The id of meter number <paramref name="index"/> (1-based): prefix and six digits, e.g. SIM-000001.</summary>
    public string MeterId(int index)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(index, 1);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{prefix}{index:D6}");
    }

    /// <summary>The ids of the first <paramref name="count"/> meters (all of the fleet by default).</summary>
    public IReadOnlyList<string> MeterIds(int? count = null)
    {
        var n = count ?? meterCount;
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var ids = new string[n];
        for (var i = 0; i < n; i++)
        {
            ids[i] = MeterId(i + 1);
        }

        return ids;
    }

    /// <summary>The last 15-minute boundary at or before <paramref name="t"/>.</summary>
    public static DateTimeOffset FloorToGrid(DateTimeOffset t)
    {
        var ticks = t.UtcTicks;
        return new DateTimeOffset(ticks - Mod(ticks - Epoch.UtcTicks, IntervalTicks), TimeSpan.Zero);
    }

    /// <summary>
    /// The collected interval values whose END lies in (<paramref name="from"/>, <paramref name="to"/>],
    /// oldest first, on the 15-minute grid, timestamps in UTC; missing intervals are left out.
    /// </summary>
    public IReadOnlyList<ReadingValue> Intervals(string meterId, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(meterId);
        var list = new List<ReadingValue>();
        ForEachInterval(meterId, from, to, includeMissing: false, (end, units, _) => list.Add(new ReadingValue(end, ToValue(units))));
        return list;
    }

    /// <summary>
    /// Calls <paramref name="action"/> with (interval end, value in 0.0001 kWh, missing) for each interval
    /// ending in (from, to]; missing intervals only when <paramref name="includeMissing"/>.
    /// </summary>
    internal void ForEachInterval(string meterId, DateTimeOffset from, DateTimeOffset to, bool includeMissing, Action<DateTimeOffset, long, bool> action)
    {
        var profile = ProfileOf(meterId);
        // Interval i covers [Epoch + i*15min, Epoch + (i+1)*15min); its end is in (from, to] when
        // floor(from) <= i < floor(to), counting in whole intervals from the epoch.
        var first = Math.Max(0, FloorDiv(from.UtcTicks - Epoch.UtcTicks, IntervalTicks));
        var last = FloorDiv(to.UtcTicks - Epoch.UtcTicks, IntervalTicks) - 1;
        if (last < first)
        {
            return;
        }

        Span<long> day = stackalloc long[Slots];
        var loadedDay = -1L;
        for (var i = first; i <= last; i++)
        {
            var d = i / Slots;
            if (d != loadedDay)
            {
                FillDay(in profile, (int)d, day);
                loadedDay = d;
            }

            var missing = IsMissing(in profile, i);
            if (missing && !includeMissing)
            {
                continue;
            }

            action(new DateTimeOffset(Epoch.UtcTicks + ((i + 1) * IntervalTicks), TimeSpan.Zero), day[(int)(i % Slots)], missing);
        }
    }

    /// <summary>
    /// The value of the interval ending at <paramref name="end"/> (floored to the grid) as the meter
    /// measured it, whether or not the collection lost it.
    /// </summary>
    public double IntervalValue(string meterId, DateTimeOffset end)
    {
        ArgumentNullException.ThrowIfNull(meterId);
        var i = IntervalIndexEndingAt(end);
        var profile = ProfileOf(meterId);
        Span<long> day = stackalloc long[Slots];
        FillDay(in profile, (int)(i / Slots), day);
        return day[(int)(i % Slots)] / Resolution;
    }

    /// <summary>Whether the interval ending at <paramref name="end"/> (floored to the grid) is missing from the collected data.</summary>
    public bool IsMissing(string meterId, DateTimeOffset end)
    {
        ArgumentNullException.ThrowIfNull(meterId);
        var profile = ProfileOf(meterId);
        return IsMissing(in profile, IntervalIndexEndingAt(end));
    }

    /// <summary>
    /// The bulk forward energy register in kWh at <paramref name="at"/>: the meter's base plus every
    /// interval (missing ones included) from <see cref="Epoch"/> to <paramref name="at"/> floored to the grid.
    /// </summary>
    public double Register(string meterId, DateTimeOffset at) => ToValue(RegisterUnits(meterId, at));

    /// <summary>The register in units of 0.0001 kWh (exact).</summary>
    internal long RegisterUnits(string meterId, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(meterId);
        var n = FloorDiv(at.UtcTicks - Epoch.UtcTicks, IntervalTicks);
        if (n < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(at), at, "The simulated register starts at " + Epoch.ToString("O", System.Globalization.CultureInfo.InvariantCulture) + ".");
        }

        var profile = ProfileOf(meterId);
        var day = (int)(n / Slots);
        var slot = (int)(n % Slots);
        var units = profile.BaseUnits + CumulativeBefore(in profile, day);
        if (slot > 0)
        {
            Span<long> values = stackalloc long[Slots];
            FillDay(in profile, day, values);
            for (var s = 0; s < slot; s++)
            {
                units += values[s];
            }
        }

        return units;
    }

    /// <summary>Power failed / restored events of the whole fleet with a time in (from, to], meter by meter, in time order per meter.</summary>
    public IEnumerable<(string MeterId, DateTimeOffset At, string EventType)> Events(DateTimeOffset from, DateTimeOffset to) =>
        Events(MeterIds(), from, to);

    /// <summary>Power failed / restored events of the given meters with a time in (from, to], meter by meter, in time order per meter.</summary>
    public IEnumerable<(string MeterId, DateTimeOffset At, string EventType)> Events(IEnumerable<string> meterIds, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(meterIds);
        return Iterate();

        IEnumerable<(string, DateTimeOffset, string)> Iterate()
        {
            if (to <= from || outageRate <= 0)
            {
                yield break;
            }

            var fromSec = FloorDiv(from.UtcTicks - Epoch.UtcTicks, TimeSpan.TicksPerSecond);
            var toSec = FloorDiv(to.UtcTicks - Epoch.UtcTicks, TimeSpan.TicksPerSecond);
            var firstDay = Math.Max(0, FloorDiv(fromSec, 86_400) - 1);
            var lastDay = FloorDiv(toSec, 86_400);
            foreach (var id in meterIds)
            {
                var profile = ProfileOf(id);
                for (var d = firstDay; d <= lastDay; d++)
                {
                    if (!Outage(in profile, d, out var fail, out var restore))
                    {
                        continue;
                    }

                    // Events carry whole seconds; an event exactly at 'from' belongs to the previous window.
                    if (fail * TimeSpan.TicksPerSecond > from.UtcTicks - Epoch.UtcTicks && fail * TimeSpan.TicksPerSecond <= to.UtcTicks - Epoch.UtcTicks)
                    {
                        yield return (id, FromSeconds(fail), FleetEventTypes.PowerFailed);
                    }

                    if (restore * TimeSpan.TicksPerSecond > from.UtcTicks - Epoch.UtcTicks && restore * TimeSpan.TicksPerSecond <= to.UtcTicks - Epoch.UtcTicks)
                    {
                        yield return (id, FromSeconds(restore), FleetEventTypes.PowerRestored);
                    }
                }
            }
        }
    }

    /// <summary>The household scale of a meter (1 = an average household; about 0.5 to 2.5).</summary>
    public double Scale(string meterId)
    {
        ArgumentNullException.ThrowIfNull(meterId);
        return ProfileOf(meterId).Scale;
    }

    private static DateTimeOffset FromSeconds(long secondsFromEpoch) =>
        new(Epoch.UtcTicks + (secondsFromEpoch * TimeSpan.TicksPerSecond), TimeSpan.Zero);

    private static long IntervalIndexEndingAt(DateTimeOffset end)
    {
        var i = FloorDiv(end.UtcTicks - Epoch.UtcTicks, IntervalTicks) - 1;
        if (i < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(end), end, "No simulated intervals end before the epoch.");
        }

        return i;
    }

    private MeterProfile ProfileOf(string meterId)
    {
        var seed = FleetHash.Mix(fleetSeed ^ FleetHash.Fnv1a64(meterId));
        var h1 = FleetHash.Mix(seed ^ TagProfile);
        var h2 = FleetHash.Mix(h1);
        var h3 = FleetHash.Mix(h2);
        // Household size: log-normal around 1, kept within 0.45..2.6.
        var scale = Math.Clamp(Math.Exp((0.4 * FleetHash.Normal(h1)) - 0.08), 0.45, 2.6);
        // Peaks move by up to 45 minutes either way from one household to the next.
        var shift = (int)(h2 % 7) - 3;
        // Register at the epoch: 1,000 to 50,000 kWh, whole kWh.
        var baseUnits = (1_000 + (long)(h3 % 49_000)) * (long)Resolution;
        return new MeterProfile(seed, scale, shift, baseUnits);
    }

    private long DayTotalUnits(in MeterProfile profile, int day)
    {
        var calendar = day < Calendar.Length ? Calendar[day] : CalendarFactor(day);
        var noise = Math.Exp((DayNoiseSigma * FleetHash.Normal(FleetHash.Mix(profile.Seed ^ TagDay, (ulong)day, 0))) - (DayNoiseSigma * DayNoiseSigma / 2));
        var kwh = meanDailyKWh * profile.Scale * calendar * noise;
        return (long)Math.Round(kwh * Resolution);
    }

    private static double CalendarFactor(int day)
    {
        var date = DateOnly.FromDayNumber(EpochDayNumber + day);
        return LoadShape.DayFactor(date.DayOfWeek) * LoadShape.Season(date.DayOfYear);
    }

    private static double[] BuildCalendar(int days)
    {
        var table = new double[days];
        for (var d = 0; d < days; d++)
        {
            table[d] = CalendarFactor(d);
        }

        return table;
    }

    /// <summary>The 96 interval values of a day in units of 0.0001 kWh; they sum exactly to the day's total.</summary>
    private void FillDay(in MeterProfile profile, int day, Span<long> units)
    {
        var total = DayTotalUnits(in profile, day);
        var shape = LoadShape.Profile(DateOnly.FromDayNumber(EpochDayNumber + day).DayOfWeek);
        Span<double> weights = stackalloc double[Slots];
        var sum = 0.0;
        var dayKey = (ulong)day * Slots;
        for (var slot = 0; slot < Slots; slot++)
        {
            var h = FleetHash.Mix(profile.Seed ^ TagInterval, dayKey + (ulong)slot, 0);
            var w = shape[(slot - profile.Shift + Slots) % Slots]
                * Math.Exp((IntervalNoiseSigma * FleetHash.Normal(h)) - (IntervalNoiseSigma * IntervalNoiseSigma / 2));
            var h2 = FleetHash.Mix(h);
            if (FleetHash.Unit(h2) < SpikeRate)
            {
                // An appliance: kettle, oven, washing machine.
                w += 1.5 + (3.0 * FleetHash.Unit(FleetHash.Mix(h2)));
            }

            weights[slot] = w;
            sum += w;
        }

        long allocated = 0;
        var largest = 0;
        for (var slot = 0; slot < Slots; slot++)
        {
            var u = (long)Math.Floor(total * weights[slot] / sum);
            units[slot] = u;
            allocated += u;
            if (weights[slot] > weights[largest])
            {
                largest = slot;
            }
        }

        // What flooring left over (under 96 units) goes to the busiest interval, so the day sums exactly.
        units[largest] += total - allocated;
    }

    /// <summary>Sum of all interval values of the days before <paramref name="day"/>, from checkpoints every 128 days.</summary>
    private long CumulativeBefore(in MeterProfile profile, int day)
    {
        var block = day / DaysPerBlock;
        var units = BlockStart(in profile, block);
        for (var d = block * DaysPerBlock; d < day; d++)
        {
            units += DayTotalUnits(in profile, d);
        }

        return units;
    }

    private long BlockStart(in MeterProfile profile, int block)
    {
        if (block == 0)
        {
            return 0;
        }

        if (blockStarts.TryGetValue((profile.Seed, block), out var cached))
        {
            return cached;
        }

        var known = block - 1;
        long units = 0;
        while (known > 0 && !blockStarts.TryGetValue((profile.Seed, known), out units))
        {
            known--;
        }

        if (known == 0)
        {
            units = 0;
        }

        if (blockStarts.Count > MaxCachedBlocks)
        {
            blockStarts.Clear();
        }

        for (var b = known; b < block; b++)
        {
            for (var d = b * DaysPerBlock; d < (b + 1) * DaysPerBlock; d++)
            {
                units += DayTotalUnits(in profile, d);
            }

            blockStarts[(profile.Seed, b + 1)] = units;
        }

        return units;
    }

    private bool IsMissing(in MeterProfile profile, long interval)
    {
        if (missingRate > 0 && FleetHash.Unit(FleetHash.Mix(profile.Seed ^ TagMissing, (ulong)interval, 0)) < missingRate)
        {
            return true;
        }

        if (outageRate <= 0)
        {
            return false;
        }

        var startSec = interval * LoadShape.SlotMinutes * 60;
        var endSec = startSec + (LoadShape.SlotMinutes * 60);
        var day = interval / Slots;
        for (var d = day - 1; d <= day; d++)
        {
            if (d >= 0 && Outage(in profile, d, out var fail, out var restore) && startSec < restore && endSec > fail)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The outage starting on <paramref name="day"/>, if any, in seconds from the epoch.</summary>
    private bool Outage(in MeterProfile profile, long day, out long failSec, out long restoreSec)
    {
        var h = FleetHash.Mix(profile.Seed ^ TagOutage, (ulong)day, 0);
        if (outageRate <= 0 || FleetHash.Unit(h) >= outageRate)
        {
            failSec = restoreSec = 0;
            return false;
        }

        var h2 = FleetHash.Mix(h);
        var h3 = FleetHash.Mix(h2);
        failSec = (day * 86_400) + (long)(FleetHash.Unit(h2) * 86_400);
        restoreSec = failSec + 1_200 + (long)(FleetHash.Unit(h3) * 13_200);
        return true;
    }

    private static long FloorDiv(long a, long b) => (a - Mod(a, b)) / b;

    private static long Mod(long a, long b)
    {
        var r = a % b;
        return r < 0 ? r + b : r;
    }

    private readonly record struct MeterProfile(ulong Seed, double Scale, int Shift, long BaseUnits);
}
