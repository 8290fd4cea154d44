import { describe, expect, it } from "vitest";
import { add, divide, parseDecimal, roundDecimal, roundToString, subtract, toPlainString } from "./decimal";

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

describe("subtracting and plain formatting", () => {
  it("subtracts exactly", () => {
    expect(toPlainString(subtract(parseDecimal("70"), parseDecimal("0.01")))).toBe("69.99");
    expect(toPlainString(subtract(parseDecimal("0.3"), parseDecimal("0.1")))).toBe("0.2");
    expect(toPlainString(subtract(parseDecimal("1"), parseDecimal("2.5")))).toBe("-1.5");
  });

  it("writes a terminating decimal without trailing zeros", () => {
    expect(toPlainString(parseDecimal("12.50"))).toBe("12.5");
    expect(toPlainString(parseDecimal("10.00"))).toBe("10");
    expect(toPlainString(parseDecimal("007"))).toBe("7");
    expect(toPlainString(parseDecimal("0.05"))).toBe("0.05");
    expect(toPlainString(parseDecimal("-0.25"))).toBe("-0.25");
    expect(toPlainString(parseDecimal("-0"))).toBe("0");
    expect(toPlainString(divide(parseDecimal("1"), parseDecimal("1024")))).toBe("0.0009765625");
  });

  it("refuses a value that never ends rather than rounding it silently", () => {
    expect(() => toPlainString(divide(parseDecimal("1"), parseDecimal("3")))).toThrow(RangeError);
  });
});
