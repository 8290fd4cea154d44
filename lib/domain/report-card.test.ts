import QRCode from "qrcode";
import { describe, expect, it } from "vitest";
import {
  commentLines,
  formatLongDate,
  gradingBandLine,
  gradingKey,
  nextTermLine,
  overallSummary,
  qrCodeMatrix,
  qrCodeSvgPath,
  reportCardLayout,
  schoolContactLine,
  studentDetails,
  subjectTable,
  verificationFooter,
} from "@/lib/server/report-cards/report-card-layout";
import {
  accentColourOrDefault,
  canonicalJson,
  contrastAgainstWhite,
  DEFAULT_ACCENT_COLOUR,
  DEFAULT_REPORT_CARD_VIEW,
  formatFileSize,
  logoSizeProblem,
  MAX_LOGO_BYTES,
  ordinal,
  type ReportCardContent,
  type ReportCardSubject,
  type ReportCardView,
  reportCardLogoKey,
  resolveReportCardView,
} from "./report-card";

describe("ordinal", () => {
  it.each([
    [1, "1st"],
    [2, "2nd"],
    [3, "3rd"],
    [4, "4th"],
    [10, "10th"],
    [11, "11th"],
    [12, "12th"],
    [13, "13th"],
    [21, "21st"],
    [22, "22nd"],
    [23, "23rd"],
    [101, "101st"],
    [111, "111th"],
    [112, "112th"],
    [113, "113th"],
    [121, "121st"],
  ])("writes %i as %s", (position, expected) => {
    expect(ordinal(position)).toBe(expected);
  });

  it("marks a shared place with =", () => {
    expect(ordinal(2, true)).toBe("2nd=");
    expect(ordinal(11, true)).toBe("11th=");
    expect(ordinal(2, false)).toBe("2nd");
  });
});

