// The report-card PDF benchmarks: one card, and a class of 50 in one document, each against its floor:
// pdfkit writing the same number of pages holding the same text lines, with no table layout and no QR code.
import PDFDocument from "pdfkit";
import { type ReportCardToRender, reportCardLayout } from "../lib/server/report-cards/report-card-layout";
import { renderReportCardPdf, renderReportCardsPdf } from "../lib/server/report-cards/render-report-card-pdf";
import { sampleReportCard } from "../lib/server/report-cards/sample-report-card";
import { measure, type Timing } from "./support";

type Row = { name: string; what: string; ours: Timing; floor: Timing; goal?: string };


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
