// Term results computed in SQL, checked against lib/domain/grading computed in JavaScript from the same
// raw scores: every subject total and grade of the demo's first term, positions with ties, absent / exempt /
// incomplete cells, every rounding mode, term averages and GPAs, the year to date, the broadsheet read, and
// who may do neither.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/policy";
import { selectRows } from "@/lib/db/client";
import { add, compare, divide, type Fraction, parseDecimal, ZERO } from "@/lib/domain/decimal";
import {
  applyRounding,
  type CellValue,
  computeGpa,
  computeSubjectOutcome,
  cumulativeAverage,
  cumulativeGpa,
  type RoundingRule,
  type SubjectOutcome,
} from "@/lib/domain/grading";
import { ConflictError, ForbiddenError, NotFoundError } from "@/lib/errors";
import { offeringStudentsSql } from "@/lib/server/gradebook/get-grade-sheet";
import { loadGradingSetup } from "@/lib/server/gradebook/grading-setup";
import { computeTermResults } from "@/lib/server/results/compute-term-results";
import { getClassResults } from "@/lib/server/results/get-class-results";
import { type TestDatabase, useTestDatabase } from "../support/database";

let t: TestDatabase;
let admin: Actor;
let teacher: Actor;
let otherTeacher: Actor;
let parent: Actor;
let firstTermId: string;
let secondTermId: string;

type Offering = {
  id: string;
  subjectId: string;
  classId: string;
  classLevelId: string;
  creditUnits: string;
  pinnedSchemeId: string | null;
  isCore: boolean;
};
type StoredSubject = {
  offeringId: string;
  studentId: string;
  total: string | null;
  letter: string | null;
  points: string | null;
  remark: string | null;
  classPosition: number | null;
  classSize: number;
  levelPosition: number | null;
  levelSize: number;
};
type StoredOverall = {
  studentId: string;
  classId: string;
  kind: "term" | "cumulative";
  total: string;
  average: string;
  subjectCount: number;
  gpa: string | null;
  classPosition: number;
  classSize: number;
  levelPosition: number;
  levelSize: number;
};
/** What lib/domain/grading says for one student in one offering, from the raw scores. */
type Expected = { offering: Offering; studentId: string; outcome: SubjectOutcome; rounding: RoundingRule };

const key = (offeringId: string, studentId: string) => `${offeringId}:${studentId}`;
const cellFrom = (mark: "score" | "absent" | "exempt", value: string | null): CellValue =>
  mark === "score" ? { kind: "score", value: value! } : { kind: mark };
/** A stored numeric(…, 2) written as applyRounding writes it; exact, since it already has at most `places` decimals. */
const asRounded = (stored: string, rounding: RoundingRule) => applyRounding(parseDecimal(stored), rounding);
const gpaRule = (rounding: RoundingRule): RoundingRule => ({ mode: rounding.mode, places: 2 });

/** Standard competition ranking, computed the plain way: 1 + how many are strictly better. */
function competitionRanks<T>(items: T[], value: (item: T) => Fraction | null): Map<T, number | null> {
  const ranks = new Map<T, number | null>();
  for (const item of items) {
    const mine = value(item);
    ranks.set(item, mine === null ? null : 1 + items.filter((other) => value(other) !== null && compare(value(other)!, mine) > 0).length);
  }
  return ranks;
}

function groupBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item]);
  return groups;
}

async function offeringsOf(termId: string): Promise<Offering[]> {
  return selectRows<Offering>(
    t.db,
    sql`select so.id, so.subject_id as "subjectId", so.class_id as "classId", c.class_level_id as "classLevelId",
               s.credit_units::text as "creditUnits", so.assessment_scheme_id as "pinnedSchemeId", s.kind = 'core' as "isCore"
        from subject_offerings so join classes c on c.id = so.class_id join subjects s on s.id = so.subject_id
        where so.term_id = ${termId}
        order by s.code`,
  );
}

