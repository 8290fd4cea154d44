// Subject offerings (a subject taught to one class in one term) and the teachers assigned to them:
// the units scores are entered against.
import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { assertCan, type Actor } from "@/lib/auth/policy";
import { type Queryable, selectRows } from "@/lib/db/client";
import { offeringTeachers, subjectOfferings } from "@/lib/db/schema";
import { usedBy } from "@/lib/domain/structure";
import { ConflictError } from "@/lib/errors";
import { writeAudit } from "@/lib/server/audit";
import { parseInput } from "@/lib/validation/common";
import {
  idOnlySchema,
  type OfferingIdInput,
  offeringIdSchema,
  type OfferingInput,
  offeringSchema,
  type OfferingTeacherInput,
  offeringTeacherSchema,
  type OfferToLevelInput,
  offerToLevelSchema,
} from "@/lib/validation/school";
import { deleteOrExplain, educatorName, fieldInvalid, lockStructure, requireActiveEducator, requireRow } from "./structure-shared";

export type TermOption = { id: string; name: string; yearId: string; yearName: string; isCurrent: boolean };
export type TermSummary = {
  term: TermOption;
  classes: Array<{ id: string; name: string; classLevelId: string; levelName: string; offered: number; withoutTeacher: number }>;
};
export type OfferingRow = {
  id: string;
  subjectId: string;
  code: string;
  name: string;
  kind: "core" | "elective";
  teachers: Array<{ id: string; name: string }>;
  scores: number;
};
export type ClassTermOfferings = {
  class: { id: string; name: string; yearName: string };
  term: TermOption;
  offerings: OfferingRow[];
  /** Subjects not yet offered to the class this term. */
  available: Array<{ id: string; code: string; name: string }>;
};

/** Every term, newest year first, for choosing which term to plan. */
export async function listTermOptions(db: Queryable, actor: Actor): Promise<TermOption[]> {
  assertCan(actor, "school.overview");
  return selectRows<TermOption>(
    db,
    sql`select t.id, t.name, y.id as "yearId", y.name as "yearName", t.is_current as "isCurrent"
        from terms t join academic_years y on y.id = t.academic_year_id
        order by y.starts_on desc, t.sequence`,
  );
}

/** A term's classes with how many subjects each is offered and how many still lack a teacher. */
export async function getTermSummary(db: Queryable, actor: Actor, termId: string): Promise<TermSummary | null> {
  assertCan(actor, "school.overview");
  const parsed = idOnlySchema.safeParse({ id: termId });
  if (!parsed.success) return null;
  const { id } = parsed.data;
  const [term] = await selectRows<TermOption>(
    db,
    sql`select t.id, t.name, y.id as "yearId", y.name as "yearName", t.is_current as "isCurrent"
        from terms t join academic_years y on y.id = t.academic_year_id where t.id = ${id}`,
  );
  if (!term) return null;
  const classes = await selectRows<TermSummary["classes"][number]>(
    db,
    sql`select c.id, c.name, c.class_level_id as "classLevelId", l.name as "levelName",
               (select count(*)::int from subject_offerings so where so.class_id = c.id and so.term_id = ${id}) as offered,
               (select count(*)::int from subject_offerings so where so.class_id = c.id and so.term_id = ${id}
                  and not exists (select 1 from offering_teachers ot where ot.offering_id = so.id)) as "withoutTeacher"
        from classes c join class_levels l on l.id = c.class_level_id
        where c.academic_year_id = ${term.yearId}
        order by l.sequence, c.arm`,
  );
  return { term, classes };
}

