// Written from shared/cim/TABLES.md (C.15); SharedTablesTests checks that the two agree.

namespace Orleans.Metering.Cim.Codes;

/// <summary>IEC 61968-9 Annex C.15 phases (PhaseCodeKind). CONFLICT for split-phase neutral: ESPI 272/528/784, Connexo 257/513/769.</summary>
internal static class PhaseTable
{
    internal static CodeTable Create() => new("PhaseCodeKind",
    [
        new(0, "none", "Not applicable to any phase"),
        new(16, "N", "Neutral"),
        new(17, "NG", "Neutral to ground"),
        new(32, "C", "Phase C."),
        new(33, "CN", "Phases C to neutral."),
        new(40, "CAv", "Phase C current or voltage relative to Phase A voltage"),
        new(41, "ACN", "Phases A, C and neutral."),
        new(64, "B", "Phase B."),
        new(65, "BN", "Phases B to neutral."),
        new(66, "BC", "Phases B to C"),
        new(72, "BAv", "Phase B current or voltage relative to Phase A voltage"),
        new(96, "AC", "Phases A and C"),
        new(97, "BCN", "BC to neutral."),
        new(128, "A", "Phase A."),
        new(129, "AN", "Phases A to neutral."),
        new(132, "AB", "Phases A to B"),
        new(136, "AtoAv", "Phase A current relative to Phase A voltage"),
        new(193, "ABN", "AB to Neutral"),
        new(224, "ABC", "Involving all phases"),
        new(225, "ABCN", "ABC to Neutral"),
        new(256, "S2", "Phase S2."),
        new(257, "S2N", "PHASES2N"),
        new(272, "S2N", "Phase S2 to neutral."),
        new(512, "S1", "Phase S1"),
        new(513, "S1N", "PHASES1N"),
        new(528, "S1N", "Phase S1 to Neutral"),
        new(768, "S12", "Phase S1 to S2"),
        new(769, "S12N", "Phase S1, S2 to N"),
        new(784, "S12N", "Phase S1, S2 to neutral."),
        new(1248, "THREEWIREWYE", "PHASETHREEWIREWYE"),
        new(1249, "FOURWIREWYE", "PHASEFOURWIREWYE"),
        new(2272, "THREEWIREDELTA", "PHASETHREEWIREDELTA"),
        new(2273, "FOURWIREDELTA", "PHASEFOURWIREDELTA"),
        new(6369, "FOURWIREHLDELTA", "PHASEFOURWIREHLDELTA"),
        new(10465, "FOURWIREOPENDELTA", "PHASEFOURWIREOPENDELTA"),
        new(17153, "NETWORKED", "PHASENETWORKED"),
    ]);
}