/** Every roster student of every offering of the term, through the gradebook's own lookups and the domain. */
async function expectedFor(termId: string): Promise<Expected[]> {
  const offerings = await offeringsOf(termId);
  const scoreRows = await selectRows<{ offeringId: string; studentId: string; componentId: string; mark: "score" | "absent" | "exempt"; value: string | null }>(
    t.db,
    sql`select sc.offering_id as "offeringId", sc.student_id as "studentId", sc.component_id as "componentId", sc.mark, sc.value::text as value
        from scores sc join subject_offerings so on so.id = sc.offering_id where so.term_id = ${termId}`,
  );
  const cells = new Map<string, Record<string, CellValue>>();
  for (const row of scoreRows) {
    const record = cells.get(key(row.offeringId, row.studentId)) ?? {};
    record[row.componentId] = cellFrom(row.mark, row.value);
    cells.set(key(row.offeringId, row.studentId), record);
  }
  const expected: Expected[] = [];
  for (const offering of offerings) {
    const setup = await loadGradingSetup(t.db, { ...offering, termId });
    const roster = await selectRows<{ id: string }>(t.db, offeringStudentsSql(offering.id));
    for (const { id: studentId } of roster) {
      const outcome = computeSubjectOutcome(setup.scheme.components, cells.get(key(offering.id, studentId)) ?? {}, {
        bands: setup.scale.bands,
        rounding: setup.scale.rounding,
        passMark: setup.scale.passMark,
      });
      expected.push({ offering, studentId, outcome, rounding: setup.scale.rounding });
    }
  }
  return expected;
}

async function storedSubjects(termId: string): Promise<Map<string, StoredSubject>> {
  const rows = await selectRows<StoredSubject>(
    t.db,
    sql`select sr.offering_id as "offeringId", sr.student_id as "studentId", sr.total::text as total, sr.letter, sr.points::text as points,
               sr.remark, sr.class_position as "classPosition", sr.class_size as "classSize",
               sr.level_position as "levelPosition", sr.level_size as "levelSize"
        from subject_results sr join subject_offerings so on so.id = sr.offering_id where so.term_id = ${termId}`,
  );
  return new Map(rows.map((row) => [key(row.offeringId, row.studentId), row]));
}

async function storedOverall(termId: string, kind: "term" | "cumulative"): Promise<Map<string, StoredOverall>> {
  const rows = await selectRows<StoredOverall>(
    t.db,
    sql`select student_id as "studentId", class_id as "classId", kind, total::text as total, average::text as average,
               subject_count as "subjectCount", gpa::text as gpa, class_position as "classPosition", class_size as "classSize",
               level_position as "levelPosition", level_size as "levelSize"
        from term_results where term_id = ${termId} and kind = ${kind}`,
  );
  return new Map(rows.map((row) => [row.studentId, row]));
}

const exactOf = (outcome: SubjectOutcome): Fraction | null => (outcome.status === "exempt" ? null : outcome.exact);
const totalOf = (outcome: SubjectOutcome): Fraction | null => (outcome.status === "exempt" ? null : parseDecimal(outcome.total));

/** Asserts every stored subject result of the term is what the domain computes from the raw scores. */
function expectSubjectsMatch(expected: Expected[], stored: Map<string, StoredSubject>) {
  expect(stored.size).toBe(expected.length);
  for (const { offering, studentId, outcome, rounding } of expected) {
    const row = stored.get(key(offering.id, studentId));
    expect(row, `a result for ${key(offering.id, studentId)}`).toBeDefined();
    const got = {
      total: row!.total === null ? null : asRounded(row!.total, rounding),
      letter: row!.letter,
      points: row!.points === null ? null : asRounded(row!.points, { mode: "down", places: 2 }),
      remark: row!.remark,
    };
    const want =
      outcome.status === "exempt"
        ? { total: null, letter: null, points: null, remark: null }
        : {
            total: outcome.total,
            letter: outcome.grade.letter,
            points: asRounded(outcome.grade.points, { mode: "down", places: 2 }),
            remark: outcome.grade.remark,
          };
    expect(got, `${key(offering.id, studentId)}: ${outcome.summary}`).toEqual(want);
  }
}

/** Asserts class and level positions and sizes against a JavaScript competition ranking on the rounded totals. */
function expectPositionsMatch(expected: Expected[], stored: Map<string, StoredSubject>) {
  const check = (groups: Map<string, Expected[]>, position: "classPosition" | "levelPosition", size: "classSize" | "levelSize") => {
    for (const group of groups.values()) {
      const ranks = competitionRanks(group, (e) => totalOf(e.outcome));
      const counted = group.filter((e) => e.outcome.status !== "exempt").length;
      for (const e of group) {
        const row = stored.get(key(e.offering.id, e.studentId))!;
        expect(row[position], `${position} of ${key(e.offering.id, e.studentId)}`).toBe(ranks.get(e));
        expect(row[size]).toBe(counted);
      }
    }
  };
  check(groupBy(expected, (e) => e.offering.id), "classPosition", "classSize");
  check(groupBy(expected, (e) => `${e.offering.subjectId}:${e.offering.classLevelId}`), "levelPosition", "levelSize");
}

