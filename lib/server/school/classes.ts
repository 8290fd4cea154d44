// Classes (arms) of a level in one academic year: their names, places, and class teachers.
import "server-only";
import { eq, sql } from "drizzle-orm";
import { assertCan, type Actor } from "@/lib/auth/policy";
import { type Queryable, selectRows } from "@/lib/db/client";
import { classes } from "@/lib/db/schema";
import { countOf, defaultClassName, usedBy } from "@/lib/domain/structure";
import { ConflictError } from "@/lib/errors";
import { writeAudit } from "@/lib/server/audit";
import { parseInput } from "@/lib/validation/common";
import { type ClassInput, classSchema, type IdOnlyInput, idOnlySchema, type UpdateClassInput, updateClassSchema } from "@/lib/validation/school";
import { deleteOrExplain, educatorName, fieldInvalid, FieldProblems, lockStructure, mapConstraint, requireActiveEducator, requireRow } from "./structure-shared";

export type SchoolClass = {
  id: string;
  academicYearId: string;
  classLevelId: string;
  arm: string;
  name: string;
  capacity: number;
  classTeacherId: string | null;
};
export type ClassRow = SchoolClass & { levelName: string; classTeacher: string | null; enrolled: number; offerings: number };

const classColumns = sql`c.id, c.academic_year_id as "academicYearId", c.class_level_id as "classLevelId", c.arm, c.name,
  c.capacity, c.class_teacher_id as "classTeacherId"`;

/** A year's classes in level order, with their class teachers and how full they are. */
export async function listClasses(db: Queryable, actor: Actor, academicYearId: string): Promise<ClassRow[]> {
  assertCan(actor, "school.overview");
  const { id } = parseInput(idOnlySchema, { id: academicYearId });
  return selectRows<ClassRow>(
    db,
    sql`select ${classColumns}, l.name as "levelName", ${educatorName("e")} as "classTeacher",
               (select count(*)::int from enrolments en where en.class_id = c.id and en.status = 'active') as enrolled,
               (select count(*)::int from subject_offerings so where so.class_id = c.id) as offerings
        from classes c join class_levels l on l.id = c.class_level_id left join educators e on e.id = c.class_teacher_id
        where c.academic_year_id = ${id}
        order by l.sequence, c.arm`,
  );
}

export async function getClass(db: Queryable, actor: Actor, id: string): Promise<ClassRow | null> {
  assertCan(actor, "school.overview");
  // A mistyped id in a link is simply "no such class".
  const parsed = idOnlySchema.safeParse({ id });
  if (!parsed.success) return null;
  const [row] = await selectRows<ClassRow>(
    db,
    sql`select ${classColumns}, l.name as "levelName", ${educatorName("e")} as "classTeacher",
               (select count(*)::int from enrolments en where en.class_id = c.id and en.status = 'active') as enrolled,
               (select count(*)::int from subject_offerings so where so.class_id = c.id) as offerings
        from classes c join class_levels l on l.id = c.class_level_id left join educators e on e.id = c.class_teacher_id
        where c.id = ${parsed.data.id}`,
  );
  return row ?? null;
}

type Candidate = {
  id?: string;
  academicYearId: string;
  classLevelId: string;
  arm: string;
  name: string;
  /** False when the name is the default one: a clash then is the arm's, reported once. */
  nameGiven: boolean;
  classTeacherId: string | null;
};

/** Clashing arms and names in the year, and a class teacher who already has a class this year. */
async function checkClassFits(tx: Queryable, candidate: Candidate, teacherChanged: boolean): Promise<FieldProblems> {
  const problems = new FieldProblems();
  const others = await selectRows<SchoolClass & { levelName: string; yearName: string }>(
    tx,
    sql`select ${classColumns}, l.name as "levelName", y.name as "yearName"
        from classes c join class_levels l on l.id = c.class_level_id join academic_years y on y.id = c.academic_year_id
        where c.academic_year_id = ${candidate.academicYearId} and c.id is distinct from ${candidate.id ?? null}`,
  );
  const sameArm = others.find((other) => other.classLevelId === candidate.classLevelId && other.arm === candidate.arm);
  if (sameArm) problems.add("arm", `${sameArm.levelName} already has an arm ${candidate.arm} in ${sameArm.yearName}: ${sameArm.name}`);
  const sameName = others.find((other) => other.name.toLowerCase() === candidate.name.toLowerCase());
  if (sameName && (candidate.nameGiven || !sameArm)) problems.add("name", `Another class in ${sameName.yearName} is called ${sameName.name}`);
  // Only a new choice is checked: an unchanged class teacher never blocks editing the rest.
  if (candidate.classTeacherId && teacherChanged) {
    const teacher = await requireActiveEducator(tx, candidate.classTeacherId, "classTeacherId");
    const mentored = others.find((other) => other.classTeacherId === candidate.classTeacherId);
    if (mentored) {
      problems.add("classTeacherId", `${teacher.name} is already class teacher of ${mentored.name} this year; a teacher looks after one class a year`);
    }
  }
  return problems;
}

const classConstraintRefusals = {
  classes_year_level_arm_key: () => new ConflictError("That arm is taken.", { arm: ["This level already has that arm this year"] }),
  classes_year_name_key: () => new ConflictError("That name is taken.", { name: ["Another class this year has this name"] }),
};

const returning = {
  id: classes.id,
  academicYearId: classes.academicYearId,
  classLevelId: classes.classLevelId,
  arm: classes.arm,
  name: classes.name,
  capacity: classes.capacity,
  classTeacherId: classes.classTeacherId,
};

