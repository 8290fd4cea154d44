// What a report card shows and in which words, decided once for both the web card
// (components/report-card) and the PDF (render-report-card-pdf.ts), so the two cannot drift.
// Everything here is pure: content and view in, strings and plain shapes out.
import "server-only";
import QRCode from "qrcode";
import { parseDecimal, toPlainString } from "@/lib/domain/decimal";
import { countCacheRequest } from "@/lib/metrics";
import { type ReportCardContent, type ReportCardSubject, type ReportCardView, ordinal, resolveReportCardView } from "@/lib/domain/report-card";

// The view's type and defaults live in lib/domain so a settings form on the client can use them too;
// pages and routes that render cards find them here, beside the rest of the layout.
export { DEFAULT_REPORT_CARD_VIEW, type ReportCardView } from "@/lib/domain/report-card";

export type ReportCardVerification = {
  /** The public verification page the QR code opens. */
  url: string;
  /** Hex SHA-256 of the canonical content. */
  contentHash: string;
  version: number;
  /** ISO date or timestamp of publishing. */
  publishedAt: string;
  superseded?: boolean;
};

export type ReportCardToRender = { content: ReportCardContent; view: ReportCardView; verification: ReportCardVerification };

export type LabelledValue = { label: string; value: string };

export type SubjectColumn = {
  key: string;
  label: string;
  kind: "subject" | "component" | "number" | "remark";
};

export type SubjectCell = { columnKey: string; text: string; span: number };

export type SubjectRow = { code: string; name: string; exempt: boolean; cells: SubjectCell[] };

export type SubjectTable = {
  caption: string;
  columns: SubjectColumn[];
  rows: SubjectRow[];
  /** Plain-words lines under the table: what each assessment column is, what "—" means. */
  notes: string[];
};

export const NONE = "—";

export const SUPERSEDED_BANNER = {
  title: "Superseded",
  text: "A newer version of this report card has been published. Open the verification page to see the current one.",
};

export const QR_CODE_LABEL = "QR code linking to the verification page";

/** Modules of clear space around a QR code, as the QR specification asks for reliable scanning. */
export const QR_QUIET_ZONE = 4;

const months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/**
 * "2026-01-12" (or a timestamp starting with it) → "12 January 2026". Written out by hand rather than
 * with Intl so the server, the browser and the PDF print the same words whatever their locale.
 */
export function formatLongDate(iso: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  const month = match ? months[Number(match[2]) - 1] : undefined;
  if (!match || !month) return iso;
  return `${Number(match[3])} ${month} ${match[1]}`;
}

/** "10.00" → "10": maximums and band limits come from numeric columns with two places. */
function plainNumber(value: string): string {
  try {
    return toPlainString(parseDecimal(value));
  } catch {
    return value;
  }
}

const capitalise = (text: string) => (text ? text[0]!.toUpperCase() + text.slice(1) : text);

export function studentFullName(student: ReportCardContent["student"]): string {
  return [student.firstName, student.middleName, student.lastName].filter(Boolean).join(" ");
}

export function reportCardTitle(content: ReportCardContent): string {
  return `Report card · ${content.term.name} ${content.term.academicYearName}`;
}

/** Address, phone and email on one line, leaving out what the school hasn't filled in. */
export function schoolContactLine(school: ReportCardContent["school"]): string {
  return [school.address, school.phone, school.email].filter((part): part is string => Boolean(part?.trim())).join(" · ");
}

export function studentDetails(content: ReportCardContent): LabelledValue[] {
  const { student } = content;
  return [
    { label: "Name", value: studentFullName(student) },
    { label: "Admission number", value: student.admissionNumber },
    { label: "Class", value: student.className },
    { label: "Gender", value: student.gender ? capitalise(student.gender) : "Not recorded" },
  ];
}

/**
 * One column per assessment code, in the order the subjects first use them. Subjects can follow
 * different schemes, so the maximum goes in the heading only when every subject agrees on it;
 * otherwise each cell carries its own ("8/15").
 */
function componentColumns(subjects: ReportCardSubject[]) {
  const byCode = new Map<string, { code: string; name: string; maxScores: Set<string>; weights: Set<string> }>();
  for (const subject of subjects) {
    for (const component of subject.components) {
      const entry = byCode.get(component.code) ?? { code: component.code, name: component.name, maxScores: new Set(), weights: new Set() };
      entry.maxScores.add(plainNumber(component.maxScore));
      entry.weights.add(plainNumber(component.weight));
      byCode.set(component.code, entry);
    }
  }
  return [...byCode.values()].map((entry) => {
    const sharedMax = entry.maxScores.size === 1 ? [...entry.maxScores][0]! : null;
    const sharedWeight = entry.weights.size === 1 ? [...entry.weights][0]! : null;
    return { ...entry, sharedMax, sharedWeight };
  });
}

