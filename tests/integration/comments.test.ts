// Report-card comments: the class teacher writes theirs for their form class, administrators write the
// principal's, every change is audited with the text before and after, nobody else reaches a class's
// comments, the comment bank suggests comments for the student's average band, and a published card
// picks up a changed comment on the next publish.
import { and, asc, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/policy";
import { selectRows } from "@/lib/db/client";
import { auditLog, commentBank, reportCards, reportComments } from "@/lib/db/schema";
import type { ReportCardContent } from "@/lib/domain/report-card";
import { ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { deleteCommentBankEntry } from "@/lib/server/comments/delete-comment-bank-entry";
import { getClassComments } from "@/lib/server/comments/get-class-comments";
import { listCommentBank } from "@/lib/server/comments/list-comment-bank";
import { saveCommentBankEntry } from "@/lib/server/comments/save-comment-bank-entry";
import { saveReportComment } from "@/lib/server/comments/save-report-comment";
import { computeTermResults } from "@/lib/server/results/compute-term-results";
import { publishTermResults } from "@/lib/server/results/publish-term-results";
import { type TestDatabase, useTestDatabase } from "../support/database";

let t: TestDatabase;
let admin: Actor;
let teacher: Actor;
let otherTeacher: Actor;
let staff: Actor;
let parent: Actor;
let student: Actor;
let termId: string;
/** JSS 1 A, whose class teacher is the demo teacher; the demo student is in it. */
let formClassId: string;
let formStudentId: string;
/** JSS 1 B: the other teacher is its class teacher, and the demo teacher teaches it Mathematics. */
let taughtClassId: string;
let taughtStudentId: string;

async function thrown(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => new Error("expected a refusal, but the call succeeded"),
    (error: unknown) => error,
  );
}

async function validationOf(promise: Promise<unknown>): Promise<ValidationError> {
  const error = await thrown(promise);
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

const storedComments = (studentId: string) =>
  t.db
    .select({ kind: reportComments.kind, body: reportComments.body, authorId: reportComments.authorId })
    .from(reportComments)
    .where(and(eq(reportComments.studentId, studentId), eq(reportComments.termId, termId)))
    .orderBy(asc(reportComments.kind));

const commentAudits = () =>
  t.db
    .select({ action: auditLog.action, actor: auditLog.actorUserId, before: auditLog.before, after: auditLog.after })
    .from(auditLog)
    .where(eq(auditLog.entityType, "report_comment"))
    .orderBy(asc(auditLog.id));

beforeAll(async () => {
  t = await useTestDatabase();
  [admin, teacher, otherTeacher, staff, parent, student] = await Promise.all([
    t.actorFor(t.demo.adminUserId),
    t.actorFor(t.demo.teacher.userId),
    t.actorFor(t.demo.otherTeacher.userId),
    t.actorFor(t.demo.staffUserId),
    t.actorFor(t.demo.parent.userId),
    t.actorFor(t.demo.student.userId),
  ]);
  termId = t.demo.termIds[0]!;
  const [form] = await selectRows<{ id: string }>(
    t.db,
    sql`select id from classes where class_teacher_id = ${t.demo.teacher.educatorId} and academic_year_id = ${t.demo.academicYearId}`,
  );
  formClassId = form!.id;
  formStudentId = t.demo.student.studentId;
  const [taught] = await selectRows<{ classId: string; studentId: string }>(
    t.db,
    sql`select c.id as "classId", min(e.student_id::text) as "studentId"
        from classes c
        join subject_offerings so on so.class_id = c.id and so.term_id = ${termId}
        join offering_teachers ot on ot.offering_id = so.id and ot.educator_id = ${t.demo.teacher.educatorId}
        join enrolments e on e.class_id = c.id and e.status = 'active'
        where c.class_teacher_id = ${t.demo.otherTeacher.educatorId}
        group by c.id`,
  );
  taughtClassId = taught!.classId;
  taughtStudentId = taught!.studentId;
  const [enrolled] = await selectRows<{ classId: string }>(
    t.db,
    sql`select class_id as "classId" from enrolments where student_id = ${formStudentId} and status = 'active'`,
  );
  expect(enrolled!.classId).toBe(formClassId);
});

describe("a class's comments page", () => {
  it("shows the class teacher every student of their form class, with their own column and never the principal's comment", async () => {
    await saveReportComment(t.db, admin, { studentId: formStudentId, termId, kind: "principal", body: "A private draft from the principal." });
    const page = await getClassComments(t.db, teacher, { classId: formClassId, termId });
    const [roster] = await selectRows<{ n: number }>(t.db, sql`select count(*)::int as n from enrolments where class_id = ${formClassId} and status = 'active'`);
    expect(page.className).toBe("JSS 1 A");
    expect(page.students).toHaveLength(roster!.n);
    expect(page.columns).toEqual([{ kind: "class_teacher", label: "Class teacher's comment", writable: true }]);
    for (const row of page.students) {
      expect(Object.keys(row.comments)).toEqual(["class_teacher"]);
      expect(Object.keys(row.suggestions)).toEqual(["class_teacher"]);
    }
    expect(JSON.stringify(page)).not.toContain("A private draft from the principal.");
    expect(page.terms.map((term) => term.id)).toEqual(t.demo.termIds);
  });

  it("shows an administrator both columns of any class, the class teacher's to read and the principal's to write", async () => {
    const page = await getClassComments(t.db, admin, { classId: taughtClassId, termId });
    expect(page.columns).toEqual([
      { kind: "class_teacher", label: "Class teacher's comment", writable: false },
      { kind: "principal", label: "Principal's comment", writable: true },
    ]);
    const mine = await getClassComments(t.db, admin, { classId: formClassId, termId });
    expect(mine.students.find((s) => s.id === formStudentId)!.comments.principal?.body).toBe("A private draft from the principal.");
  });

  it("is not found for a subject teacher who is not the class teacher, another class's teacher, the office, a parent and a student", async () => {
    expect(await thrown(getClassComments(t.db, teacher, { classId: taughtClassId, termId }))).toBeInstanceOf(NotFoundError);
    for (const actor of [otherTeacher, staff, parent, student]) {
      expect(await thrown(getClassComments(t.db, actor, { classId: formClassId, termId }))).toBeInstanceOf(NotFoundError);
    }
    // The other teacher does reach their own form class.
    await expect(getClassComments(t.db, otherTeacher, { classId: taughtClassId, termId })).resolves.toMatchObject({ classId: taughtClassId });
  });

  it("is not found for a term outside the class's year", async () => {
    const [otherYearTerm] = await selectRows<{ id: string }>(
      t.db,
      sql`with y as (insert into academic_years (name, starts_on, ends_on) values ('2040/2041', '2040-09-03', '2041-07-12') returning id)
          insert into terms (academic_year_id, name, sequence, starts_on, ends_on) select y.id, 'First term', 1, '2040-09-03', '2040-12-14' from y returning id`,
    );
    expect(await thrown(getClassComments(t.db, admin, { classId: formClassId, termId: otherYearTerm!.id }))).toBeInstanceOf(NotFoundError);
  });
});

describe("saving a class teacher's comment", () => {
  it("writes, edits and clears the comment, auditing the text before and after each time", async () => {
    const auditsBefore = (await commentAudits()).length;
    const first = await saveReportComment(t.db, teacher, { studentId: formStudentId, termId, kind: "class_teacher", body: "  A steady term's work.  " });
    expect(first).toMatchObject({ outcome: "saved", comment: { body: "A steady term's work.", authorName: teacher.name }, published: false, classId: formClassId });
    expect(await storedComments(formStudentId)).toContainEqual({ kind: "class_teacher", body: "A steady term's work.", authorId: teacher.userId });

    await saveReportComment(t.db, teacher, { studentId: formStudentId, termId, kind: "class_teacher", body: "A steady term's work.\r\nReads widely." });
    const cleared = await saveReportComment(t.db, teacher, { studentId: formStudentId, termId, kind: "class_teacher", body: "   " });
    expect(cleared).toMatchObject({ outcome: "removed", comment: null });
    expect((await storedComments(formStudentId)).map((c) => c.kind)).toEqual(["principal"]);

    const audits = (await commentAudits()).slice(auditsBefore);
    const about = { studentId: formStudentId, termId, kind: "class_teacher" };
    expect(audits).toEqual([
      { action: "report_comment.saved", actor: teacher.userId, before: null, after: { ...about, body: "A steady term's work." } },
      {
        action: "report_comment.saved",
        actor: teacher.userId,
        before: { ...about, body: "A steady term's work." },
        after: { ...about, body: "A steady term's work.\nReads widely." },
      },
      { action: "report_comment.removed", actor: teacher.userId, before: { ...about, body: "A steady term's work.\nReads widely." }, after: null },
    ]);
  });

  it("changes and records nothing when the same text is saved again, or an absent comment is cleared", async () => {
    const input = { studentId: formStudentId, termId, kind: "class_teacher" as const, body: "Helpful to classmates." };
    await saveReportComment(t.db, teacher, input);
    const audits = (await commentAudits()).length;
    expect(await saveReportComment(t.db, teacher, input)).toMatchObject({ outcome: "unchanged", comment: { body: "Helpful to classmates." } });
    expect(await saveReportComment(t.db, teacher, { ...input, body: "" })).toMatchObject({ outcome: "removed" });
    expect(await saveReportComment(t.db, teacher, { ...input, body: "" })).toMatchObject({ outcome: "unchanged", comment: null });
    expect((await commentAudits()).length).toBe(audits + 1);
  });

  it("refuses another class's teacher, the office and families (not found), and an administrator (forbidden), writing nothing", async () => {
    const input = { studentId: formStudentId, termId, kind: "class_teacher" as const, body: "Written by the wrong person." };
    for (const actor of [otherTeacher, staff, parent, student]) {
      expect(await thrown(saveReportComment(t.db, actor, input))).toBeInstanceOf(NotFoundError);
    }
    // The demo teacher teaches this student Mathematics, but is not their class teacher.
    expect(await thrown(saveReportComment(t.db, teacher, { ...input, studentId: taughtStudentId }))).toBeInstanceOf(NotFoundError);
    expect(await thrown(saveReportComment(t.db, admin, input))).toBeInstanceOf(ForbiddenError);
    expect((await storedComments(formStudentId)).map((c) => c.body)).not.toContain("Written by the wrong person.");
    expect(await storedComments(taughtStudentId)).toEqual([]);
  });

  it("refuses a comment that is too long or carries markup, on the comment's field", async () => {
    const input = { studentId: formStudentId, termId, kind: "class_teacher" as const };
    expect((await validationOf(saveReportComment(t.db, teacher, { ...input, body: "x".repeat(2001) }))).fieldErrors.body).toEqual([
      "The comment is at most 2,000 characters",
    ]);
    expect((await validationOf(saveReportComment(t.db, teacher, { ...input, body: "<b>Great</b>" }))).fieldErrors.body).toEqual([
      "The comment can't contain < or >",
    ]);
  });
});

describe("the principal's comment", () => {
  it("is written only by an administrator, not by the class teacher", async () => {
    const input = { studentId: formStudentId, termId, kind: "principal" as const, body: "A pleasure to have in school." };
    expect(await thrown(saveReportComment(t.db, teacher, input))).toBeInstanceOf(ForbiddenError);
    expect(await thrown(saveReportComment(t.db, otherTeacher, input))).toBeInstanceOf(NotFoundError);
    expect(await saveReportComment(t.db, admin, input)).toMatchObject({ outcome: "saved", comment: { body: input.body } });
    expect(await storedComments(formStudentId)).toContainEqual({ kind: "principal", body: input.body, authorId: admin.userId });
  });
});

describe("suggestions from the comment bank", () => {
  it("offers only general comments while the term's results are not computed", async () => {
    const page = await getClassComments(t.db, teacher, { classId: formClassId, termId });
    expect(page.resultsComputed).toBe(false);
    // The demo bank's comments all have a band, so there is nothing to offer yet.
    for (const row of page.students) expect(row).toMatchObject({ average: null, classPosition: null, suggestions: { class_teacher: [] } });
  });

  it("offers up to three active comments of the column's kind whose band holds the student's average, narrowest band first", async () => {
    await computeTermResults(t.db, admin, { termId });
    // Four comments for any average and an inactive one for every average: more candidates than are offered.
    for (const n of [1, 2, 3, 4]) await saveCommentBankEntry(t.db, admin, { kind: "class_teacher", body: `General remark ${n}.`, minAverage: "", maxAverage: "" });
    const { entry: inactive } = await saveCommentBankEntry(t.db, admin, {
      kind: "class_teacher",
      body: "Never suggested.",
      minAverage: "0",
      maxAverage: "100",
      isActive: false,
    });

    for (const [actor, kind] of [
      [teacher, "class_teacher"],
      [admin, "principal"],
    ] as const) {
      const page = await getClassComments(t.db, actor, { classId: formClassId, termId });
      expect(page.resultsComputed).toBe(true);
      const averages = await selectRows<{ studentId: string; average: string }>(
        t.db,
        sql`select student_id as "studentId", average::text as average from term_results where class_id = ${formClassId} and term_id = ${termId} and kind = 'term'`,
      );
      expect(averages.length).toBe(page.students.length);
      for (const { studentId, average } of averages) {
        const row = page.students.find((s) => s.id === studentId)!;
        expect(row.average).toBe(Number(average).toFixed(1));
        const matching = await selectRows<{ id: string; banded: boolean }>(
          t.db,
          sql`select id, min_average is not null as banded from comment_bank
              where is_active and kind = ${kind}
                and (min_average is null or min_average <= ${average}::numeric) and (max_average is null or ${average}::numeric <= max_average)`,
        );
        const offered = row.suggestions[kind]!;
        expect(offered.length).toBe(Math.min(3, matching.length));
        expect(matching.map((m) => m.id)).toEqual(expect.arrayContaining(offered.map((s) => s.id)));
        expect(offered.map((s) => s.id)).not.toContain(inactive.id);
        // The demo bank has exactly one banded comment per kind for every average, and it is the most specific.
        expect(offered[0]!.id).toBe(matching.find((m) => m.banded)!.id);
      }
    }
  });
});

describe("the comment bank", () => {
  it("refuses a band whose lowest average is above its highest, on the highest average's field", async () => {
    const error = await validationOf(saveCommentBankEntry(t.db, admin, { kind: "principal", body: "Upside down.", minAverage: "70", maxAverage: "50" }));
    expect(error.fieldErrors).toEqual({ maxAverage: ["The highest average can't be below the lowest"] });
    const outOfRange = await validationOf(saveCommentBankEntry(t.db, admin, { kind: "principal", body: "Too high.", minAverage: "101", maxAverage: "-1" }));
    expect(Object.keys(outOfRange.fieldErrors).sort()).toEqual(["maxAverage", "minAverage"]);
    expect(await t.db.select().from(commentBank).where(eq(commentBank.body, "Upside down."))).toEqual([]);
  });

  it("is kept by administrators only", async () => {
    const entry = { kind: "principal" as const, body: "Not for teachers to add.", minAverage: "0", maxAverage: "100" };
    for (const actor of [teacher, staff, parent]) {
      expect(await thrown(saveCommentBankEntry(t.db, actor, entry))).toBeInstanceOf(ForbiddenError);
      expect(await thrown(listCommentBank(t.db, actor))).toBeInstanceOf(ForbiddenError);
    }
    const [any] = await t.db.select({ id: commentBank.id }).from(commentBank).limit(1);
    expect(await thrown(deleteCommentBankEntry(t.db, teacher, { id: any!.id }))).toBeInstanceOf(ForbiddenError);
  });

  it("adds an entry once however often it is sent, edits it with an audit record, deactivates and deletes it", async () => {
    const input = { kind: "class_teacher" as const, body: "Shows real improvement.", minAverage: "55", maxAverage: "65.5" };
    const created = await saveCommentBankEntry(t.db, admin, input);
    expect(created).toMatchObject({ outcome: "created", entry: { body: input.body, minAverage: "55.00", maxAverage: "65.50", isActive: true } });
    expect(await saveCommentBankEntry(t.db, admin, input)).toEqual({ outcome: "unchanged", entry: created.entry });
    expect((await listCommentBank(t.db, admin)).filter((e) => e.body === input.body)).toHaveLength(1);

    const id = created.entry.id;
    const edited = await saveCommentBankEntry(t.db, admin, { ...input, id, body: "Shows real improvement this term.", maxAverage: "" });
    expect(edited).toMatchObject({ outcome: "updated", entry: { body: "Shows real improvement this term.", minAverage: "55.00", maxAverage: null } });
    const [audit] = await t.db
      .select({ before: auditLog.before, after: auditLog.after })
      .from(auditLog)
      .where(and(eq(auditLog.action, "comment_bank.updated"), eq(auditLog.entityId, id)));
    expect(audit).toMatchObject({ before: { body: input.body, maxAverage: "65.50" }, after: { body: "Shows real improvement this term.", maxAverage: null } });

    await saveCommentBankEntry(t.db, admin, { ...edited.entry, isActive: false });
    const page = await getClassComments(t.db, teacher, { classId: formClassId, termId });
    expect(page.students.flatMap((s) => s.suggestions.class_teacher ?? []).map((s) => s.id)).not.toContain(id);

    expect(await deleteCommentBankEntry(t.db, admin, { id })).toEqual({ id });
    expect(await t.db.select().from(commentBank).where(eq(commentBank.id, id))).toEqual([]);
    expect(await thrown(deleteCommentBankEntry(t.db, admin, { id }))).toBeInstanceOf(NotFoundError);
    const [deleted] = await t.db.select({ before: auditLog.before }).from(auditLog).where(and(eq(auditLog.action, "comment_bank.deleted"), eq(auditLog.entityId, id)));
    expect(deleted?.before).toMatchObject({ body: "Shows real improvement this term.", isActive: false });
  });
});

describe("publishing", () => {
  it("copies the comments into the card, and a later change shows on the next publish as a new version", async () => {
    await saveReportComment(t.db, teacher, { studentId: formStudentId, termId, kind: "class_teacher", body: "Works hard in every subject." });
    await t.db.execute(sql`update terms set scores_locked_at = now() where id = ${termId}`);
    await publishTermResults(t.db, admin, { termId, classId: formClassId });
    const currentCard = async () => {
      const [card] = await t.db
        .select({ version: reportCards.version, content: reportCards.content })
        .from(reportCards)
        .where(and(eq(reportCards.studentId, formStudentId), eq(reportCards.termId, termId), sql`${reportCards.supersededAt} is null`));
      return { version: card!.version, comments: (card!.content as ReportCardContent).comments };
    };
    expect(await currentCard()).toEqual({
      version: 1,
      comments: { classTeacher: "Works hard in every subject.", principal: "A pleasure to have in school." },
    });

    const page = await getClassComments(t.db, teacher, { classId: formClassId, termId });
    expect(page.anyPublished).toBe(true);
    expect(page.students.find((s) => s.id === formStudentId)!.published).toBe(true);

    const changed = await saveReportComment(t.db, teacher, { studentId: formStudentId, termId, kind: "class_teacher", body: "Works hard; a leader in class." });
    expect(changed).toMatchObject({ outcome: "saved", published: true });
    expect((await currentCard()).comments.classTeacher).toBe("Works hard in every subject.");
    expect(await thrown(publishTermResults(t.db, admin, { termId, classId: formClassId }))).toBeInstanceOf(ValidationError);
    const outcome = await publishTermResults(t.db, admin, { termId, classId: formClassId, reason: "Class teacher's comment revised" });
    expect(outcome.republished).toBe(1);
    expect(await currentCard()).toEqual({
      version: 2,
      comments: { classTeacher: "Works hard; a leader in class.", principal: "A pleasure to have in school." },
    });
  });
});
