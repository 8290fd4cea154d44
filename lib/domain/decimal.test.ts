import { describe, expect, it } from "vitest";
import { add, parseDecimal, roundDecimal, roundToString } from "./decimal";

describe("decimal arithmetic", () => {
  it("adds 0.1 and 0.2 to exactly 0.3", () => {
    expect(roundToString(add(parseDecimal("0.1"), parseDecimal("0.2")), 20)).toBe("0.30000000000000000000");
  });

  it("rounds a half up where binary floating point rounds it down", () => {
    // 1.005 is 1.00499999999999989... as a double, so Math.round(1.005 * 100) / 100 gives 1.
    expect(Math.round(1.005 * 100) / 100).toBe(1);
    expect(roundDecimal("1.005")).toBe("1.01");
    expect(roundDecimal("2.675")).toBe("2.68");
    expect(roundDecimal("69.995")).toBe("70.00");
  });

  it("rounds negatives away from zero and never prints negative zero", () => {
    expect(roundDecimal("-1.005")).toBe("-1.01");
    expect(roundDecimal("-0.001")).toBe("0.00");
  });

  it("formats with a fixed number of places", () => {
    expect(roundDecimal("7")).toBe("7.00");
    expect(roundDecimal("7.1", 0)).toBe("7");
    expect(roundDecimal(12.5, 1)).toBe("12.5");
    expect(roundDecimal(1e-7, 8)).toBe("0.00000010");
  });

  it("rejects what is not a number", () => {
    expect(() => parseDecimal("12,5")).toThrow(RangeError);
    expect(() => parseDecimal("")).toThrow(RangeError);
    expect(() => parseDecimal(Number.NaN)).toThrow(RangeError);
  });
});
