// Publishing a term's report cards and reading them: refusals that list exactly what is missing,
// immutable versioned snapshots with a content hash, idempotent re-publishing, the public
// verification answer, and parents who reach only their own children's cards.
import { randomUUID } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/policy";
import { selectRows } from "@/lib/db/client";
import { reportCards, scores } from "@/lib/db/schema";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { lockTermScores } from "@/lib/server/gradebook/lock-term-scores";
import { getReportCard } from "@/lib/server/report-cards/get-report-card";
import { listReportCards } from "@/lib/server/report-cards/list-report-cards";
import { verifyReportCard } from "@/lib/server/report-cards/verify-report-card";
import { contentHash, publishTermResults } from "@/lib/server/results/publish-term-results";
import { type TestDatabase, useTestDatabase } from "../support/database";

let t: TestDatabase;
let admin: Actor;
let teacher: Actor;
let parent: Actor;
let otherParent: Actor;
let student: Actor;
let termId: string;
/** The class of the demo parent's first child, and that child. */
let classId: string;
let childId: string;
let strangerChildId: string;

async function conflictOf(promise: Promise<unknown>): Promise<ConflictError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ConflictError);
  return error as ConflictError;
}

beforeAll(async () => {
  t = await useTestDatabase();
  admin = await t.actorFor(t.demo.adminUserId);
  teacher = await t.actorFor(t.demo.teacher.userId);
  parent = await t.actorFor(t.demo.parent.userId);
  student = await t.actorFor(t.demo.student.userId);
  termId = t.demo.termIds[0]!;
  childId = t.demo.parent.studentIds[0]!;
  const [row] = await selectRows<{ classId: string }>(t.db, sql`select class_id as "classId" from enrolments where student_id = ${childId} and status = 'active'`);
  classId = row!.classId;
  // A parent of another family: a guardian account linked to a student of the same class.
  const [stranger] = await selectRows<{ id: string }>(
    t.db,
    sql`select e.student_id as id from enrolments e where e.class_id = ${classId} and e.status = 'active'
          and e.student_id not in (select gs.student_id from guardian_students gs where gs.guardian_id = ${t.demo.parent.guardianId}) limit 1`,
  );
  strangerChildId = stranger!.id;
  const [user] = await selectRows<{ id: string }>(
    t.db,
    sql`insert into users (email, name, status, email_verified_at) values (${`other.${randomUUID().slice(0, 6)}@family.test`}, 'Other Parent', 'active', now()) returning id`,
  );
  await t.db.execute(sql`insert into user_roles (user_id, role_id) select ${user!.id}, id from roles where key = 'parent'`);
  const [guardian] = await selectRows<{ id: string }>(
    t.db,
    sql`insert into guardians (first_name, last_name, user_id) values ('Other', 'Parent', ${user!.id}) returning id`,
  );
  await t.db.execute(sql`insert into guardian_students (guardian_id, student_id, relationship, is_primary_contact) values (${guardian!.id}, ${strangerChildId}, 'mother', false)`);
  otherParent = await t.actorFor(user!.id);
});

