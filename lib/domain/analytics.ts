// Performance analytics for staff: score histograms, pass rates and the rules that flag a student as at risk.
// Values travel as the decimal strings numeric columns give ("38.50"), computed exactly with lib/domain/decimal.
import { compare, divide, parseDecimal, roundToString, subtract, toPlainString } from "./decimal";

/** Ten bands of ten; the last takes 100 as well, since a full mark has nowhere else to go. */
export const HISTOGRAM_BUCKET_LABELS: readonly string[] = Object.freeze([
  "0–9",
  "10–19",
  "20–29",
  "30–39",
  "40–49",
  "50–59",
  "60–69",
  "70–79",
  "80–89",
  "90–100",
]);

const HUNDRED = parseDecimal(100);

/** The band (0 to 9) of a total between 0 and 100; a fractional total stays in the band of its whole part (9.99 is 0–9). */
export function histogramBucket(total: string): number {
  const value = parseDecimal(total);
  if (compare(value, parseDecimal(0)) < 0 || compare(value, HUNDRED) > 0) throw new RangeError(`A total must be between 0 and 100: "${total}"`);
  // Floor division of a non-negative fraction: whole tens below the value.
  const tens = Number(value.n / (value.d * 10n));
  return Math.min(tens, 9);
}

/** How many totals fall in each of the ten bands of HISTOGRAM_BUCKET_LABELS. */
export function scoreHistogram(totals: readonly string[]): number[] {
  const counts = Array.from({ length: HISTOGRAM_BUCKET_LABELS.length }, () => 0);
  for (const total of totals) counts[histogramBucket(total)]! += 1;
  return counts;
}

export type PassRate = { passed: number; count: number; /** Of 100, one decimal: "66.7". */ percent: string };

/** Totals at or above the pass mark, out of all totals; null when there are none (no rate, rather than 0%). */
export function passRate(totals: readonly string[], passMark: string): PassRate | null {
  if (totals.length === 0) return null;
  const mark = parseDecimal(passMark);
  const passed = totals.filter((total) => compare(parseDecimal(total), mark) >= 0).length;
  return { passed, count: totals.length, percent: roundToString(divide(parseDecimal(passed * 100), parseDecimal(totals.length)), 1) };
}

export type AtRiskThresholds = {
  /** A term average strictly below this flags the student. */
  threshold: number;
  /** A fall of strictly more than this many points since the previous term flags the student. */
  drop: number;
};

export const DEFAULT_AT_RISK_THRESHOLDS: Readonly<AtRiskThresholds> = Object.freeze({ threshold: 40, drop: 10 });

const thresholdPattern = /^\d{1,3}(\.\d{1,2})?$/;

/**
 * Thresholds from a GET form (?threshold=&drop=): each a number from 0 to 100 with at most two decimals.
 * A missing, empty or unusable value takes its default, so a mistyped URL still shows a page.
 */
export function readAtRiskThresholds(raw: { threshold?: string | null; drop?: string | null }): AtRiskThresholds {
  const read = (value: string | null | undefined, fallback: number) => {
    const text = value?.trim() ?? "";
    if (!thresholdPattern.test(text)) return fallback;
    const number = Number(text);
    return number <= 100 ? number : fallback;
  };
  return {
    threshold: read(raw.threshold, DEFAULT_AT_RISK_THRESHOLDS.threshold),
    drop: read(raw.drop, DEFAULT_AT_RISK_THRESHOLDS.drop),
  };
}

export type TermAverage = { termName: string; /** Null when the student has no result for the term. */ average: string | null };

const decimalPlaces = (text: string) => text.split(".")[1]?.length ?? 0;

/**
 * Why a student is at risk in the last term of `trend` (the year's terms in order), in words for the page:
 * "average 38.5 < 40" and "dropped 14.0 points since First term". Only the term just before counts for a
 * drop; a term without a result on either side flags nothing, as there is nothing to compare.
 */
export function atRiskReasons(trend: readonly TermAverage[], thresholds: AtRiskThresholds = DEFAULT_AT_RISK_THRESHOLDS): string[] {
  const current = trend.at(-1);
  if (!current || current.average === null) return [];
  const reasons: string[] = [];
  const average = parseDecimal(current.average);
  if (compare(average, parseDecimal(thresholds.threshold)) < 0) {
    reasons.push(`average ${current.average} < ${toPlainString(parseDecimal(thresholds.threshold))}`);
  }
  const previous = trend.length >= 2 ? trend[trend.length - 2]! : null;
  if (previous && previous.average !== null) {
    const fall = subtract(parseDecimal(previous.average), average);
    if (compare(fall, parseDecimal(thresholds.drop)) > 0) {
      // At least one decimal ("14.0"); more when the averages carry more, so 10.05 over a drop of 10 never reads "10.0".
      const places = Math.max(1, decimalPlaces(previous.average), decimalPlaces(current.average));
      reasons.push(`dropped ${roundToString(fall, places)} points since ${previous.termName}`);
    }
  }
  return reasons;
}