export function subjectTable(content: ReportCardContent, view: ReportCardView): SubjectTable {
  const components = view.showComponents ? componentColumns(content.subjects) : [];
  const columns: SubjectColumn[] = [
    { key: "subject", label: "Subject", kind: "subject" },
    ...components.map((c): SubjectColumn => ({ key: `component:${c.code}`, label: c.sharedMax ? `${c.code} (${c.sharedMax})` : c.code, kind: "component" })),
    { key: "total", label: "Total", kind: "number" },
    { key: "grade", label: "Grade", kind: "number" },
    ...(view.showPositions
      ? [
          { key: "position", label: "Position", kind: "number" } as const,
          { key: "outOf", label: "Out of", kind: "number" } as const,
        ]
      : []),
    ...(view.showClassStatistics
      ? [
          { key: "classAverage", label: "Class average", kind: "number" } as const,
          { key: "classHighest", label: "Class highest", kind: "number" } as const,
          { key: "classLowest", label: "Class lowest", kind: "number" } as const,
        ]
      : []),
    { key: "remark", label: "Remark", kind: "remark" },
  ];

  let anyBlank = false;
  const rows = content.subjects.map((subject): SubjectRow => {
    const exempt = subject.total === null;
    const cells: SubjectCell[] = [{ columnKey: "subject", text: subject.name, span: 1 }];
    for (const column of components) {
      const component = subject.components.find((c) => c.code === column.code);
      let text = component?.score ?? "";
      if (!component) text = NONE;
      else if (text === "") {
        text = NONE;
        anyBlank = true;
      } else if (!column.sharedMax && /^\d/.test(text)) text = `${text}/${plainNumber(component.maxScore)}`;
      cells.push({ columnKey: `component:${column.code}`, text, span: 1 });
    }
    if (exempt) {
      // One merged cell says it once instead of a row of blanks that look like missing marks.
      cells.push({ columnKey: "total", text: "Exempt", span: view.showPositions ? 4 : 2 });
    } else {
      cells.push({ columnKey: "total", text: subject.total ?? NONE, span: 1 }, { columnKey: "grade", text: subject.grade ?? NONE, span: 1 });
      if (view.showPositions) {
        cells.push(
          { columnKey: "position", text: subject.classPosition === null ? NONE : ordinal(subject.classPosition, subject.classPositionShared), span: 1 },
          { columnKey: "outOf", text: String(subject.classSize), span: 1 },
        );
      }
    }
    if (view.showClassStatistics) {
      cells.push(
        { columnKey: "classAverage", text: subject.classAverage ?? NONE, span: 1 },
        { columnKey: "classHighest", text: subject.classHighest ?? NONE, span: 1 },
        { columnKey: "classLowest", text: subject.classLowest ?? NONE, span: 1 },
      );
    }
    cells.push({ columnKey: "remark", text: subject.remark?.trim() || NONE, span: 1 });
    return { code: subject.code, name: subject.name, exempt, cells };
  });

  const notes: string[] = [];
  if (components.length > 0) {
    const parts = components.map((c) => {
      const out = c.sharedMax ? `out of ${c.sharedMax}` : "maximum varies by subject";
      const weight = c.sharedWeight ? `, ${c.sharedWeight}% of the total` : "";
      return `${c.code}: ${c.name} (${out}${weight})`;
    });
    notes.push(`Assessments: ${parts.join("; ")}.`);
  }
  if (anyBlank) notes.push(`${NONE} means no score was entered.`);

  return { caption: `Results in each subject, ${content.term.name} ${content.term.academicYearName}`, columns, rows, notes };
}

const position = (place: number | null, shared: boolean, size: number) => (place === null ? NONE : `${ordinal(place, shared)} out of ${size}`);

/** The overall figures; GPA only for schools whose scale gives points (a card without one says nothing about it). */
export function overallSummary(content: ReportCardContent, view: ReportCardView): LabelledValue[] {
  const { summary, student } = content;
  return [
    { label: "Total marks", value: summary.total },
    { label: "Average", value: summary.average },
    { label: "Subjects counted", value: String(summary.subjectCount) },
    ...(summary.gpa === null ? [] : [{ label: "GPA", value: summary.gpa }]),
    ...(view.showPositions
      ? [
          { label: `Position in class (${student.className})`, value: position(summary.classPosition, summary.classPositionShared, summary.classSize) },
          { label: `Position in level (${student.classLevelName})`, value: position(summary.levelPosition, summary.levelPositionShared, summary.levelSize) },
        ]
      : []),
  ];
}

export function commentLines(content: ReportCardContent): LabelledValue[] {
  return [
    { label: "Class teacher's comment", value: content.comments.classTeacher?.trim() || NONE },
    { label: "Principal's comment", value: content.comments.principal?.trim() || NONE },
  ];
}

