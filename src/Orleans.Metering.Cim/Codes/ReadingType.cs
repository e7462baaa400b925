using System.Text;

namespace Orleans.Metering.Cim.Codes;

/// <summary>
/// An IEC 61968-9 Annex C ReadingType code: 18 dot-separated integers
/// (e.g. <c>0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0</c> = 15-minute delta forward electricity energy in kWh).
/// Field tables are in <see cref="ReadingTypeTables"/>. Parsing checks the syntax only; <see cref="Validate"/>
/// checks the values against the tables.
/// </summary>
public readonly record struct ReadingType(
    int MacroPeriod,
    int Aggregate,
    int MeasuringPeriod,
    int Accumulation,
    int FlowDirection,
    int Commodity,
    int MeasurementKind,
    int InterharmonicNumerator,
    int InterharmonicDenominator,
    int ArgumentNumerator,
    int ArgumentDenominator,
    int Tou,
    int Cpp,
    int ConsumptionTier,
    int Phases,
    int Multiplier,
    int Unit,
    int Currency)
{
    /// <summary>Number of fields in the code.</summary>
    public const int FieldCount = 18;

    private const int MultiplierIndex = 15;

    /// <summary><c>0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0</c>: 15-minute delta forward electricity energy, kWh.</summary>
    public static readonly ReadingType FifteenMinuteForwardEnergyKWh = new(0, 0, 2, 4, 1, 1, 12, 0, 0, 0, 0, 0, 0, 0, 0, 3, 72, 0);

    /// <summary><c>0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0</c>: bulk (register) forward electricity energy, kWh.</summary>
    public static readonly ReadingType BulkForwardEnergyKWh = new(0, 0, 0, 1, 1, 1, 12, 0, 0, 0, 0, 0, 0, 0, 0, 3, 72, 0);

    /// <summary>Length of one interval from <see cref="MeasuringPeriod"/> (plain intervals only:
    /// 1, 2, 3, 5, 10, 12, 15, 20, 30, 60 min, 2, 3, 4, 6, 12, 24 h); null for blocks, present/previous,
    /// specified periods and 0. A <see cref="MacroPeriod"/> such as daily is a calendar period and is not reported here.</summary>
    public TimeSpan? IntervalLength => MeasuringPeriod switch
    {
        1 => TimeSpan.FromMinutes(10),
        2 => TimeSpan.FromMinutes(15),
        3 => TimeSpan.FromMinutes(1),
        4 => TimeSpan.FromHours(24),
        5 => TimeSpan.FromMinutes(30),
        6 => TimeSpan.FromMinutes(5),
        7 => TimeSpan.FromMinutes(60),
        10 => TimeSpan.FromMinutes(2),
        14 => TimeSpan.FromMinutes(3),
        31 => TimeSpan.FromMinutes(20),
        78 => TimeSpan.FromMinutes(12),
        79 => TimeSpan.FromHours(2),
        80 => TimeSpan.FromHours(4),
        81 => TimeSpan.FromHours(6),
        82 => TimeSpan.FromHours(12),
        83 => TimeSpan.FromHours(3),
        _ => null,
    };

    /// <summary>True when <see cref="IntervalLength"/> is known (an interval series).</summary>
    public bool IsInterval => IntervalLength is not null;

    /// <summary>accumulation 4 (deltaData): consumption over each interval.</summary>
    public bool IsDelta => Accumulation == 4;

    /// <summary>accumulation 1 (bulkQuantity): a register / dial value.</summary>
    public bool IsBulk => Accumulation == 1;

    /// <summary>flowDirection 1 (forward, delivered / imported) and measurementKind 12 (energy).</summary>
    public bool IsForwardEnergy => FlowDirection == 1 && MeasurementKind == 12;

    /// <summary>True when <see cref="Validate"/> finds nothing.</summary>
    public bool IsKnown => Validate().Count == 0;

    /// <summary>
    /// A readable summary of the fields that apply, e.g. "15-minute, delta, forward, electricity, energy, kWh"
    /// (multiplier and unit combine into one symbol). Unknown values show as <c>field value?</c>.
    /// </summary>
    public string Description
    {
        get
        {
            var text = new StringBuilder();
            AddCoded(text, "macroPeriod", MacroPeriod, ReadingTypeTables.MacroPeriods);
            AddCoded(text, "aggregate", Aggregate, ReadingTypeTables.Aggregates);
            AddCoded(text, "measuringPeriod", MeasuringPeriod, ReadingTypeTables.MeasuringPeriods);
            AddCoded(text, "accumulation", Accumulation, ReadingTypeTables.Accumulations);
            AddCoded(text, "flowDirection", FlowDirection, ReadingTypeTables.FlowDirections);
            AddCoded(text, "commodity", Commodity, ReadingTypeTables.Commodities);
            AddCoded(text, "measurementKind", MeasurementKind, ReadingTypeTables.MeasurementKinds);
            if (InterharmonicNumerator != 0 || InterharmonicDenominator != 0)
            {
                Add(text, $"interharmonic {InterharmonicNumerator}/{InterharmonicDenominator}");
            }

            if (ArgumentNumerator != 0 || ArgumentDenominator != 0)
            {
                Add(text, $"argument {ArgumentNumerator}/{ArgumentDenominator}");
            }

            AddNumber(text, "TOU", Tou);
            AddNumber(text, "CPP", Cpp);
            AddNumber(text, "tier", ConsumptionTier);
            if (Phases != 0)
            {
                Add(text, ReadingTypeTables.Phases.TryGet(Phases, out var phase) ? "phase " + phase.Name : $"phases {Phases}?");
            }

            if (Unit != 0 || Multiplier != 0)
            {
                Add(text, UnitText());
            }

            if (Currency != 0)
            {
                Add(text, ReadingTypeTables.Currencies.TryGet(Currency, out var currency) ? currency.Name : $"currency {Currency}");
            }

            return text.Length == 0 ? "not applicable" : text.ToString();
        }
    }

    /// <summary>Every problem with the values, e.g. "unit 999 is not a UnitSymbol"; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        CheckCoded(problems, "macroPeriod", MacroPeriod, ReadingTypeTables.MacroPeriods);
        CheckCoded(problems, "aggregate", Aggregate, ReadingTypeTables.Aggregates);
        CheckCoded(problems, "measuringPeriod", MeasuringPeriod, ReadingTypeTables.MeasuringPeriods);
        CheckCoded(problems, "accumulation", Accumulation, ReadingTypeTables.Accumulations);
        CheckCoded(problems, "flowDirection", FlowDirection, ReadingTypeTables.FlowDirections);
        CheckCoded(problems, "commodity", Commodity, ReadingTypeTables.Commodities);
        CheckCoded(problems, "measurementKind", MeasurementKind, ReadingTypeTables.MeasurementKinds);
        CheckRational(problems, "interharmonic", InterharmonicNumerator, InterharmonicDenominator);
        CheckRational(problems, "argument", ArgumentNumerator, ArgumentDenominator);
        CheckNotNegative(problems, "tou", Tou);
        CheckNotNegative(problems, "cpp", Cpp);
        CheckNotNegative(problems, "consumptionTier", ConsumptionTier);
        CheckCoded(problems, "phases", Phases, ReadingTypeTables.Phases);
        CheckCoded(problems, "multiplier", Multiplier, ReadingTypeTables.Multipliers);
        CheckCoded(problems, "unit", Unit, ReadingTypeTables.Units);
        if (Currency is < 0 or > 999)
        {
            problems.Add($"currency {Currency} is not an ISO 4217 numeric code");
        }

        return problems;
    }

    public static bool TryParse(ReadOnlySpan<char> s, out ReadingType value) => TryParse(s, out value, out _, out _);

    public static bool TryParse(string? s, out ReadingType value) => TryParse(s.AsSpan(), out value);

    /// <summary>Parses the 18-part code; throws <see cref="CimException"/> (InvalidReadingType) when malformed.
    /// Does not check the values against the tables (see <see cref="Validate"/>).</summary>
    public static ReadingType Parse(string s)
    {
        var text = s ?? string.Empty;
        if (TryParse(text, out var value, out var error, out var badPart))
        {
            return value;
        }

        throw new CimException(ReplyCode.InvalidReadingType, DottedCode.Describe(error, text, FieldCount, badPart, nameof(ReadingType)), objectId: s, objectType: nameof(ReadingType));
    }

    /// <summary>The canonical 18-part dotted code.</summary>
    public override string ToString() => DottedCode.Format(
    [
        MacroPeriod, Aggregate, MeasuringPeriod, Accumulation, FlowDirection, Commodity, MeasurementKind,
        InterharmonicNumerator, InterharmonicDenominator, ArgumentNumerator, ArgumentDenominator,
        Tou, Cpp, ConsumptionTier, Phases, Multiplier, Unit, Currency,
    ]);

    private static bool TryParse(ReadOnlySpan<char> s, out ReadingType value, out DottedCodeError error, out int badPart)
    {
        Span<int> p = stackalloc int[FieldCount];
        error = DottedCode.Read(s, p, out badPart, negativeAllowed: 1u << MultiplierIndex);
        value = error == DottedCodeError.None
            ? new(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11], p[12], p[13], p[14], p[15], p[16], p[17])
            : default;
        return error == DottedCodeError.None;
    }

    private string UnitText()
    {
        string prefix = ReadingTypeTables.Multipliers.TryGet(Multiplier, out var multiplier)
            ? multiplier.Description
            : $"×10^{Multiplier} ";
        if (Unit == 0)
        {
            return Multiplier == 0 ? string.Empty : $"×10^{Multiplier}";
        }

        return prefix + (ReadingTypeTables.Units.TryGet(Unit, out var unit) ? unit.Name : $"unit {Unit}?");
    }

    private static void Add(StringBuilder text, string part)
    {
        if (text.Length > 0)
        {
            text.Append(", ");
        }

        text.Append(part);
    }

    private static void AddCoded(StringBuilder text, string field, int value, CodeTable table)
    {
        if (value != 0)
        {
            Add(text, table.TryGet(value, out var entry) ? entry.Description : $"{field} {value}?");
        }
    }

    private static void AddNumber(StringBuilder text, string label, int value)
    {
        if (value != 0)
        {
            Add(text, $"{label} {value}");
        }
    }

    private static void CheckCoded(List<string> problems, string field, int value, CodeTable table)
    {
        if (!table.Contains(value))
        {
            problems.Add(table.NotInTable(field, value));
        }
    }

    private static void CheckNotNegative(List<string> problems, string field, int value)
    {
        if (value < 0)
        {
            problems.Add($"{field} {value} must not be negative");
        }
    }

    private static void CheckRational(List<string> problems, string field, int numerator, int denominator)
    {
        CheckNotNegative(problems, field + " numerator", numerator);
        CheckNotNegative(problems, field + " denominator", denominator);
        if (numerator != 0 && denominator == 0)
        {
            problems.Add($"{field} {numerator}/0 has a zero denominator");
        }
    }
}