/** Asserts each student's term figures: sum of rounded totals, their mean rounded once, GPA, positions by average. */
function expectTermFiguresMatch(expected: Expected[], overall: Map<string, StoredOverall>) {
  const byStudent = groupBy(expected, (e) => e.studentId);
  const figures = [...byStudent.entries()]
    .map(([studentId, subjects]) => {
      const counted = subjects.filter((e) => e.outcome.status !== "exempt");
      const rounding = subjects[0]!.rounding;
      const sum = counted.reduce((acc, e) => add(acc, parseDecimal((e.outcome as Extract<SubjectOutcome, { total: string }>).total)), ZERO);
      return {
        studentId,
        classId: subjects[0]!.offering.classId,
        levelId: subjects[0]!.offering.classLevelId,
        count: counted.length,
        sum,
        average: counted.length === 0 ? null : applyRounding(divide(sum, parseDecimal(counted.length)), rounding),
        gpa: computeGpa(
          subjects.map((e) => (e.outcome.status === "exempt" ? null : { points: e.outcome.grade.points, creditUnits: e.offering.creditUnits })),
          gpaRule(rounding),
        ),
        rounding,
      };
    })
    .filter((f) => f.count > 0);
  expect(overall.size).toBe(figures.length);
  const classRanks = [...groupBy(figures, (f) => f.classId).values()].map((group) => competitionRanks(group, (f) => parseDecimal(f.average!)));
  const levelRanks = [...groupBy(figures, (f) => f.levelId).values()].map((group) => competitionRanks(group, (f) => parseDecimal(f.average!)));
  for (const f of figures) {
    const row = overall.get(f.studentId);
    expect(row, `term result of ${f.studentId}`).toBeDefined();
    expect(compare(parseDecimal(row!.total), f.sum)).toBe(0);
    expect(asRounded(row!.average, f.rounding)).toBe(f.average);
    expect(row!.gpa === null ? null : asRounded(row!.gpa, { mode: "down", places: 2 })).toBe(f.gpa);
    expect(row!.subjectCount).toBe(f.count);
    expect(row!.classId).toBe(f.classId);
    expect(row!.classPosition).toBe(classRanks.find((ranks) => ranks.has(f))!.get(f));
    expect(row!.levelPosition).toBe(levelRanks.find((ranks) => ranks.has(f))!.get(f));
    expect(row!.classSize).toBe(figures.filter((g) => g.classId === f.classId).length);
    expect(row!.levelSize).toBe(figures.filter((g) => g.levelId === f.levelId).length);
  }
}

async function setScore(offeringId: string, studentId: string, componentId: string, raw: "ABS" | "EX" | string | null) {
  if (raw === null) {
    await t.db.execute(sql`delete from scores where offering_id = ${offeringId} and student_id = ${studentId} and component_id = ${componentId}`);
    return;
  }
  const mark = raw === "ABS" ? "absent" : raw === "EX" ? "exempt" : "score";
  const value = mark === "score" ? raw : null;
  await t.db.execute(sql`
    insert into scores (offering_id, student_id, component_id, mark, value) values (${offeringId}, ${studentId}, ${componentId}, ${mark}, ${value})
    on conflict (offering_id, student_id, component_id) do update set mark = excluded.mark, value = excluded.value, version = scores.version + 1`);
}

/** The demo scheme's components by code (CA1, CA2, ASG, EXM: maximum = weight, so a total is the plain sum). */
async function componentIds(): Promise<Record<string, string>> {
  const rows = await selectRows<{ code: string; id: string }>(
    t.db,
    sql`select ac.code, ac.id from assessment_components ac join assessment_schemes s on s.id = ac.scheme_id where s.name = 'School default'`,
  );
  return Object.fromEntries(rows.map((r) => [r.code, r.id]));
}

beforeAll(async () => {
  t = await useTestDatabase();
  admin = await t.actorFor(t.demo.adminUserId);
  teacher = await t.actorFor(t.demo.teacher.userId);
  otherTeacher = await t.actorFor(t.demo.otherTeacher.userId);
  parent = await t.actorFor(t.demo.parent.userId);
  [firstTermId, secondTermId] = t.demo.termIds as [string, string];
});