async function levelName(tx: Queryable, classLevelId: string): Promise<string> {
  const [level] = await selectRows<{ name: string }>(tx, sql`select name from class_levels where id = ${classLevelId}`);
  if (!level) throw fieldInvalid("Choose the level from the list.", "classLevelId", "Choose the level from the list");
  return level.name;
}

/**
 * Adds a class to a year; without a name it is "<level name> <arm>". The same submission twice
 * returns the class the first one made.
 */
export async function createClass(db: Queryable, actor: Actor, input: ClassInput): Promise<SchoolClass> {
  assertCan(actor, "school.manage");
  const values = parseInput(classSchema, input);
  return db.transaction(async (tx) => {
    await lockStructure(tx);
    await requireRow(tx, sql`select id from academic_years where id = ${values.academicYearId}`, "year");
    const name = values.name ?? defaultClassName(await levelName(tx, values.classLevelId), values.arm);
    const candidate = { ...values, name, nameGiven: values.name !== null };
    const [same] = await selectRows<SchoolClass>(
      tx,
      sql`select ${classColumns} from classes c
          where c.academic_year_id = ${values.academicYearId} and c.class_level_id = ${values.classLevelId} and c.arm = ${values.arm}
            and c.name = ${name} and c.capacity = ${values.capacity} and c.class_teacher_id is not distinct from ${values.classTeacherId}`,
    );
    if (same) return same;
    (await checkClassFits(tx, candidate, true)).throwIfAny("That class clashes with another one.");
    const [created] = await mapConstraint(() => tx.insert(classes).values({ ...values, name }).returning(returning), classConstraintRefusals);
    await writeAudit(tx, actor, { action: "class.create", entityType: "class", entityId: created!.id, after: created });
    return created!;
  });
}

/**
 * Changes a class's level, arm, name, places or class teacher. Places can't go below the students
 * enrolled, and a class with students keeps its level (move them first).
 */
export async function updateClass(db: Queryable, actor: Actor, input: UpdateClassInput): Promise<SchoolClass> {
  assertCan(actor, "school.manage");
  const { id, ...values } = parseInput(updateClassSchema, input);
  return db.transaction(async (tx) => {
    await lockStructure(tx);
    const before = await requireRow<SchoolClass>(tx, sql`select ${classColumns} from classes c where c.id = ${id} for update`, "class");
    const name = values.name ?? defaultClassName(await levelName(tx, values.classLevelId), values.arm);
    const candidate = { ...values, id, academicYearId: before.academicYearId, name, nameGiven: values.name !== null };
    if (
      before.classLevelId === candidate.classLevelId &&
      before.arm === candidate.arm &&
      before.name === candidate.name &&
      before.capacity === candidate.capacity &&
      before.classTeacherId === candidate.classTeacherId
    ) {
      return before;
    }
    const problems = await checkClassFits(tx, candidate, candidate.classTeacherId !== before.classTeacherId);
    const [{ enrolled } = { enrolled: 0 }] = await selectRows<{ enrolled: number }>(
      tx,
      sql`select count(*)::int as enrolled from enrolments where class_id = ${id} and status = 'active'`,
    );
    if (candidate.capacity < enrolled) {
      problems.add("capacity", `${countOf(enrolled, "student")} ${enrolled === 1 ? "is" : "are"} enrolled in ${before.name}; the class needs at least ${countOf(enrolled, "place")}`);
    }
    if (candidate.classLevelId !== before.classLevelId && enrolled > 0) {
      problems.add("classLevelId", `${countOf(enrolled, "student")} ${enrolled === 1 ? "is" : "are"} enrolled in ${before.name}; move them before changing its level`);
    }
    problems.throwIfAny("Those changes don't fit.");
    const [after] = await mapConstraint(
      () => tx.update(classes).set({ classLevelId: candidate.classLevelId, arm: candidate.arm, name, capacity: candidate.capacity, classTeacherId: candidate.classTeacherId }).where(eq(classes.id, id)).returning(returning),
      classConstraintRefusals,
    );
    await writeAudit(tx, actor, { action: "class.update", entityType: "class", entityId: id, before, after });
    return after!;
  });
}

/** Deletes a class nothing uses yet; otherwise says what uses it. */
export async function deleteClass(db: Queryable, actor: Actor, input: IdOnlyInput): Promise<{ id: string; name: string }> {
  assertCan(actor, "school.manage");
  const { id } = parseInput(idOnlySchema, input);
  return db.transaction(async (tx) => {
    await lockStructure(tx);
    const before = await requireRow<SchoolClass>(tx, sql`select ${classColumns} from classes c where c.id = ${id} for update`, "class");
    const [uses] = await selectRows<{ enrolments: number; offerings: number; results: number; reports: number; promotions: number }>(
      tx,
      sql`select (select count(*)::int from enrolments where class_id = ${id}) as enrolments,
                 (select count(*)::int from subject_offerings where class_id = ${id}) as offerings,
                 (select count(*)::int from term_results where class_id = ${id}) as results,
                 (select count(*)::int from report_cards where class_id = ${id}) as reports,
                 (select count(*)::int from promotion_decisions where target_class_id = ${id}) as promotions`,
    );
    const used = usedBy(
      [
        [uses!.enrolments, "enrolment"],
        [uses!.offerings, "subject offering"],
        [uses!.results, "term result"],
        [uses!.reports, "report card"],
        [uses!.promotions, "promotion decision"],
      ],
      "this class",
    );
    if (used) throw new ConflictError(`${before.name} can't be deleted: ${used}.`, { _form: [used] });
    await deleteOrExplain(() => tx.delete(classes).where(eq(classes.id, id)), before.name);
    await writeAudit(tx, actor, { action: "class.delete", entityType: "class", entityId: id, before });
    return { id, name: before.name };
  });
}
