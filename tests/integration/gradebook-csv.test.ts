// A grade sheet as CSV: the download, and the import's check and apply — what each changes in the
// stored scores and their history, what each refuses, and who may not use them.
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { GET as downloadScores } from "@/app/api/offerings/[offeringId]/scores.csv/route";
import type { Actor } from "@/lib/auth/policy";
import { type Database, selectRows } from "@/lib/db/client";
import { csvLines } from "@/lib/domain/csv-export";
import { parseImportCsv } from "@/lib/domain/csv-import";
import { formatCell } from "@/lib/domain/grading";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { approveScores } from "@/lib/server/gradebook/approve-scores";
import { exportGradeSheet } from "@/lib/server/gradebook/export-grade-sheet";
import { applyGradeSheetImport, previewGradeSheetImport } from "@/lib/server/gradebook/import-grade-sheet";
import { saveScores } from "@/lib/server/gradebook/save-scores";
import { submitScores } from "@/lib/server/gradebook/submit-scores";
import type { ScoreMarkValue } from "@/lib/validation/gradebook";
import { type TestDatabase, useTestDatabase } from "../support/database";

// The route handler reads the signed-in user and the database through these; here the test says which.
const request = vi.hoisted(() => ({ actor: null as Actor | null, db: null as Database | null }));
vi.mock("@/lib/auth/session", async () => {
  const { UnauthenticatedError } = await import("@/lib/errors");
  const requireActor = async () => {
    if (!request.actor) throw new UnauthenticatedError();
    return request.actor;
  };
  return { getActor: async () => request.actor, requireActor, requirePageActor: requireActor };
});
vi.mock("@/lib/db", () => ({ getDb: async () => request.db }));

let t: TestDatabase;
let teacher: Actor;
let otherTeacher: Actor;
let admin: Actor;
/** The demo teacher's Mathematics offerings in the first term, which has scores: JSS 1 A, JSS 1 B, JSS 2 A. */
let jss1a: string;
let jss1b: string;
let jss2a: string;

const HEADER = ["Admission number", "Name", "CA1", "CA2", "ASG", "EXM", "Total", "Grade", "Remark"];

beforeAll(async () => {
  t = await useTestDatabase();
  request.db = t.db;
  teacher = { ...(await t.actorFor(t.demo.teacher.userId)), requestId: "req-grade-csv" };
  otherTeacher = await t.actorFor(t.demo.otherTeacher.userId);
  admin = await t.actorFor(t.demo.adminUserId);
  const [a, b, c] = t.demo.teacher.classIds;
  [jss1a, jss1b, jss2a] = await Promise.all([mathematicsOffering(a!), mathematicsOffering(b!), mathematicsOffering(c!)]);
});

async function mathematicsOffering(classId: string): Promise<string> {
  const [row] = await selectRows<{ id: string }>(
    t.db,
    sql`select id from subject_offerings where subject_id = ${t.demo.teacher.subjectId} and class_id = ${classId} and term_id = ${t.demo.termIds[0]}`,
  );
  return row!.id;
}

type Stored = Map<string, { shown: string; version: number }>;

/** Every stored cell of an offering, keyed "admission number:component code", as the grid shows it. */
async function storedScores(offeringId: string): Promise<Stored> {
  const rows = await selectRows<{ admissionNumber: string; code: string; mark: ScoreMarkValue; value: string | null; version: number }>(
    t.db,
    sql`select st.admission_number as "admissionNumber", ac.code, sc.mark, sc.value::text as value, sc.version
        from scores sc join students st on st.id = sc.student_id join assessment_components ac on ac.id = sc.component_id
        where sc.offering_id = ${offeringId}`,
  );
  return new Map(rows.map((r) => [`${r.admissionNumber}:${r.code}`, { shown: formatCell(r.mark, r.value), version: r.version }]));
}

async function historyCount(offeringId: string): Promise<number> {
  const [row] = await selectRows<{ n: number }>(
    t.db,
    sql`select count(*)::int as n from audit_log a cross join lateral jsonb_array_elements(a.after->'cells') c
        where a.entity_type = 'subject_offering' and a.entity_id = ${offeringId} and a.action in ('scores.saved', 'scores.corrected')`,
  );
  return row!.n;
}

/** The export read back as the import reads it: header and data rows. */
async function exported(offeringId: string, actor: Actor = teacher) {
  return parseImportCsv((await exportGradeSheet(t.db, actor, { offeringId })).csv);
}

