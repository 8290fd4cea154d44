// Academic years: listing, creating, editing, choosing the current one, and deleting an unused one.
import "server-only";
import { eq, sql } from "drizzle-orm";
import { assertCan, type Actor } from "@/lib/auth/policy";
import { type Queryable, selectRows } from "@/lib/db/client";
import { academicYears, terms } from "@/lib/db/schema";
import { formatRange, rangeContains, rangesOverlap, usedBy } from "@/lib/domain/structure";
import { ConflictError } from "@/lib/errors";
import { writeAudit } from "@/lib/server/audit";
import { parseInput } from "@/lib/validation/common";
import {
  type AcademicYearInput,
  academicYearSchema,
  type IdOnlyInput,
  idOnlySchema,
  type UpdateAcademicYearInput,
  updateAcademicYearSchema,
} from "@/lib/validation/school";
import { deleteOrExplain, FieldProblems, lockStructure, mapConstraint, requireRow } from "./structure-shared";

export type AcademicYear = { id: string; name: string; startsOn: string; endsOn: string; isCurrent: boolean };
export type AcademicYearRow = AcademicYear & { terms: number; classes: number; enrolments: number };
export type TermRow = {
  id: string;
  name: string;
  sequence: number;
  startsOn: string;
  endsOn: string;
  isCurrent: boolean;
  scoresLocked: boolean;
  offerings: number;
};
export type AcademicYearDetail = AcademicYear & { terms: TermRow[] };

const yearColumns = sql`y.id, y.name, y.starts_on::text as "startsOn", y.ends_on::text as "endsOn", y.is_current as "isCurrent"`;

/** Every year, newest first, with what each holds. */
export async function listAcademicYears(db: Queryable, actor: Actor): Promise<AcademicYearRow[]> {
  assertCan(actor, "school.overview");
  return selectRows<AcademicYearRow>(
    db,
    sql`select ${yearColumns},
               (select count(*)::int from terms t where t.academic_year_id = y.id) as terms,
               (select count(*)::int from classes c where c.academic_year_id = y.id) as classes,
               (select count(*)::int from enrolments e where e.academic_year_id = y.id and e.status = 'active') as enrolments
        from academic_years y order by y.starts_on desc`,
  );
}

/** One year with its terms in order; null when there is no such year. */
export async function getAcademicYear(db: Queryable, actor: Actor, id: string): Promise<AcademicYearDetail | null> {
  assertCan(actor, "school.overview");
  const { id: yearId } = parseInput(idOnlySchema, { id });
  const [year] = await selectRows<AcademicYear>(db, sql`select ${yearColumns} from academic_years y where y.id = ${yearId}`);
  if (!year) return null;
  const termRows = await selectRows<TermRow>(
    db,
    sql`select t.id, t.name, t.sequence::int as sequence, t.starts_on::text as "startsOn", t.ends_on::text as "endsOn",
               t.is_current as "isCurrent", t.scores_locked_at is not null as "scoresLocked",
               (select count(*)::int from subject_offerings so where so.term_id = t.id) as offerings
        from terms t where t.academic_year_id = ${yearId} order by t.sequence`,
  );
  return { ...year, terms: termRows };
}

/** Names and dates clashing with other years, as field messages. */
async function checkYearFits(tx: Queryable, candidate: { id?: string; name: string; startsOn: string; endsOn: string }): Promise<FieldProblems> {
  const problems = new FieldProblems();
  const others = await selectRows<AcademicYear>(tx, sql`select ${yearColumns} from academic_years y where y.id is distinct from ${candidate.id ?? null}`);
  for (const other of others) {
    if (other.name.toLowerCase() === candidate.name.toLowerCase()) problems.add("name", `A year called ${other.name} already exists`);
    if (rangesOverlap(other, candidate)) {
      const message = `These dates overlap ${other.name} (${formatRange(other)})`;
      problems.add("startsOn", message);
      problems.add("endsOn", message);
    }
  }
  return problems;
}

