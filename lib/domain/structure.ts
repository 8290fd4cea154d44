// Pure rules of the school's academic structure: date ranges, promotion chains, and the wording of
// "what still uses this" messages. No I/O, so each rule is tested on its own.

/** ISO calendar dates ("2026-09-07") compare correctly as strings; ranges include both ends. */
export type DateRange = { startsOn: string; endsOn: string };

export function rangesOverlap(a: DateRange, b: DateRange): boolean {
  return a.startsOn <= b.endsOn && b.startsOn <= a.endsOn;
}

export function rangeContains(outer: DateRange, inner: DateRange): boolean {
  return outer.startsOn <= inner.startsOn && inner.endsOn <= outer.endsOn;
}

const DAY_MS = 86_400_000;
const toUtc = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

/** Whole days from one date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to) - toUtc(from)) / DAY_MS);
}

export function shiftDate(iso: string, days: number): string {
  return new Date(toUtc(iso) + days * DAY_MS).toISOString().slice(0, 10);
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "7 Sep 2026": the same on every server, whatever its locale data. */
export function formatDay(iso: string): string {
  const [year, month, day] = iso.split("-").map(Number);
  return `${day} ${MONTHS[(month ?? 1) - 1]} ${year}`;
}

export function formatRange(range: DateRange): string {
  return `${formatDay(range.startsOn)} to ${formatDay(range.endsOn)}`;
}

/** A count with its noun: "1 class", "3 classes". */
export function countOf(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

/**
 * "3 classes and 120 enrolments": the non-zero uses of a record, for a refusal to delete it;
 * an empty string when nothing uses it.
 */
export function describeUses(uses: ReadonlyArray<readonly [count: number, singular: string, plural?: string]>): string {
  const parts = uses.filter(([count]) => count > 0).map(([count, singular, plural]) => countOf(count, singular, plural));
  if (parts.length <= 1) return parts[0] ?? "";
  return `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
}

/**
 * Where following "next level" links from `start` goes round in a circle, as the levels visited
 * (the first repeated one last); null when the chain ends. `next` maps each level to its next level.
 */
export function findPromotionCycle(next: ReadonlyMap<string, string | null>, start: string): string[] | null {
  const path: string[] = [];
  const seen = new Set<string>();
  let current: string | null | undefined = start;
  while (current) {
    path.push(current);
    if (seen.has(current)) return path;
    seen.add(current);
    current = next.get(current);
  }
  return null;
}

/** A class's name when none is given: the level and the arm, "JSS 1 A". */
export function defaultClassName(levelName: string, arm: string): string {
  return `${levelName.trim()} ${arm.trim()}`;
}

/** "2026/2027" → "2027/2028"; any other name gets no suggestion. */
export function suggestNextYearName(name: string): string | null {
  const match = /^(\d{4})\s*([/-])\s*(\d{4})$/.exec(name.trim());
  if (!match) return null;
  const [, first, separator, second] = match;
  return `${Number(first) + 1}${separator}${Number(second) + 1}`;
}

/** The same range moved by a whole number of years (28 Feb stays 28 Feb; 29 Feb becomes 28 Feb). */
export function shiftRangeByYears(range: DateRange, years: number): DateRange {
  const shift = (iso: string) => {
    const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
    const target = new Date(Date.UTC(y + years, m - 1, d));
    // 29 Feb into a year without it rolls over to 1 Mar; keep it in February.
    if (target.getUTCMonth() !== m - 1) target.setUTCDate(0);
    return target.toISOString().slice(0, 10);
  };
  return { startsOn: shift(range.startsOn), endsOn: shift(range.endsOn) };
}

/**
 * "3 classes and 120 enrolments use this year" (or "1 class uses this year"); an empty string
 * when nothing uses it, so the caller may go ahead.
 */
export function usedBy(uses: ReadonlyArray<readonly [count: number, singular: string, plural?: string]>, what: string): string {
  const described = describeUses(uses);
  if (!described) return "";
  const single = uses.filter(([count]) => count > 0).length === 1 && uses.some(([count]) => count === 1);
  return `${described} ${single ? "uses" : "use"} ${what}`;
}
