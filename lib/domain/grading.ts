// The gradebook's calculations: reading score cells, weighted subject totals, grades, GPA and year
// figures. It runs in the browser (the grid recomputes as a teacher types) and on the server, so it
// imports nothing but ./decimal. The rules in plain words are in docs/grading-rules.md.
import { add, compare, divide, type Fraction, multiply, parseDecimal, subtract, toPlainString, ZERO } from "./decimal";

const HUNDRED = parseDecimal("100");
const TEN = parseDecimal("10");
const THOUSAND = parseDecimal("1000");
const CENT = parseDecimal("0.01");

/** Code points, not UTF-16 units, so a letter outside the basic plane counts as one character. */
const lengthOf = (text: string): number => Array.from(text).length;

// ---------------------------------------------------------------------------------------------
// Rounding

export const roundingModes = ["half_up", "half_even", "down"] as const;
export type RoundingMode = (typeof roundingModes)[number];
export type RoundingRule = { mode: RoundingMode; places: 0 | 1 | 2 };
export const DEFAULT_ROUNDING: RoundingRule = Object.freeze({ mode: "half_up", places: 1 });

/** The ONE place rounding happens; formats with exactly `places` decimals ("70.0"). */
export function applyRounding(value: Fraction, rule: RoundingRule): string {
  // The rule often comes from a settings row, so the type alone doesn't guarantee it.
  if (!roundingModes.includes(rule.mode)) throw new RangeError(`Unknown rounding mode "${String(rule.mode)}"`);
  if (rule.places !== 0 && rule.places !== 1 && rule.places !== 2) throw new RangeError("Round to 0, 1 or 2 decimal places");
  const scale = 10n ** BigInt(rule.places);
  const negative = value.n < 0n;
  const magnitude = (negative ? -value.n : value.n) * scale;
  let kept = magnitude / value.d;
  const twiceRest = (magnitude % value.d) * 2n;
  if (rule.mode === "half_up" && twiceRest >= value.d) kept++;
  if (rule.mode === "half_even" && (twiceRest > value.d || (twiceRest === value.d && kept % 2n === 1n))) kept++;
  const whole = (kept / scale).toString();
  const text = rule.places > 0 ? `${whole}.${(kept % scale).toString().padStart(rule.places, "0")}` : whole;
  return negative && kept !== 0n ? `-${text}` : text;
}

/** Values stored as numeric(…, 2) are exact to the cent, so this only writes them, it never rounds. */
const twoPlaces = (value: Fraction): string => applyRounding(value, { mode: "down", places: 2 });

// ---------------------------------------------------------------------------------------------
// Reading typed numbers

type TypedNumber = { negative: boolean; value: Fraction; places: number };

/**
 * Digits with at most one separator; ".5" and "12." are fine. Trailing zeros after the separator
 * don't count as decimal places, so "12.500" is 12.5 and allowed.
 */
function readNumber(text: string, pattern: RegExp): TypedNumber | null {
  const match = pattern.exec(text);
  if (!match) return null;
  const [, sign, whole = "", rawFraction = ""] = match;
  if (whole === "" && rawFraction === "") return null;
  const fraction = rawFraction.replace(/0+$/, "");
  return {
    negative: Boolean(sign),
    value: parseDecimal(`${whole || "0"}.${fraction || "0"}`),
    places: fraction.length,
  };
}

// A comma is the decimal separator in many schools' locales; a minus sign is read only to say why it's refused.
const cellNumberPattern = /^([-\u2212])?(\d*)(?:[.,](\d*))?$/;
// Settings are stored as typed, and PostgreSQL's numeric reads a dot only.
const settingNumberPattern = /^(-)?(\d*)(?:\.(\d*))?$/;

type SettingCheck = { ok: true; value: Fraction } | { ok: false; problem: "range" | "places" };

function readSetting(text: string, atLeast: Fraction, includeLowest: boolean, atMost: Fraction): SettingCheck {
  const number = readNumber(text.trim(), settingNumberPattern);
  if (!number || (number.negative && compare(number.value, ZERO) !== 0)) return { ok: false, problem: "range" };
  const lowest = compare(number.value, atLeast);
  if (lowest < 0 || (lowest === 0 && !includeLowest) || compare(number.value, atMost) > 0) return { ok: false, problem: "range" };
  if (number.places > 2) return { ok: false, problem: "places" };
  return { ok: true, value: number.value };
}

