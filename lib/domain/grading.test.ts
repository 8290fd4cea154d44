import { describe, expect, it } from "vitest";
import { type Fraction, parseDecimal } from "./decimal";
import {
  applyRounding,
  type BandProblem,
  type CellValue,
  checkGradeBands,
  checkSchemeComponents,
  classStatistics,
  computeGpa,
  computeSubjectOutcome,
  cumulativeAverage,
  cumulativeGpa,
  DEFAULT_ROUNDING,
  formatCell,
  type GradeBand,
  gradeFor,
  parseScoreCell,
  type RoundingRule,
  roundingModes,
  type SchemeComponent,
  type SchemeComponentDraft,
  withUpperBounds,
} from "./grading";

const d = (text: string): Fraction => parseDecimal(text);
const round = (text: string, mode: RoundingRule["mode"], places: RoundingRule["places"]) =>
  applyRounding(d(text), { mode, places });

const BANDS: GradeBand[] = [
  { letter: "A", minScore: "70", points: "5", remark: "Excellent" },
  { letter: "B", minScore: "60", points: "4", remark: "Very good" },
  { letter: "C", minScore: "50", points: "3", remark: "Credit" },
  { letter: "D", minScore: "45", points: "2", remark: "Pass" },
  { letter: "E", minScore: "40", points: "1", remark: "Fair" },
  { letter: "F", minScore: "0", points: "0", remark: "Fail" },
];
/** The one problem a check should report. */
const only = <Field extends string | null>(index: number | null, field: Field, message: string) => [{ index, field, message }];
const options = (rounding: RoundingRule = DEFAULT_ROUNDING, passMark = "40") => ({ bands: BANDS, rounding, passMark });

const component = (id: string, maxScore: string, weight: string): SchemeComponent => ({
  id,
  code: id,
  name: id,
  maxScore,
  weight,
});
/** The usual 15/15/10/60 scheme, where each maximum equals its weight. */
const FOUR_PART = [
  component("CA1", "15", "15"),
  component("CA2", "15", "15"),
  component("Project", "10", "10"),
  component("Exam", "60", "60"),
];
const TENS = [
  component("CA1", "10", "10"),
  component("CA2", "10", "10"),
  component("Project", "10", "10"),
  component("Exam", "70", "70"),
];

/** Cells as a teacher would leave them: "" empty, "ABS", "EX" or a score. */
function cellsFor(components: SchemeComponent[], typed: string[]): Record<string, CellValue | undefined> {
  const cells: Record<string, CellValue | undefined> = {};
  components.forEach(({ id }, index) => {
    const text = typed[index] ?? "";
    if (text === "ABS") cells[id] = { kind: "absent" };
    else if (text === "EX") cells[id] = { kind: "exempt" };
    else if (text !== "") cells[id] = { kind: "score", value: text };
  });
  return cells;
}

function outcomeOf(components: SchemeComponent[], typed: string[], rounding?: RoundingRule, passMark?: string) {
  return computeSubjectOutcome(components, cellsFor(components, typed), options(rounding, passMark));
}

/** Narrows to a counted outcome so tests can read its total without repeating the check. */
function counted(outcome: ReturnType<typeof computeSubjectOutcome>) {
  if (outcome.status === "exempt") throw new Error("expected a counted subject, got an exempt one");
  return outcome;
}