/** What one class is offered in one term, with each subject's teachers; null if they don't exist or don't match. */
export async function getClassTermOfferings(db: Queryable, actor: Actor, input: { classId: string; termId: string }): Promise<ClassTermOfferings | null> {
  assertCan(actor, "school.overview");
  const classParsed = idOnlySchema.safeParse({ id: input.classId });
  const termParsed = idOnlySchema.safeParse({ id: input.termId });
  if (!classParsed.success || !termParsed.success) return null;
  const [classId, termId] = [classParsed.data.id, termParsed.data.id];
  const [row] = await selectRows<{ class: ClassTermOfferings["class"]; term: TermOption }>(
    db,
    sql`select json_build_object('id', c.id, 'name', c.name, 'yearName', y.name) as class,
               json_build_object('id', t.id, 'name', t.name, 'yearId', y.id, 'yearName', y.name, 'isCurrent', t.is_current) as term
        from classes c join terms t on t.academic_year_id = c.academic_year_id join academic_years y on y.id = c.academic_year_id
        where c.id = ${classId} and t.id = ${termId}`,
  );
  if (!row) return null;
  const offerings = await selectRows<OfferingRow>(
    db,
    sql`select so.id, s.id as "subjectId", s.code, s.name, s.kind,
               coalesce((select json_agg(json_build_object('id', e.id, 'name', ${educatorName("e")}) order by e.last_name, e.first_name)
                         from offering_teachers ot join educators e on e.id = ot.educator_id where ot.offering_id = so.id), '[]'::json) as teachers,
               (select count(*)::int from scores sc where sc.offering_id = so.id) as scores
        from subject_offerings so join subjects s on s.id = so.subject_id
        where so.class_id = ${classId} and so.term_id = ${termId}
        order by s.kind, s.name`,
  );
  const available = await selectRows<ClassTermOfferings["available"][number]>(
    db,
    sql`select s.id, s.code, s.name from subjects s
        where not exists (select 1 from subject_offerings so where so.subject_id = s.id and so.class_id = ${classId} and so.term_id = ${termId})
        order by s.name`,
  );
  return { ...row, offerings, available };
}

type OfferingSnapshot = { id: string; subjectId: string; classId: string; termId: string; teacherIds: string[] };

async function offeringSnapshot(tx: Queryable, offeringId: string): Promise<OfferingSnapshot & { subjectName: string; className: string }> {
  return requireRow(
    tx,
    sql`select so.id, so.subject_id as "subjectId", so.class_id as "classId", so.term_id as "termId", s.name as "subjectName", c.name as "className",
               coalesce((select json_agg(ot.educator_id order by ot.educator_id) from offering_teachers ot where ot.offering_id = so.id), '[]'::json) as "teacherIds"
        from subject_offerings so join subjects s on s.id = so.subject_id join classes c on c.id = so.class_id
        where so.id = ${offeringId}`,
    "subject offering",
  );
}

/**
 * Offers a subject to a class for a term, with any teachers given. Offering it again (a double
 * submit) returns the existing offering, adding only teachers it lacks.
 */
export async function addOffering(db: Queryable, actor: Actor, input: OfferingInput): Promise<OfferingSnapshot & { created: boolean }> {
  assertCan(actor, "school.manage");
  const { classId, termId, subjectId, teacherIds } = parseInput(offeringSchema, input);
  return db.transaction(async (tx) => {
    await lockStructure(tx);
    const [klass] = await selectRows<{ id: string; name: string; yearId: string; yearName: string }>(
      tx,
      sql`select c.id, c.name, y.id as "yearId", y.name as "yearName" from classes c join academic_years y on y.id = c.academic_year_id where c.id = ${classId}`,
    );
    if (!klass) throw fieldInvalid("Choose the class from the list.", "classId", "Choose the class from the list");
    const [term] = await selectRows<{ id: string; name: string; yearId: string; yearName: string }>(
      tx,
      sql`select t.id, t.name, y.id as "yearId", y.name as "yearName" from terms t join academic_years y on y.id = t.academic_year_id where t.id = ${termId}`,
    );
    if (!term) throw fieldInvalid("Choose the term from the list.", "termId", "Choose the term from the list");
    if (term.yearId !== klass.yearId) {
      throw fieldInvalid(`${term.name} is a term of ${term.yearName}, but ${klass.name} is a class of ${klass.yearName}.`, "termId", `Choose a term of ${klass.yearName}`);
    }
    const [subject] = await selectRows<{ id: string }>(tx, sql`select id from subjects where id = ${subjectId}`);
    if (!subject) throw fieldInvalid("Choose the subject from the list.", "subjectId", "Choose the subject from the list");
    for (const educatorId of teacherIds) await requireActiveEducator(tx, educatorId, "teacherIds");

    const [inserted] = await tx.insert(subjectOfferings).values({ classId, termId, subjectId }).onConflictDoNothing().returning({ id: subjectOfferings.id });
    const [offering] = inserted
      ? [inserted]
      : await selectRows<{ id: string }>(tx, sql`select id from subject_offerings where class_id = ${classId} and term_id = ${termId} and subject_id = ${subjectId}`);
    const before = inserted ? null : await offeringSnapshot(tx, offering!.id);
    if (teacherIds.length > 0) {
      await tx
        .insert(offeringTeachers)
        .values(teacherIds.map((educatorId) => ({ offeringId: offering!.id, educatorId })))
        .onConflictDoNothing();
    }
    const after = await offeringSnapshot(tx, offering!.id);
    const changed = !before || before.teacherIds.length !== after.teacherIds.length;
    if (changed) {
      await writeAudit(tx, actor, {
        action: inserted ? "subject_offering.create" : "subject_offering.assign_teacher",
        entityType: "subject_offering",
        entityId: offering!.id,
        before: before ? snapshotOnly(before) : null,
        after: snapshotOnly(after),
      });
    }
    return { ...snapshotOnly(after), created: Boolean(inserted) };
  });
}