const TOO_MANY_PLACES = "Use at most 2 decimal places";

// ---------------------------------------------------------------------------------------------
// Grade bands

export type GradeBand = { letter: string; minScore: string; points: string; remark: string };
export type BandProblem = { index: number | null; field: "letter" | "minScore" | "points" | "remark" | null; message: string };

/** Empty array = valid. Bands are defined by their minimum only: a band covers [min, next higher min). */
export function checkGradeBands(bands: GradeBand[]): BandProblem[] {
  const problems: BandProblem[] = [];
  if (bands.length < 2) problems.push({ index: null, field: null, message: "A grade scale needs at least 2 bands" });
  const letterOwners = new Map<string, number>();
  const minOwners = new Map<string, number>();
  const placed: Array<{ index: number; name: string; min: Fraction; points: Fraction | null }> = [];
  let everyMinValid = true;

  bands.forEach((band, index) => {
    const letter = band.letter.trim();
    if (lengthOf(letter) < 1 || lengthOf(letter) > 3) {
      problems.push({ index, field: "letter", message: "A letter is 1 to 3 characters" });
    } else if (letterOwners.has(letter.toLowerCase())) {
      problems.push({ index, field: "letter", message: `Another band already uses the letter "${letter}"` });
    } else {
      letterOwners.set(letter.toLowerCase(), index);
    }

    const remark = band.remark.trim();
    if (lengthOf(remark) < 1 || lengthOf(remark) > 40) {
      problems.push({ index, field: "remark", message: "A remark is 1 to 40 characters" });
    }

    const points = readSetting(band.points, ZERO, true, TEN);
    if (!points.ok) {
      const message = points.problem === "places" ? TOO_MANY_PLACES : "Points must be a number from 0 to 10";
      problems.push({ index, field: "points", message });
    }

    const min = readSetting(band.minScore, ZERO, true, HUNDRED);
    if (!min.ok) {
      everyMinValid = false;
      const message = min.problem === "places" ? TOO_MANY_PLACES : "The minimum must be a number from 0 to 100";
      problems.push({ index, field: "minScore", message });
      return;
    }
    const key = toPlainString(min.value);
    if (minOwners.has(key)) {
      everyMinValid = false;
      problems.push({ index, field: "minScore", message: `Another band already starts at ${key}` });
      return;
    }
    minOwners.set(key, index);
    placed.push({ index, name: letter || `Band ${index + 1}`, min: min.value, points: points.ok ? points.value : null });
  });

  placed.sort((a, b) => compare(b.min, a.min));
  const lowest = placed.at(-1);
  if (everyMinValid && lowest && compare(lowest.min, ZERO) !== 0) {
    const message = "The lowest band must start at 0 so every total gets a grade";
    problems.push({ index: lowest.index, field: "minScore", message });
  }
  // Neighbours are enough: if each band has at least the points of the one just below, the whole scale is in order.
  placed.forEach((higher, position) => {
    const lower = placed[position + 1];
    if (!lower || !higher.points || !lower.points) return;
    if (compare(higher.points, lower.points) < 0) {
      const points = `${toPlainString(higher.points)} against ${toPlainString(lower.points)}`;
      const message = `${higher.name} starts higher than ${lower.name} but has fewer points (${points})`;
      problems.push({ index: higher.index, field: "points", message });
    }
  });
  return problems;
}

/** Sorted by minScore descending, each with its upper bound for display/storage: top band "100.00",
 *  others = next higher band's min − 0.01 (2 decimals, as numeric(5,2) stores it). Expects bands that pass checkGradeBands. */
export function withUpperBounds(bands: GradeBand[]): Array<GradeBand & { maxScore: string }> {
  const sorted = bands.map((band) => ({ band, min: parseDecimal(band.minScore) })).sort((a, b) => compare(b.min, a.min));
  let ceiling = "100.00";
  return sorted.map(({ band, min }) => {
    const withMax = { ...band, maxScore: ceiling };
    ceiling = twoPlaces(subtract(min, CENT));
    return withMax;
  });
}

