// Subjects: code (unique whatever the case), name, department, core or elective, and credit units,
// which every subject must have because results weigh subjects by them.
import "server-only";
import { eq, sql } from "drizzle-orm";
import { assertCan, type Actor } from "@/lib/auth/policy";
import { type Queryable, selectRows } from "@/lib/db/client";
import { subjects } from "@/lib/db/schema";
import { usedBy } from "@/lib/domain/structure";
import { ConflictError } from "@/lib/errors";
import { writeAudit } from "@/lib/server/audit";
import { parseInput } from "@/lib/validation/common";
import { type IdOnlyInput, idOnlySchema, type SubjectInput, subjectSchema, type UpdateSubjectInput, updateSubjectSchema } from "@/lib/validation/school";
import { deleteOrExplain, fieldInvalid, FieldProblems, lockStructure, mapConstraint, requireRow } from "./structure-shared";

export type Subject = {
  id: string;
  code: string;
  name: string;
  departmentId: string | null;
  kind: "core" | "elective";
  /** As stored: a decimal string with one place, "2.0". */
  creditUnits: string;
};
export type SubjectRow = Subject & { departmentName: string | null; offerings: number };

const subjectColumns = sql`s.id, s.code, s.name, s.department_id as "departmentId", s.kind, s.credit_units::text as "creditUnits"`;

export async function listSubjects(db: Queryable, actor: Actor): Promise<SubjectRow[]> {
  assertCan(actor, "school.overview");
  return selectRows<SubjectRow>(
    db,
    sql`select ${subjectColumns}, d.name as "departmentName",
               (select count(*)::int from subject_offerings so where so.subject_id = s.id) as offerings
        from subjects s left join departments d on d.id = s.department_id
        order by s.name`,
  );
}

async function checkSubjectFits(tx: Queryable, candidate: { id?: string; code: string; name: string; departmentId: string | null }): Promise<FieldProblems> {
  const problems = new FieldProblems();
  const clashes = await selectRows<{ code: string; name: string }>(
    tx,
    sql`select code, name from subjects
        where id is distinct from ${candidate.id ?? null} and (lower(code) = lower(${candidate.code}) or lower(name) = lower(${candidate.name}))`,
  );
  const byCode = clashes.find((s) => s.code.toLowerCase() === candidate.code.toLowerCase());
  if (byCode) problems.add("code", `The code ${candidate.code} is already used by ${byCode.name}`);
  if (clashes.some((s) => s.name.toLowerCase() === candidate.name.toLowerCase())) problems.add("name", `A subject called ${candidate.name} already exists`);
  if (candidate.departmentId) {
    const [department] = await selectRows<{ id: string }>(tx, sql`select id from departments where id = ${candidate.departmentId}`);
    if (!department) throw fieldInvalid("Choose the department from the list.", "departmentId", "Choose the department from the list");
  }
  return problems;
}

const subjectConstraintRefusals = {
  subjects_code_key: () => new ConflictError("That code is taken.", { code: ["Another subject already has this code"] }),
  subjects_name_key: () => new ConflictError("That name is taken.", { name: ["Another subject already has this name"] }),
  subjects_credit_units_check: () => new ConflictError("Credit units must be more than 0.", { creditUnits: ["Credit units must be more than 0"] }),
};

const returning = {
  id: subjects.id,
  code: subjects.code,
  name: subjects.name,
  departmentId: subjects.departmentId,
  kind: subjects.kind,
  creditUnits: subjects.creditUnits,
};

/** Adds a subject. The same submission twice returns the subject the first one made. */
export async function createSubject(db: Queryable, actor: Actor, input: SubjectInput): Promise<Subject> {
  assertCan(actor, "school.manage");
  const parsed = parseInput(subjectSchema, input);
  const values = { ...parsed, creditUnits: parsed.creditUnits.toFixed(1) };
  return db.transaction(async (tx) => {
    await lockStructure(tx);
    const [same] = await selectRows<Subject>(
      tx,
      sql`select ${subjectColumns} from subjects s
          where lower(s.code) = lower(${values.code}) and lower(s.name) = lower(${values.name}) and s.kind = ${values.kind}
            and s.department_id is not distinct from ${values.departmentId} and s.credit_units = ${values.creditUnits}::numeric`,
    );
    if (same) return same;
    (await checkSubjectFits(tx, values)).throwIfAny("That subject clashes with an existing one.");
    const [created] = await mapConstraint(() => tx.insert(subjects).values(values).returning(returning), subjectConstraintRefusals);
    await writeAudit(tx, actor, { action: "subject.create", entityType: "subject", entityId: created!.id, after: created });
    return created!;
  });
}

export async function updateSubject(db: Queryable, actor: Actor, input: UpdateSubjectInput): Promise<Subject> {
  assertCan(actor, "school.manage");
  const { id, ...parsed } = parseInput(updateSubjectSchema, input);
  const values = { ...parsed, creditUnits: parsed.creditUnits.toFixed(1) };
  return db.transaction(async (tx) => {
    await lockStructure(tx);
    const before = await requireRow<Subject>(tx, sql`select ${subjectColumns} from subjects s where s.id = ${id} for update`, "subject");
    if (
      before.code === values.code &&
      before.name === values.name &&
      before.departmentId === values.departmentId &&
      before.kind === values.kind &&
      before.creditUnits === values.creditUnits
    ) {
      return before;
    }
    (await checkSubjectFits(tx, { id, ...values })).throwIfAny("That subject clashes with an existing one.");
    const [after] = await mapConstraint(() => tx.update(subjects).set(values).where(eq(subjects.id, id)).returning(returning), subjectConstraintRefusals);
    await writeAudit(tx, actor, { action: "subject.update", entityType: "subject", entityId: id, before, after });
    return after!;
  });
}

/** Deletes a subject no class, student choice or assessment scheme uses; otherwise says what does. */
export async function deleteSubject(db: Queryable, actor: Actor, input: IdOnlyInput): Promise<{ id: string; name: string }> {
  assertCan(actor, "school.manage");
  const { id } = parseInput(idOnlySchema, input);
  return db.transaction(async (tx) => {
    await lockStructure(tx);
    const before = await requireRow<Subject>(tx, sql`select ${subjectColumns} from subjects s where s.id = ${id} for update`, "subject");
    const [uses] = await selectRows<{ offerings: number; electives: number; schemes: number }>(
      tx,
      sql`select (select count(*)::int from subject_offerings where subject_id = ${id}) as offerings,
                 (select count(*)::int from student_electives where subject_id = ${id}) as electives,
                 (select count(*)::int from assessment_schemes where subject_id = ${id}) as schemes`,
    );
    const used = usedBy(
      [
        [uses!.offerings, "class offering", "class offerings"],
        [uses!.electives, "student's elective choice", "students' elective choices"],
        [uses!.schemes, "assessment scheme"],
      ],
      "this subject",
    );
    if (used) throw new ConflictError(`${before.name} can't be deleted: ${used}.`, { _form: [used] });
    await deleteOrExplain(() => tx.delete(subjects).where(eq(subjects.id, id)), before.name);
    await writeAudit(tx, actor, { action: "subject.delete", entityType: "subject", entityId: id, before });
    return { id, name: before.name };
  });
}
