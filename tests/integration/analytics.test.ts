// Staff analytics over computed results: subject figures recounted in JavaScript from subject_results, a
// student's drop between terms flagged in words, and who sees what (a subject teacher only their subject,
// a parent or another class's teacher nothing).
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/policy";
import { selectRows } from "@/lib/db/client";
import { compare, parseDecimal, roundDecimal, roundToString, subtract } from "@/lib/domain/decimal";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { getStudentTrend } from "@/lib/server/analytics/get-student-trend";
import { getSubjectAnalytics } from "@/lib/server/analytics/get-subject-analytics";
import { offeringStudentsSql } from "@/lib/server/gradebook/get-grade-sheet";
import { computeTermResults } from "@/lib/server/results/compute-term-results";
import { type TestDatabase, useTestDatabase } from "../support/database";

let t: TestDatabase;
let admin: Actor;
let teacher: Actor;
let parent: Actor;
let firstTermId: string;
let secondTermId: string;
/** The demo teacher is class teacher of this class. */
let ownClassId: string;

/** The demo scheme's components (maximum = weight, so a subject total is the plain sum of its scores). */
const MAXIMA: Array<[code: string, max: number]> = [
  ["CA1", 15],
  ["CA2", 15],
  ["ASG", 10],
  ["EXM", 60],
];

async function storedTotals(classId: string, termId: string) {
  return selectRows<{ offeringId: string; total: string | null }>(
    t.db,
    sql`select sr.offering_id as "offeringId", sr.total::text as total
        from subject_results sr join subject_offerings so on so.id = sr.offering_id
        where so.class_id = ${classId} and so.term_id = ${termId}`,
  );
}

async function passMarkOf(classId: string): Promise<string> {
  const [row] = await selectRows<{ passMark: string }>(
    t.db,
    sql`select g.pass_mark::text as "passMark" from classes c
        join grade_scales g on g.id = coalesce((select id from grade_scales where class_level_id = c.class_level_id),
                                               (select id from grade_scales where class_level_id is null))
        where c.id = ${classId}`,
  );
  return row!.passMark;
}

/** Scores every component of every term-2 offering the student takes so each subject's total is `total`. */
async function scoreSecondTerm(classId: string, studentId: string, total: number) {
  const components = Object.fromEntries(
    (
      await selectRows<{ code: string; id: string }>(
        t.db,
        sql`select ac.code, ac.id from assessment_components ac join assessment_schemes s on s.id = ac.scheme_id where s.name = 'School default'`,
      )
    ).map((r) => [r.code, r.id]),
  );
  const offerings = await selectRows<{ id: string }>(
    t.db,
    sql`select id from subject_offerings where class_id = ${classId} and term_id = ${secondTermId}`,
  );
  for (const offering of offerings) {
    const roster = await selectRows<{ id: string }>(t.db, offeringStudentsSql(offering.id));
    if (!roster.some((s) => s.id === studentId)) continue;
    let left = total;
    for (const [code, max] of MAXIMA) {
      const value = Math.min(left, max);
      left -= value;
      await t.db.execute(sql`insert into scores (offering_id, student_id, component_id, mark, value)
        values (${offering.id}, ${studentId}, ${components[code]!}, 'score', ${String(value)})
        on conflict (offering_id, student_id, component_id) do update set mark = 'score', value = excluded.value`);
    }
  }
}

beforeAll(async () => {
  t = await useTestDatabase();
  admin = await t.actorFor(t.demo.adminUserId);
  teacher = await t.actorFor(t.demo.teacher.userId);
  parent = await t.actorFor(t.demo.parent.userId);
  [firstTermId, secondTermId] = t.demo.termIds as [string, string];
  const [own] = await selectRows<{ id: string }>(t.db, sql`select id from classes where class_teacher_id = ${t.demo.teacher.educatorId}`);
  ownClassId = own!.id;
});

describe("before results are computed", () => {
  it("says the term hasn't been computed, rather than showing empty figures", async () => {
    await expect(getSubjectAnalytics(t.db, admin, { termId: firstTermId, classId: ownClassId })).rejects.toThrow(ConflictError);
    await expect(getSubjectAnalytics(t.db, admin, { termId: firstTermId, classId: ownClassId })).rejects.toThrow(
      "Results for this term haven't been computed yet",
    );
    await expect(getStudentTrend(t.db, admin, { termId: firstTermId, classId: ownClassId })).rejects.toThrow(ConflictError);
  });
});