/** The band with the highest minScore ≤ total (total is an already-rounded decimal string). Throws RangeError if none. */
export function gradeFor(total: string, bands: GradeBand[]): GradeBand {
  const value = parseDecimal(total);
  let best: { band: GradeBand; min: Fraction } | null = null;
  for (const band of bands) {
    const min = parseDecimal(band.minScore);
    if (compare(min, value) <= 0 && (!best || compare(min, best.min) > 0)) best = { band, min };
  }
  if (!best) throw new RangeError(`No grade band covers a total of ${total}`);
  return best.band;
}

// ---------------------------------------------------------------------------------------------
// Score cells

export type CellValue = { kind: "empty" } | { kind: "absent" } | { kind: "exempt" } | { kind: "score"; value: string };
export type ParsedCell = ({ ok: true } & CellValue) | { ok: false; message: string };

function quoteTyped(text: string): string {
  const characters = Array.from(text);
  return characters.length > 10 ? `${characters.slice(0, 10).join("")}…` : text;
}

/** Parses what a teacher typed into a score cell. */
export function parseScoreCell(raw: string, maxScore: string): ParsedCell {
  const max = parseDecimal(maxScore);
  const text = raw.trim();
  if (text === "") return { ok: true, kind: "empty" };
  const word = text.toUpperCase();
  if (word === "ABS") return { ok: true, kind: "absent" };
  if (word === "EX") return { ok: true, kind: "exempt" };
  const number = readNumber(text, cellNumberPattern);
  if (!number) return { ok: false, message: `"${quoteTyped(text)}" is not a score: type a number, ABS (absent) or EX (exempt)` };
  if (number.negative && compare(number.value, ZERO) !== 0) return { ok: false, message: "Scores can't be negative" };
  if (number.places > 2) return { ok: false, message: TOO_MANY_PLACES };
  if (compare(number.value, max) > 0) return { ok: false, message: `Above the maximum of ${toPlainString(max)}` };
  return { ok: true, kind: "score", value: toPlainString(number.value) };
}

/** How a stored cell is shown in the grid: null → "", absent → "ABS", exempt → "EX", "12.50" → "12.5", "10.00" → "10". */
export function formatCell(mark: "score" | "absent" | "exempt" | null, value: string | null): string {
  if (mark === null) return "";
  if (mark === "absent") return "ABS";
  if (mark === "exempt") return "EX";
  // The database refuses a score row without a value, so this is a caller's mistake, not a blank cell.
  if (value === null) throw new RangeError("A score needs a value");
  return toPlainString(parseDecimal(value));
}

// ---------------------------------------------------------------------------------------------
// Subject totals

export type SchemeComponent = { id: string; code: string; name: string; maxScore: string; weight: string };
export type ExplanationLine = { componentId: string; code: string; text: string; contribution: string | null };
export type SubjectOutcome =
  | { status: "exempt"; explanation: ExplanationLine[]; summary: string }
  | {
      status: "complete" | "incomplete";
      exact: Fraction;
      total: string;
      grade: GradeBand;
      passed: boolean;
      missing: number;
      explanation: ExplanationLine[];
      summary: string;
    };

const countOf = (count: number, singular: string): string => `${count} ${count === 1 ? singular : `${singular}s`}`;

/** Weighted total out of 100 from the cells of one student in one subject (cells keyed by component id;
 *  undefined = empty), rounded ONCE with `rounding`; the grade is looked up from the ROUNDED total
 *  (so 69.95 → "70.0" → A when A starts at 70, never a gap). passed = rounded total ≥ passMark.
 *  An incomplete total is provisional: what is earned over the weight entered so far, scaled to 100. */