describe("rounding once, with the school's rule", () => {
  it("rounds half up away from zero at every precision", () => {
    expect(round("69.95", "half_up", 1)).toBe("70.0");
    expect(round("69.5", "half_up", 0)).toBe("70");
    expect(round("69.995", "half_up", 2)).toBe("70.00");
    expect(round("2.675", "half_up", 2)).toBe("2.68"); // 2.67499999… as a double
    expect(round("69.94", "half_up", 1)).toBe("69.9");
    expect(round("-1.25", "half_up", 1)).toBe("-1.3");
  });

  it("rounds an exact half to the even neighbour with half_even, and other values normally", () => {
    expect(round("2.5", "half_even", 0)).toBe("2");
    expect(round("3.5", "half_even", 0)).toBe("4");
    expect(round("0.125", "half_even", 2)).toBe("0.12");
    expect(round("0.135", "half_even", 2)).toBe("0.14");
    expect(round("70.05", "half_even", 1)).toBe("70.0");
    expect(round("70.051", "half_even", 1)).toBe("70.1");
    expect(round("-2.5", "half_even", 0)).toBe("-2");
  });

  it("cuts off toward zero with down", () => {
    expect(round("69.99", "down", 1)).toBe("69.9");
    expect(round("-1.29", "down", 1)).toBe("-1.2");
    expect(applyRounding({ n: 2n, d: 3n }, { mode: "down", places: 2 })).toBe("0.66");
  });

  it("writes exactly the number of places asked for and never a negative zero", () => {
    expect(round("7", "half_up", 0)).toBe("7");
    expect(round("7", "half_up", 1)).toBe("7.0");
    expect(round("7", "half_up", 2)).toBe("7.00");
    expect(applyRounding({ n: 1n, d: 3n }, { mode: "half_up", places: 1 })).toBe("0.3");
    expect(round("-0.01", "half_up", 1)).toBe("0.0");
    expect(round("-0.09", "down", 1)).toBe("0.0");
  });

  it("defaults to half up to one place and refuses rules it doesn't know", () => {
    expect(DEFAULT_ROUNDING).toEqual({ mode: "half_up", places: 1 });
    expect(roundingModes).toEqual(["half_up", "half_even", "down"]);
    expect(() => applyRounding(d("1"), { mode: "ceiling", places: 1 } as unknown as RoundingRule)).toThrow(RangeError);
    expect(() => applyRounding(d("1"), { mode: "down", places: 3 } as unknown as RoundingRule)).toThrow(RangeError);
  });
});

describe("reading what a teacher types into a score cell", () => {
  it("reads a blank or whitespace-only cell as empty", () => {
    expect(parseScoreCell("", "10")).toEqual({ ok: true, kind: "empty" });
    expect(parseScoreCell("   \t", "10")).toEqual({ ok: true, kind: "empty" });
  });

  it("reads ABS and EX in any letter case, and nothing shorter or longer", () => {
    for (const typed of ["ABS", "abs", "Abs", " aBs "]) expect(parseScoreCell(typed, "10")).toEqual({ ok: true, kind: "absent" });
    for (const typed of ["EX", "ex", "Ex"]) expect(parseScoreCell(typed, "10")).toEqual({ ok: true, kind: "exempt" });
    for (const typed of ["AB", "a", "absent", "exempt", "E"]) expect(parseScoreCell(typed, "10").ok).toBe(false);
  });

  it("normalises numbers to their shortest form", () => {
    const cases: Array<[string, string]> = [
      ["12.50", "12.5"],
      ["07", "7"],
      [".5", "0.5"],
      [" 8 ", "8"],
      ["10.00", "10"],
      ["0", "0"],
      ["12.", "12"],
      ["12.500", "12.5"],
      ["0.05", "0.05"],
    ];
    for (const [typed, value] of cases) expect(parseScoreCell(typed, "15")).toEqual({ ok: true, kind: "score", value });
  });

  it("accepts a comma as the decimal separator", () => {
    expect(parseScoreCell("12,5", "15")).toEqual({ ok: true, kind: "score", value: "12.5" });
    expect(parseScoreCell(",75", "15")).toEqual({ ok: true, kind: "score", value: "0.75" });
  });

  it("explains what it expected when the text is not a score", () => {
    const notAScore = (typed: string) => `"${typed}" is not a score: type a number, ABS (absent) or EX (exempt)`;
    for (const typed of ["abc", "1.2.3", "1,000.5", "12 5", "+5", "1e2", ".", "12%"]) {
      expect(parseScoreCell(typed, "1000")).toEqual({ ok: false, message: notAScore(typed) });
    }
    expect(parseScoreCell("  x  ", "10")).toEqual({ ok: false, message: notAScore("x") });
  });

  it("shortens long junk to its first 10 characters in the message", () => {
    const rest = "is not a score: type a number, ABS (absent) or EX (exempt)";
    expect(parseScoreCell("twelve and a half", "15")).toEqual({ ok: false, message: `"twelve and…" ${rest}` });
    expect(parseScoreCell("abcdefghij", "15")).toEqual({ ok: false, message: `"abcdefghij" ${rest}` });
  });

  it("refuses negative scores, including a typographic minus, but reads minus zero as zero", () => {
    for (const typed of ["-1", "-0.5", "\u22122", "-1.555"]) {
      expect(parseScoreCell(typed, "10")).toEqual({ ok: false, message: "Scores can't be negative" });
    }
    expect(parseScoreCell("-0", "10")).toEqual({ ok: true, kind: "score", value: "0" });
  });

  it("refuses more than 2 decimal places, before comparing with the maximum", () => {
    for (const typed of ["8.125", "8,125", "10.001", "99.999"]) {
      expect(parseScoreCell(typed, "10")).toEqual({ ok: false, message: "Use at most 2 decimal places" });
    }
  });

  it("refuses a score above the maximum, naming the maximum as the grid shows it", () => {
    expect(parseScoreCell("10.5", "10.00")).toEqual({ ok: false, message: "Above the maximum of 10" });
    expect(parseScoreCell("12.51", "12.50")).toEqual({ ok: false, message: "Above the maximum of 12.5" });
    expect(parseScoreCell("10", "10.00")).toEqual({ ok: true, kind: "score", value: "10" });
    expect(parseScoreCell("12,50", "12.50")).toEqual({ ok: true, kind: "score", value: "12.5" });
  });
});