async function refusal<E>(promise: Promise<unknown>, type: new (...args: never[]) => E): Promise<E> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  return error as E;
}

const column = (code: string) => HEADER.indexOf(code);
/** A valid CA score different from the one shown. */
const anotherScore = (shown: string) => (shown === "7" ? "7.5" : "7");

describe("exporting a grade sheet", () => {
  it("writes the grid's columns, with a known student's row as stored and a total worked out from it", async () => {
    const file = await exportGradeSheet(t.db, teacher, { offeringId: jss1a });
    expect(file.fileName).toBe("scores-MTH-jss-1-a-first-term.csv");
    expect(file.csv.startsWith("\uFEFF")).toBe(true);
    const { header, rows } = parseImportCsv(file.csv);
    expect(header).toEqual(HEADER);
    const [roster] = await selectRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from enrolments where class_id = ${t.demo.teacher.classIds[0]} and status = 'active'`,
    );
    expect(rows).toHaveLength(roster!.n);

    const [student] = await selectRows<{ admissionNumber: string; name: string }>(
      t.db,
      sql`select admission_number as "admissionNumber", last_name || ', ' || first_name as name from students where id = ${t.demo.student.studentId}`,
    );
    const row = rows.find((r) => r.cells[0] === student!.admissionNumber)!.cells;
    expect(row[1]).toBe(student!.name);
    const stored = await storedScores(jss1a);
    let sum = 0;
    for (const code of ["CA1", "CA2", "ASG", "EXM"]) {
      const cell = stored.get(`${student!.admissionNumber}:${code}`)!;
      expect(row[column(code)]).toBe(cell.shown);
      // Each component's maximum equals its weight in the demo scheme, so the total is the plain sum (ABS counts 0).
      sum += cell.shown === "ABS" ? 0 : Number(cell.shown);
    }
    expect(row[column("Total")]).toMatch(/^\d+\.\d$/);
    expect(Number(row[column("Total")])).toBeCloseTo(sum, 1);
    const letter = [70, 60, 50, 45, 40, 0].findIndex((min) => Number(row[column("Total")]) >= min);
    expect(row[column("Grade")]).toBe("ABCDEF"[letter]);
    expect(row[column("Remark")]).toBe(["Excellent", "Very good", "Good", "Fair", "Pass", "Fail"][letter]);
  });

  it("marks an incomplete total provisional, an exempt student Exempt, and gives no total where nothing is entered", async () => {
    const sheet = await exported(jss2a);
    const [exempt, partial, empty] = sheet.rows.map((r) => r.cells[0]!);
    const ids = await selectRows<{ admissionNumber: string; studentId: string; componentId: string; version: number }>(
      t.db,
      sql`select st.admission_number as "admissionNumber", sc.student_id as "studentId", sc.component_id as "componentId", sc.version
          from scores sc join students st on st.id = sc.student_id join assessment_components ac on ac.id = sc.component_id
          where sc.offering_id = ${jss2a} and (st.admission_number in (${exempt}, ${empty}) or (st.admission_number = ${partial} and ac.code = 'EXM'))`,
    );
    await saveScores(t.db, teacher, {
      offeringId: jss2a,
      cells: ids.map((c) => ({ studentId: c.studentId, componentId: c.componentId, expectedVersion: c.version, raw: c.admissionNumber === exempt ? "EX" : "" })),
    });

    const after = await exported(jss2a);
    const rowOf = (admission: string) => after.rows.find((r) => r.cells[0] === admission)!.cells;
    expect(rowOf(exempt!).slice(column("Total"))).toEqual(["Exempt", "", ""]);
    expect(rowOf(partial!)[column("Total")]).toMatch(/^\d+\.\d \(provisional\)$/);
    expect(rowOf(partial!)[column("EXM")]).toBe("");
    expect(rowOf(empty!).slice(column("CA1"))).toEqual(["", "", "", "", "", "", ""]);
  });

  it("is served as a UTF-8 CSV attachment that is never cached", async () => {
    request.actor = teacher;
    const response = await downloadScores(new Request(`http://localhost:3000/api/offerings/${jss1a}/scores.csv`), {
      params: Promise.resolve({ offeringId: jss1a }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="scores-MTH-jss-1-a-first-term.csv"');
    expect(response.headers.get("cache-control")).toBe("no-store");
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes).split("\r\n")[0]).toBe(`\uFEFF${HEADER.join(",")}`);
  });

  it("is not found for a teacher of another class, by the data layer and over HTTP", async () => {
    await refusal(exportGradeSheet(t.db, otherTeacher, { offeringId: jss1a }), NotFoundError);
    request.actor = otherTeacher;
    const response = await downloadScores(new Request(`http://localhost:3000/api/offerings/${jss1a}/scores.csv`), {
      params: Promise.resolve({ offeringId: jss1a }),
    });
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
  });
});

