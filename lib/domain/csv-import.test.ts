import { describe, expect, it } from "vitest";
import { autoMapColumns, mappingProblems, parseImportDate } from "@/lib/validation/imports";
import { decodeImportFile, ImportFileError, parseImportCsv } from "./csv-import";

describe("reading the uploaded file", () => {
  const utf8 = (text: string) => new TextEncoder().encode(text);

  it("accepts UTF-8 with or without a byte-order mark", () => {
    expect(decodeImportFile(utf8("Surname\nỌlá\n"))).toBe("Surname\nỌlá\n");
    expect(parseImportCsv(decodeImportFile(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8("Surname\nOla\n")]))).header).toEqual(["Surname"]);
  });

  it("refuses Windows-1252, UTF-16 and workbooks with a message saying what to do", () => {
    expect(() => decodeImportFile(new Uint8Array([0x4e, 0x61, 0x6d, 0x65, 0x0a, 0xe9]))).toThrow(/not UTF-8 text.*CSV UTF-8/);
    expect(() => decodeImportFile(new Uint8Array([0xff, 0xfe, 0x41, 0x00]))).toThrow(ImportFileError);
    expect(() => decodeImportFile(new Uint8Array([0x50, 0x4b, 0x03, 0x04]))).toThrow(/Excel or OpenDocument workbook/);
  });

  it("numbers rows as a spreadsheet does, skipping blank lines but not their numbers", () => {
    const csv = parseImportCsv('Name,Note\r\nAda,"two\nlines"\r\n\r\nBisi,x\r\n');
    expect(csv.rows).toEqual([
      { row: 2, cells: ["Ada", "two\nlines"] },
      { row: 4, cells: ["Bisi", "x"] },
    ]);
  });

  it("refuses an unclosed quote, an empty file and more than 10,000 rows", () => {
    expect(() => parseImportCsv('Name\n"Ada\n')).toThrow(/not closed properly/);
    expect(() => parseImportCsv("\uFEFF \n")).toThrow(/empty/);
    expect(() => parseImportCsv(`Name\n${"x\n".repeat(10_001)}`)).toThrow(/10,001 rows; at most 10,000/);
  });
});

describe("matching columns", () => {
  it("recognises common headings whatever their case, spacing or hint", () => {
    expect(autoMapColumns("students", ["Admission No.", "SURNAME", "first_name", "D.O.B", "Sex", "Class", "Parent Email", "Notes"])).toEqual([
      "admissionNumber",
      "lastName",
      "firstName",
      "dateOfBirth",
      "gender",
      "className",
      "guardian1Email",
      null,
    ]);
    expect(autoMapColumns("students", ["Date of birth (YYYY-MM-DD or DD/MM/YYYY)", "Guardian 2 phone"])).toEqual(["dateOfBirth", "guardian2Phone"]);
  });

  it("names each required field left unmapped and each field chosen twice", () => {
    expect(mappingProblems("educators", ["firstName", "firstName"], ["Name", "Given name"])).toEqual([
      'First name is chosen for two columns, "Name" and "Given name": choose it for one only.',
      "Choose the column that holds Staff number (required).",
      "Choose the column that holds Last name (required).",
    ]);
  });
});

describe("dates", () => {
  it("reads YYYY-MM-DD and day-first DD/MM/YYYY, and refuses days that do not exist", () => {
    expect(parseImportDate("2015-02-28")).toBe("2015-02-28");
    expect(parseImportDate("3/4/2015")).toBe("2015-04-03");
    expect(parseImportDate("31/02/2015")).toBeNull();
    expect(parseImportDate("2015-13-01")).toBeNull();
    expect(parseImportDate("02-28-2015")).toBeNull();
  });
});