describe("showing a stored cell", () => {
  it("shows marks as the teacher types them and scores without trailing zeros", () => {
    expect(formatCell(null, null)).toBe("");
    expect(formatCell("absent", null)).toBe("ABS");
    expect(formatCell("exempt", null)).toBe("EX");
    expect(formatCell("score", "12.50")).toBe("12.5");
    expect(formatCell("score", "10.00")).toBe("10");
    expect(formatCell("score", "0.00")).toBe("0");
    expect(formatCell("score", "0.05")).toBe("0.05");
  });

  it("reads back what it shows unchanged", () => {
    for (const [mark, value] of [["score", "12.50"], ["absent", null], ["exempt", null], [null, null]] as const) {
      const shown = formatCell(mark, value);
      const parsed = parseScoreCell(shown, "15");
      if (!parsed.ok) throw new Error(parsed.message);
      expect(formatCell(parsed.kind === "empty" ? null : parsed.kind, parsed.kind === "score" ? parsed.value : null)).toBe(shown);
    }
  });

  it("refuses a score row without a value rather than showing a blank", () => {
    expect(() => formatCell("score", null)).toThrow(RangeError);
  });
});

describe("checking a grade scale", () => {
  const problemsOf = (bands: GradeBand[]) => checkGradeBands(bands);
  const withBand = (index: number, change: Partial<GradeBand>) =>
    BANDS.map((band, i) => (i === index ? { ...band, ...change } : band));

  it("accepts a well-formed scale in any order", () => {
    expect(problemsOf(BANDS)).toEqual([]);
    expect(problemsOf([...BANDS].reverse())).toEqual([]);
    expect(problemsOf([BANDS[5]!, BANDS[0]!])).toEqual([]);
  });

  it("needs at least 2 bands", () => {
    expect(problemsOf([{ letter: "P", minScore: "0", points: "1", remark: "Pass" }])).toEqual([
      { index: null, field: null, message: "A grade scale needs at least 2 bands" },
    ]);
  });

  it("needs letters of 1 to 3 characters, unique whatever their case, reported where they were typed", () => {
    expect(problemsOf(withBand(1, { letter: "" }))).toEqual(only(1, "letter", "A letter is 1 to 3 characters"));
    expect(problemsOf(withBand(1, { letter: "B++1" }))).toEqual(only(1, "letter", "A letter is 1 to 3 characters"));
    expect(problemsOf(withBand(3, { letter: "b" }))).toEqual(only(3, "letter", 'Another band already uses the letter "b"'));
    expect(problemsOf(withBand(1, { letter: "A1*" }))).toEqual([]);
  });

  it("needs a remark of 1 to 40 characters", () => {
    expect(problemsOf(withBand(2, { remark: "  " }))).toEqual(only(2, "remark", "A remark is 1 to 40 characters"));
    expect(problemsOf(withBand(2, { remark: "x".repeat(41) }))).toEqual(only(2, "remark", "A remark is 1 to 40 characters"));
    expect(problemsOf(withBand(2, { remark: "x".repeat(40) }))).toEqual([]);
  });

  it("needs each minimum to be a number from 0 to 100 with at most 2 decimals, and different from the others", () => {
    const range: BandProblem = { index: 1, field: "minScore", message: "The minimum must be a number from 0 to 100" };
    expect(problemsOf(withBand(1, { minScore: "sixty" }))).toEqual([range]);
    expect(problemsOf(withBand(1, { minScore: "100.01" }))).toEqual([range]);
    expect(problemsOf(withBand(1, { minScore: "-5" }))).toEqual([range]);
    expect(problemsOf(withBand(1, { minScore: "60,5" }))).toEqual([range]);
    expect(problemsOf(withBand(1, { minScore: "60.125" }))).toEqual(only(1, "minScore", "Use at most 2 decimal places"));
    expect(problemsOf(withBand(1, { minScore: "70.00" }))).toEqual(only(1, "minScore", "Another band already starts at 70"));
    expect(problemsOf(withBand(1, { minScore: "69.5" }))).toEqual([]);
  });

  it("needs the lowest band to start at 0, pointing at that band", () => {
    expect(problemsOf(withBand(5, { minScore: "10" }))).toEqual([
      { index: 5, field: "minScore", message: "The lowest band must start at 0 so every total gets a grade" },
    ]);
  });

  it("needs points from 0 to 10 with at most 2 decimals", () => {
    expect(problemsOf(withBand(0, { points: "10.5" }))).toEqual(only(0, "points", "Points must be a number from 0 to 10"));
    expect(problemsOf(withBand(5, { points: "-1" }))).toEqual(only(5, "points", "Points must be a number from 0 to 10"));
    expect(problemsOf(withBand(0, { points: "5.125" }))).toEqual(only(0, "points", "Use at most 2 decimal places"));
  });

  it("refuses a higher band with fewer points than the band below it, naming both", () => {
    expect(problemsOf(withBand(1, { points: "5.5" }))).toEqual([
      { index: 0, field: "points", message: "A starts higher than B but has fewer points (5 against 5.5)" },
    ]);
    // Equal points are allowed: some schools give two top letters the same points.
    expect(problemsOf(withBand(1, { points: "5" }))).toEqual([]);
  });
});

