// The printed report card: one A4 page per student with a scannable QR code, whole classes in one
// PDF, and the web card built from the same layout decisions.
import zlib from "node:zlib";
import QRCode from "qrcode";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ReportCard } from "@/components/report-card/report-card";
import { DEFAULT_REPORT_CARD_VIEW, type ReportCardContent, type ReportCardSubject, type ReportCardView } from "@/lib/domain/report-card";
import type { ReportCardToRender } from "@/lib/server/report-cards/report-card-layout";
import { renderReportCardPdf, renderReportCardsPdf, toWinAnsi } from "@/lib/server/report-cards/render-report-card-pdf";

const SUBJECT_NAMES = [
  "English Language",
  "Mathematics",
  "Basic Science",
  "Basic Technology",
  "Social Studies",
  "Civic Education",
  "Christian Religious Studies",
  "Yoruba Language",
  "Agricultural Science",
  "Computer Studies",
  "Home Economics",
  "Physical and Health Education",
  "Cultural and Creative Arts",
  "French",
  "Business Studies",
];
const LONG_NAMES = [
  "Physical and Health Education including Sports Science and First Aid",
  "Cultural and Creative Arts (Music, Visual Arts and Drama)",
  "Information and Communication Technology and Computer Studies",
];
const COMPONENTS = [
  { code: "CA1", name: "First test", maxScore: "10.00", weight: "10.00" },
  { code: "CA2", name: "Second test", maxScore: "10.00", weight: "10.00" },
  { code: "PRJ", name: "Project", maxScore: "20.00", weight: "10.00" },
  { code: "ASG", name: "Assignments", maxScore: "10.00", weight: "5.00" },
  { code: "PRC", name: "Practical", maxScore: "15.00", weight: "5.00" },
  { code: "EXAM", name: "Examination", maxScore: "100.00", weight: "60.00" },
];

/** A realistic published card: n subjects of m assessments, positions with ties, comments and a five-band scale. */
function buildContent(options: { subjects?: number; components?: number; longNames?: boolean; student?: Partial<ReportCardContent["student"]> } = {}) {
  const subjectCount = options.subjects ?? 12;
  const components = options.components === 6 ? COMPONENTS : [...COMPONENTS.slice(0, (options.components ?? 4) - 1), COMPONENTS[5]!];
  const subjects = Array.from({ length: subjectCount }, (_, i): ReportCardSubject => {
    const name = options.longNames && i < LONG_NAMES.length ? LONG_NAMES[i]! : (SUBJECT_NAMES[i % SUBJECT_NAMES.length] ?? `Subject ${i + 1}`);
    const total = (55 + ((i * 7) % 40) + 0.5).toFixed(1);
    return {
      code: `S${String(i + 1).padStart(2, "0")}`,
      name,
      creditUnits: "1.00",
      components: components.map((c, j) => ({ ...c, score: j === 1 && i === 3 ? "ABS" : String(Math.min(Number(c.maxScore), 5 + ((i + j) % 6))) })),
      total,
      grade: Number(total) >= 70 ? "A" : Number(total) >= 60 ? "B" : "C",
      points: Number(total) >= 70 ? "5.00" : "4.00",
      remark: Number(total) >= 70 ? "Excellent" : "Very good",
      classPosition: i === 1 ? 2 : (i % 9) + 1,
      classPositionShared: i === 1,
      classSize: 38,
      classAverage: "61.4",
      classHighest: "94.5",
      classLowest: "23.0",
    };
  });
  const content: ReportCardContent = {
    format: 1,
    school: {
      name: "Crestview Model College",
      motto: "Knowledge, Discipline and Service",
      address: "14 Adeola Odeku Street, Victoria Island, Lagos",
      phone: "+234 803 555 0142",
      email: "office@crestview.example",
    },
    term: { id: "t1", name: "First term", academicYearName: "2025/2026", startsOn: "2025-09-15", endsOn: "2025-12-12", nextTermStartsOn: "2026-01-12" },
    student: {
      id: "s1",
      admissionNumber: "CMC/2023/0142",
      firstName: "Adaeze",
      middleName: "Chioma",
      lastName: "Okonkwo",
      gender: "female",
      className: "JSS 2A",
      classLevelName: "JSS 2",
      ...options.student,
    },
    subjects,
    summary: {
      total: "812.0",
      average: "67.7",
      subjectCount,
      gpa: "4.42",
      classPosition: 3,
      classPositionShared: false,
      classSize: 38,
      levelPosition: 12,
      levelPositionShared: true,
      levelSize: 152,
    },
    comments: {
      classTeacher: "Adaeze is attentive and helpful to her classmates. She should read more widely to strengthen her comprehension.",
      principal: null,
    },
    grading: {
      passMark: "40.00",
      bands: [
        { letter: "A", minScore: "70.00", maxScore: "100.00", points: "5.00", remark: "Excellent" },
        { letter: "B", minScore: "60.00", maxScore: "69.99", points: "4.00", remark: "Very good" },
        { letter: "C", minScore: "50.00", maxScore: "59.99", points: "3.00", remark: "Good" },
        { letter: "D", minScore: "40.00", maxScore: "49.99", points: "2.00", remark: "Pass" },
        { letter: "F", minScore: "0.00", maxScore: "39.99", points: "0.00", remark: "Fail" },
      ],
      notes: [
        "ABS (absent) counts as 0 for that assessment.",
        "EX (exempt): that assessment is left out and the others count for more; a subject exempt in every assessment is not counted.",
        "Totals are out of 100, rounded half up to 1 decimal place once, and the grade is read from the rounded total.",
        "Positions are shared on equal totals (2nd=), and the next place is skipped.",
      ],
    },
  };
  return content;
}

