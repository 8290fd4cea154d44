// The gradebook's data layer: opening a grade sheet, saving scores (validation, versions, conflicts,
// idempotent retries, clearing), the review path (submit, return, approve, unlock, term lock), change
// requests after the lock, the per-cell history, the missing-work list, and who may do none of it.
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/policy";
import { selectRows } from "@/lib/db/client";
import { auditLog, departments, educators, roles, scores, subjectOfferings, subjects, userRoles, users } from "@/lib/db/schema";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { approveScores } from "@/lib/server/gradebook/approve-scores";
import { decideScoreChange } from "@/lib/server/gradebook/decide-score-change";
import { getGradeSheet, type GradeSheet } from "@/lib/server/gradebook/get-grade-sheet";
import { getReviewQueue } from "@/lib/server/gradebook/get-review-queue";
import { getScoreHistory } from "@/lib/server/gradebook/get-score-history";
import { listMissingWork } from "@/lib/server/gradebook/list-missing-work";
import { lockTermScores } from "@/lib/server/gradebook/lock-term-scores";
import { requestScoreChange } from "@/lib/server/gradebook/request-score-change";
import { returnScores } from "@/lib/server/gradebook/return-scores";
import { saveScores } from "@/lib/server/gradebook/save-scores";
import { submitScores } from "@/lib/server/gradebook/submit-scores";
import { unlockScores } from "@/lib/server/gradebook/unlock-scores";
import { type TestDatabase, useTestDatabase } from "../support/database";

let t: TestDatabase;
let admin: Actor;
let teacher: Actor;
let otherTeacher: Actor;
let office: Actor;
let parent: Actor;
/** An offering of the current term taught by the demo teacher and not by the other teacher. */
let offeringId: string;
let termId: string;
let sheet: GradeSheet;

const cellOf = (studentIndex: number, componentIndex: number) => {
  const studentId = sheet.students[studentIndex]!.id;
  const componentId = sheet.components[componentIndex]!.id;
  return { studentId, componentId, stored: sheet.cells[`${studentId}:${componentId}`] };
};

async function stored(studentId: string, componentId: string, forOffering = offeringId) {
  const [row] = await t.db
    .select({ mark: scores.mark, value: scores.value, version: scores.version })
    .from(scores)
    .where(and(eq(scores.offeringId, forOffering), eq(scores.studentId, studentId), eq(scores.componentId, componentId)));
  return row ?? null;
}

async function makeUser(name: string, role: "head_of_department" | "teacher", educatorLink?: { departmentId?: string }) {
  const [user] = await t.db.insert(users).values({ email: `${randomUUID().slice(0, 8)}@gradebook.test`, name, status: "active" }).returning({ id: users.id });
  const [roleRow] = await t.db.select({ id: roles.id }).from(roles).where(eq(roles.key, role));
  await t.db.insert(userRoles).values({ userId: user!.id, roleId: roleRow!.id });
  const [educator] = await t.db
    .insert(educators)
    .values({ staffNumber: `GB-${randomUUID().slice(0, 6)}`, firstName: name, lastName: "Test", userId: user!.id })
    .returning({ id: educators.id });
  if (educatorLink?.departmentId) await t.db.update(departments).set({ headEducatorId: educator!.id }).where(eq(departments.id, educatorLink.departmentId));
  return t.actorFor(user!.id);
}

beforeAll(async () => {
  t = await useTestDatabase();
  admin = await t.actorFor(t.demo.adminUserId);
  teacher = await t.actorFor(t.demo.teacher.userId);
  otherTeacher = await t.actorFor(t.demo.otherTeacher.userId);
  office = await t.actorFor(t.demo.staffUserId);
  parent = await t.actorFor(t.demo.parent.userId);
  const [row] = await selectRows<{ offeringId: string; termId: string }>(
    t.db,
    sql`select so.id as "offeringId", so.term_id as "termId" from subject_offerings so
        join offering_teachers ot on ot.offering_id = so.id and ot.educator_id = ${t.demo.teacher.educatorId}
        join terms tm on tm.id = so.term_id and tm.is_current
        join subjects s on s.id = so.subject_id and s.kind = 'core'
        where not exists (select 1 from offering_teachers o2 where o2.offering_id = so.id and o2.educator_id = ${t.demo.otherTeacher.educatorId})
          and exists (select 1 from scores s where s.offering_id = so.id)
        order by (select count(*) from enrolments e where e.class_id = so.class_id and e.status = 'active') desc, so.id limit 1`,
  );
  offeringId = row!.offeringId;
  termId = row!.termId;
  sheet = await getGradeSheet(t.db, teacher, { offeringId });
});