describe("grade band boundaries", () => {
  it("gives each band an upper bound just below the next band's minimum", () => {
    const shuffled = [BANDS[3]!, BANDS[0]!, BANDS[5]!, BANDS[1]!, { ...BANDS[2]!, minScore: "49.5" }, BANDS[4]!];
    expect(withUpperBounds(shuffled).map((band) => [band.letter, band.minScore, band.maxScore])).toEqual([
      ["A", "70", "100.00"],
      ["B", "60", "69.99"],
      ["C", "49.5", "59.99"],
      ["D", "45", "49.49"],
      ["E", "40", "44.99"],
      ["F", "0", "39.99"],
    ]);
    expect(shuffled[0]!.letter).toBe("D");
  });

  it("finds the band whose minimum is the highest one not above the total", () => {
    const reversed = [...BANDS].reverse();
    expect(gradeFor("70.0", reversed).letter).toBe("A");
    expect(gradeFor("69.9", reversed).letter).toBe("B");
    expect(gradeFor("100.0", reversed).letter).toBe("A");
    expect(gradeFor("0.0", reversed).letter).toBe("F");
    expect(gradeFor("44.99", reversed).letter).toBe("E");
  });

  it("leaves no gap between bands even for totals their stored upper bounds skip", () => {
    // B is stored as 60–69.99 and A as 70–100: a lookup by range would find nothing for these.
    expect(gradeFor("69.995", BANDS).letter).toBe("B");
    expect(gradeFor("69.999", BANDS).letter).toBe("B");
  });

  it("throws when no band covers the total", () => {
    expect(() => gradeFor("39.9", BANDS.slice(0, 5))).toThrow(RangeError);
    expect(() => gradeFor("50", [])).toThrow(RangeError);
  });
});