describe("importing a grade sheet", () => {
  /** The export of JSS 1 A after one cell was cleared, edited: one change, one addition, one blank. */
  let edited: string;
  let rows: string[][];

  it("checks the file without saving, then imports exactly the changed cells with their history", async () => {
    // Clear one cell first, so the file can fill an empty cell as well as change a stored one.
    const [cleared] = await selectRows<{ studentId: string; componentId: string; version: number; admissionNumber: string }>(
      t.db,
      sql`select sc.student_id as "studentId", sc.component_id as "componentId", sc.version, st.admission_number as "admissionNumber"
          from scores sc join students st on st.id = sc.student_id join assessment_components ac on ac.id = sc.component_id
          where sc.offering_id = ${jss1a} and ac.code = 'ASG'
          order by st.last_name, st.first_name, st.admission_number offset 1 limit 1`,
    );
    await saveScores(t.db, teacher, { offeringId: jss1a, cells: [{ studentId: cleared!.studentId, componentId: cleared!.componentId, expectedVersion: cleared!.version, raw: "" }] });

    const sheet = await exported(jss1a);
    rows = sheet.rows.map((r) => [...r.cells]);
    expect(rows[1]![0]).toBe(cleared!.admissionNumber);
    expect(rows[1]![column("ASG")]).toBe("");
    const before = await storedScores(jss1a);
    const oldCa1 = rows[0]![column("CA1")]!;
    rows[0]![column("CA1")] = anotherScore(oldCa1);
    rows[1]![column("ASG")] = "abs";
    rows[2]![column("EXM")] = "";
    edited = csvLines([HEADER, ...rows]);
    const historyBefore = await historyCount(jss1a);

    const check = await previewGradeSheetImport(t.db, teacher, { offeringId: jss1a, csv: edited });
    const cells = rows.length * 4;
    expect(check).toMatchObject({ applied: false, errorCount: 0, warningCount: 0, issues: [], conflicts: 0 });
    expect(check.counts).toEqual({ added: 1, changed: 1, unchanged: cells - 3, leftAlone: 1 });
    expect(check.changes).toEqual([
      expect.objectContaining({ row: 2, admissionNumber: rows[0]![0], code: "CA1", before: oldCa1, after: anotherScore(oldCa1) }),
      expect.objectContaining({ row: 3, admissionNumber: rows[1]![0], code: "ASG", before: "", after: "ABS" }),
    ]);
    expect(await storedScores(jss1a)).toEqual(before);

    const applied = await applyGradeSheetImport(t.db, teacher, { offeringId: jss1a, csv: edited });
    expect(applied).toMatchObject({ applied: true, errorCount: 0, conflicts: 0 });
    expect(applied.counts).toEqual({ added: 1, changed: 1, unchanged: cells - 3, leftAlone: 1 });

    const after = await storedScores(jss1a);
    const changedKeys = [...new Set([...before.keys(), ...after.keys()])].filter((k) => JSON.stringify(before.get(k)) !== JSON.stringify(after.get(k)));
    expect(changedKeys.sort()).toEqual([`${rows[0]![0]}:CA1`, `${rows[1]![0]}:ASG`].sort());
    expect(after.get(`${rows[0]![0]}:CA1`)).toEqual({ shown: anotherScore(oldCa1), version: before.get(`${rows[0]![0]}:CA1`)!.version + 1 });
    expect(after.get(`${rows[1]![0]}:ASG`)).toEqual({ shown: "ABS", version: 1 });
    // The cell left empty in the file kept its score.
    expect(after.get(`${rows[2]![0]}:EXM`)).toEqual(before.get(`${rows[2]![0]}:EXM`));

    expect(await historyCount(jss1a)).toBe(historyBefore + 2);
    const history = await selectRows<{ code: string; beforeMark: string | null; afterMark: string | null; afterValue: string | null; changedBy: string }>(
      t.db,
      sql`select ac.code, c->>2 as "beforeMark", c->>4 as "afterMark", c->>5 as "afterValue", a.actor_user_id as "changedBy"
          from audit_log a cross join lateral jsonb_array_elements(a.after->'cells') c
          join assessment_components ac on ac.id = (c->>1)::uuid
          where a.entity_type = 'subject_offering' and a.entity_id = ${jss1a} and a.action = 'scores.saved'
          order by a.id desc limit 2`,
    );
    expect(history.map((h) => h.changedBy)).toEqual([teacher.userId, teacher.userId]);
    expect(history.find((h) => h.code === "ASG")).toMatchObject({ beforeMark: null, afterMark: "absent" });
    expect(Number(history.find((h) => h.code === "CA1")!.afterValue)).toBe(Number(anotherScore(oldCa1)));
    const [audit] = await selectRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from audit_log where action = 'scores.saved' and entity_id = ${jss1a} and request_id = 'req-grade-csv'`,
    );
    expect(audit!.n).toBeGreaterThanOrEqual(1);
  });

  it("changes nothing when the same file is imported again", async () => {
    const before = await storedScores(jss1a);
    const historyBefore = await historyCount(jss1a);
    const again = await applyGradeSheetImport(t.db, teacher, { offeringId: jss1a, csv: edited });
    expect(again.applied).toBe(true);
    expect(again.counts).toMatchObject({ added: 0, changed: 0, unchanged: rows.length * 4 - 1 });
    expect(again.changes).toEqual([]);
    expect(await storedScores(jss1a)).toEqual(before);
    expect(await historyCount(jss1a)).toBe(historyBefore);
  });

  it("reports a bad value by row and column and writes nothing, even for the valid cells", async () => {
    const bad = rows.map((r) => [...r]);
    bad[0]![column("CA1")] = anotherScore(bad[0]![column("CA1")]!);
    bad[2]![column("CA2")] = "16";
    bad[3]![column("ASG")] = "ten";
    const csv = csvLines([HEADER, ...bad]);
    const before = await storedScores(jss1a);
    const historyBefore = await historyCount(jss1a);

    const check = await previewGradeSheetImport(t.db, teacher, { offeringId: jss1a, csv });
    expect(check.errorCount).toBe(2);
    expect(check.issues).toEqual([
      { row: 4, column: "CA2", severity: "error", message: "Row 4, column CA2: Above the maximum of 15" },
      { row: 5, column: "ASG", severity: "error", message: 'Row 5, column ASG: "ten" is not a score: type a number, ABS (absent) or EX (exempt)' },
    ]);

    const applied = await applyGradeSheetImport(t.db, teacher, { offeringId: jss1a, csv });
    expect(applied.applied).toBe(false);
    expect(applied.errorCount).toBe(2);
    expect(await storedScores(jss1a)).toEqual(before);
    expect(await historyCount(jss1a)).toBe(historyBefore);
  });

  it("reports an unknown admission number with its row", async () => {
    const csv = csvLines([HEADER, ...rows, ["GFA/1999/9999", "Nobody, Known", "5", "", "", "", "", "", ""]]);
    const check = await previewGradeSheetImport(t.db, teacher, { offeringId: jss1a, csv });
    const row = rows.length + 2;
    expect(check.issues).toEqual([{ row, column: null, severity: "error", message: `Row ${row}: no student with admission number GFA/1999/9999 in this class` }]);
    const applied = await applyGradeSheetImport(t.db, teacher, { offeringId: jss1a, csv });
    expect(applied.applied).toBe(false);
  });

  it("says when a classmate does not take an elective subject", async () => {
    const [elective] = await selectRows<{ offeringId: string; admissionNumber: string }>(
      t.db,
      sql`select so.id as "offeringId", st.admission_number as "admissionNumber"
          from subject_offerings so
          join subjects s on s.id = so.subject_id and s.kind = 'elective'
          join enrolments e on e.class_id = so.class_id and e.status = 'active'
          join students st on st.id = e.student_id
          where so.term_id = ${t.demo.termIds[0]}
            and not exists (select 1 from student_electives se where se.student_id = st.id and se.subject_id = s.id)
          order by so.id, st.admission_number limit 1`,
    );
    const check = await previewGradeSheetImport(t.db, admin, {
      offeringId: elective!.offeringId,
      csv: csvLines([["Admission number", "CA1"], [elective!.admissionNumber, "5"]]),
    });
    expect(check.issues.filter((i) => i.severity === "error").map((i) => i.message)).toEqual([
      `Row 2: ${elective!.admissionNumber} is in this class but does not take this subject`,
    ]);
  });

  it("matches headings in any case; an unknown column, a missing assessment and a mismatched name are only warnings", async () => {
    const [first] = rows;
    const csv = csvLines([
      ["ADMISSION NUMBER", "name", "ca1", "Comment"],
      [first![0]!, "Somebody Else", first![column("CA1")]!, "well done"],
    ]);
    const check = await previewGradeSheetImport(t.db, teacher, { offeringId: jss1a, csv });
    expect(check.errorCount).toBe(0);
    expect(check.counts).toEqual({ added: 0, changed: 0, unchanged: 1, leftAlone: 0 });
    expect(check.issues.map((i) => i.message)).toEqual([
      "The file has no CA2 column: CA2 scores (Second test) are left as they are.",
      "The file has no ASG column: ASG scores (Assignment) are left as they are.",
      "The file has no EXM column: EXM scores (Examination) are left as they are.",
      'This column is not imported: "Comment".',
      `Row 2, column name: the file says Somebody Else but ${first![0]} is ${first![1]}: check the admission number`,
    ]);
    expect(check.issues.every((i) => i.severity === "warning")).toBe(true);
  });

  it("refuses a file without an Admission number column, and a student listed twice", async () => {
    const noKey = await previewGradeSheetImport(t.db, teacher, { offeringId: jss1a, csv: csvLines([["Name", "CA1"], ["Somebody", "5"]]) });
    expect(noKey.issues.filter((i) => i.severity === "error")).toEqual([
      expect.objectContaining({ row: null, message: expect.stringContaining('The file has no "Admission number" column') }),
    ]);

    const [first] = rows;
    const twice = await previewGradeSheetImport(t.db, teacher, {
      offeringId: jss1a,
      csv: csvLines([["Admission number", "CA1"], [first![0]!, "5"], [first![0]!.toLowerCase(), "6"]]),
    });
    expect(twice.issues.filter((i) => i.severity === "error").map((i) => i.message)).toEqual([
      `Row 2, column Admission number: ${first![0]} appears on rows 2 and 3: list each student once`,
      `Row 3, column Admission number: ${first![0]!.toLowerCase()} appears on rows 2 and 3: list each student once`,
    ]);
    expect(twice.counts.changed + twice.counts.added).toBe(0);
  });

  it("refuses a file over 1 MB or 2,000 rows", async () => {
    const big = await refusal(previewGradeSheetImport(t.db, teacher, { offeringId: jss1a, csv: `Admission number,CA1\r\n${"x".repeat(1024 * 1024)}` }), ValidationError);
    expect(big.fieldErrors.csv).toEqual(["The file is larger than 1 MB. Split it into smaller files."]);
    const long = csvLines([["Admission number", "CA1"], ...Array.from({ length: 2001 }, (_, i) => [`X/${i}`, "1"])]);
    const many = await refusal(previewGradeSheetImport(t.db, teacher, { offeringId: jss1a, csv: long }), ValidationError);
    expect(many.message).toBe("The file has 2,001 rows; at most 2,000 can be imported at once.");
  });

  it("is not found for a teacher of another class", async () => {
    const before = await storedScores(jss1a);
    await refusal(previewGradeSheetImport(t.db, otherTeacher, { offeringId: jss1a, csv: edited }), NotFoundError);
    await refusal(applyGradeSheetImport(t.db, otherTeacher, { offeringId: jss1a, csv: edited }), NotFoundError);
    expect(await storedScores(jss1a)).toEqual(before);
  });

  it("is refused with the lock message once the scores are approved", async () => {
    await submitScores(t.db, teacher, { offeringId: jss1b });
    await approveScores(t.db, admin, { offeringId: jss1b });
    const sheet = await exported(jss1b);
    const changed = sheet.rows.map((r) => [...r.cells]);
    changed[0]![column("CA1")] = anotherScore(changed[0]![column("CA1")]!);
    const csv = csvLines([HEADER, ...changed]);
    const before = await storedScores(jss1b);

    const lockMessage = "These scores were approved and are locked. Ask for a change with a reason, or ask for them to be unlocked.";
    expect((await refusal(previewGradeSheetImport(t.db, teacher, { offeringId: jss1b, csv }), ConflictError)).message).toBe(lockMessage);
    expect((await refusal(applyGradeSheetImport(t.db, teacher, { offeringId: jss1b, csv }), ConflictError)).message).toBe(lockMessage);
    expect(await storedScores(jss1b)).toEqual(before);
  });
});
