// Pieces every academic-structure use case shares: the write lock, refusals on fields, teacher
// lookups and recognising the database's own constraint violations.
import "server-only";
import { type SQL, sql } from "drizzle-orm";
import { assertCan, type Actor } from "@/lib/auth/policy";
import { type Queryable, selectRows } from "@/lib/db/client";
import { ConflictError, type FieldErrors, NotFoundError, ValidationError } from "@/lib/errors";

/**
 * Serialises changes to the school's structure (years, terms, levels, classes, subjects,
 * offerings): such writes are rare, and one lock means two submissions can never both pass the
 * checks that the database can't express (overlapping terms, one class per class teacher).
 */
export async function lockStructure(tx: Queryable): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('school_structure'))`);
}

/** Collects field messages and throws them together, so the form shows every problem at once. */
export class FieldProblems {
  readonly errors: FieldErrors = {};
  add(field: string, message: string): void {
    const list = (this.errors[field] ??= []);
    if (!list.includes(message)) list.push(message);
  }
  get any(): boolean {
    return Object.keys(this.errors).length > 0;
  }
  /** Clashes with other records: a conflict, carrying its fields. */
  throwIfAny(message: string): void {
    if (this.any) throw new ConflictError(message, this.errors);
  }
}

/** A refusal that names its one field. */
export function fieldConflict(message: string, field: string, fieldMessage = message): ConflictError {
  return new ConflictError(message, { [field]: [fieldMessage] });
}

export function fieldInvalid(message: string, field: string, fieldMessage = message): ValidationError {
  return new ValidationError(message, { [field]: [fieldMessage] });
}

/** "Mrs Ada Obi": how teachers are named in lists and messages. */
export const educatorName = (alias: string): SQL =>
  sql.raw(`concat_ws(' ', nullif(${alias}.title, ''), ${alias}.first_name, ${alias}.last_name)`);

export type EducatorOption = { id: string; name: string; department: string | null };

/** Active teaching staff, for the "class teacher", "head" and "teacher" choices. */
export async function listActiveEducators(db: Queryable, actor: Actor): Promise<EducatorOption[]> {
  assertCan(actor, "school.overview");
  return selectRows<EducatorOption>(
    db,
    sql`select e.id, ${educatorName("e")} as name, d.name as department
        from educators e left join departments d on d.id = e.department_id
        where e.status = 'active'
        order by e.last_name, e.first_name, e.id`,
  );
}

/** The teacher with this id if they are active; otherwise a refusal on the given field. */
export async function requireActiveEducator(db: Queryable, educatorId: string, field: string): Promise<{ id: string; name: string }> {
  const [educator] = await selectRows<{ id: string; name: string; status: string }>(
    db,
    sql`select e.id, ${educatorName("e")} as name, e.status from educators e where e.id = ${educatorId}`,
  );
  if (!educator) throw fieldInvalid("Choose a teacher from the list.", field, "Choose a teacher from the list");
  if (educator.status !== "active") {
    throw fieldInvalid(`${educator.name} is no longer active.`, field, `${educator.name} is no longer active; choose an active teacher`);
  }
  return { id: educator.id, name: educator.name };
}

/** Loads one row for a change, or "not found" (a stale page, a mistyped id). */
export async function requireRow<T>(db: Queryable, query: SQL, what: string): Promise<T> {
  const [row] = await selectRows<T>(db, query);
  if (!row) throw new NotFoundError(`That ${what} no longer exists. Reload the page.`);
  return row;
}

/**
 * The name of the database constraint a failed statement broke, if any. The checks above run
 * first under the lock; this catches what slips past them (a row changed outside the app).
 */
export function violatedConstraint(error: unknown): string | null {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    const constraint = (current as { constraint?: unknown }).constraint;
    if (typeof constraint === "string") return constraint;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

/** Runs a write, turning a broken constraint into the field refusal the map gives for it. */
export async function mapConstraint<T>(
  write: () => Promise<T>,
  refusals: Record<string, () => Error>,
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const name = violatedConstraint(error);
    const refusal = name ? refusals[name] : undefined;
    throw refusal ? refusal() : error;
  }
}

function errorCode(error: unknown): string | null {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

/**
 * Deletes under the structure lock, but records of other features (enrolments, scores) are written
 * without it: if one appears between the check and the delete, the foreign key refuses and the
 * person is told to look again rather than shown a server error.
 */
export async function deleteOrExplain<T>(remove: () => Promise<T>, what: string): Promise<T> {
  try {
    return await remove();
  } catch (error) {
    if (errorCode(error) === "23503") {
      throw new ConflictError(`Something started using ${what} a moment ago, so it was not deleted. Reload the page to see what.`, {
        _form: [`Something now uses ${what}`],
      });
    }
    throw error;
  }
}