const URL = "https://ams.crestview.example/verify/7KQ2M9XRP4D8WZ3T";

function buildCard(content = buildContent(), view: ReportCardView = DEFAULT_REPORT_CARD_VIEW, superseded = false): ReportCardToRender {
  return {
    content,
    view,
    verification: {
      url: URL,
      contentHash: "3f9a07c29b1d44e0a1b2c3d4e5f60718293a4b5c6d7e8f90123456789abcdef0",
      version: 2,
      publishedAt: "2025-12-15T09:30:00.000Z",
      superseded,
    },
  };
}

// Reading an uncompressed PDF: pdfkit writes each line of text as hex strings in a TJ array.
const WIN_ANSI_HIGH: Record<number, string> = { 0x96: "–", 0x97: "—", 0x91: "‘", 0x92: "’", 0x93: "“", 0x94: "”", 0x95: "•", 0x85: "…" };
function textLines(pdf: Buffer): string[] {
  const source = pdf.toString("latin1");
  return [...source.matchAll(/\[([^\]]*)\] TJ/g)].map((match) =>
    [...match[1]!.matchAll(/<([0-9a-f]*)>/gi)]
      .map((hex) => Buffer.from(hex[1]!, "hex"))
      .map((bytes) => [...bytes].map((b) => WIN_ANSI_HIGH[b] ?? String.fromCharCode(b)).join(""))
      .join(""),
  );
}
const allText = (pdf: Buffer) => textLines(pdf).join(" ").replace(/\s+/g, " ");
const pageCount = (pdf: Buffer) => pdf.toString("latin1").match(/\/Type \/Page\b(?!s)/g)?.length ?? 0;
/** The QR code is the only thing drawn as unit squares at whole-number positions: "12 7 1 1 re". */
const qrSquares = (pdf: Buffer) => [...pdf.toString("latin1").matchAll(/^(\d+) (\d+) 1 1 re$/gm)].map((m) => `${m[1]},${m[2]}`);
function darkModules(url: string): string[] {
  const { modules } = QRCode.create(url, { errorCorrectionLevel: "M" });
  const dark: string[] = [];
  for (let row = 0; row < modules.size; row++) for (let column = 0; column < modules.size; column++) if (modules.get(row, column)) dark.push(`${column},${row}`);
  return dark;
}

/** A 4 × 2 RGB PNG (no transparency, so one image object in the PDF), made from its bytes. */
function widePng(): Buffer {
  const chunk = (type: string, data: Uint8Array) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(4, 0);
  header.writeUInt32BE(2, 4);
  header[8] = 8;
  header[9] = 2;
  const row = [0, ...[30, 58, 138].flatMap((c) => [c, c, c, c])];
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", zlib.deflateSync(Buffer.from([...row, ...row]))),
    chunk("IEND", new Uint8Array()),
  ]);
}
const LOGO_VIEW: ReportCardView = { ...DEFAULT_REPORT_CARD_VIEW, logoKey: "branding/logo-0123456789abcdef.png" };

