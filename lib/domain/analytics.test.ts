import { describe, expect, it } from "vitest";
import {
  atRiskReasons,
  DEFAULT_AT_RISK_THRESHOLDS,
  HISTOGRAM_BUCKET_LABELS,
  histogramBucket,
  passRate,
  readAtRiskThresholds,
  scoreHistogram,
} from "./analytics";

describe("histogram buckets", () => {
  it("has ten labelled bands, the last one closed at 100", () => {
    expect(HISTOGRAM_BUCKET_LABELS).toHaveLength(10);
    expect(HISTOGRAM_BUCKET_LABELS[0]).toBe("0–9");
    expect(HISTOGRAM_BUCKET_LABELS[9]).toBe("90–100");
  });

  it("puts each total in the band of its tens, with the edges on the right side", () => {
    const cases: Array<[string, number]> = [
      ["0", 0],
      ["0.00", 0],
      ["9", 0],
      ["9.99", 0],
      ["10", 1],
      ["10.00", 1],
      ["19.5", 1],
      ["39.99", 3],
      ["40", 4],
      ["89.99", 8],
      ["90", 9],
      ["99.99", 9],
      ["100", 9],
      ["100.00", 9],
    ];
    for (const [total, bucket] of cases) expect(histogramBucket(total), total).toBe(bucket);
  });

  it("refuses a total outside 0 to 100 or that is not a number", () => {
    expect(() => histogramBucket("100.01")).toThrow(RangeError);
    expect(() => histogramBucket("-0.5")).toThrow(RangeError);
    expect(() => histogramBucket("abc")).toThrow(RangeError);
  });

  it("counts totals per band, and the counts add up to the number of totals", () => {
    const totals = ["0", "5", "10", "45.5", "49.99", "50", "72", "90", "100", "100.00"];
    const histogram = scoreHistogram(totals);
    expect(histogram).toEqual([2, 1, 0, 0, 2, 1, 0, 1, 0, 3]);
    expect(histogram.reduce((a, b) => a + b, 0)).toBe(totals.length);
  });

  it("gives ten zeros for no totals", () => {
    expect(scoreHistogram([])).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });
});

describe("pass rate", () => {
  it("counts a total equal to the pass mark as a pass and one just below as a fail", () => {
    expect(passRate(["40", "39.99", "40.00", "80"], "40")).toEqual({ passed: 3, count: 4, percent: "75.0" });
  });

  it("writes the percentage to one decimal, rounding half up", () => {
    expect(passRate(["50", "50", "10"], "40")?.percent).toBe("66.7");
    expect(passRate(["50", "10", "10"], "40")?.percent).toBe("33.3");
    // 1 of 8 is exactly 12.5; 1 of 16 is 6.25, which rounds up to 6.3.
    expect(passRate(["50", ...Array<string>(7).fill("1")], "40")?.percent).toBe("12.5");
    expect(passRate(["50", ...Array<string>(15).fill("1")], "40")?.percent).toBe("6.3");
  });

  it("uses the scale's pass mark, decimals included", () => {
    expect(passRate(["45", "45.49", "45.5"], "45.5")).toEqual({ passed: 1, count: 3, percent: "33.3" });
    expect(passRate(["0", "0"], "0")).toEqual({ passed: 2, count: 2, percent: "100.0" });
  });

  it("is null when there are no totals, not 0%", () => {
    expect(passRate([], "40")).toBeNull();
  });
});

describe("reading the at-risk thresholds from the form", () => {
  it("defaults to 40 and 10", () => {
    expect(DEFAULT_AT_RISK_THRESHOLDS).toEqual({ threshold: 40, drop: 10 });
    expect(readAtRiskThresholds({})).toEqual({ threshold: 40, drop: 10 });
    expect(readAtRiskThresholds({ threshold: "", drop: "  " })).toEqual({ threshold: 40, drop: 10 });
  });

  it("takes numbers from 0 to 100 with up to two decimals", () => {
    expect(readAtRiskThresholds({ threshold: "50", drop: "7.5" })).toEqual({ threshold: 50, drop: 7.5 });
    expect(readAtRiskThresholds({ threshold: " 0 ", drop: "100" })).toEqual({ threshold: 0, drop: 100 });
    expect(readAtRiskThresholds({ threshold: "45.25" }).threshold).toBe(45.25);
  });

  it("falls back to the default for anything else", () => {
    for (const bad of ["-5", "101", "1e2", "abc", "45.255", "0x10", "Infinity", "50%"]) {
      expect(readAtRiskThresholds({ threshold: bad, drop: bad }), bad).toEqual({ threshold: 40, drop: 10 });
    }
  });
});

describe("at-risk reasons", () => {
  const first = (average: string | null) => ({ termName: "First term", average });
  const second = (average: string | null) => ({ termName: "Second term", average });

  it("flags an average strictly below the threshold, in words", () => {
    expect(atRiskReasons([first("38.5")])).toEqual(["average 38.5 < 40"]);
    expect(atRiskReasons([first("40.0")])).toEqual([]);
    expect(atRiskReasons([first("39.99")])).toEqual(["average 39.99 < 40"]);
  });

  it("flags a drop of strictly more than the allowed points since the previous term", () => {
    expect(atRiskReasons([first("66.5"), second("52.5")])).toEqual(["dropped 14.0 points since First term"]);
    expect(atRiskReasons([first("62.5"), second("52.5")])).toEqual([]);
    expect(atRiskReasons([first("62.6"), second("52.5")])).toEqual(["dropped 10.1 points since First term"]);
  });

  it("keeps the averages' decimals in the drop, so a flagged drop never reads as exactly the limit", () => {
    expect(atRiskReasons([first("60.05"), second("50.00")])).toEqual(["dropped 10.05 points since First term"]);
  });

  it("gives both reasons when both apply, the average first", () => {
    expect(atRiskReasons([first("52.5"), second("38.5")])).toEqual(["average 38.5 < 40", "dropped 14.0 points since First term"]);
  });

  it("does not flag a rise or a steady average", () => {
    expect(atRiskReasons([first("40.0"), second("75.0")])).toEqual([]);
    expect(atRiskReasons([first("55.0"), second("55.0")])).toEqual([]);
  });

  it("compares only with the term just before", () => {
    const trend = [first("90.0"), second("60.0"), { termName: "Third term", average: "55.0" }];
    expect(atRiskReasons(trend)).toEqual([]);
    expect(atRiskReasons([first("90.0"), second(null), { termName: "Third term", average: "55.0" }])).toEqual([]);
  });

  it("flags nothing without a result for the current term", () => {
    expect(atRiskReasons([])).toEqual([]);
    expect(atRiskReasons([first("90.0"), second(null)])).toEqual([]);
  });

  it("uses the thresholds given", () => {
    const thresholds = { threshold: 50, drop: 5 };
    expect(atRiskReasons([first("55.0"), second("49.0")], thresholds)).toEqual(["average 49.0 < 50", "dropped 6.0 points since First term"]);
    expect(atRiskReasons([first("55.0"), second("49.0")], { threshold: 45.5, drop: 6 })).toEqual([]);
    expect(atRiskReasons([first("45.0")], { threshold: 45.5, drop: 6 })).toEqual(["average 45.0 < 45.5"]);
  });
});
