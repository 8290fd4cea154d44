import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { csvLines } from "./csv-export";

describe("csvLines", () => {
  it("quotes commas, quotes and line breaks so each cell reads back as written", () => {
    const rows = [["Okafor, Ada", 'She said "hi"', "line one\nline two", "plain", null]];
    const text = csvLines(rows);
    expect(text).toBe('"Okafor, Ada","She said ""hi""","line one\nline two",plain,\r\n');
    expect(Papa.parse<string[]>(text.trimEnd(), { header: false }).data[0]).toEqual(["Okafor, Ada", 'She said "hi"', "line one\nline two", "plain", ""]);
  });

  it("prefixes cells a spreadsheet would run as a formula with a single quote", () => {
    const cells = ["=HYPERLINK(\"http://x\")", "+234 802 000 1234", "-1+1", "@SUM(A1)", "\t=1", "=1\n=2", "safe = text", "a-b"];
    const [parsed] = Papa.parse<string[]>(csvLines([cells]).trimEnd(), { header: false }).data;
    expect(parsed).toEqual(["'=HYPERLINK(\"http://x\")", "'+234 802 000 1234", "'-1+1", "'@SUM(A1)", "'\t=1", "'=1\n=2", "safe = text", "a-b"]);
  });

  it("writes one CRLF-terminated line per row, and nothing for no rows", () => {
    expect(csvLines([["a"], ["b"]])).toBe("a\r\nb\r\n");
    expect(csvLines([])).toBe("");
  });
});