describe("weighted subject total", () => {
  it("adds components whose maximum equals their weight", () => {
    const outcome = counted(outcomeOf(FOUR_PART, ["12", "13.5", "8", "41"]));
    expect(outcome).toMatchObject({ status: "complete", total: "74.5", missing: 0, passed: true });
    expect(outcome.grade.letter).toBe("A");
    expect(outcome.exact).toEqual(d("74.5"));
    expect(counted(outcomeOf(FOUR_PART, ["12", "13.5", "8", "41"], { mode: "half_up", places: 2 })).total).toBe("74.50");
  });

  it("scales a component whose maximum differs from its weight", () => {
    const components = [component("Test", "20", "40"), component("Exam", "100", "60")];
    // 15 of 20 is 75% of 40 = 30; 55 of 100 is 55% of 60 = 33.
    expect(counted(outcomeOf(components, ["15", "55"])).total).toBe("63.0");
  });

  it("counts an absence as zero", () => {
    const outcome = counted(outcomeOf(FOUR_PART, ["12", "ABS", "8", "41"]));
    expect(outcome).toMatchObject({ status: "complete", total: "61.0", missing: 0 });
    expect(outcome.grade.letter).toBe("B");
    expect(outcome.explanation[1]).toEqual({
      componentId: "CA2",
      code: "CA2",
      text: "CA2: absent, counts 0 of 15%",
      contribution: "0.00",
    });
  });

  it("leaves an exempt component out and scales the rest up to 100", () => {
    // 12 + 8 + 41 = 61 out of the 85 that count.
    const outcome = counted(outcomeOf(FOUR_PART, ["12", "EX", "8", "41"], { mode: "half_up", places: 2 }));
    expect(outcome).toMatchObject({ status: "complete", total: "71.76", missing: 0 });
    expect(outcome.exact).toEqual({ n: 1220n, d: 17n });
    expect(outcome.summary).toBe("Total 71.76 of 100 → A (Excellent), scaled from 85% to 100%");
  });

  it("says a subject with every component exempt does not count", () => {
    const outcome = outcomeOf(FOUR_PART, ["EX", "EX", "EX", "EX"]);
    expect(outcome.status).toBe("exempt");
    expect(outcome).not.toHaveProperty("total");
    expect(outcome).not.toHaveProperty("grade");
    expect(outcome.summary).toBe("Exempt from every component: this subject does not count");
    const texts = outcome.explanation.map((line) => line.text);
    expect(texts).toEqual(["CA1: exempt", "CA2: exempt", "Project: exempt", "Exam: exempt"]);
  });

  it("rounds only once, at the end", () => {
    // A third of every component is exactly 100/3 in all, whatever the weights.
    const thirds = [component("A", "3", "30"), component("B", "3", "30"), component("C", "3", "40")];
    const outcome = counted(outcomeOf(thirds, ["1", "1", "1"], { mode: "half_up", places: 2 }));
    expect(outcome.exact).toEqual({ n: 100n, d: 3n });
    expect(outcome.total).toBe("33.33");
    expect(counted(outcomeOf([component("Exam", "200", "100")], ["139.99"], { mode: "half_up", places: 2 })).total).toBe("70.00");
  });

  it("does not drift the way adding binary fractions does", () => {
    const components = [component("CA", "100", "30"), component("Project", "100", "30"), component("Exam", "100", "40")];
    const scores = [33.33, 94.93, 94.93];
    // The same sum in floating point lands just under the half and rounds down.
    const floating = (scores[0]! / 100) * 30 + (scores[1]! / 100) * 30 + (scores[2]! / 100) * 40;
    expect(Math.round(floating * 10) / 10).toBe(76.4);
    const outcome = counted(outcomeOf(components, scores.map(String)));
    expect(outcome.exact).toEqual(d("76.45"));
    expect(outcome.total).toBe("76.5");
  });

  it("refuses scores outside 0 to the maximum and schemes that cannot be computed", () => {
    expect(() => outcomeOf(FOUR_PART, ["16", "13", "8", "41"])).toThrow(/outside 0 to 15/);
    expect(() => outcomeOf(FOUR_PART, ["-1", "13", "8", "41"])).toThrow(RangeError);
    expect(() => outcomeOf([component("Exam", "0", "100")], ["0"])).toThrow(RangeError);
    expect(() => outcomeOf([], [])).toThrow(RangeError);
  });

  it("ignores cells that belong to no component of the scheme", () => {
    const cells = { ...cellsFor(FOUR_PART, ["12", "13.5", "8", "41"]), Old: { kind: "score", value: "99" } as const };
    expect(counted(computeSubjectOutcome(FOUR_PART, cells, options())).total).toBe("74.5");
  });
});

describe("explaining a total", () => {
  it("writes one line per component and a summary with the scaling", () => {
    const outcome = counted(outcomeOf(TENS, ["8", "9.5", "EX", "52.5"]));
    expect(outcome.explanation).toEqual([
      { componentId: "CA1", code: "CA1", text: "CA1: 8 of 10 × 10% = 8.00", contribution: "8.00" },
      { componentId: "CA2", code: "CA2", text: "CA2: 9.5 of 10 × 10% = 9.50", contribution: "9.50" },
      {
        componentId: "Project",
        code: "Project",
        text: "Project: exempt, its 10% is shared by the other components",
        contribution: null,
      },
      { componentId: "Exam", code: "Exam", text: "Exam: 52.5 of 70 × 70% = 52.50", contribution: "52.50" },
    ]);
    // 70 earned of the 90% that counts.
    expect(outcome.summary).toBe("Total 77.8 of 100 → A (Excellent), scaled from 90% to 100%");
  });

  it("leaves out the scaling when every weight counts", () => {
    expect(outcomeOf(TENS, ["5", "6", "7", "35"]).summary).toBe("Total 53.0 of 100 → C (Credit)");
  });

  it("shows each contribution to the cent even when the total is rounded further", () => {
    const components = [component("A", "3", "25"), component("B", "4", "75")];
    const outcome = counted(outcomeOf(components, ["1", "3"], { mode: "half_up", places: 0 }));
    expect(outcome.explanation.map((line) => line.contribution)).toEqual(["8.33", "56.25"]);
    expect(outcome.total).toBe("65");
  });
});