const overlapRefusal = () =>
  new ConflictError("These dates overlap another year.", {
    startsOn: ["These dates overlap another academic year"],
    endsOn: ["These dates overlap another academic year"],
  });
const yearConstraintRefusals = {
  academic_years_no_overlap: overlapRefusal,
  academic_years_name_unique: () => new ConflictError("That name is taken.", { name: ["Another year already has this name"] }),
};

/**
 * Creates a year (not current: making it current is its own step). The same submission twice
 * returns the year the first one made.
 */
export async function createAcademicYear(db: Queryable, actor: Actor, input: AcademicYearInput): Promise<AcademicYear> {
  assertCan(actor, "school.manage");
  const values = parseInput(academicYearSchema, input);
  return db.transaction(async (tx) => {
    await lockStructure(tx);
    const [same] = await selectRows<AcademicYear>(
      tx,
      sql`select ${yearColumns} from academic_years y
          where lower(y.name) = lower(${values.name}) and y.starts_on = ${values.startsOn} and y.ends_on = ${values.endsOn}`,
    );
    if (same) return same;
    (await checkYearFits(tx, values)).throwIfAny("That year clashes with another one.");
    const [created] = await mapConstraint(
      () =>
        tx
          .insert(academicYears)
          .values(values)
          .returning({ id: academicYears.id, name: academicYears.name, startsOn: academicYears.startsOn, endsOn: academicYears.endsOn, isCurrent: academicYears.isCurrent }),
      yearConstraintRefusals,
    );
    await writeAudit(tx, actor, { action: "academic_year.create", entityType: "academic_year", entityId: created!.id, after: created });
    return created!;
  });
}

/** Renames or re-dates a year; its terms must still fit inside the new dates. */
export async function updateAcademicYear(db: Queryable, actor: Actor, input: UpdateAcademicYearInput): Promise<AcademicYear> {
  assertCan(actor, "school.manage");
  const { id, ...values } = parseInput(updateAcademicYearSchema, input);
  return db.transaction(async (tx) => {
    await lockStructure(tx);
    const before = await requireRow<AcademicYear>(tx, sql`select ${yearColumns} from academic_years y where y.id = ${id} for update`, "year");
    if (before.name === values.name && before.startsOn === values.startsOn && before.endsOn === values.endsOn) return before;
    const problems = await checkYearFits(tx, { id, ...values });
    const outside = await selectRows<{ name: string; startsOn: string; endsOn: string }>(
      tx,
      sql`select name, starts_on::text as "startsOn", ends_on::text as "endsOn" from terms where academic_year_id = ${id} order by sequence`,
    );
    for (const term of outside.filter((term) => !rangeContains(values, term))) {
      const message = `${term.name} (${formatRange(term)}) would fall outside the year; change its dates first`;
      if (term.startsOn < values.startsOn) problems.add("startsOn", message);
      if (term.endsOn > values.endsOn) problems.add("endsOn", message);
    }
    problems.throwIfAny("Those dates don't fit.");
    const [after] = await mapConstraint(
      () =>
        tx
          .update(academicYears)
          .set(values)
          .where(eq(academicYears.id, id))
          .returning({ id: academicYears.id, name: academicYears.name, startsOn: academicYears.startsOn, endsOn: academicYears.endsOn, isCurrent: academicYears.isCurrent }),
      yearConstraintRefusals,
    );
    await writeAudit(tx, actor, { action: "academic_year.update", entityType: "academic_year", entityId: id, before, after });
    return after!;
  });
}

export type CurrentSwitch = { yearId: string; yearName: string; termName: string | null; changed: boolean };

/**
 * Makes a year the current one, un-making the previous one in the same transaction; its first
 * term becomes the current term (there is one current term in the school). Already current: no change.
 */
