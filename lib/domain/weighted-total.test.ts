import { describe, expect, it } from "vitest";
import { type ComponentScore, weightedTotal } from "./weighted-total";

const scheme = (values: Array<ComponentScore["value"] | "absent" | "exempt" | "missing">): ComponentScore[] =>
  [
    { maxScore: "15", weight: "15" },
    { maxScore: "15", weight: "15" },
    { maxScore: "10", weight: "10" },
    { maxScore: "60", weight: "60" },
  ].map((c, i) => {
    const v = values[i];
    if (v === "absent" || v === "exempt" || v === "missing") return { ...c, mark: v };
    return { ...c, mark: "score", value: v };
  });

describe("weighted subject total", () => {
  it("adds components whose maximum equals their weight", () => {
    expect(weightedTotal(scheme(["12", "13.5", "8", "41"]))).toEqual({ status: "complete", total: "74.50" });
  });

  it("scales a component whose maximum differs from its weight", () => {
    const total = weightedTotal([
      { maxScore: "20", weight: "40", mark: "score", value: "15" }, // 75% of 40 = 30
      { maxScore: "100", weight: "60", mark: "score", value: "55" }, // 55% of 60 = 33
    ]);
    expect(total).toEqual({ status: "complete", total: "63.00" });
  });

  it("counts an absence as zero", () => {
    expect(weightedTotal(scheme(["12", "absent", "8", "41"]))).toEqual({ status: "complete", total: "61.00" });
  });

  it("leaves an exempt component out and scales the rest up to 100", () => {
    // 12 + 8 + 41 = 61 out of the 85 that count.
    expect(weightedTotal(scheme(["12", "exempt", "8", "41"]))).toEqual({ status: "complete", total: "71.76" });
  });

  it("rounds only once, at the end, half up", () => {
    // Thirds that would drift if rounded per component: 1/3 of 30 three times is exactly 30.
    const total = weightedTotal([
      { maxScore: "3", weight: "30", mark: "score", value: "1" },
      { maxScore: "3", weight: "30", mark: "score", value: "1" },
      { maxScore: "3", weight: "40", mark: "score", value: "1" },
    ]);
    expect(total).toEqual({ status: "complete", total: "33.33" });
    expect(weightedTotal([{ maxScore: "200", weight: "100", mark: "score", value: "139.99" }])).toEqual({ status: "complete", total: "70.00" });
  });

  it("marks a total with missing scores as incomplete", () => {
    expect(weightedTotal(scheme(["12", "13", "missing", "missing"]))).toEqual({ status: "incomplete", total: "25.00", missing: 2 });
  });

  it("says a subject with every component exempt does not count", () => {
    expect(weightedTotal(scheme(["exempt", "exempt", "exempt", "exempt"]))).toEqual({ status: "exempt" });
  });

  it("refuses a score above the component's maximum or below zero", () => {
    expect(() => weightedTotal(scheme(["16", "13", "8", "41"]))).toThrow(/outside 0 to 15/);
    expect(() => weightedTotal(scheme(["-1", "13", "8", "41"]))).toThrow(RangeError);
  });
});