describe("provisional totals while scores are still being entered", () => {
  it("works out the total over the weight entered so far, so one test of 8 out of 10 shows 80", () => {
    const outcome = counted(outcomeOf(TENS, ["8", "", "", ""]));
    expect(outcome).toMatchObject({ status: "incomplete", total: "80.0", missing: 3, passed: true });
    expect(outcome.grade.letter).toBe("A");
    expect(outcome.summary).toBe(
      "Provisional total 80.0 of 100 → A (Excellent), scaled from 10% to 100%; 3 components not entered yet",
    );
    expect(outcome.explanation[1]).toEqual({ componentId: "CA2", code: "CA2", text: "CA2: not entered yet", contribution: null });
  });

  it("counts the missing components and becomes complete once the last one is entered", () => {
    // 25 of the 30% entered; the older rule showed 25.00 here, as if the missing work had scored 0.
    const entering = (typed: string[]) => counted(outcomeOf(FOUR_PART, typed));
    expect(entering(["12", "13", "", ""])).toMatchObject({ status: "incomplete", total: "83.3", missing: 2 });
    expect(entering(["12", "13", "5", ""])).toMatchObject({ status: "incomplete", total: "75.0", missing: 1 });
    expect(entering(["12", "13", "5", "30"])).toMatchObject({ status: "complete", total: "60.0", missing: 0 });
  });

  it("counts an absence as entered and an exemption as neither entered nor missing", () => {
    expect(counted(outcomeOf(TENS, ["ABS", "", "", ""]))).toMatchObject({ status: "incomplete", total: "0.0", missing: 3 });
    const mixed = counted(outcomeOf(TENS, ["8", "EX", "", ""]));
    expect(mixed).toMatchObject({ status: "incomplete", total: "80.0", missing: 2 });
    expect(mixed.summary).toBe(
      "Provisional total 80.0 of 100 → A (Excellent), scaled from 10% to 100%; 2 components not entered yet",
    );
  });

  it("shows 0 and says nothing is entered when a sheet is blank", () => {
    const outcome = counted(outcomeOf(TENS, ["", "", "", ""]));
    expect(outcome).toMatchObject({ status: "incomplete", total: "0.0", missing: 4, passed: false });
    expect(outcome.exact).toEqual(d("0"));
    expect(outcome.grade.letter).toBe("F");
    expect(outcome.summary).toBe("Nothing entered yet: 4 components to enter");
  });
});

describe("grade and pass taken from the rounded total", () => {
  const single = [component("Exam", "100", "100")];

  it("gives a total that rounds up to a band's minimum that band's grade", () => {
    expect(counted(outcomeOf(single, ["69.95"]))).toMatchObject({ total: "70.0", grade: BANDS[0] });
    expect(counted(outcomeOf(single, ["69.5"], { mode: "half_up", places: 0 }))).toMatchObject({ total: "70", grade: BANDS[0] });
    expect(counted(outcomeOf(single, ["69.5"]))).toMatchObject({ total: "69.5", grade: BANDS[1] });
    expect(counted(outcomeOf(single, ["69.95"], { mode: "down", places: 1 }))).toMatchObject({ total: "69.9", grade: BANDS[1] });
  });

  it("uses the school's rounding mode for the total", () => {
    expect(counted(outcomeOf(single, ["70.05"], { mode: "half_even", places: 1 })).total).toBe("70.0");
    expect(counted(outcomeOf(single, ["70.05"], { mode: "half_up", places: 1 })).total).toBe("70.1");
  });

  it("passes a total that rounds up to the pass mark and fails one that rounds below it", () => {
    expect(counted(outcomeOf(single, ["39.95"], DEFAULT_ROUNDING, "40.00"))).toMatchObject({ total: "40.0", passed: true });
    expect(counted(outcomeOf(single, ["39.94"], DEFAULT_ROUNDING, "40.00"))).toMatchObject({ total: "39.9", passed: false });
    expect(counted(outcomeOf(single, ["45"], DEFAULT_ROUNDING, "50"))).toMatchObject({ passed: false, grade: BANDS[3] });
  });
});