export async function setCurrentAcademicYear(db: Queryable, actor: Actor, input: IdOnlyInput): Promise<CurrentSwitch> {
  assertCan(actor, "school.manage");
  const { id } = parseInput(idOnlySchema, input);
  return db.transaction(async (tx) => {
    await lockStructure(tx);
    const year = await requireRow<AcademicYear>(tx, sql`select ${yearColumns} from academic_years y where y.id = ${id}`, "year");
    const current = await currentYearAndTerm(tx);
    if (year.isCurrent) return { yearId: year.id, yearName: year.name, termName: current.termName, changed: false };
    // The partial unique indexes allow one current row at a time: clear before setting.
    await tx.update(academicYears).set({ isCurrent: false }).where(eq(academicYears.isCurrent, true));
    await tx.update(academicYears).set({ isCurrent: true }).where(eq(academicYears.id, id));
    await tx.update(terms).set({ isCurrent: false }).where(eq(terms.isCurrent, true));
    const [firstTerm] = await selectRows<{ id: string; name: string }>(
      tx,
      sql`select id, name from terms where academic_year_id = ${id} order by sequence limit 1`,
    );
    if (firstTerm) await tx.update(terms).set({ isCurrent: true }).where(eq(terms.id, firstTerm.id));
    const after = await currentYearAndTerm(tx);
    await writeAudit(tx, actor, { action: "academic_year.set_current", entityType: "academic_year", entityId: id, before: current, after });
    return { yearId: year.id, yearName: year.name, termName: firstTerm?.name ?? null, changed: true };
  });
}

export async function currentYearAndTerm(db: Queryable): Promise<{ yearId: string | null; yearName: string | null; termId: string | null; termName: string | null }> {
  const [row] = await selectRows<{ yearId: string | null; yearName: string | null; termId: string | null; termName: string | null }>(
    db,
    sql`select (select id from academic_years where is_current) as "yearId",
               (select name from academic_years where is_current) as "yearName",
               (select id from terms where is_current) as "termId",
               (select name from terms where is_current) as "termName"`,
  );
  return row ?? { yearId: null, yearName: null, termId: null, termName: null };
}

/** Deletes a year nothing uses yet (a mistake); otherwise says what uses it. */
export async function deleteAcademicYear(db: Queryable, actor: Actor, input: IdOnlyInput): Promise<{ id: string; name: string }> {
  assertCan(actor, "school.manage");
  const { id } = parseInput(idOnlySchema, input);
  return db.transaction(async (tx) => {
    await lockStructure(tx);
    const year = await requireRow<AcademicYear>(tx, sql`select ${yearColumns} from academic_years y where y.id = ${id} for update`, "year");
    if (year.isCurrent) {
      throw new ConflictError(`${year.name} is the current year. Make another year current before deleting it.`, {
        _form: [`${year.name} is the current year`],
      });
    }
    const [uses] = await selectRows<{ terms: number; classes: number; enrolments: number; electives: number; promotions: number }>(
      tx,
      sql`select (select count(*)::int from terms where academic_year_id = ${id}) as terms,
                 (select count(*)::int from classes where academic_year_id = ${id}) as classes,
                 (select count(*)::int from enrolments where academic_year_id = ${id}) as enrolments,
                 (select count(*)::int from student_electives where academic_year_id = ${id}) as electives,
                 (select count(*)::int from promotion_runs where from_academic_year_id = ${id} or to_academic_year_id = ${id}) as promotions`,
    );
    const used = usedBy(
      [
        [uses!.terms, "term"],
        [uses!.classes, "class", "classes"],
        [uses!.enrolments, "enrolment"],
        [uses!.electives, "elective choice"],
        [uses!.promotions, "promotion run"],
      ],
      "this year",
    );
    if (used) throw new ConflictError(`${year.name} can't be deleted: ${used}.`, { _form: [used] });
    await deleteOrExplain(() => tx.delete(academicYears).where(eq(academicYears.id, id)), year.name);
    await writeAudit(tx, actor, { action: "academic_year.delete", entityType: "academic_year", entityId: id, before: year });
    return { id, name: year.name };
  });
}
