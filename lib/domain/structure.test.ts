import { describe, expect, it } from "vitest";
import {
  daysBetween,
  defaultClassName,
  describeUses,
  findPromotionCycle,
  formatDay,
  formatRange,
  rangeContains,
  rangesOverlap,
  shiftDate,
  shiftRangeByYears,
  suggestNextYearName,
  usedBy,
} from "./structure";

describe("date ranges", () => {
  it("treats ranges as including both ends, so sharing a single day is an overlap", () => {
    const first = { startsOn: "2026-09-07", endsOn: "2026-12-11" };
    expect(rangesOverlap(first, { startsOn: "2026-12-11", endsOn: "2027-01-05" })).toBe(true);
    expect(rangesOverlap(first, { startsOn: "2026-12-12", endsOn: "2027-01-05" })).toBe(false);
    expect(rangesOverlap(first, { startsOn: "2026-01-01", endsOn: "2026-09-06" })).toBe(false);
    expect(rangesOverlap(first, { startsOn: "2026-10-01", endsOn: "2026-10-02" })).toBe(true);
  });

  it("knows when one range lies inside another", () => {
    const year = { startsOn: "2026-09-07", endsOn: "2027-07-16" };
    expect(rangeContains(year, year)).toBe(true);
    expect(rangeContains(year, { startsOn: "2026-09-06", endsOn: "2026-12-11" })).toBe(false);
    expect(rangeContains(year, { startsOn: "2027-04-19", endsOn: "2027-07-17" })).toBe(false);
  });

  it("counts and shifts whole days across leap years and clock changes", () => {
    expect(daysBetween("2026-09-07", "2027-09-06")).toBe(364);
    expect(daysBetween("2027-09-06", "2026-09-07")).toBe(-364);
    expect(shiftDate("2027-04-01", 364)).toBe("2028-03-30"); // 29 Feb 2028 lies between
    expect(shiftDate("2026-03-28", 2)).toBe("2026-03-30");
  });

  it("moves a range by whole years, keeping 29 February in February", () => {
    expect(shiftRangeByYears({ startsOn: "2026-09-07", endsOn: "2027-07-16" }, 1)).toEqual({ startsOn: "2027-09-07", endsOn: "2028-07-16" });
    expect(shiftRangeByYears({ startsOn: "2027-09-01", endsOn: "2028-02-29" }, 1)).toEqual({ startsOn: "2028-09-01", endsOn: "2029-02-28" });
  });

  it("writes dates the same way on every server", () => {
    expect(formatDay("2026-09-07")).toBe("7 Sep 2026");
    expect(formatRange({ startsOn: "2026-12-31", endsOn: "2027-01-01" })).toBe("31 Dec 2026 to 1 Jan 2027");
  });
});

describe("promotion chains", () => {
  const chain = new Map<string, string | null>([
    ["jss1", "jss2"],
    ["jss2", "jss3"],
    ["jss3", null],
  ]);

  it("finds no cycle in a chain that ends", () => {
    expect(findPromotionCycle(chain, "jss1")).toBeNull();
  });

  it("names the levels of a cycle, ending with the one repeated", () => {
    const looped = new Map(chain).set("jss3", "jss1");
    expect(findPromotionCycle(looped, "jss1")).toEqual(["jss1", "jss2", "jss3", "jss1"]);
    expect(findPromotionCycle(new Map([["a", "a"]]), "a")).toEqual(["a", "a"]);
  });

  it("finds a cycle further down the chain than the start", () => {
    const tail = new Map<string, string | null>([
      ["nursery", "jss1"],
      ["jss1", "jss2"],
      ["jss2", "jss1"],
    ]);
    expect(findPromotionCycle(tail, "nursery")).toEqual(["nursery", "jss1", "jss2", "jss1"]);
  });
});

describe("what uses a record", () => {
  it("lists the non-zero uses with singular and plural nouns", () => {
    expect(describeUses([[3, "class", "classes"], [120, "enrolment"]])).toBe("3 classes and 120 enrolments");
    expect(describeUses([[0, "term"], [1, "class", "classes"], [2, "report card"], [5, "score"]])).toBe("1 class, 2 report cards and 5 scores");
    expect(describeUses([[0, "term"]])).toBe("");
  });

  it("makes a sentence whose verb agrees with what uses the record", () => {
    expect(usedBy([[1, "class", "classes"]], "this year")).toBe("1 class uses this year");
    expect(usedBy([[3, "class", "classes"], [120, "enrolment"]], "this year")).toBe("3 classes and 120 enrolments use this year");
    expect(usedBy([[2, "term"]], "this year")).toBe("2 terms use this year");
    expect(usedBy([[0, "term"]], "this year")).toBe("");
  });
});

describe("names", () => {
  it("names a class after its level and arm", () => {
    expect(defaultClassName(" JSS 1 ", "A")).toBe("JSS 1 A");
  });

  it("suggests the following year's name for names like 2026/2027 only", () => {
    expect(suggestNextYearName("2026/2027")).toBe("2027/2028");
    expect(suggestNextYearName("2026-2027")).toBe("2027-2028");
    expect(suggestNextYearName("Session one")).toBeNull();
  });
});