describe("grade-point average", () => {
  const a = { points: "5", creditUnits: "3" };
  const c = { points: "3", creditUnits: "2" };
  const twoPlaces: RoundingRule = { mode: "half_up", places: 2 };

  it("weights each subject's points by its credit units", () => {
    expect(computeGpa([a, c], twoPlaces)).toBe("4.20");
    expect(computeGpa([{ points: "4.5", creditUnits: "1.5" }, c], twoPlaces)).toBe("3.64");
  });

  it("leaves exempt subjects out instead of counting them as zero", () => {
    expect(computeGpa([a, null, c], twoPlaces)).toBe("4.20");
    expect(computeGpa([a, { points: "0", creditUnits: "4" }, c], twoPlaces)).toBe("2.33");
  });

  it("is null when no subject counts", () => {
    expect(computeGpa([], twoPlaces)).toBeNull();
    expect(computeGpa([null, null], twoPlaces)).toBeNull();
  });

  it("refuses a counted subject without credit units instead of dropping it", () => {
    expect(() => computeGpa([a, { points: "4", creditUnits: "0" }], twoPlaces)).toThrow(RangeError);
    expect(() => computeGpa([a, { points: "4", creditUnits: "-1" }], twoPlaces)).toThrow(RangeError);
  });

  it("rounds once with the given rule", () => {
    const thirds = [a, { points: "4", creditUnits: "3" }, { points: "4", creditUnits: "3" }]; // 13/3
    expect(computeGpa(thirds, { mode: "half_up", places: 2 })).toBe("4.33");
    expect(computeGpa(thirds, { mode: "half_up", places: 0 })).toBe("4");
  });
});

describe("year figures", () => {
  it("averages each term once, not the running average with the latest term", () => {
    const [first, second, third] = [d("60"), d("70"), d("80")];
    const runningAfterTwo = cumulativeAverage([first, second])!;
    const doubleWeighted = cumulativeAverage([runningAfterTwo, third])!;
    expect(applyRounding(doubleWeighted, DEFAULT_ROUNDING)).toBe("72.5");
    expect(cumulativeAverage([first, second, third])).toEqual(d("70"));
  });

  it("averages the exact term totals, not the rounded ones", () => {
    const exacts = [d("70.04"), d("70.04"), d("70.07")];
    const ofRounded = cumulativeAverage(exacts.map((exact) => d(applyRounding(exact, DEFAULT_ROUNDING))))!;
    expect(applyRounding(ofRounded, DEFAULT_ROUNDING)).toBe("70.0");
    expect(applyRounding(cumulativeAverage(exacts)!, DEFAULT_ROUNDING)).toBe("70.1");
  });

  it("keeps thirds exact across terms", () => {
    const third = { n: 200n, d: 3n }; // 66.666…
    expect(cumulativeAverage([third, third, d("70")])).toEqual({ n: 610n, d: 9n });
  });

  it("skips terms where the subject did not count, and is null when it never did", () => {
    expect(cumulativeAverage([d("60"), null, d("80")])).toEqual(d("70"));
    expect(cumulativeAverage([null, null])).toBeNull();
    expect(cumulativeAverage([])).toBeNull();
  });

  it("counts every subject of every term once in the cumulative GPA", () => {
    const terms = [
      [
        { points: "5", creditUnits: "3" },
        { points: "3", creditUnits: "2" },
      ],
      [{ points: "4", creditUnits: "3" }, null],
    ];
    // (15 + 6 + 12) / 8 = 4.125; the mean of the term GPAs (4.2 and 4) would be 4.1.
    expect(cumulativeGpa(terms, { mode: "half_up", places: 2 })).toBe("4.13");
    expect(cumulativeGpa(terms, { mode: "half_even", places: 2 })).toBe("4.12");
    expect(cumulativeGpa([[null], []], { mode: "half_up", places: 2 })).toBeNull();
    expect(() => cumulativeGpa([[{ points: "4", creditUnits: "0" }]], DEFAULT_ROUNDING)).toThrow(RangeError);
  });
});