describe("canonicalJson", () => {
  it("sorts keys at every level, so build order doesn't change the bytes", () => {
    const a = { b: 1, a: { d: [3, { z: 1, y: 2 }], c: "x" } };
    const b = { a: { c: "x", d: [3, { y: 2, z: 1 }] }, b: 1 };
    expect(canonicalJson(a)).toBe('{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson(b)).toBe(canonicalJson(a));
  });

  it("keeps array order, nulls and escapes, and leaves out undefined keys", () => {
    expect(canonicalJson([2, 1, null])).toBe("[2,1,null]");
    expect(canonicalJson({ note: 'said "hi"\n', gone: undefined, kept: null })).toBe('{"kept":null,"note":"said \\"hi\\"\\n"}');
    expect(canonicalJson({ Z: 1, a: 2, _: 3 })).toBe('{"Z":1,"_":3,"a":2}');
    expect(canonicalJson("text")).toBe('"text"');
  });

  it("tells apart content that differs only deep inside", () => {
    expect(canonicalJson({ s: [{ total: "70.0" }] })).not.toBe(canonicalJson({ s: [{ total: "70.00" }] }));
  });
});

describe("report card view", () => {
  it("accepts dark hex colours, in either length and case", () => {
    expect(accentColourOrDefault("#7F1D1D")).toBe("#7f1d1d");
    expect(accentColourOrDefault(" #036 ")).toBe("#003366");
  });

  it("falls back to the default for anything that isn't a hex colour or is too light for white text", () => {
    for (const value of ["red", "#12345", "#1234567", "1e3a8a", "", null, undefined, "#fde047", "#ffffff", "url(x)"]) {
      expect(accentColourOrDefault(value)).toBe(DEFAULT_ACCENT_COLOUR);
    }
    expect(contrastAgainstWhite("#ffffff")).toBeCloseTo(1, 5);
    expect(contrastAgainstWhite("#000000")).toBeCloseTo(21, 5);
    expect(contrastAgainstWhite(DEFAULT_ACCENT_COLOUR)).toBeGreaterThan(4.5);
  });

  it("fills what a stored view leaves out and keeps only signature lines with words", () => {
    expect(resolveReportCardView(null)).toEqual(DEFAULT_REPORT_CARD_VIEW);
    const view = resolveReportCardView({
      showPositions: false,
      accentColour: "#fff",
      signatures: [{ label: " Form tutor " }, { label: "  " }, { label: "Principal" }, { label: "Parent" }, { label: "Proprietor" }, { label: "Bursar" }],
    });
    expect(view.showPositions).toBe(false);
    expect(view.showComponents).toBe(true);
    expect(view.accentColour).toBe(DEFAULT_ACCENT_COLOUR);
    expect(view.signatures.map((s) => s.label)).toEqual(["Form tutor", "Principal", "Parent", "Proprietor"]);
    expect(view.logoKey).toBeNull();
  });

  it("names a logo by the start of its hash and type, and keeps only keys of that shape", () => {
    const hash = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    expect(reportCardLogoKey(hash, "image/png")).toBe("branding/logo-0123456789abcdef.png");
    expect(reportCardLogoKey(hash, "image/jpeg")).toBe("branding/logo-0123456789abcdef.jpg");
    for (const key of ["branding/logo-0123456789abcdef.png", "branding/logo-fedcba9876543210.jpg"]) {
      expect(resolveReportCardView({ logoKey: key }).logoKey).toBe(key);
    }
    // Anything else is dropped: it would end up in a URL on every card and in a file-store path.
    for (const key of [
      null,
      undefined,
      "",
      "branding/logo-0123456789ABCDEF.png",
      "branding/logo-0123456789abcde.png",
      "branding/logo-0123456789abcdef0.png",
      "branding/logo-0123456789abcdef.gif",
      "branding/logo-0123456789abcdef.png/../../etc/passwd",
      "../branding/logo-0123456789abcdef.png",
      "report-card-batches/logo-0123456789abcdef.png",
      "https://evil.example/logo.png",
      "branding/logo-0123456789abcdef.png\n",
    ]) {
      expect(resolveReportCardView({ logoKey: key }).logoKey, String(key)).toBeNull();
    }
  });

  it("refuses an empty logo and one over 512 KB, saying how big it is", () => {
    expect(logoSizeProblem(1)).toBeNull();
    expect(logoSizeProblem(MAX_LOGO_BYTES)).toBeNull();
    expect(logoSizeProblem(0)).toBe("The file is empty; choose the logo image again");
    expect(logoSizeProblem(MAX_LOGO_BYTES + 1)).toBe("The logo is 513 KB; the most is 512 KB");
    expect(logoSizeProblem(600 * 1024)).toBe("The logo is 600 KB; the most is 512 KB");
    expect(logoSizeProblem(1.2 * 1024 * 1024)).toBe("The logo is 1.2 MB; the most is 512 KB");
    expect(formatFileSize(1)).toBe("1 KB");
  });
});

const component = (code: string, score: string, maxScore = "10.00", weight = "20.00") => ({ code, name: `${code} name`, maxScore, weight, score });

function subject(overrides: Partial<ReportCardSubject> = {}): ReportCardSubject {
  return {
    code: "MTH",
    name: "Mathematics",
    creditUnits: "1.00",
    components: [component("CA1", "8"), component("EXAM", "52.5", "60.00", "60.00")],
    total: "72.5",
    grade: "A",
    points: "5.00",
    remark: "Excellent",
    classPosition: 2,
    classPositionShared: true,
    classSize: 40,
    classAverage: "58.3",
    classHighest: "91.0",
    classLowest: "22.5",
    ...overrides,
  };
}

function content(overrides: Partial<ReportCardContent> = {}): ReportCardContent {
  return {
    format: 1,
    school: { name: "Crestview College", motto: "Learn and serve", address: "1 School Road", phone: null, email: "office@crestview.example" },
    term: { id: "t", name: "First term", academicYearName: "2025/2026", startsOn: "2025-09-15", endsOn: "2025-12-12", nextTermStartsOn: "2026-01-05" },
    student: {
      id: "s",
      admissionNumber: "CC/001",
      firstName: "Ada",
      middleName: null,
      lastName: "Obi",
      gender: "female",
      className: "JSS 1A",
      classLevelName: "JSS 1",
    },
    subjects: [subject()],
    summary: {
      total: "72.5",
      average: "72.5",
      subjectCount: 1,
      gpa: "5.00",
      classPosition: 3,
      classPositionShared: false,
      classSize: 40,
      levelPosition: 21,
      levelPositionShared: true,
      levelSize: 160,
    },
    comments: { classTeacher: "  A good term.  ", principal: null },
    grading: {
      passMark: "40.00",
      bands: [
        { letter: "B", minScore: "60.00", maxScore: "69.99", points: "4.00", remark: "Very good" },
        { letter: "A", minScore: "70.00", maxScore: "100.00", points: "5.00", remark: "Excellent" },
        { letter: "F", minScore: "0.00", maxScore: "59.99", points: "1.00", remark: "Fail" },
      ],
      notes: ["ABS (absent) counts as 0 for that assessment."],
    },
    ...overrides,
  };
}

const view = (overrides: Partial<ReportCardView> = {}): ReportCardView => ({ ...DEFAULT_REPORT_CARD_VIEW, ...overrides });
const texts = (table: ReturnType<typeof subjectTable>, row = 0) => table.rows[row]!.cells.map((c) => c.text);

describe("report card layout", () => {
  it("shows every optional column by default, each assessment with its maximum", () => {
    const table = subjectTable(content(), view());
    expect(table.columns.map((c) => c.label)).toEqual([
      "Subject",
      "CA1 (10)",
      "EXAM (60)",
      "Total",
      "Grade",
      "Position",
      "Out of",
      "Class average",
      "Class highest",
      "Class lowest",
      "Remark",
    ]);
    expect(texts(table)).toEqual(["Mathematics", "8", "52.5", "72.5", "A", "2nd=", "40", "58.3", "91.0", "22.5", "Excellent"]);
    expect(table.notes).toEqual(["Assessments: CA1: CA1 name (out of 10, 20% of the total); EXAM: EXAM name (out of 60, 60% of the total)."]);
  });

  it("drops the assessment, position and class columns the view hides", () => {
    const table = subjectTable(content(), view({ showComponents: false, showPositions: false, showClassStatistics: false }));
    expect(table.columns.map((c) => c.key)).toEqual(["subject", "total", "grade", "remark"]);
    expect(texts(table)).toEqual(["Mathematics", "72.5", "A", "Excellent"]);
    expect(table.notes).toEqual([]);
  });

  it("says Exempt once across total, grade and position for an exempt subject", () => {
    const exempt = subject({ total: null, grade: null, remark: null, classPosition: null, components: [component("CA1", "EX"), component("EXAM", "EX", "60.00")] });
    const withPositions = subjectTable(content({ subjects: [exempt] }), view());
    expect(withPositions.rows[0]!.exempt).toBe(true);
    expect(withPositions.rows[0]!.cells.find((c) => c.text === "Exempt")).toEqual({ columnKey: "total", text: "Exempt", span: 4 });
    expect(texts(withPositions)).toEqual(["Mathematics", "EX", "EX", "Exempt", "58.3", "91.0", "22.5", "—"]);
    // The spans still add up to the number of columns, so every row lines up.
    for (const row of withPositions.rows) expect(row.cells.reduce((n, c) => n + c.span, 0)).toBe(withPositions.columns.length);
    const withoutPositions = subjectTable(content({ subjects: [exempt] }), view({ showPositions: false }));
    expect(withoutPositions.rows[0]!.cells.find((c) => c.text === "Exempt")?.span).toBe(2);
  });

  it("puts a maximum in each cell when subjects follow schemes with different maximums, and explains blanks", () => {
    const subjects = [
      subject(),
      subject({ code: "ART", name: "Fine Art", components: [component("CA1", "12", "15.00"), component("EXAM", "", "60.00")], classPositionShared: false }),
    ];
    const table = subjectTable(content({ subjects }), view());
    expect(table.columns[1]!.label).toBe("CA1");
    expect(texts(table, 0)[1]).toBe("8/10");
    expect(texts(table, 1).slice(1, 3)).toEqual(["12/15", "—"]);
    expect(table.notes[0]).toContain("CA1: CA1 name (maximum varies by subject, 20% of the total)");
    expect(table.notes[1]).toBe("— means no score was entered.");
  });

  it("shows a dash for a subject without a component the others have, and for missing class figures", () => {
    const subjects = [subject(), subject({ code: "PE", name: "Physical Education", components: [component("CA1", "ABS")], classAverage: null, classPosition: null })];
    const table = subjectTable(content({ subjects }), view());
    expect(texts(table, 1)).toEqual(["Physical Education", "ABS", "—", "72.5", "A", "—", "40", "—", "91.0", "22.5", "Excellent"]);
  });

  it("sums up with positions out of the class and the level, and GPA only when the school uses points", () => {
    expect(overallSummary(content(), view())).toEqual([
      { label: "Total marks", value: "72.5" },
      { label: "Average", value: "72.5" },
      { label: "Subjects counted", value: "1" },
      { label: "GPA", value: "5.00" },
      { label: "Position in class (JSS 1A)", value: "3rd out of 40" },
      { label: "Position in level (JSS 1)", value: "21st= out of 160" },
    ]);
    const noPoints = content({ summary: { ...content().summary, gpa: null, classPosition: null } });
    const labels = overallSummary(noPoints, view()).map((i) => i.label);
    expect(labels).not.toContain("GPA");
    expect(overallSummary(noPoints, view())[3]).toEqual({ label: "Position in class (JSS 1A)", value: "—" });
    expect(overallSummary(content(), view({ showPositions: false })).map((i) => i.label)).toEqual(["Total marks", "Average", "Subjects counted", "GPA"]);
    expect(gradingKey(noPoints).bands[0]!.points).toBeNull();
  });

  it("writes the student, school, comments and next term in plain words", () => {
    expect(studentDetails(content())).toEqual([
      { label: "Name", value: "Ada Obi" },
      { label: "Admission number", value: "CC/001" },
      { label: "Class", value: "JSS 1A" },
      { label: "Gender", value: "Female" },
    ]);
    expect(studentDetails(content({ student: { ...content().student, middleName: "Ngozi", gender: null } })).map((d) => d.value)).toEqual([
      "Ada Ngozi Obi",
      "CC/001",
      "JSS 1A",
      "Not recorded",
    ]);
    expect(schoolContactLine(content().school)).toBe("1 School Road · office@crestview.example");
    expect(commentLines(content())).toEqual([
      { label: "Class teacher's comment", value: "A good term." },
      { label: "Principal's comment", value: "—" },
    ]);
    expect(nextTermLine(content())).toEqual({ label: "Next term begins", value: "5 January 2026" });
    expect(nextTermLine(content({ term: { ...content().term, nextTermStartsOn: null } })).value).toBe("Not yet announced");
  });

  it("lists the grade bands from the top, with plain ranges, the pass mark and the notes", () => {
    const key = gradingKey(content());
    expect(key.bands.map((b) => b.letter)).toEqual(["A", "B", "F"]);
    expect(key.bands[0]).toEqual({ letter: "A", range: "70–100", remark: "Excellent", points: "5 points" });
    expect(key.bands[1]!.range).toBe("60–69.99");
    expect(key.bands[2]!.points).toBe("1 point");
    expect(gradingBandLine(key.bands[0]!)).toBe("A  70–100  Excellent (5 points)");
    expect(key.sentences).toEqual(["A subject is passed with a total of 40 or more.", "ABS (absent) counts as 0 for that assessment."]);
  });

  it("prints the check code as the hash's first 16 hex characters in fours, with the version and issue date", () => {
    const footer = verificationFooter({ url: "https://x.example/v/1", contentHash: "3F9A07C29B1D44E0FFFF", version: 3, publishedAt: "2025-12-15T23:10:00Z" });
    expect(footer.checkCode).toBe("3f9a 07c2 9b1d 44e0");
    expect(footer.issued).toBe("Version 3 · issued 15 December 2025");
    expect(footer.superseded).toBe(false);
    expect(verificationFooter({ url: "u", contentHash: "ab", version: 1, publishedAt: "x", superseded: true }).superseded).toBe(true);
  });

  it("formats dates the same everywhere, and leaves what it can't read alone", () => {
    expect(formatLongDate("2026-01-05")).toBe("5 January 2026");
    expect(formatLongDate("2025-12-31T22:00:00.000Z")).toBe("31 December 2025");
    expect(formatLongDate("2025-13-01")).toBe("2025-13-01");
    expect(formatLongDate("soon")).toBe("soon");
  });

  it("draws exactly the QR code's dark modules, once each, in the SVG path too", () => {
    const url = "https://ams.example/verify/7KQ2M9XRP4D8WZ3T";
    const matrix = qrCodeMatrix(url);
    const { modules } = QRCode.create(url, { errorCorrectionLevel: "M" });
    expect(matrix.size).toBe(modules.size);
    expect(matrix.dark.length).toBe(modules.data.reduce((n, bit) => n + (bit ? 1 : 0), 0));
    for (const [column, row] of matrix.dark) expect(modules.get(row, column)).toBeTruthy();
    const path = qrCodeSvgPath(matrix);
    expect(path.match(/h1v1h-1z/g)?.length).toBe(matrix.dark.length);
    // The finder pattern's top-left corner is dark and sits inside the 4-module quiet zone.
    expect(path.startsWith("M4 4h1v1h-1z")).toBe(true);
  });

  it("validates the view while laying out, so a bad stored colour never reaches the page", () => {
    const layout = reportCardLayout({
      content: content(),
      view: view({ accentColour: "javascript:alert(1)" }),
      verification: { url: "https://x.example/v/1", contentHash: "ab", version: 1, publishedAt: "2025-12-15" },
    });
    expect(layout.view.accentColour).toBe(DEFAULT_ACCENT_COLOUR);
    expect(layout.title).toBe("Report card · First term 2025/2026");
  });
});