export function nextTermLine(content: ReportCardContent): LabelledValue {
  const starts = content.term.nextTermStartsOn;
  return { label: "Next term begins", value: starts ? formatLongDate(starts) : "Not yet announced" };
}

export type GradingKey = {
  bands: Array<{ letter: string; range: string; remark: string; points: string | null }>;
  /** The pass mark, then the content's own notes, each a sentence in plain words. */
  sentences: string[];
};

export function gradingKey(content: ReportCardContent): GradingKey {
  const usesPoints = content.summary.gpa !== null;
  const bands = [...content.grading.bands]
    .sort((a, b) => Number(b.minScore) - Number(a.minScore))
    .map((band) => ({
      letter: band.letter,
      range: `${plainNumber(band.minScore)}–${plainNumber(band.maxScore)}`,
      remark: band.remark,
      points: usesPoints ? `${plainNumber(band.points)} ${plainNumber(band.points) === "1" ? "point" : "points"}` : null,
    }));
  const passMark = plainNumber(content.grading.passMark);
  return { bands, sentences: [`A subject is passed with a total of ${passMark} or more.`, ...content.grading.notes] };
}

/** "A 70–100 Excellent (5 points)": a band as one line, where a table of bands doesn't fit. */
export function gradingBandLine(band: GradingKey["bands"][number]): string {
  return `${band.letter}  ${band.range}  ${band.remark}${band.points ? ` (${band.points})` : ""}`;
}

export type VerificationFooter = {
  heading: string;
  instruction: string;
  url: string;
  /** The first 16 hex characters of the content hash in groups of four: "3f9a 07c2 …". */
  checkCode: string;
  issued: string;
  superseded: boolean;
};

export function verificationFooter(verification: ReportCardVerification): VerificationFooter {
  const hex = verification.contentHash.replace(/[^0-9a-f]/gi, "").toLowerCase().slice(0, 16);
  return {
    heading: "Check this report card",
    instruction: "Scan the code or open the address: the verification page shows the same check code for a genuine card.",
    url: verification.url,
    checkCode: hex.match(/.{1,4}/g)?.join(" ") ?? "",
    issued: `Version ${verification.version} · issued ${formatLongDate(verification.publishedAt)}`,
    superseded: verification.superseded === true,
  };
}

export type QrCodeMatrix = {
  /** Modules per side, without the quiet zone. */
  size: number;
  /** The dark modules as [column, row], row by row. */
  dark: Array<[number, number]>;
};

/**
 * Encoding tries eight masks and scores each: a few milliseconds a card, on every page view. A card's
 * address never changes, so recent ones are remembered (results day: the same cards, many times).
 */
const QR_CACHE_SIZE = 2_000;
const qrCache = new Map<string, QrCodeMatrix>();

/** The QR code of the verification address, error correction M (survives a crease or a stamp). */
export function qrCodeMatrix(url: string): QrCodeMatrix {
  const cached = qrCache.get(url);
  countCacheRequest("qr_code", cached !== undefined);
  if (cached) return cached;
  const { modules } = QRCode.create(url, { errorCorrectionLevel: "M" });
  const dark: Array<[number, number]> = [];
  for (let row = 0; row < modules.size; row++) {
    for (let column = 0; column < modules.size; column++) if (modules.get(row, column)) dark.push([column, row]);
  }
  const matrix = Object.freeze({ size: modules.size, dark });
  // Oldest first out: a Map iterates in insertion order.
  if (qrCache.size >= QR_CACHE_SIZE) qrCache.delete(qrCache.keys().next().value!);
  qrCache.set(url, matrix);
  return matrix;
}

/** One SVG path of unit squares, offset by the quiet zone, for a viewBox of size + 2 × QR_QUIET_ZONE. */
export function qrCodeSvgPath(matrix: QrCodeMatrix): string {
  return matrix.dark.map(([column, row]) => `M${column + QR_QUIET_ZONE} ${row + QR_QUIET_ZONE}h1v1h-1z`).join("");
}

/** Everything a renderer needs for one card, decided here so the web card and the PDF agree. */
export function reportCardLayout(card: ReportCardToRender) {
  const view = resolveReportCardView(card.view);
  const { content } = card;
  return {
    view,
    school: { name: content.school.name, motto: content.school.motto?.trim() || null, contact: schoolContactLine(content.school) },
    title: reportCardTitle(content),
    student: studentDetails(content),
    table: subjectTable(content, view),
    summary: overallSummary(content, view),
    comments: commentLines(content),
    nextTerm: nextTermLine(content),
    grading: gradingKey(content),
    signatures: view.signatures.map((s) => s.label),
    footer: verificationFooter(card.verification),
    qr: qrCodeMatrix(card.verification.url),
  };
}

export type ReportCardLayout = ReturnType<typeof reportCardLayout>;