describe("class statistics", () => {
  it("gives the count, the average of exact totals, and the highest and lowest", () => {
    expect(classStatistics([d("70.04"), d("70.07"), d("70.04")], DEFAULT_ROUNDING)).toEqual({
      count: 3,
      average: "70.1",
      highest: "70.1",
      lowest: "70.0",
    });
    expect(classStatistics([d("55"), { n: 200n, d: 3n }, d("12.25")], { mode: "half_up", places: 2 })).toEqual({
      count: 3,
      average: "44.64",
      highest: "66.67",
      lowest: "12.25",
    });
  });

  it("is null for a class with no counted totals", () => {
    expect(classStatistics([], DEFAULT_ROUNDING)).toBeNull();
  });
});

describe("checking an assessment scheme", () => {
  const draft = (code: string, maxScore: string, weight: string, name = `${code} name`): SchemeComponentDraft => ({
    code,
    name,
    maxScore,
    weight,
  });
  const SCHEME = [draft("CA1", "15", "15"), draft("CA2", "15", "15"), draft("Mid-term 2", "10", "10"), draft("Exam", "60", "60")];
  const problemsWith = (index: number, change: Partial<SchemeComponentDraft>) =>
    checkSchemeComponents(SCHEME.map((c, i) => (i === index ? { ...c, ...change } : c)));

  it("accepts a scheme whose weights add up to exactly 100", () => {
    expect(checkSchemeComponents(SCHEME)).toEqual([]);
    expect(checkSchemeComponents([draft("Exam", "100", "100")])).toEqual([]);
    const thirds = [draft("A", "0.5", "33.33"), draft("B", "1000", "33.33"), draft("C", "20", "33.34")];
    expect(checkSchemeComponents(thirds)).toEqual([]);
  });

  it("needs 1 to 10 components", () => {
    expect(checkSchemeComponents([])).toEqual([{ index: null, field: null, message: "A scheme needs at least 1 component" }]);
    const eleven = Array.from({ length: 11 }, (_, i) => draft(`T${i}`, "10", i === 10 ? "10" : "9"));
    expect(checkSchemeComponents(eleven)).toEqual(only(null, null, "A scheme can have at most 10 components"));
  });

  it("needs short codes of letters, digits, spaces and dashes, unique whatever their case", () => {
    expect(problemsWith(0, { code: " " })).toEqual(only(0, "code", "A code is 1 to 12 characters"));
    expect(problemsWith(0, { code: "C".repeat(13) })).toEqual(only(0, "code", "A code is 1 to 12 characters"));
    expect(problemsWith(0, { code: "CA#1" })).toEqual([
      { index: 0, field: "code", message: "A code can use only letters, digits, spaces and -" },
    ]);
    expect(problemsWith(1, { code: "ca1" })).toEqual(only(1, "code", 'Another component already uses the code "ca1"'));
    expect(problemsWith(0, { code: "Épreuve 1" })).toEqual([]);
  });

  it("needs names of 1 to 60 characters", () => {
    expect(problemsWith(2, { name: "" })).toEqual(only(2, "name", "A name is 1 to 60 characters"));
    expect(problemsWith(2, { name: "n".repeat(61) })).toEqual(only(2, "name", "A name is 1 to 60 characters"));
  });

  it("needs a maximum score above 0, up to 1000, with at most 2 decimals", () => {
    const range = { index: 3, field: "maxScore", message: "The maximum score must be a number above 0, up to 1000" };
    for (const maxScore of ["0", "1000.01", "sixty", "-60", "60,5", ""]) expect(problemsWith(3, { maxScore })).toEqual([range]);
    expect(problemsWith(3, { maxScore: "60.125" })).toEqual(only(3, "maxScore", "Use at most 2 decimal places"));
  });

  it("needs weights above 0, up to 100, with at most 2 decimals, and says nothing of the sum until they are", () => {
    const range = { index: 0, field: "weight", message: "The weight must be a number above 0, up to 100" };
    for (const weight of ["0", "100.5", "15,5", "x"]) expect(problemsWith(0, { weight })).toEqual([range]);
    expect(problemsWith(0, { weight: "15.125" })).toEqual(only(0, "weight", "Use at most 2 decimal places"));
  });

  it("names the actual sum when the weights don't add up to 100", () => {
    const sumProblem = (sum: string) => only(null, "weight", `The weights add up to ${sum}; they must add up to 100`);
    expect(problemsWith(0, { weight: "10" })).toEqual(sumProblem("95"));
    expect(problemsWith(0, { weight: "15.5" })).toEqual(sumProblem("100.5"));
    const thirds = [draft("A", "10", "33.33"), draft("B", "10", "33.33"), draft("C", "10", "33.33")];
    expect(checkSchemeComponents(thirds)).toEqual(sumProblem("99.99"));
  });
});