describe("computing a term's results", () => {
  it("gives every student on every roster the total and grade lib/domain/grading computes from the raw scores", async () => {
    const outcome = await computeTermResults(t.db, { ...admin, requestId: "req-results-1" }, { termId: firstTermId });
    const expected = await expectedFor(firstTermId);
    expect(expected.length).toBeGreaterThan(t.demo.studentCount * 9);
    expect(outcome.subjectResults).toBe(expected.length);
    expect(outcome.incomplete).toBe(expected.filter((e) => e.outcome.status === "incomplete").length);
    // The demo has absences, so some totals count a 0 of a component's weight.
    expect((await selectRows<{ n: number }>(t.db, sql`select count(*)::int as n from scores where mark = 'absent'`))[0]!.n).toBeGreaterThan(0);
    expectSubjectsMatch(expected, await storedSubjects(firstTermId));
    const [audit] = await selectRows<{ action: string; entityId: string; actorUserId: string }>(
      t.db,
      sql`select action, entity_id as "entityId", actor_user_id as "actorUserId" from audit_log where request_id = 'req-results-1'`,
    );
    expect(audit).toEqual({ action: "results.computed", entityId: firstTermId, actorUserId: admin.userId });
  });

  it("ranks each subject in the class and across the level by competition ranking on the rounded total", async () => {
    expectPositionsMatch(await expectedFor(firstTermId), await storedSubjects(firstTermId));
  });

  it("shares a position between equal totals and skips the next one", async () => {
    const [offering] = (await offeringsOf(firstTermId)).filter((o) => o.classId === t.demo.classIds[0] && o.isCore);
    const roster = await selectRows<{ id: string }>(t.db, offeringStudentsSql(offering!.id));
    const components = await componentIds();
    // Two students with full marks: both first, and the next best is third.
    for (const student of roster.slice(0, 2)) {
      for (const [code, max] of [["CA1", "15"], ["CA2", "15"], ["ASG", "10"], ["EXM", "60"]] as const) await setScore(offering!.id, student.id, components[code]!, max);
    }
    for (const student of roster.slice(2)) await setScore(offering!.id, student.id, components.EXM!, "30");
    await computeTermResults(t.db, admin, { termId: firstTermId });
    const stored = await storedSubjects(firstTermId);
    const positions = roster.map((s) => stored.get(key(offering!.id, s.id))!.classPosition).sort((a, b) => a! - b!);
    expect(positions.slice(0, 3)).toEqual([1, 1, 3]);
    const broadsheet = await getClassResults(t.db, admin, { classId: offering!.classId, termId: firstTermId });
    const cells = broadsheet.students.map((s) => s.cells[offering!.id]).filter((cell) => cell?.position === 1);
    expect(cells).toEqual([
      { total: "100.0", grade: "A", position: 1, shared: true },
      { total: "100.0", grade: "A", position: 1, shared: true },
    ]);
    expectPositionsMatch(await expectedFor(firstTermId), stored);
  });

  it("gives each student the sum, the average rounded once, the credit-weighted GPA and positions by average", async () => {
    const outcome = await computeTermResults(t.db, admin, { termId: firstTermId });
    const overall = await storedOverall(firstTermId, "term");
    expect(outcome.termResults).toBe(overall.size);
    expectTermFiguresMatch(await expectedFor(firstTermId), overall);
  });
});