describe("subject analytics", () => {
  beforeAll(async () => {
    await computeTermResults(t.db, admin, { termId: firstTermId });
  });

  it("gives every subject's count, average, highest, lowest, pass rate and histogram as a recount of subject_results", async () => {
    const analytics = await getSubjectAnalytics(t.db, admin, { termId: firstTermId, classId: ownClassId });
    const stored = await storedTotals(ownClassId, firstTermId);
    const passMark = await passMarkOf(ownClassId);
    expect(analytics.passMark).toBe(String(Number(passMark)));
    const offerings = await selectRows<{ id: string }>(
      t.db,
      sql`select id from subject_offerings where class_id = ${ownClassId} and term_id = ${firstTermId}`,
    );
    expect(analytics.subjects.map((s) => s.offeringId).sort()).toEqual(offerings.map((o) => o.id).sort());

    expect(analytics.subjects.filter((s) => s.count > 0).length).toBeGreaterThan(5);
    for (const subject of analytics.subjects) {
      const totals = stored.filter((r) => r.offeringId === subject.offeringId && r.total !== null).map((r) => Number(r.total));
      expect(subject.count, subject.subject.name).toBe(totals.length);
      expect(subject.histogram).toHaveLength(10);
      expect(subject.histogram.reduce((a, b) => a + b, 0)).toBe(subject.count);
      for (let band = 0; band < 10; band++) {
        const inBand = totals.filter((x) => (band === 9 ? x >= 90 : x >= band * 10 && x < band * 10 + 10)).length;
        expect(subject.histogram[band], `${subject.subject.name} band ${band}`).toBe(inBand);
      }
      if (totals.length === 0) {
        // An elective nobody in the class takes: listed, with no figures rather than zeros.
        expect(subject).toMatchObject({ average: null, highest: null, lowest: null, passRate: null });
        continue;
      }
      const passed = totals.filter((x) => x >= Number(passMark)).length;
      expect(subject.passRate).toEqual({ passed, count: totals.length, percent: ((passed * 100) / totals.length).toFixed(1) });
      expect(Number(subject.highest)).toBe(Math.max(...totals));
      expect(Number(subject.lowest)).toBe(Math.min(...totals));
      expect(Math.abs(Number(subject.average) - totals.reduce((a, b) => a + b, 0) / totals.length)).toBeLessThanOrEqual(0.05);
      expect(subject.teachers.length).toBeGreaterThan(0);
      // This class is one of the level's, with the same average as above.
      const mine = subject.levelAverageByClass.find((c) => c.classId === ownClassId);
      expect(mine).toMatchObject({ count: subject.count, average: subject.average, teachers: subject.teachers });
    }
  });

  it("compares a subject across every class of the level", async () => {
    const analytics = await getSubjectAnalytics(t.db, admin, { termId: firstTermId, classId: ownClassId });
    const [level] = await selectRows<{ classes: number }>(
      t.db,
      sql`select count(*)::int as classes from classes where class_level_id = (select class_level_id from classes where id = ${ownClassId})`,
    );
    expect(level!.classes).toBeGreaterThan(1);
    for (const subject of analytics.subjects) expect(subject.levelAverageByClass).toHaveLength(level!.classes);
  });

  it("shows a subject teacher only the subject they teach in a class they don't lead", async () => {
    const classId = t.demo.teacher.classIds.find((id) => id !== ownClassId)!;
    expect(classId).toBeDefined();
    const analytics = await getSubjectAnalytics(t.db, teacher, { termId: firstTermId, classId });
    const [taught] = await selectRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from subject_offerings so join offering_teachers ot on ot.offering_id = so.id
          where so.class_id = ${classId} and so.term_id = ${firstTermId} and ot.educator_id = ${t.demo.teacher.educatorId}`,
    );
    expect(analytics.subjects).toHaveLength(taught!.n);
    expect(analytics.subjects.length).toBeGreaterThan(0);
    const [subject] = await selectRows<{ code: string }>(t.db, sql`select code from subjects where id = ${t.demo.teacher.subjectId}`);
    expect(analytics.subjects.map((s) => s.subject.code)).toEqual([subject!.code]);
    // Nor the students' overall averages, which are made from every subject.
    await expect(getStudentTrend(t.db, teacher, { termId: firstTermId, classId })).rejects.toThrow(NotFoundError);
  });

  it("shows the class teacher every subject of their class", async () => {
    const mine = await getSubjectAnalytics(t.db, teacher, { termId: firstTermId, classId: ownClassId });
    const all = await getSubjectAnalytics(t.db, admin, { termId: firstTermId, classId: ownClassId });
    expect(mine.subjects.map((s) => s.offeringId)).toEqual(all.subjects.map((s) => s.offeringId));
  });

  it("refuses a parent, and another class's teacher who teaches nothing here, as not found", async () => {
    await expect(getSubjectAnalytics(t.db, parent, { termId: firstTermId, classId: ownClassId })).rejects.toThrow(NotFoundError);
    await expect(getStudentTrend(t.db, parent, { termId: firstTermId, classId: ownClassId })).rejects.toThrow(NotFoundError);
    const [other] = await selectRows<{ userId: string }>(
      t.db,
      sql`select e.user_id as "userId" from educators e join classes c on c.class_teacher_id = e.id
          where c.id <> ${ownClassId} and e.user_id is not null
            and not exists (select 1 from departments d where d.head_educator_id = e.id)
            and not exists (select 1 from offering_teachers ot join subject_offerings so on so.id = ot.offering_id
                            where ot.educator_id = e.id and so.class_id = ${ownClassId})
          limit 1`,
    );
    const otherClassTeacher = await t.actorFor(other!.userId);
    await expect(getSubjectAnalytics(t.db, otherClassTeacher, { termId: firstTermId, classId: ownClassId })).rejects.toThrow(NotFoundError);
    await expect(getStudentTrend(t.db, otherClassTeacher, { termId: firstTermId, classId: ownClassId })).rejects.toThrow(NotFoundError);
  });

  it("treats a class and term of different years, or ids that aren't ids, as not found or invalid", async () => {
    await expect(getSubjectAnalytics(t.db, admin, { termId: firstTermId, classId: "00000000-0000-4000-8000-000000000000" })).rejects.toThrow(
      NotFoundError,
    );
    await expect(getSubjectAnalytics(t.db, admin, { termId: "nope", classId: ownClassId })).rejects.toThrow("Some fields need attention.");
  });
});

describe("term trends and students at risk", () => {
  let dropper: { id: string; first: string };
  let riser: { id: string };
  let secondTotal: number;

  beforeAll(async () => {
    // The best first-term student falls 14 points and more; another student reaches full marks.
    const ranked = await selectRows<{ id: string; average: string }>(
      t.db,
      sql`select student_id as id, average::text as average from term_results
          where class_id = ${ownClassId} and term_id = ${firstTermId} and kind = 'term' order by average desc`,
    );
    const [best, second] = ranked as [{ id: string; average: string }, { id: string; average: string }];
    dropper = { id: best.id, first: best.average };
    riser = second;
    secondTotal = Math.floor(Number(best.average)) - 14;
    expect(secondTotal).toBeGreaterThan(0);
    await scoreSecondTerm(ownClassId, dropper.id, secondTotal);
    await scoreSecondTerm(ownClassId, riser.id, 100);
    await computeTermResults(t.db, admin, { termId: secondTermId });
  });

  it("flags a drop of more than 10 points since the previous term, in words", async () => {
    const trend = await getStudentTrend(t.db, teacher, { termId: secondTermId, classId: ownClassId });
    expect(trend.terms.map((term) => term.name)).toEqual(["First term", "Second term"]);
    const student = trend.students.find((s) => s.id === dropper.id)!;
    expect(student.averages).toEqual([roundDecimal(dropper.first, 1), `${secondTotal}.0`]);
    // The stored average already has the scale's one place, so the fall is exact: 66.5 → 52 is "14.5".
    const fall = subtract(parseDecimal(dropper.first), parseDecimal(secondTotal));
    expect(compare(fall, parseDecimal(14))).toBeGreaterThanOrEqual(0);
    expect(student.reasons).toContain(`dropped ${roundToString(fall, 1)} points since First term`);
    if (secondTotal < 40) expect(student.reasons).toContain(`average ${secondTotal}.0 < 40`);
    else expect(student.reasons).toHaveLength(1);
    expect(trend.atRisk.map((s) => s.id)).toContain(dropper.id);
  });

  it("does not flag a student who rose to full marks", async () => {
    const trend = await getStudentTrend(t.db, admin, { termId: secondTermId, classId: ownClassId });
    const student = trend.students.find((s) => s.id === riser.id)!;
    expect(student.averages.at(-1)).toBe("100.0");
    expect(student.reasons).toEqual([]);
    expect(trend.atRisk.map((s) => s.id)).not.toContain(riser.id);
  });

  it("uses the thresholds asked for", async () => {
    const lenient = await getStudentTrend(t.db, admin, { termId: secondTermId, classId: ownClassId, threshold: 0, drop: 100 });
    expect(lenient.atRisk).toEqual([]);
    expect(lenient.thresholds).toEqual({ threshold: 0, drop: 100 });
    await expect(getStudentTrend(t.db, admin, { termId: secondTermId, classId: ownClassId, threshold: 100.5 })).rejects.toThrow(ValidationError);
    const strict = await getStudentTrend(t.db, admin, { termId: secondTermId, classId: ownClassId, threshold: 100, drop: 0 });
    // Below 100 is everyone but the student with full marks, who also rose.
    const below = strict.students.filter((s) => s.averages.at(-1) !== null && Number(s.averages.at(-1)) < 100).map((s) => s.id);
    expect(strict.atRisk.map((s) => s.id).sort()).toEqual(below.sort());
    expect(below).toContain(dropper.id);
    expect(below).not.toContain(riser.id);
  });

  it("lists only the year's terms up to the one chosen, with the class average of each", async () => {
    const trend = await getStudentTrend(t.db, admin, { termId: firstTermId, classId: ownClassId });
    expect(trend.terms.map((term) => term.id)).toEqual([firstTermId]);
    const averages = trend.students.map((s) => s.averages[0]).filter((a): a is string => a !== null).map(Number);
    expect(Math.abs(Number(trend.classAverages[0]) - averages.reduce((a, b) => a + b, 0) / averages.length)).toBeLessThanOrEqual(0.05);
    // First term has no term before it: only low averages are flagged.
    for (const s of trend.atRisk) expect(s.reasons.every((r) => r.startsWith("average "))).toBe(true);
  });
});