export function computeSubjectOutcome(
  components: SchemeComponent[],
  cells: Record<string, CellValue | undefined>,
  options: { bands: GradeBand[]; rounding: RoundingRule; passMark: string },
): SubjectOutcome {
  if (components.length === 0) throw new RangeError("A scheme needs at least one component");
  const allExempt = components.every((component) => cells[component.id]?.kind === "exempt");
  const explanation: ExplanationLine[] = [];
  let earned = ZERO;
  let enteredWeight = ZERO;
  let missing = 0;

  for (const component of components) {
    const max = parseDecimal(component.maxScore);
    const weight = parseDecimal(component.weight);
    if (compare(max, ZERO) <= 0) throw new RangeError(`${component.code}: the maximum score must be above zero`);
    if (compare(weight, ZERO) <= 0) throw new RangeError(`${component.code}: the weight must be above zero`);
    const percent = `${toPlainString(weight)}%`;
    const cell = cells[component.id] ?? { kind: "empty" };
    const explain = (text: string, contribution: string | null) =>
      explanation.push({ componentId: component.id, code: component.code, text: `${component.code}: ${text}`, contribution });

    switch (cell.kind) {
      case "exempt":
        explain(allExempt ? "exempt" : `exempt, its ${percent} is shared by the other components`, null);
        break;
      case "empty":
        missing++;
        explain("not entered yet", null);
        break;
      case "absent":
        enteredWeight = add(enteredWeight, weight);
        explain(`absent, counts 0 of ${percent}`, applyRounding(ZERO, { mode: options.rounding.mode, places: 2 }));
        break;
      case "score": {
        const value = parseDecimal(cell.value);
        if (compare(value, ZERO) < 0 || compare(value, max) > 0) {
          throw new RangeError(`${component.code}: score ${cell.value} is outside 0 to ${toPlainString(max)}`);
        }
        const contribution = multiply(divide(value, max), weight);
        earned = add(earned, contribution);
        enteredWeight = add(enteredWeight, weight);
        // Shown to the cent to explain the total; the total itself is summed from the exact values.
        const shown = applyRounding(contribution, { mode: options.rounding.mode, places: 2 });
        explain(`${toPlainString(value)} of ${toPlainString(max)} × ${percent} = ${shown}`, shown);
        break;
      }
    }
  }

  if (allExempt) return { status: "exempt", explanation, summary: "Exempt from every component: this subject does not count" };

  const nothingEntered = compare(enteredWeight, ZERO) === 0;
  const exact = nothingEntered ? ZERO : multiply(divide(earned, enteredWeight), HUNDRED);
  const total = applyRounding(exact, options.rounding);
  const grade = gradeFor(total, options.bands);
  const passed = compare(parseDecimal(total), parseDecimal(options.passMark)) >= 0;
  const status = missing > 0 ? "incomplete" : "complete";

  let summary: string;
  if (nothingEntered) {
    summary = `Nothing entered yet: ${countOf(missing, "component")} to enter`;
  } else {
    const scaled = compare(enteredWeight, HUNDRED) === 0 ? "" : `, scaled from ${toPlainString(enteredWeight)}% to 100%`;
    const label = status === "incomplete" ? "Provisional total" : "Total";
    const head = `${label} ${total} of 100 → ${grade.letter} (${grade.remark})${scaled}`;
    summary = status === "incomplete" ? `${head}; ${countOf(missing, "component")} not entered yet` : head;
  }
  return { status, exact, total, grade, passed, missing, explanation, summary };
}

// ---------------------------------------------------------------------------------------------
// Averages across subjects, terms and students

/** Credit-weighted grade-point average; null entries are exempt subjects (left out). null if nothing counts.
 *  Throws RangeError if a counted subject has creditUnits ≤ 0 (a subject without credit units is never silently dropped). */
export function computeGpa(
  subjects: Array<{ points: string; creditUnits: string } | null>,
  rounding: RoundingRule,
): string | null {
  let weightedPoints = ZERO;
  let credits = ZERO;
  for (const subject of subjects) {
    if (subject === null) continue;
    const creditUnits = parseDecimal(subject.creditUnits);
    if (compare(creditUnits, ZERO) <= 0) {
      throw new RangeError(`A subject counted in the GPA needs credit units above 0, not ${subject.creditUnits}`);
    }
    weightedPoints = add(weightedPoints, multiply(parseDecimal(subject.points), creditUnits));
    credits = add(credits, creditUnits);
  }
  return compare(credits, ZERO) === 0 ? null : applyRounding(divide(weightedPoints, credits), rounding);
}

/** Year (cumulative) figure of one subject: the mean of its EXACT term totals, each term once; null = term where it
 *  didn't count (exempt / not taken). Returns the exact fraction (round it with applyRounding when shown) or null. */