describe("absent, exempt and missing cells", () => {
  let studentId: string;
  let offerings: Offering[];
  let components: Record<string, string>;

  beforeAll(async () => {
    const classId = t.demo.classIds[1]!;
    const [student] = await selectRows<{ id: string }>(
      t.db,
      sql`insert into students (admission_number, first_name, last_name) values (${`RES/${randomUUID().slice(0, 8)}`}, 'Throwaway', 'Results')
          returning id`,
    );
    studentId = student!.id;
    await t.db.execute(sql`insert into enrolments (student_id, class_id, academic_year_id, enrolled_on)
      values (${studentId}, ${classId}, ${t.demo.academicYearId}, '2026-09-07')`);
    // The throwaway student chose no elective: the core subjects are their roster.
    offerings = (await offeringsOf(firstTermId)).filter((o) => o.classId === classId && o.isCore);
    components = await componentIds();
  });

  it("counts ABS as 0 of its weight, shares an EX's weight, leaves out an all-EX subject and marks a gap provisional", async () => {
    const [absent, exempt, allExempt, missing] = offerings.map((o) => o.id) as [string, string, string, string];
    const fill = async (offeringId: string, values: Record<string, string | null>) => {
      for (const [code, raw] of Object.entries(values)) await setScore(offeringId, studentId, components[code]!, raw);
    };
    await fill(absent, { CA1: "12", CA2: "ABS", ASG: "8", EXM: "45" }); // 12 + 0 + 8 + 45 = 65
    await fill(exempt, { CA1: "12", CA2: "EX", ASG: "8", EXM: "45" }); // 65 of 85 → 76.470…
    await fill(allExempt, { CA1: "EX", CA2: "EX", ASG: "EX", EXM: "EX" });
    await fill(missing, { CA1: "12", CA2: "9", ASG: "8", EXM: null }); // 29 of 40 → 72.5, provisional

    const outcome = await computeTermResults(t.db, admin, { termId: firstTermId });
    const stored = await storedSubjects(firstTermId);
    const row = (offeringId: string) => stored.get(key(offeringId, studentId))!;
    expect([row(absent).total, row(absent).letter]).toEqual(["65.00", "B"]);
    expect([row(exempt).total, row(exempt).letter]).toEqual(["76.50", "A"]);
    expect(row(allExempt)).toMatchObject({ total: null, letter: null, points: null, classPosition: null, levelPosition: null });
    expect([row(missing).total, row(missing).letter]).toEqual(["72.50", "A"]);
    // Every other subject has nothing entered: provisional 0.0, as computeSubjectOutcome says.
    const untouched = offerings.filter((o) => ![absent, exempt, allExempt, missing].includes(o.id));
    for (const o of untouched) expect(row(o.id).total).toBe("0.00");

    const expected = await expectedFor(firstTermId);
    const mine = expected.filter((e) => e.studentId === studentId);
    expect(mine.map((e) => e.outcome.status).filter((s) => s === "incomplete")).toHaveLength(1 + untouched.length);
    expect(outcome.incomplete).toBe(expected.filter((e) => e.outcome.status === "incomplete").length);
    expectSubjectsMatch(expected, stored);
    expectPositionsMatch(expected, stored);
    // The all-exempt subject is left out of the count, the average and the GPA.
    const overall = await storedOverall(firstTermId, "term");
    expect(overall.get(studentId)!.subjectCount).toBe(mine.length - 1);
    expectTermFiguresMatch(expected, overall);
  });

  it("rounds exactly like applyRounding in every mode, including halves and totals that never end", async () => {
    const core = offerings.slice(0, 6).map((o) => o.id);
    // Totals out of the demo scheme (maximum = weight): 70.05, 70.15, 69.95, 69.99, an EX'd ASG over 90
    // (63.05 / 90 × 100 = 70.0555…), and 2.5 (a whole-number half).
    const sets: Array<Record<string, string>> = [
      { CA1: "10", CA2: "10", ASG: "5.05", EXM: "45" },
      { CA1: "10", CA2: "10", ASG: "5.15", EXM: "45" },
      { CA1: "10", CA2: "10", ASG: "4.95", EXM: "45" },
      { CA1: "10", CA2: "10", ASG: "4.99", EXM: "45" },
      { CA1: "10", CA2: "8.05", ASG: "EX", EXM: "45" },
      { CA1: "0.5", CA2: "1", ASG: "1", EXM: "0" },
    ];
    for (const [i, values] of sets.entries()) {
      for (const [code, raw] of Object.entries(values)) await setScore(core[i]!, studentId, components[code]!, raw);
    }
    const levelId = offerings[0]!.classLevelId;
    const [scale] = await selectRows<{ id: string }>(
      t.db,
      sql`insert into grade_scales (name, class_level_id, pass_mark, rounding_mode, rounding_places)
          values (${`Throwaway ${randomUUID().slice(0, 8)}`}, ${levelId}, 40, 'half_even', 1) returning id`,
    );
    await t.db.execute(sql`insert into grade_bands (scale_id, letter, min_score, max_score, points, remark)
      select ${scale!.id}, letter, min_score, max_score, points, remark from grade_bands
      where scale_id = (select id from grade_scales where class_level_id is null)`);

    const rules: RoundingRule[] = [
      { mode: "half_even", places: 1 },
      { mode: "down", places: 1 },
      { mode: "half_even", places: 0 },
      { mode: "down", places: 2 },
      { mode: "half_up", places: 2 },
    ];
    for (const rule of rules) {
      await t.db.execute(sql`update grade_scales set rounding_mode = ${rule.mode}, rounding_places = ${rule.places} where id = ${scale!.id}`);
      await computeTermResults(t.db, admin, { termId: firstTermId, classLevelId: levelId });
      const expected = (await expectedFor(firstTermId)).filter((e) => e.offering.classLevelId === levelId);
      expect(expected.every((e) => e.rounding.mode === rule.mode && e.rounding.places === rule.places)).toBe(true);
      const stored = await storedSubjects(firstTermId);
      const mine = core.map((offeringId) => {
        const r = stored.get(key(offeringId, studentId))!;
        return `${asRounded(r.total!, rule)} ${r.letter}`;
      });
      const want = core.map((offeringId) => {
        const e = expected.find((x) => x.offering.id === offeringId && x.studentId === studentId)!;
        return e.outcome.status === "exempt" ? "exempt" : `${e.outcome.total} ${e.outcome.grade.letter}`;
      });
      expect(mine, `${rule.mode} to ${rule.places}`).toEqual(want);
      const levelStored = new Map([...stored].filter(([, r]) => expected.some((e) => e.offering.id === r.offeringId)));
      expectSubjectsMatch(expected, levelStored);
      const overall = new Map([...(await storedOverall(firstTermId, "term"))].filter(([, r]) => expected.some((e) => e.offering.classId === r.classId)));
      expectTermFiguresMatch(expected, overall);
    }
    // The halves, spelled out: half_even keeps 70.0 and 2, goes up to 70.2; down cuts 69.99 to 69.9, a B.
    await t.db.execute(sql`update grade_scales set rounding_mode = 'half_even', rounding_places = 1 where id = ${scale!.id}`);
    await computeTermResults(t.db, admin, { termId: firstTermId, classLevelId: levelId });
    let stored = await storedSubjects(firstTermId);
    expect(core.map((o) => stored.get(key(o, studentId))!.total)).toEqual(["70.00", "70.20", "70.00", "70.00", "70.10", "2.50"]);
    await t.db.execute(sql`update grade_scales set rounding_mode = 'down', rounding_places = 1 where id = ${scale!.id}`);
    await computeTermResults(t.db, admin, { termId: firstTermId, classLevelId: levelId });
    stored = await storedSubjects(firstTermId);
    expect(core.map((o) => `${stored.get(key(o, studentId))!.total} ${stored.get(key(o, studentId))!.letter}`)).toEqual([
      "70.00 A",
      "70.10 A",
      "69.90 B",
      "69.90 B",
      "70.00 A",
      "2.50 F",
    ]);

    await t.db.execute(sql`delete from grade_scales where id = ${scale!.id}`);
    await computeTermResults(t.db, admin, { termId: firstTermId });
  });

  it("removes the results of a student who leaves the class when the term is computed again", async () => {
    await t.db.execute(sql`update enrolments set status = 'withdrawn', left_on = '2026-11-01' where student_id = ${studentId}`);
    await computeTermResults(t.db, admin, { termId: firstTermId });
    const [left] = await selectRows<{ subjects: number; overall: number }>(
      t.db,
      sql`select (select count(*)::int from subject_results where student_id = ${studentId}) as subjects,
                 (select count(*)::int from term_results where student_id = ${studentId}) as overall`,
    );
    expect(left).toEqual({ subjects: 0, overall: 0 });
    expectSubjectsMatch(await expectedFor(firstTermId), await storedSubjects(firstTermId));
  });
});

