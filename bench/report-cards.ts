// The report-card PDF benchmarks: one card, and a class of 50 in one document, each against its floor:
// pdfkit writing the same number of pages holding the same text lines, with no table layout and no QR code.
import PDFDocument from "pdfkit";
import { DEFAULT_REPORT_CARD_VIEW, type ReportCardContent } from "../lib/domain/report-card";
import { type ReportCardToRender, reportCardLayout } from "../lib/server/report-cards/report-card-layout";
import { renderReportCardPdf, renderReportCardsPdf } from "../lib/server/report-cards/render-report-card-pdf";
import { measure, type Timing } from "./support";

type Row = { name: string; what: string; ours: Timing; floor: Timing; goal?: string };

const SUBJECTS = [
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
];
const COMPONENTS = [
  { code: "CA1", name: "First test", maxScore: "10.00", weight: "10.00" },
  { code: "CA2", name: "Second test", maxScore: "10.00", weight: "10.00" },
  { code: "PRJ", name: "Project", maxScore: "20.00", weight: "20.00" },
  { code: "EXAM", name: "Examination", maxScore: "100.00", weight: "60.00" },
];

/** A typical card: 12 subjects × 4 assessments, positions, comments and a five-band scale. */
export function sampleReportCard(studentNumber = 1): ReportCardToRender {
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
      id: `s${studentNumber}`,
      admissionNumber: `CMC/2023/${String(studentNumber).padStart(4, "0")}`,
      firstName: `Student${studentNumber}`,
      middleName: "Chioma",
      lastName: "Okonkwo",
      gender: "female",
      className: "JSS 2A",
      classLevelName: "JSS 2",
    },
    subjects: SUBJECTS.map((name, i) => {
      const total = (50 + ((i * 7 + studentNumber) % 45) + 0.5).toFixed(1);
      return {
        code: `S${i + 1}`,
        name,
        creditUnits: "1.00",
        components: COMPONENTS.map((c, j) => ({ ...c, score: String((i + j + studentNumber) % 10) })),
        total,
        grade: Number(total) >= 70 ? "A" : "B",
        points: Number(total) >= 70 ? "5.00" : "4.00",
        remark: Number(total) >= 70 ? "Excellent" : "Very good",
        classPosition: ((i + studentNumber) % 50) + 1,
        classPositionShared: i % 5 === 0,
        classSize: 50,
        classAverage: "61.4",
        classHighest: "94.5",
        classLowest: "23.0",
      };
    }),
    summary: {
      total: "780.0",
      average: "65.0",
      subjectCount: SUBJECTS.length,
      gpa: "4.20",
      classPosition: studentNumber,
      classPositionShared: false,
      classSize: 50,
      levelPosition: studentNumber * 3,
      levelPositionShared: false,
      levelSize: 200,
    },
    comments: { classTeacher: "A steady term's work; she should read more widely to strengthen her comprehension.", principal: "Keep it up." },
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
  return {
    content,
    view: DEFAULT_REPORT_CARD_VIEW,
    verification: {
      url: `https://ams.crestview.example/verify/${String(studentNumber).padStart(16, "K")}`,
      contentHash: "3f9a07c29b1d44e0a1b2c3d4e5f60718293a4b5c6d7e8f90123456789abcdef0",
      version: 1,
      publishedAt: "2025-12-15T09:30:00.000Z",
    },
  };
}

/** Every line the card shows, as plain strings: what the floor writes. */
function textLinesOf(card: ReportCardToRender): string[] {
  const layout = reportCardLayout(card);
  return [
    layout.school.name,
    layout.school.motto ?? "",
    layout.school.contact,
    layout.title,
    ...layout.student.map((d) => `${d.label}: ${d.value}`),
    layout.table.columns.map((c) => c.label).join(" "),
    ...layout.table.rows.map((r) => r.cells.map((c) => c.text).join(" ")),
    ...layout.table.notes,
    ...layout.summary.map((d) => `${d.label}: ${d.value}`),
    ...layout.comments.map((d) => `${d.label}: ${d.value}`),
    `${layout.nextTerm.label}: ${layout.nextTerm.value}`,
    ...layout.grading.sentences,
    layout.footer.url,
    layout.footer.checkCode,
    layout.footer.issued,
  ];
}

/** The floor: the same pages with the same text, one line after another, compressed like ours. */
function floorPdf(pages: string[][]): Promise<Buffer> {
  const doc = new PDFDocument({ autoFirstPage: false, size: "A4", margin: 36 });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve) => {
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
  });
  for (const lines of pages) {
    doc.addPage();
    doc.font("Helvetica").fontSize(8);
    for (const line of lines) doc.text(line, { width: 523 });
  }
  doc.end();
  return done;
}

export async function benchmarkReportCards(iterations: number): Promise<Row[]> {
  const rows: Row[] = [];
  const one = sampleReportCard();
  const oneLines = textLinesOf(one);
  const single = await measure(() => renderReportCardPdf(one), iterations);
  const singleFloor = await measure(() => floorPdf([oneLines]), iterations);
  rows.push({
    name: "Report card PDF, one card",
    what: "12 subjects × 4 assessments: fit-to-page table layout, grading key, vector QR code; floor: pdfkit writing the same text lines on one page",
    ours: single,
    floor: singleFloor,
    goal: "p50 ≤ 100 ms",
  });
  console.log(`Report card PDF: p50 ${single.median.toFixed(2)} ms (floor ${singleFloor.median.toFixed(2)} ms)`);

  const classCards = Array.from({ length: 50 }, (_, i) => sampleReportCard(i + 1));
  const classLines = classCards.map(textLinesOf);
  const classIterations = Math.max(3, Math.min(20, Math.floor(iterations / 10)));
  const whole = await measure(() => renderReportCardsPdf(classCards), classIterations, 1);
  const wholeFloor = await measure(() => floorPdf(classLines), classIterations, 1);
  rows.push({
    name: "Report card PDF, class of 50",
    what: "50 cards in one document, one page each; floor: pdfkit writing the same text lines on 50 pages",
    ours: whole,
    floor: wholeFloor,
    goal: "≤ 5 s",
  });
  console.log(`Report card PDF, class of 50: p50 ${whole.median.toFixed(0)} ms (floor ${wholeFloor.median.toFixed(0)} ms)`);
  return rows;
}
