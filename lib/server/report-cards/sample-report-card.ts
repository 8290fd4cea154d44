// A realistic made-up report card: the settings page's preview before anything is published, and
// the PDF benchmark's input.
import { DEFAULT_REPORT_CARD_VIEW, type ReportCardContent } from "@/lib/domain/report-card";
import type { ReportCardToRender } from "./report-card-layout";

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