const snapshotOnly = ({ id, subjectId, classId, termId, teacherIds }: OfferingSnapshot): OfferingSnapshot => ({ id, subjectId, classId, termId, teacherIds });

/** Stops offering a subject to a class for a term, unless scores or results already hang on it. */
export async function removeOffering(db: Queryable, actor: Actor, input: OfferingIdInput): Promise<{ id: string; subjectName: string; className: string }> {
  assertCan(actor, "school.manage");
  const { offeringId } = parseInput(offeringIdSchema, input);
  return db.transaction(async (tx) => {
    await lockStructure(tx);
    const before = await offeringSnapshot(tx, offeringId);
    const [uses] = await selectRows<{ scores: number; results: number }>(
      tx,
      sql`select (select count(*)::int from scores where offering_id = ${offeringId}) as scores,
                 (select count(*)::int from subject_results where offering_id = ${offeringId}) as results`,
    );
    const used = usedBy(
      [
        [uses!.scores, "score"],
        [uses!.results, "subject result"],
      ],
      `${before.subjectName} in ${before.className}`,
    );
    if (used) throw new ConflictError(`${before.subjectName} can't be removed from ${before.className}: ${used}.`, { offeringId: [used] });
    await deleteOrExplain(() => tx.delete(subjectOfferings).where(eq(subjectOfferings.id, offeringId)), `${before.subjectName} in ${before.className}`);
    await writeAudit(tx, actor, { action: "subject_offering.delete", entityType: "subject_offering", entityId: offeringId, before: snapshotOnly(before) });
    return { id: offeringId, subjectName: before.subjectName, className: before.className };
  });
}

/** Assigns an active teacher to an offering; already assigned is no change. */
export async function assignOfferingTeacher(db: Queryable, actor: Actor, input: OfferingTeacherInput): Promise<{ changed: boolean; teacherName: string }> {
  assertCan(actor, "school.manage");
  const { offeringId, educatorId } = parseInput(offeringTeacherSchema, input);
  return db.transaction(async (tx) => {
    await lockStructure(tx);
    const before = await offeringSnapshot(tx, offeringId);
    const teacher = await requireActiveEducator(tx, educatorId, "educatorId");
    const inserted = await tx.insert(offeringTeachers).values({ offeringId, educatorId }).onConflictDoNothing().returning({ educatorId: offeringTeachers.educatorId });
    if (inserted.length === 0) return { changed: false, teacherName: teacher.name };
    const after = await offeringSnapshot(tx, offeringId);
    await writeAudit(tx, actor, {
      action: "subject_offering.assign_teacher",
      entityType: "subject_offering",
      entityId: offeringId,
      before: snapshotOnly(before),
      after: snapshotOnly(after),
    });
    return { changed: true, teacherName: teacher.name };
  });
}