describe("report card PDF", () => {
  it("renders a realistic card on one A4 page with the student, the tied position and a scannable QR code", async () => {
    const started = performance.now();
    const pdf = await renderReportCardPdf(buildCard(), { compress: false });
    console.log(`One report card (12 subjects × 4 assessments): ${(performance.now() - started).toFixed(1)} ms, ${pdf.length} bytes`);

    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(pageCount(pdf)).toBe(1);
    const text = allText(pdf);
    expect(text).toContain("Adaeze Chioma Okonkwo");
    expect(text).toContain("CMC/2023/0142");
    expect(text).toContain("2nd=");
    expect(text).toContain("Report card · First term 2025/2026");
    expect(text).toContain("12th= out of 152");
    expect(text).toContain("Next term begins: 12 January 2026");
    expect(text).toContain("Check code: 3f9a 07c2 9b1d 44e0");
    expect(text).toContain("Version 2 · issued 15 December 2025");
    expect(text).toContain(URL);
    expect(text).toContain("A subject is passed with a total of 40 or more.");
    // No comment from the principal yet: a dash, not an empty space that looks like a printing fault.
    expect(text).toMatch(/Principal's comment —/);
    expect(text).not.toContain("Superseded");

    const squares = qrSquares(pdf);
    expect(squares.length).toBe(darkModules(URL).length);
    expect(new Set(squares)).toEqual(new Set(darkModules(URL)));
  });

  it("fits 15 subjects × 6 assessments with long subject names on one page, every name whole", async () => {
    const content = buildContent({ subjects: 15, components: 6, longNames: true });
    const pdf = await renderReportCardPdf(buildCard(content), { compress: false });
    expect(pageCount(pdf)).toBe(1);
    const text = allText(pdf);
    for (const subject of content.subjects) expect(text).toContain(subject.name);
    expect(text).toContain("EXAM (100)");
  });

  it("shrinks the type rather than spill a crowded card (superseded, long comments, nine bands) onto a second page", async () => {
    const content = buildContent({ subjects: 15, components: 6, longNames: true });
    const long = "Adaeze has worked steadily this term and takes part in class discussions with confidence and care. ";
    content.comments = { classTeacher: long.repeat(4), principal: long.repeat(3) };
    content.grading.bands = "A1 B2 B3 C4 C5 C6 D7 E8 F9".split(" ").map((letter, i) => ({
      letter,
      minScore: String(75 - i * 5),
      maxScore: i === 0 ? "100" : (79.99 - i * 5).toFixed(2),
      points: String(9 - i),
      remark: ["Excellent", "Very good", "Good", "Credit", "Credit", "Credit", "Pass", "Pass", "Fail"][i]!,
    }));
    const roomy = await renderReportCardPdf(buildCard(buildContent()), { compress: false });
    const crowded = await renderReportCardPdf(buildCard(content, DEFAULT_REPORT_CARD_VIEW, true), { compress: false });
    expect(pageCount(crowded)).toBe(1);
    const tableFontSizes = (pdf: Buffer) => [...pdf.toString("latin1").matchAll(/\/F1 ([\d.]+) Tf/g)].map((m) => Number(m[1]));
    expect(Math.min(...tableFontSizes(crowded))).toBeLessThan(Math.min(...tableFontSizes(roomy)));
    const text = allText(crowded);
    expect(text).toContain("SUPERSEDED");
    expect(text).toContain("F9 35–39.99 Fail (1 point)");
  });

  it("continues a card too long for one page on a second page instead of cutting it off", async () => {
    const content = buildContent({ subjects: 45, components: 6, longNames: true });
    const pdf = await renderReportCardPdf(buildCard(content), { compress: false });
    expect(pageCount(pdf)).toBe(2);
    expect(allText(pdf)).toContain("(continued)");
    // Each page carries its own verification code.
    expect(qrSquares(pdf).length).toBe(2 * darkModules(URL).length);
  });

  it("renders a class of 40 as one PDF with one page per student", async () => {
    const cards = Array.from({ length: 40 }, (_, i) => buildCard(buildContent({ student: { firstName: `Student${i + 1}`, admissionNumber: `CMC/2023/${1000 + i}` } })));
    const started = performance.now();
    const pdf = await renderReportCardsPdf(cards, { compress: false });
    console.log(`A class of 40: ${(performance.now() - started).toFixed(0)} ms, ${(pdf.length / 1024).toFixed(0)} kB uncompressed`);
    expect(pageCount(pdf)).toBe(40);
    const text = allText(pdf);
    for (let i = 1; i <= 40; i++) expect(text).toContain(`Student${i} Chioma Okonkwo`);
  });

  it("marks a superseded card with a banner in words", async () => {
    const pdf = await renderReportCardPdf(buildCard(buildContent(), DEFAULT_REPORT_CARD_VIEW, true), { compress: false });
    expect(allText(pdf)).toContain("SUPERSEDED: A newer version of this report card has been published.");
  });

  it("shows Exempt instead of a total, grade and position for a subject the student is exempt from", async () => {
    const content = buildContent();
    content.subjects[5] = {
      ...content.subjects[5]!,
      components: content.subjects[5]!.components.map((c) => ({ ...c, score: "EX" })),
      total: null,
      grade: null,
      points: null,
      remark: null,
      classPosition: null,
      classPositionShared: false,
    };
    const text = allText(await renderReportCardPdf(buildCard(content), { compress: false }));
    expect(text).toContain("Civic Education EX EX EX EX Exempt");
  });

  it("leaves out positions, class figures and assessments when the school's view hides them", async () => {
    const view: ReportCardView = { ...DEFAULT_REPORT_CARD_VIEW, showComponents: false, showPositions: false, showClassStatistics: false };
    const text = allText(await renderReportCardPdf(buildCard(buildContent(), view), { compress: false }));
    // (The grading notes still explain "2nd=" in words: they are part of the published content.)
    expect(text).not.toContain("Position Out of");
    expect(text).not.toContain("out of 152");
    expect(text).not.toContain("Class average");
    expect(text).not.toContain("CA1");
    expect(text).not.toContain("Position in class");
    expect(text).toContain("Mathematics");
  });

  it("prints names in letters outside the built-in fonts as their nearest printable letters", async () => {
    expect(toWinAnsi("Ọlámídé Ṣeun Àdìsá")).toBe("Olámídé Seun Àdìsá");
    expect(toWinAnsi("Ọ́là")).toBe("Ólà");
    const content = buildContent({ student: { firstName: "Ọlámídé", middleName: null, lastName: "Ṣóyínká" } });
    expect(allText(await renderReportCardPdf(buildCard(content), { compress: false }))).toContain("Olámídé Sóyínká");
  });

  it("renders the same card to the same bytes, dated by its issue date rather than the moment of rendering", async () => {
    const first = await renderReportCardPdf(buildCard());
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const second = await renderReportCardPdf(buildCard());
    expect(second.equals(first)).toBe(true);
    expect(first.toString("latin1")).toContain("(D:20251215093000Z)");
  });

  it("prints the school's logo centred above its name, proportions kept, embedded once for a whole class", async () => {
    const one = await renderReportCardPdf(buildCard(buildContent(), LOGO_VIEW), { compress: false, logo: widePng() });
    const source = one.toString("latin1");
    expect(source).toContain("/Subtype /Image");
    expect(pageCount(one)).toBe(1);
    // 4 × 2 pixels into a box 48 pt tall: 96 × 48 pt, centred on the A4 page (36 + (523.28 − 96) / 2).
    expect(source).toMatch(/96 0 0 -48 249\.64 [\d.]+ cm\n\/I1 Do/);
    // Above the school's name: the card's first line of text comes straight after it.
    expect(textLines(Buffer.from(source.slice(source.indexOf("/I1 Do")), "latin1"))[0]).toBe("Crestview Model College");

    const cards = [1, 2, 3].map((i) => buildCard(buildContent({ student: { firstName: `Student${i}` } }), LOGO_VIEW));
    const three = (await renderReportCardsPdf(cards, { compress: false, logo: widePng() })).toString("latin1");
    expect(three.match(/\/Subtype \/Image/g)).toHaveLength(1);
    expect(three.match(/\/I1 Do/g)).toHaveLength(3);
    // The view says whether there is a logo, for the PDF as for the web card.
    const noLogo = await renderReportCardPdf(buildCard(), { compress: false, logo: widePng() });
    expect(noLogo.toString("latin1")).not.toContain("/Subtype /Image");
  });

  it("prints the cards without the logo, rather than not at all, if its bytes can't be opened", async () => {
    const pdf = await renderReportCardPdf(buildCard(buildContent(), LOGO_VIEW), { compress: false, logo: Buffer.from("not an image at all") });
    expect(pdf.toString("latin1")).not.toContain("/Subtype /Image");
    expect(allText(pdf)).toContain("Adaeze Chioma Okonkwo");
  });

  it("compresses by default and refuses an empty class", async () => {
    const compressed = await renderReportCardPdf(buildCard());
    const plain = await renderReportCardPdf(buildCard(), { compress: false });
    expect(compressed.length).toBeLessThan(plain.length);
    expect(compressed.toString("latin1")).toContain("/FlateDecode");
    await expect(renderReportCardsPdf([])).rejects.toThrow(RangeError);
  });
});

describe("report card web page", () => {
  const html = (card: ReportCardToRender) => renderToStaticMarkup(createElement(ReportCard, card));

  it("is an accessible table with a caption, column and row headers, and headings in order", () => {
    const markup = html(buildCard());
    expect(markup).toContain("<caption");
    expect(markup.match(/<th[^>]*scope="col"/g)?.length).toBe(1 + 4 + 2 + 2 + 3 + 1);
    expect(markup.match(/<th[^>]*scope="row"/g)?.length).toBe(12);
    const headings = [...markup.matchAll(/<h([1-6])/g)].map((m) => Number(m[1]));
    expect(headings[0]).toBe(1);
    for (let i = 1; i < headings.length; i++) expect(headings[i]! - headings[i - 1]!).toBeLessThanOrEqual(1);
    expect(markup).toContain("Adaeze Chioma Okonkwo");
    expect(markup).toContain("2nd=");
  });

  it("draws the same QR code as the PDF, labelled for screen readers", () => {
    const markup = html(buildCard());
    expect(markup).toContain('aria-label="QR code linking to the verification page"');
    expect(markup.match(/h1v1h-1z/g)?.length).toBe(darkModules(URL).length);
    expect(markup).toContain(`href="${URL}"`);
    expect(markup).toContain("3f9a 07c2 9b1d 44e0");
  });

  it("says Superseded in words and merges an exempt subject's result cells", () => {
    const content = buildContent();
    content.subjects[0] = { ...content.subjects[0]!, total: null, grade: null, classPosition: null };
    const markup = html(buildCard(content, DEFAULT_REPORT_CARD_VIEW, true));
    expect(markup).toContain("Superseded");
    expect(markup).toMatch(/<td[^>]*colSpan="4"[^>]*>Exempt<\/td>/i);
  });

  it("shows the logo above the school's name from its public address, and nothing for a key AMS didn't make", () => {
    const markup = html(buildCard(buildContent(), LOGO_VIEW));
    expect(markup).toContain('<img src="/api/branding/logo?v=branding%2Flogo-0123456789abcdef.png" alt="Crestview Model College logo"');
    expect(markup.indexOf("<img")).toBeLessThan(markup.indexOf("Crestview Model College</p>"));
    // The CSP refuses inline styles: the size comes from classes.
    expect(markup).not.toContain("style=");
    expect(html(buildCard())).not.toContain("<img");
    expect(html(buildCard(buildContent(), { ...DEFAULT_REPORT_CARD_VIEW, logoKey: "../../etc/passwd" }))).not.toContain("<img");
  });

  it("keeps the sideways scrolling to the subject table, reachable by keyboard", () => {
    const markup = html(buildCard());
    expect(markup.match(/overflow-x-auto/g)?.length).toBe(1);
    expect(markup).toMatch(/<div[^>]*role="region"[^>]*tabindex="0"[^>]*class="[^"]*overflow-x-auto/i);
  });
});