describe("opening a grade sheet", () => {
  it("gives the teacher of the offering its students, scheme, stored cells and grading rules", () => {
    expect(sheet.editable).toBe(true);
    expect(sheet.isTeacher).toBe(true);
    expect(sheet.components.map((c) => c.code)).toEqual(["CA1", "CA2", "ASG", "EXM"]);
    expect(sheet.components.reduce((sum, c) => sum + Number(c.weight), 0)).toBe(100);
    expect(sheet.students.length).toBeGreaterThanOrEqual(4);
    expect(Object.keys(sheet.cells).length).toBe(sheet.students.length * sheet.components.length);
    expect(sheet.bands[0]).toMatchObject({ letter: "A", minScore: "70.00" });
    expect(sheet.rounding).toEqual({ mode: "half_up", places: 1 });
  });

  it("is not found for a teacher of other classes, office staff and parents", async () => {
    for (const actor of [otherTeacher, office, parent]) {
      await expect(getGradeSheet(t.db, actor, { offeringId })).rejects.toBeInstanceOf(NotFoundError);
    }
  });

  it("is open to an administrator, who may review it", async () => {
    const asAdmin = await getGradeSheet(t.db, admin, { offeringId });
    expect(asAdmin.canReview).toBe(true);
    expect(asAdmin.isTeacher).toBe(false);
  });
});