describe("the year to date", () => {
  it("averages each subject's exact term totals, each term once, then the subjects, rounded once, as cumulativeAverage", async () => {
    const classId = t.demo.classIds[2]!;
    const components = await componentIds();
    const second = (await offeringsOf(secondTermId)).filter((o) => o.classId === classId && o.isCore);
    const students = await selectRows<{ id: string }>(t.db, offeringStudentsSql(second[0]!.id));
    // Second-term scores for three students in two subjects; one of them with thirds (an EX'd 10 of 90).
    const marks: Array<Record<string, string>> = [
      { CA1: "14", CA2: "13.5", ASG: "9", EXM: "51" },
      { CA1: "7", CA2: "6.5", ASG: "EX", EXM: "31" },
      { CA1: "11", CA2: "12", ASG: "7.5", EXM: "40.5" },
    ];
    for (const [i, student] of students.slice(0, 3).entries()) {
      for (const offering of second.slice(0, 2)) {
        for (const [code, raw] of Object.entries(marks[i]!)) await setScore(offering.id, student.id, components[code]!, raw);
      }
    }

    const outcome = await computeTermResults(t.db, admin, { termId: secondTermId });
    const [first, secondExpected] = [await expectedFor(firstTermId), await expectedFor(secondTermId)];
    const cumulative = await storedOverall(secondTermId, "cumulative");
    expect(outcome.cumulativeResults).toBe(cumulative.size);

    // A term counts for a subject when something other than EX was entered in it (a term not yet taught is left out).
    const assessed = (e: Expected) => e.outcome.status !== "exempt" && !e.outcome.explanation.every((line) => line.contribution === null);
    const pairs = [...first, ...secondExpected].filter(assessed);
    const byStudent = groupBy(pairs, (e) => e.studentId);
    const figures = [...byStudent.entries()].map(([studentId, rows]) => {
      const bySubject = groupBy(rows, (e) => e.offering.subjectId);
      const subjectFigures = [...bySubject.values()].map((terms) => cumulativeAverage(terms.map((e) => exactOf(e.outcome)))!);
      const rounding = rows[0]!.rounding;
      const mean = divide(subjectFigures.reduce(add, ZERO), parseDecimal(subjectFigures.length));
      return {
        studentId,
        classId: rows[0]!.offering.classId,
        average: applyRounding(mean, rounding),
        total: subjectFigures.reduce((sum, f) => add(sum, parseDecimal(applyRounding(f, rounding))), ZERO),
        subjects: subjectFigures.length,
        gpa: cumulativeGpa(
          [...groupBy(rows, (e) => e.offering.id).values()].map((terms) =>
            terms.map((e) => (e.outcome.status === "exempt" ? null : { points: e.outcome.grade.points, creditUnits: e.offering.creditUnits })),
          ),
          gpaRule(rounding),
        ),
        rounding,
      };
    });
    expect(cumulative.size).toBe(figures.length);
    const classRanks = [...groupBy(figures, (f) => f.classId).values()].map((group) => competitionRanks(group, (f) => parseDecimal(f.average)));
    for (const f of figures) {
      const row = cumulative.get(f.studentId)!;
      expect(row, `cumulative result of ${f.studentId}`).toBeDefined();
      expect(asRounded(row.average, f.rounding)).toBe(f.average);
      expect(compare(parseDecimal(row.total), f.total)).toBe(0);
      expect(row.subjectCount).toBe(f.subjects);
      expect(row.gpa === null ? null : asRounded(row.gpa, { mode: "down", places: 2 })).toBe(f.gpa);
      expect(row.classPosition).toBe(classRanks.find((ranks) => ranks.has(f))!.get(f));
    }
    // The three students' figures really mix two terms: not simply their first-term figure.
    const firstOnly = await storedOverall(firstTermId, "cumulative");
    const changed = students.slice(0, 3).filter((s) => cumulative.get(s.id)!.average !== firstOnly.get(s.id)!.average);
    expect(changed.length).toBeGreaterThan(0);
    // The second term's own subject results follow the domain too, including those with nothing entered yet.
    expectSubjectsMatch(secondExpected, await storedSubjects(secondTermId));
  });

  it("averages exact term totals, not the rounded ones: 70.04, 70.04 and 70.07 make 70.1, not 70.0", async () => {
    const classId = t.demo.classIds[2]!;
    const thirdTermId = t.demo.termIds[2]!;
    const [student] = await selectRows<{ id: string }>(
      t.db,
      sql`insert into students (admission_number, first_name, last_name) values (${`RES/${randomUUID().slice(0, 8)}`}, 'Three', 'Terms')
          returning id`,
    );
    await t.db.execute(sql`insert into enrolments (student_id, class_id, academic_year_id, enrolled_on)
      values (${student!.id}, ${classId}, ${t.demo.academicYearId}, '2026-09-07')`);
    const components = await componentIds();
    // One subject only, so the student's year figure is that subject's: assessed in all three terms.
    for (const [termId, assignment] of [[firstTermId, "5.04"], [secondTermId, "5.04"], [thirdTermId, "5.07"]] as const) {
      const [subject] = (await offeringsOf(termId)).filter((o) => o.classId === classId && o.isCore);
      for (const [code, raw] of Object.entries({ CA1: "10", CA2: "10", ASG: assignment, EXM: "45" })) {
        await setScore(subject!.id, student!.id, components[code]!, raw);
      }
    }
    const levelId = (await offeringsOf(thirdTermId)).find((o) => o.classId === classId)!.classLevelId;
    await computeTermResults(t.db, admin, { termId: thirdTermId, classLevelId: levelId });
    const row = (await storedOverall(thirdTermId, "cumulative")).get(student!.id)!;
    const terms = await Promise.all(
      [firstTermId, secondTermId, thirdTermId].map(async (termId) =>
        (await expectedFor(termId)).find((e) => e.studentId === student!.id && e.outcome.status === "complete")!,
      ),
    );
    expect(terms.map((e) => (e.outcome.status === "complete" ? e.outcome.total : null))).toEqual(["70.0", "70.0", "70.1"]);
    expect(applyRounding(cumulativeAverage(terms.map((e) => exactOf(e.outcome)))!, terms[0]!.rounding)).toBe("70.1");
    expect({ average: row.average, total: row.total, subjectCount: row.subjectCount }).toEqual({ average: "70.10", total: "70.10", subjectCount: 1 });
  });
});