export function cumulativeAverage(termExacts: Array<Fraction | null>): Fraction | null {
  const counted = termExacts.filter((exact): exact is Fraction => exact !== null);
  if (counted.length === 0) return null;
  return divide(counted.reduce(add, ZERO), parseDecimal(counted.length));
}

/** Cumulative GPA: every (term, subject) pair counted exactly once, weighted by credit units. */
export function cumulativeGpa(
  terms: Array<Array<{ points: string; creditUnits: string } | null>>,
  rounding: RoundingRule,
): string | null {
  return computeGpa(terms.flat(), rounding);
}

/** Subject class statistics over students' exact totals (exempt students excluded by the caller). null when empty. */
export function classStatistics(
  exacts: Fraction[],
  rounding: RoundingRule,
): { count: number; average: string; highest: string; lowest: string } | null {
  const [first, ...rest] = exacts;
  if (!first) return null;
  let sum = first;
  let highest = first;
  let lowest = first;
  for (const exact of rest) {
    sum = add(sum, exact);
    if (compare(exact, highest) > 0) highest = exact;
    if (compare(exact, lowest) < 0) lowest = exact;
  }
  return {
    count: exacts.length,
    average: applyRounding(divide(sum, parseDecimal(exacts.length)), rounding),
    highest: applyRounding(highest, rounding),
    lowest: applyRounding(lowest, rounding),
  };
}

// ---------------------------------------------------------------------------------------------
// Assessment schemes

export type SchemeComponentDraft = { code: string; name: string; maxScore: string; weight: string };
export type SchemeProblem = { index: number | null; field: "code" | "name" | "maxScore" | "weight" | null; message: string };

const codePattern = /^[\p{L}\p{Nd} -]+$/u;

/** 1–10 components; codes unique case-insensitively (1–12 chars, letters/digits/space/-); names 1–60 chars;
 *  maxScore a decimal > 0 and ≤ 1000 with ≤ 2 decimals; weight > 0 and ≤ 100 with ≤ 2 decimals; weights sum to EXACTLY 100
 *  (message names the actual sum: "The weights add up to 95; they must add up to 100"). Empty = valid. */
export function checkSchemeComponents(components: SchemeComponentDraft[]): SchemeProblem[] {
  const problems: SchemeProblem[] = [];
  if (components.length === 0) problems.push({ index: null, field: null, message: "A scheme needs at least 1 component" });
  if (components.length > 10) problems.push({ index: null, field: null, message: "A scheme can have at most 10 components" });
  const codeOwners = new Map<string, number>();
  let weightSum = ZERO;
  let everyWeightValid = true;

  components.forEach((component, index) => {
    const code = component.code.trim();
    if (lengthOf(code) < 1 || lengthOf(code) > 12) {
      problems.push({ index, field: "code", message: "A code is 1 to 12 characters" });
    } else if (!codePattern.test(code)) {
      problems.push({ index, field: "code", message: "A code can use only letters, digits, spaces and -" });
    } else if (codeOwners.has(code.toLowerCase())) {
      problems.push({ index, field: "code", message: `Another component already uses the code "${code}"` });
    } else {
      codeOwners.set(code.toLowerCase(), index);
    }

    const name = component.name.trim();
    if (lengthOf(name) < 1 || lengthOf(name) > 60) {
      problems.push({ index, field: "name", message: "A name is 1 to 60 characters" });
    }

    const max = readSetting(component.maxScore, ZERO, false, THOUSAND);
    if (!max.ok) {
      const message = max.problem === "places" ? TOO_MANY_PLACES : "The maximum score must be a number above 0, up to 1000";
      problems.push({ index, field: "maxScore", message });
    }

    const weight = readSetting(component.weight, ZERO, false, HUNDRED);
    if (weight.ok) {
      weightSum = add(weightSum, weight.value);
    } else {
      everyWeightValid = false;
      const message = weight.problem === "places" ? TOO_MANY_PLACES : "The weight must be a number above 0, up to 100";
      problems.push({ index, field: "weight", message });
    }
  });

  if (components.length > 0 && everyWeightValid && compare(weightSum, HUNDRED) !== 0) {
    problems.push({
      index: null,
      field: "weight",
      message: `The weights add up to ${toPlainString(weightSum)}; they must add up to 100`,
    });
  }
  return problems;
}