/** Takes a teacher off an offering; not assigned is no change. Scores they entered stay. */
export async function unassignOfferingTeacher(db: Queryable, actor: Actor, input: OfferingTeacherInput): Promise<{ changed: boolean }> {
  assertCan(actor, "school.manage");
  const { offeringId, educatorId } = parseInput(offeringTeacherSchema, input);
  return db.transaction(async (tx) => {
    await lockStructure(tx);
    const before = await offeringSnapshot(tx, offeringId);
    const removed = await tx
      .delete(offeringTeachers)
      .where(and(eq(offeringTeachers.offeringId, offeringId), eq(offeringTeachers.educatorId, educatorId)))
      .returning({ educatorId: offeringTeachers.educatorId });
    if (removed.length === 0) return { changed: false };
    const after = await offeringSnapshot(tx, offeringId);
    await writeAudit(tx, actor, {
      action: "subject_offering.unassign_teacher",
      entityType: "subject_offering",
      entityId: offeringId,
      before: snapshotOnly(before),
      after: snapshotOnly(after),
    });
    return { changed: true };
  });
}

export type OfferToLevelResult = { classes: number; created: number; alreadyOffered: number; levelName: string; termName: string };

/**
 * Offers the chosen subjects to every class of a level for a term, in one statement; classes
 * already offered a subject keep their offering (and teachers), so running it again adds nothing.
 */
export async function offerSubjectsToLevel(db: Queryable, actor: Actor, input: OfferToLevelInput): Promise<OfferToLevelResult> {
  assertCan(actor, "school.manage");
  const { termId, classLevelId, subjectIds } = parseInput(offerToLevelSchema, input);
  const uniqueSubjectIds = [...new Set(subjectIds)];
  return db.transaction(async (tx) => {
    await lockStructure(tx);
    const [term] = await selectRows<{ id: string; name: string; yearId: string; yearName: string }>(
      tx,
      sql`select t.id, t.name, y.id as "yearId", y.name as "yearName" from terms t join academic_years y on y.id = t.academic_year_id where t.id = ${termId}`,
    );
    if (!term) throw fieldInvalid("Choose the term from the list.", "termId", "Choose the term from the list");
    const [level] = await selectRows<{ name: string }>(tx, sql`select name from class_levels where id = ${classLevelId}`);
    if (!level) throw fieldInvalid("Choose the level from the list.", "classLevelId", "Choose the level from the list");
    const [found] = await selectRows<{ n: number }>(
      tx,
      sql`select count(*)::int as n from subjects where id in (${sql.join(
        uniqueSubjectIds.map((id) => sql`${id}`),
        sql`, `,
      )})`,
    );
    if (found!.n !== uniqueSubjectIds.length) throw fieldInvalid("Choose subjects from the list.", "subjectIds", "Some of these subjects no longer exist; reload the page");
    const [classCount] = await selectRows<{ n: number }>(
      tx,
      sql`select count(*)::int as n from classes where academic_year_id = ${term.yearId} and class_level_id = ${classLevelId}`,
    );
    if (classCount!.n === 0) {
      throw fieldInvalid(`${level.name} has no classes in ${term.yearName}.`, "classLevelId", `${level.name} has no classes in ${term.yearName} yet`);
    }
    const created = await selectRows<{ id: string; classId: string; subjectId: string }>(
      tx,
      sql`insert into subject_offerings (subject_id, class_id, term_id)
          select s.id, c.id, ${termId}::uuid
          from classes c cross join subjects s
          where c.academic_year_id = ${term.yearId} and c.class_level_id = ${classLevelId}
            and s.id in (${sql.join(
              uniqueSubjectIds.map((id) => sql`${id}`),
              sql`, `,
            )})
          on conflict (subject_id, class_id, term_id) do nothing
          returning id, class_id as "classId", subject_id as "subjectId"`,
    );
    const total = classCount!.n * uniqueSubjectIds.length;
    if (created.length > 0) {
      await writeAudit(tx, actor, {
        action: "subject_offering.offer_to_level",
        entityType: "term",
        entityId: termId,
        before: null,
        after: { classLevelId, subjectIds: uniqueSubjectIds, created },
      });
    }
    return { classes: classCount!.n, created: created.length, alreadyOffered: total - created.length, levelName: level.name, termName: term.name };
  });
}