describe("who may compute and read results", () => {
  it("refuses a teacher and a parent computing results", async () => {
    for (const actor of [teacher, otherTeacher, parent]) {
      await expect(computeTermResults(t.db, actor, { termId: firstTermId })).rejects.toBeInstanceOf(ForbiddenError);
    }
  });

  it("gives an administrator the whole broadsheet of a class", async () => {
    const classId = t.demo.classIds[0]!;
    const sheet = await getClassResults(t.db, admin, { classId, termId: firstTermId });
    const subjects = await selectRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from subject_offerings where class_id = ${classId} and term_id = ${firstTermId}`,
    );
    expect(sheet.subjects).toHaveLength(subjects[0]!.n);
    expect(sheet.students.length).toBeGreaterThanOrEqual(4);
    const overall = await storedOverall(firstTermId, "term");
    for (const student of sheet.students) {
      const row = overall.get(student.id)!;
      expect(student.overall).toEqual({
        total: asRounded(row.total, { mode: "half_up", places: 1 }),
        average: asRounded(row.average, { mode: "half_up", places: 1 }),
        gpa: row.gpa,
        position: row.classPosition,
        shared: [...overall.values()].filter((o) => o.classId === classId && o.classPosition === row.classPosition).length > 1,
        outOf: row.classSize,
      });
      // Each student takes the core subjects and one elective.
      expect(Object.keys(student.cells).length).toBe(10);
    }
  });

  it("shows a subject teacher only the subjects they teach in a class they don't lead, without overall figures", async () => {
    const [target] = await selectRows<{ classId: string }>(
      t.db,
      sql`select so.class_id as "classId" from subject_offerings so
          join offering_teachers ot on ot.offering_id = so.id and ot.educator_id = ${t.demo.teacher.educatorId}
          join classes c on c.id = so.class_id and c.class_teacher_id is distinct from ${t.demo.teacher.educatorId}
          where so.term_id = ${firstTermId} limit 1`,
    );
    const sheet = await getClassResults(t.db, teacher, { classId: target!.classId, termId: firstTermId });
    expect(sheet.subjects.map((s) => s.code)).toEqual(["MTH"]);
    expect(sheet.students.every((s) => s.overall === null && Object.keys(s.cells).length === 1)).toBe(true);
  });

  it("is not found for a parent, and for a teacher with nothing in that class", async () => {
    const [stranger] = await selectRows<{ classId: string }>(
      t.db,
      sql`select c.id as "classId" from classes c
          where c.class_teacher_id is distinct from ${t.demo.otherTeacher.educatorId}
            and not exists (select 1 from subject_offerings so join offering_teachers ot on ot.offering_id = so.id
                            where so.class_id = c.id and ot.educator_id = ${t.demo.otherTeacher.educatorId})
          limit 1`,
    );
    await expect(getClassResults(t.db, parent, { classId: t.demo.classIds[0]!, termId: firstTermId })).rejects.toBeInstanceOf(NotFoundError);
    await expect(getClassResults(t.db, otherTeacher, { classId: stranger!.classId, termId: firstTermId })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("says plainly when the term's results have not been computed", async () => {
    const thirdTermId = t.demo.termIds[2]!;
    await expect(getClassResults(t.db, admin, { classId: t.demo.classIds[0]!, termId: thirdTermId })).rejects.toBeInstanceOf(ConflictError);
    await expect(getClassResults(t.db, admin, { classId: t.demo.classIds[0]!, termId: thirdTermId })).rejects.toThrow(/not been computed/);
  });
});