describe("publishing", () => {
  it("is refused while scores are open, listing each subject that is not approved", async () => {
    const error = await conflictOf(publishTermResults(t.db, admin, { termId, classId }));
    const problems = error.fieldErrors.problems!;
    expect(problems.length).toBeGreaterThan(3);
    expect(problems.some((p) => /^Mathematics, .+: scores are still open for entry; they must be approved or the term locked\.$/.test(p))).toBe(true);
    expect(await t.db.select().from(reportCards)).toEqual([]);
  });

  it("is refused for an empty cell, naming the subject, the assessment and the student", async () => {
    await lockTermScores(t.db, admin, { termId });
    const [victim] = await selectRows<{ offeringId: string; studentId: string; componentId: string; name: string }>(
      t.db,
      sql`select sc.offering_id as "offeringId", sc.student_id as "studentId", sc.component_id as "componentId",
                 st.last_name || ', ' || st.first_name as name
          from scores sc join subject_offerings so on so.id = sc.offering_id and so.class_id = ${classId} and so.term_id = ${termId}
          join subjects s on s.id = so.subject_id and s.code = 'ENG'
          join assessment_components ac on ac.id = sc.component_id and ac.code = 'CA2'
          join students st on st.id = sc.student_id
          limit 1`,
    );
    const [saved] = await t.db
      .delete(scores)
      .where(and(eq(scores.offeringId, victim!.offeringId), eq(scores.studentId, victim!.studentId), eq(scores.componentId, victim!.componentId)))
      .returning();
    const error = await conflictOf(publishTermResults(t.db, admin, { termId, classId }));
    expect(error.fieldErrors.problems).toEqual([expect.stringMatching(new RegExp(`^English Language, .+: CA2 is empty for 1 student \\(${victim!.name}\\)\\.$`))]);
    await t.db.insert(scores).values(saved!);
  });

  it("stores one immutable card per student with its hash, and publishing again changes nothing", async () => {
    const first = await publishTermResults(t.db, admin, { termId, classId });
    expect(first.published).toBeGreaterThan(0);
    expect(first).toMatchObject({ republished: 0, unchanged: 0 });
    const cards = await t.db.select().from(reportCards).where(eq(reportCards.classId, classId));
    expect(cards).toHaveLength(first.published);
    for (const card of cards) expect(card.contentHash).toBe(contentHash(card.content as never));
    expect(await publishTermResults(t.db, admin, { termId, classId })).toEqual({ published: 0, republished: 0, unchanged: first.published });
    await expect(publishTermResults(t.db, teacher, { termId, classId })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("gives a changed card a new version only with a reason, and marks the old one superseded", async () => {
    const [before] = await t.db.select().from(reportCards).where(and(eq(reportCards.studentId, childId), isNull(reportCards.supersededAt)));
    await lockTermScores(t.db, admin, { termId, unlock: true, reason: "Late coursework accepted" });
    await t.db.execute(sql`update scores set mark = 'score', value = 0 where student_id = ${childId}
      and offering_id in (select id from subject_offerings where class_id = ${classId} and term_id = ${termId})
      and component_id in (select id from assessment_components where code = 'ASG')`);
    await lockTermScores(t.db, admin, { termId });
    await expect(publishTermResults(t.db, admin, { termId, classId })).rejects.toBeInstanceOf(ValidationError);
    const outcome = await publishTermResults(t.db, admin, { termId, classId, reason: "Coursework re-marked" });
    expect(outcome.republished).toBeGreaterThanOrEqual(1);
    const versions = await t.db.select().from(reportCards).where(eq(reportCards.studentId, childId));
    expect(versions.map((v) => v.version).sort()).toEqual([1, 2]);
    const old = versions.find((v) => v.version === 1)!;
    const current = versions.find((v) => v.version === 2)!;
    expect(old.supersededAt).not.toBeNull();
    expect(current).toMatchObject({ reason: "Coursework re-marked", supersededAt: null });
    expect(old.id).toBe(before!.id);

    expect(await verifyReportCard(t.db, { code: current.verificationCode, hashStart: current.contentHash.slice(0, 16) })).toMatchObject({ status: "current", version: 2 });
    expect(await verifyReportCard(t.db, { code: old.verificationCode })).toMatchObject({ status: "superseded", version: 1 });
    expect(await verifyReportCard(t.db, { code: current.verificationCode, hashStart: "0000000000000000" })).toMatchObject({ status: "mismatch" });
    expect(await verifyReportCard(t.db, { code: "ABCDEFGHJKMNPQRSTUVW" })).toEqual({ status: "unknown" });
    expect(await verifyReportCard(t.db, { code: "not a code" })).toEqual({ status: "unknown" });
    const genuine = await verifyReportCard(t.db, { code: current.verificationCode });
    expect(JSON.stringify(genuine)).not.toMatch(/average|total|"grade"/i);
  });
});

describe("publishing a whole level", () => {
  it("publishes nothing while one class of the level has a gap, then every class at once", async () => {
    const classes = await selectRows<{ id: string; name: string; levelId: string }>(
      t.db,
      sql`select c.id, c.name, c.class_level_id as "levelId" from classes c
          where c.class_level_id = (select class_level_id from classes where id = ${classId}) order by c.arm`,
    );
    expect(classes.length).toBeGreaterThan(1);
    const other = classes.find((c) => c.id !== classId)!;
    const [gap] = await t.db
      .delete(scores)
      .where(sql`${scores.id} = (select sc.id from scores sc join subject_offerings so on so.id = sc.offering_id
                                 where so.class_id = ${other.id} and so.term_id = ${termId} limit 1)`)
      .returning();
    const error = await conflictOf(publishTermResults(t.db, admin, { termId, classLevelId: other.levelId, reason: "Level publish" }));
    expect(error.fieldErrors.problems).toEqual([expect.stringContaining(`${other.name}: `)]);
    expect(await t.db.select().from(reportCards).where(eq(reportCards.classId, other.id))).toEqual([]);
    await t.db.insert(scores).values(gap!);
    const outcome = await publishTermResults(t.db, admin, { termId, classLevelId: other.levelId, reason: "Level publish" });
    expect(outcome.published).toBeGreaterThan(0);
    for (const c of classes) {
      expect((await t.db.select().from(reportCards).where(and(eq(reportCards.classId, c.id), isNull(reportCards.supersededAt)))).length).toBeGreaterThan(0);
    }
  });
});

describe("reading report cards", () => {
  it("gives a parent their child's current card and progress, built from published snapshots only", async () => {
    const { cards, progress } = await listReportCards(t.db, parent, { studentId: childId });
    expect(cards).toEqual([expect.objectContaining({ termId, version: 2 })]);
    expect(progress.length).toBeGreaterThan(3);
    const card = await getReportCard(t.db, parent, { studentId: childId, termId });
    expect(card.verification).toMatchObject({ version: 2, superseded: false });
    expect(card.verification.url).toMatch(/\/verify\/[2-9A-HJKMNP-Z]{20}\?h=[0-9a-f]{16}$/);
    expect(card.content.student.id).toBe(childId);
    expect(card.content.subjects.length).toBeGreaterThan(3);
    expect(card.content.summary.classSize).toBeGreaterThan(1);
  });

  it("treats another family's child exactly like a card that doesn't exist", async () => {
    const theirs = await getReportCard(t.db, otherParent, { studentId: childId, termId }).catch((e: unknown) => e);
    const missing = await getReportCard(t.db, parent, { studentId: childId, termId: t.demo.termIds[2]! }).catch((e: unknown) => e);
    expect(theirs).toBeInstanceOf(NotFoundError);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect((theirs as Error).message).toBe((missing as Error).message);
    expect(await listReportCards(t.db, otherParent, { studentId: childId })).toEqual({ cards: [], progress: [] });
    // Their own child's card is theirs to read.
    expect((await getReportCard(t.db, otherParent, { studentId: strangerChildId, termId })).content.student.id).toBe(strangerChildId);
  });

  it("lets a student read only their own cards, and a teacher without results access none", async () => {
    // The demo student is the demo parent's first child.
    expect(childId).toBe(t.demo.student.studentId);
    expect((await getReportCard(t.db, student, { studentId: childId, termId })).content.student.id).toBe(childId);
    await expect(getReportCard(t.db, student, { studentId: strangerChildId, termId })).rejects.toBeInstanceOf(NotFoundError);
    await expect(getReportCard(t.db, teacher, { studentId: childId, termId })).rejects.toBeInstanceOf(NotFoundError);
    expect((await getReportCard(t.db, admin, { studentId: childId, termId })).content.student.id).toBe(childId);
  });
});