describe("saving scores", () => {
  it("saves a changed cell with the next version, its history and an audit record", async () => {
    const { studentId, componentId, stored: before } = cellOf(0, 0);
    const next = before!.value === "7.00" ? "8" : "7";
    const result = await saveScores(t.db, { ...teacher, requestId: "req-save-1" }, { offeringId, cells: [{ studentId, componentId, raw: next, expectedVersion: before!.version }] });
    expect(result.conflicts).toEqual([]);
    expect(result.saved).toEqual([{ studentId, componentId, version: before!.version + 1, mark: "score", value: `${next}.00` }]);
    expect(await stored(studentId, componentId)).toEqual({ mark: "score", value: `${next}.00`, version: before!.version + 1 });
    const history = await getScoreHistory(t.db, teacher, { offeringId, studentId, componentId });
    expect(history[0]).toMatchObject({ before: String(Number(before!.value)), after: next, by: teacher.name, reason: null });
    const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.requestId, "req-save-1"));
    expect(audit).toMatchObject({ action: "scores.saved", entityType: "subject_offering", entityId: offeringId, actorUserId: teacher.userId });
  });

  it("treats a retry of the same save as done, without a second version or history entry", async () => {
    const { studentId, componentId } = cellOf(1, 1);
    const before = (await stored(studentId, componentId))!;
    const input = { offeringId, cells: [{ studentId, componentId, raw: "ABS", expectedVersion: before.version }] };
    const first = await saveScores(t.db, teacher, input);
    const second = await saveScores(t.db, teacher, input);
    expect(first.saved[0]).toMatchObject({ version: before.version + 1, mark: "absent", value: null });
    expect(second).toEqual({ saved: [{ studentId, componentId, version: before.version + 1, mark: "absent", value: null }], conflicts: [] });
    expect(await getScoreHistory(t.db, teacher, { offeringId, studentId, componentId })).toHaveLength(1);
  });

  it("reports a cell someone else changed since it was read, with both values, and saves the rest", async () => {
    const a = cellOf(2, 0);
    const b = cellOf(2, 1);
    const readVersionA = (await stored(a.studentId, a.componentId))!.version;
    const readVersionB = (await stored(b.studentId, b.componentId))!.version;
    // A head of department corrects cell A first.
    await saveScores(t.db, admin, { offeringId, cells: [{ studentId: a.studentId, componentId: a.componentId, raw: "3", expectedVersion: readVersionA }] });
    const result = await saveScores(t.db, teacher, {
      offeringId,
      cells: [
        { studentId: a.studentId, componentId: a.componentId, raw: "9.5", expectedVersion: readVersionA },
        { studentId: b.studentId, componentId: b.componentId, raw: "EX", expectedVersion: readVersionB },
      ],
    });
    expect(result.conflicts).toEqual([
      expect.objectContaining({ studentId: a.studentId, componentId: a.componentId, yours: "9.5", theirs: "3", theirVersion: readVersionA + 1, changedBy: admin.name }),
    ]);
    expect(result.saved).toEqual([expect.objectContaining({ studentId: b.studentId, mark: "exempt" })]);
    expect(await stored(a.studentId, a.componentId)).toMatchObject({ value: "3.00" });
    // Keeping mine: the same value sent again at their version wins.
    const kept = await saveScores(t.db, teacher, { offeringId, cells: [{ studentId: a.studentId, componentId: a.componentId, raw: "9.5", expectedVersion: readVersionA + 1 }] });
    expect(kept.conflicts).toEqual([]);
    expect(await stored(a.studentId, a.componentId)).toMatchObject({ value: "9.50", version: readVersionA + 2 });
  });

  it("lets exactly one of two simultaneous saves of the same cell win", async () => {
    const { studentId, componentId } = cellOf(3, 2);
    const version = (await stored(studentId, componentId))!.version;
    const results = await Promise.all(
      ["4", "6"].map((raw) => saveScores(t.db, raw === "4" ? teacher : admin, { offeringId, cells: [{ studentId, componentId, raw, expectedVersion: version }] })),
    );
    expect(results.map((r) => r.conflicts.length).sort()).toEqual([0, 1]);
    expect((await stored(studentId, componentId))!.version).toBe(version + 1);
  });

  it("refuses non-numbers, negatives, scores above the maximum and too many decimals, each on its cell, saving nothing", async () => {
    const cells = [cellOf(1, 0), cellOf(1, 1), cellOf(1, 2), cellOf(1, 3)];
    const before = await Promise.all(cells.map((c) => stored(c.studentId, c.componentId)));
    const raws = ["abc", "-1", "11", "69.123"];
    const error = await saveScores(t.db, teacher, {
      offeringId,
      cells: cells.map((c, i) => ({ studentId: c.studentId, componentId: c.componentId, raw: raws[i]!, expectedVersion: before[i]!.version })),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    const fieldErrors = (error as ValidationError).fieldErrors;
    const key = (i: number) => `cells.${cells[i]!.studentId}.${cells[i]!.componentId}`;
    expect(fieldErrors[key(0)]![0]).toMatch(/"abc" is not a score/);
    expect(fieldErrors[key(1)]).toEqual(["Scores can't be negative"]);
    expect(fieldErrors[key(2)]).toEqual(["Above the maximum of 10"]);
    expect(fieldErrors[key(3)]).toEqual(["Use at most 2 decimal places"]);
    expect((error as ValidationError).message).toBe("4 scores need attention; nothing was saved.");
    expect(await Promise.all(cells.map((c) => stored(c.studentId, c.componentId)))).toEqual(before);
  });

  it("refuses a student who is not in the class and an assessment from another scheme, saving nothing", async () => {
    const { studentId, componentId } = cellOf(0, 0);
    const before = await stored(studentId, componentId);
    const outsider = await saveScores(t.db, teacher, {
      offeringId,
      cells: [
        { studentId: t.demo.strangerStudentId, componentId, raw: "5", expectedVersion: 0 },
        { studentId, componentId, raw: "1", expectedVersion: before!.version },
      ],
    }).catch((e: unknown) => e);
    expect(outsider).toBeInstanceOf(ValidationError);
    expect((outsider as ValidationError).fieldErrors).toEqual({ [`cells.${t.demo.strangerStudentId}.${componentId}`]: ["This student is not in this class for this subject."] });
    expect(await stored(studentId, componentId)).toEqual(before);
    const otherScheme = await saveScores(t.db, teacher, { offeringId, cells: [{ studentId, componentId: randomUUID(), raw: "5", expectedVersion: 0 }] }).catch(
      (e: unknown) => e,
    );
    expect(Object.values((otherScheme as ValidationError).fieldErrors).flat()).toEqual(["This assessment is not part of this subject's scheme."]);
  });

  it("clears a cell, and a cleared cell starts again at version 1", async () => {
    const { studentId, componentId } = cellOf(0, 3);
    const version = (await stored(studentId, componentId))!.version;
    const cleared = await saveScores(t.db, teacher, { offeringId, cells: [{ studentId, componentId, raw: "", expectedVersion: version }] });
    expect(cleared.saved).toEqual([{ studentId, componentId, version: 0, mark: null, value: null }]);
    expect(await stored(studentId, componentId)).toBeNull();
    const retyped = await saveScores(t.db, teacher, { offeringId, cells: [{ studentId, componentId, raw: "55,5", expectedVersion: 0 }] });
    expect(retyped.saved[0]).toMatchObject({ version: 1, value: "55.50" });
    const history = await getScoreHistory(t.db, teacher, { offeringId, studentId, componentId });
    expect(history.slice(0, 2).map((h) => [h.before, h.after])).toEqual([
      ["", "55.5"],
      [history[1]!.before, ""],
    ]);
  });

  it("is refused for a teacher of other classes, as not found, and changes nothing", async () => {
    const { studentId, componentId } = cellOf(0, 0);
    const before = await stored(studentId, componentId);
    await expect(saveScores(t.db, otherTeacher, { offeringId, cells: [{ studentId, componentId, raw: "1", expectedVersion: before!.version }] })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect(await stored(studentId, componentId)).toEqual(before);
  });
});

describe("missing work", () => {
  it("lists the empty cells of the teacher's offerings by class and assessment", async () => {
    const { studentId, componentId } = cellOf(3, 1);
    const version = (await stored(studentId, componentId))!.version;
    await saveScores(t.db, teacher, { offeringId, cells: [{ studentId, componentId, raw: "", expectedVersion: version }] });
    const missing = await listMissingWork(t.db, teacher);
    expect(missing).toContainEqual(expect.objectContaining({ offeringId, componentCode: "CA2", missing: 1, students: sheet.students.length }));
    expect(await listMissingWork(t.db, otherTeacher)).not.toContainEqual(expect.objectContaining({ offeringId }));
  });
});

describe("submitting, reviewing and locking", () => {
  it("refuses to submit while cells are empty, saying how many", async () => {
    await expect(submitScores(t.db, teacher, { offeringId })).rejects.toThrow("One cell is still empty. Enter a score, ABS (absent) or EX (exempt) in every cell before submitting.");
  });

  it("goes submitted → returned with a comment → submitted → approved, closing entry on the way", async () => {
    const { studentId, componentId } = cellOf(3, 1);
    await saveScores(t.db, teacher, { offeringId, cells: [{ studentId, componentId, raw: "EX", expectedVersion: 0 }] });
    expect(await submitScores(t.db, teacher, { offeringId })).toEqual({ status: "submitted" });
    await expect(submitScores(t.db, teacher, { offeringId })).rejects.toThrow("These scores were already submitted.");
    await expect(saveScores(t.db, teacher, { offeringId, cells: [{ studentId, componentId, raw: "5", expectedVersion: 1 }] })).rejects.toThrow(
      /submitted for approval/,
    );
    expect((await getReviewQueue(t.db, admin)).submitted).toContainEqual(expect.objectContaining({ offeringId, submittedBy: teacher.name }));

    await expect(approveScores(t.db, teacher, { offeringId })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(returnScores(t.db, admin, { offeringId, comment: "" })).rejects.toBeInstanceOf(ValidationError);
    expect(await returnScores(t.db, admin, { offeringId, comment: "Check CA2 for the exempt student" })).toEqual({ status: "returned" });
    const returned = await getGradeSheet(t.db, teacher, { offeringId });
    expect(returned).toMatchObject({ editable: true, offering: { status: "returned", reviewComment: "Check CA2 for the exempt student" } });

    await submitScores(t.db, teacher, { offeringId });
    expect(await approveScores(t.db, admin, { offeringId })).toEqual({ status: "approved" });
    const approved = await getGradeSheet(t.db, teacher, { offeringId });
    expect(approved.editable).toBe(false);
    expect(approved.readOnlyReason).toMatch(/approved and are locked/);
    await expect(saveScores(t.db, teacher, { offeringId, cells: [{ studentId, componentId, raw: "5", expectedVersion: 1 }] })).rejects.toBeInstanceOf(ConflictError);
    const actions = await t.db.select({ action: auditLog.action }).from(auditLog).where(and(eq(auditLog.entityType, "subject_offering"), eq(auditLog.entityId, offeringId)));
    expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(["scores.submitted", "scores.returned", "scores.approved"]));
  });

  it("changes a locked score only through a change request a reviewer approves, keeping the reason in the history", async () => {
    const { studentId, componentId } = cellOf(1, 3);
    await expect(requestScoreChange(t.db, teacher, { offeringId, studentId, componentId, raw: "71", reason: "Exam script re-marked" })).rejects.toThrow(
      "Above the maximum of 60",
    );
    await expect(requestScoreChange(t.db, teacher, { offeringId, studentId, componentId, raw: "55", reason: "" })).rejects.toBeInstanceOf(ValidationError);
    const { requestId } = await requestScoreChange(t.db, teacher, { offeringId, studentId, componentId, raw: "55", reason: "Exam script re-marked" });
    await expect(requestScoreChange(t.db, teacher, { offeringId, studentId, componentId, raw: "52", reason: "Second thoughts" })).rejects.toThrow(
      "A change to this score is already waiting for a decision.",
    );
    await expect(decideScoreChange(t.db, teacher, { requestId, approve: true })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(decideScoreChange(t.db, otherTeacher, { requestId, approve: true })).rejects.toBeInstanceOf(NotFoundError);
    expect((await getReviewQueue(t.db, admin)).changeRequests).toContainEqual(expect.objectContaining({ requestId, requested: "55", reason: "Exam script re-marked" }));

    expect(await decideScoreChange(t.db, admin, { requestId, approve: true })).toEqual({ status: "approved" });
    expect(await stored(studentId, componentId)).toMatchObject({ value: "55.00" });
    const [latest] = await getScoreHistory(t.db, teacher, { offeringId, studentId, componentId });
    expect(latest).toMatchObject({ after: "55", by: admin.name, reason: "Exam script re-marked" });
    await expect(decideScoreChange(t.db, admin, { requestId, approve: false, comment: "No" })).rejects.toThrow("This change request was already approved.");

    const second = await requestScoreChange(t.db, teacher, { offeringId, studentId, componentId, raw: "20", reason: "Typo in the request" });
    await expect(decideScoreChange(t.db, admin, { requestId: second.requestId, approve: false })).rejects.toBeInstanceOf(ValidationError);
    await decideScoreChange(t.db, admin, { requestId: second.requestId, approve: false, comment: "The re-mark stands" });
    expect(await stored(studentId, componentId)).toMatchObject({ value: "55.00" });
  });

  it("unlocks approved scores only with a reason, and only for a reviewer", async () => {
    await expect(unlockScores(t.db, admin, { offeringId, reason: "" })).rejects.toBeInstanceOf(ValidationError);
    await expect(unlockScores(t.db, teacher, { offeringId, reason: "Please let me fix it" })).rejects.toBeInstanceOf(ForbiddenError);
    expect(await unlockScores(t.db, admin, { offeringId, reason: "Moderation changed the exam marks" })).toEqual({ status: "returned" });
    expect((await getGradeSheet(t.db, teacher, { offeringId })).editable).toBe(true);
  });

  it("lets an administrator lock the whole term, after which nobody saves, and unlock it with a reason", async () => {
    await expect(lockTermScores(t.db, teacher, { termId })).rejects.toBeInstanceOf(ForbiddenError);
    await lockTermScores(t.db, admin, { termId });
    await expect(lockTermScores(t.db, admin, { termId })).rejects.toThrow(/already locked/);
    const { studentId, componentId } = cellOf(2, 2);
    const version = (await stored(studentId, componentId))!.version;
    await expect(saveScores(t.db, admin, { offeringId, cells: [{ studentId, componentId, raw: "2", expectedVersion: version }] })).rejects.toThrow(/are locked/);
    await expect(lockTermScores(t.db, admin, { termId, unlock: true })).rejects.toBeInstanceOf(ValidationError);
    await lockTermScores(t.db, admin, { termId, unlock: true, reason: "Late coursework accepted" });
    expect((await saveScores(t.db, teacher, { offeringId, cells: [{ studentId, componentId, raw: "2", expectedVersion: version }] })).conflicts).toEqual([]);
  });
});

describe("heads of department", () => {
  it("review the offerings of the department they head, and nothing else", async () => {
    const [subject] = await t.db
      .select({ departmentId: subjects.departmentId })
      .from(subjectOfferings)
      .innerJoin(subjects, eq(subjects.id, subjectOfferings.subjectId))
      .where(eq(subjectOfferings.id, offeringId));
    const head = await makeUser("Head", "head_of_department", { departmentId: subject!.departmentId! });
    const [otherDepartment] = await t.db.insert(departments).values({ code: `X${randomUUID().slice(0, 4)}`, name: `Other ${randomUUID().slice(0, 6)}` }).returning({ id: departments.id });
    const otherHead = await makeUser("Otherhead", "head_of_department", { departmentId: otherDepartment!.id });
    expect((await getGradeSheet(t.db, head, { offeringId })).canReview).toBe(true);
    await expect(getGradeSheet(t.db, otherHead, { offeringId })).rejects.toBeInstanceOf(NotFoundError);
    await expect(getReviewQueue(t.db, teacher)).rejects.toBeInstanceOf(ForbiddenError);
  });
});
