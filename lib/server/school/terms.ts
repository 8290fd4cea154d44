// Terms of an academic year: numbered in date order, inside the year, never overlapping; one term
// in the school is the current one.
import "server-only";
import { eq, sql } from "drizzle-orm";
import { assertCan, type Actor } from "@/lib/auth/policy";
import { type Queryable, selectRows } from "@/lib/db/client";
import { terms } from "@/lib/db/schema";
import { formatRange, rangesOverlap, usedBy } from "@/lib/domain/structure";
import { ConflictError } from "@/lib/errors";
import { writeAudit } from "@/lib/server/audit";
import { parseInput } from "@/lib/validation/common";
import { type IdOnlyInput, idOnlySchema, type TermInput, termSchema, type UpdateTermInput, updateTermSchema } from "@/lib/validation/school";
import { currentYearAndTerm } from "./academic-years";
import { deleteOrExplain, FieldProblems, lockStructure, mapConstraint, requireRow } from "./structure-shared";

export type Term = {
  id: string;
  academicYearId: string;
  name: string;
  sequence: number;
  startsOn: string;
  endsOn: string;
  isCurrent: boolean;
};

const termColumns = sql`t.id, t.academic_year_id as "academicYearId", t.name, t.sequence::int as sequence,
  t.starts_on::text as "startsOn", t.ends_on::text as "endsOn", t.is_current as "isCurrent"`;

type Year = { id: string; name: string; startsOn: string; endsOn: string; isCurrent: boolean };

type Candidate = { id?: string; name: string; sequence: number; startsOn: string; endsOn: string };

/** Everything that keeps a term from fitting in its year, as field messages. */
async function checkTermFits(tx: Queryable, year: Year, candidate: Candidate): Promise<FieldProblems> {
  const problems = new FieldProblems();
  const inYear = `Terms of ${year.name} fall between ${formatRange(year)}`;
  if (candidate.startsOn < year.startsOn || candidate.startsOn > year.endsOn) problems.add("startsOn", inYear);
  if (candidate.endsOn > year.endsOn || candidate.endsOn < year.startsOn) problems.add("endsOn", inYear);
  const siblings = await selectRows<Term>(
    tx,
    sql`select ${termColumns} from terms t where t.academic_year_id = ${year.id} and t.id is distinct from ${candidate.id ?? null} order by t.sequence`,
  );
  let overlaps = false;
  for (const other of siblings) {
    if (other.name.toLowerCase() === candidate.name.toLowerCase()) problems.add("name", `${year.name} already has a term called ${other.name}`);
    if (other.sequence === candidate.sequence) problems.add("sequence", `${other.name} is already term ${other.sequence} of ${year.name}`);
    if (rangesOverlap(other, candidate)) {
      overlaps = true;
      const message = `These dates overlap ${other.name} (${formatRange(other)})`;
      problems.add("startsOn", message);
      problems.add("endsOn", message);
    }
  }
  if (!overlaps) {
    // Term numbers follow the calendar: report cards and "next term" rely on it.
    const outOfOrder = siblings.find(
      (other) => (other.sequence < candidate.sequence && other.startsOn > candidate.startsOn) || (other.sequence > candidate.sequence && other.startsOn < candidate.startsOn),
    );
    if (outOfOrder) {
      problems.add(
        "sequence",
        `Number the terms in date order: ${outOfOrder.name} (term ${outOfOrder.sequence}) starts ${outOfOrder.startsOn < candidate.startsOn ? "before" : "after"} these dates`,
      );
    }
  }
  return problems;
}

const termConstraintRefusals = {
  terms_year_sequence_key: () => new ConflictError("That number is taken.", { sequence: ["Another term of this year has this number"] }),
  terms_year_name_key: () => new ConflictError("That name is taken.", { name: ["Another term of this year has this name"] }),
};

const returning = {
  id: terms.id,
  academicYearId: terms.academicYearId,
  name: terms.name,
  sequence: terms.sequence,
  startsOn: terms.startsOn,
  endsOn: terms.endsOn,
  isCurrent: terms.isCurrent,
};

/** Adds a term to a year. The same submission twice returns the term the first one made. */
export async function createTerm(db: Queryable, actor: Actor, input: TermInput): Promise<Term> {
  assertCan(actor, "school.manage");
  const values = parseInput(termSchema, input);
  return db.transaction(async (tx) => {
    await lockStructure(tx);
    const year = await requireRow<Year>(
      tx,
      sql`select id, name, starts_on::text as "startsOn", ends_on::text as "endsOn", is_current as "isCurrent" from academic_years where id = ${values.academicYearId}`,
      "year",
    );
    const [same] = await selectRows<Term>(
      tx,
      sql`select ${termColumns} from terms t where t.academic_year_id = ${year.id} and lower(t.name) = lower(${values.name})
            and t.sequence = ${values.sequence} and t.starts_on = ${values.startsOn} and t.ends_on = ${values.endsOn}`,
    );
    if (same) return same;
    (await checkTermFits(tx, year, values)).throwIfAny("That term doesn't fit in the year.");
    const [created] = await mapConstraint(() => tx.insert(terms).values(values).returning(returning), termConstraintRefusals);
    await writeAudit(tx, actor, { action: "term.create", entityType: "term", entityId: created!.id, after: created });
    return created!;
  });
}

export async function updateTerm(db: Queryable, actor: Actor, input: UpdateTermInput): Promise<Term> {
  assertCan(actor, "school.manage");
  const { id, ...values } = parseInput(updateTermSchema, input);
  return db.transaction(async (tx) => {
    await lockStructure(tx);
    const before = await requireRow<Term>(tx, sql`select ${termColumns} from terms t where t.id = ${id} for update`, "term");
    if (before.name === values.name && before.sequence === values.sequence && before.startsOn === values.startsOn && before.endsOn === values.endsOn) {
      return before;
    }
    const year = await requireRow<Year>(
      tx,
      sql`select id, name, starts_on::text as "startsOn", ends_on::text as "endsOn", is_current as "isCurrent" from academic_years where id = ${before.academicYearId}`,
      "year",
    );
    (await checkTermFits(tx, year, { id, ...values })).throwIfAny("That term doesn't fit in the year.");
    const [after] = await mapConstraint(() => tx.update(terms).set(values).where(eq(terms.id, id)).returning(returning), termConstraintRefusals);
    await writeAudit(tx, actor, { action: "term.update", entityType: "term", entityId: id, before, after });
    return after!;
  });
}

/**
 * Makes a term of the current year the school's current term, un-making the previous one in the
 * same transaction. A term of another year is refused: make that year current first.
 */
export async function setCurrentTerm(db: Queryable, actor: Actor, input: IdOnlyInput): Promise<{ termId: string; termName: string; changed: boolean }> {
  assertCan(actor, "school.manage");
  const { id } = parseInput(idOnlySchema, input);
  return db.transaction(async (tx) => {
    await lockStructure(tx);
    const term = await requireRow<Term & { yearName: string; yearIsCurrent: boolean }>(
      tx,
      sql`select ${termColumns}, y.name as "yearName", y.is_current as "yearIsCurrent"
          from terms t join academic_years y on y.id = t.academic_year_id where t.id = ${id}`,
      "term",
    );
    if (term.isCurrent) return { termId: term.id, termName: term.name, changed: false };
    if (!term.yearIsCurrent) {
      throw new ConflictError(`${term.name} belongs to ${term.yearName}, which is not the current year. Make ${term.yearName} current first.`, {
        _form: [`${term.yearName} is not the current year`],
      });
    }
    const before = await currentYearAndTerm(tx);
    await tx.update(terms).set({ isCurrent: false }).where(eq(terms.isCurrent, true));
    await tx.update(terms).set({ isCurrent: true }).where(eq(terms.id, id));
    const after = await currentYearAndTerm(tx);
    await writeAudit(tx, actor, { action: "term.set_current", entityType: "term", entityId: id, before, after });
    return { termId: term.id, termName: term.name, changed: true };
  });
}

/** Deletes a term nothing uses yet; otherwise says what uses it. */
export async function deleteTerm(db: Queryable, actor: Actor, input: IdOnlyInput): Promise<{ id: string; name: string }> {
  assertCan(actor, "school.manage");
  const { id } = parseInput(idOnlySchema, input);
  return db.transaction(async (tx) => {
    await lockStructure(tx);
    const term = await requireRow<Term>(tx, sql`select ${termColumns} from terms t where t.id = ${id} for update`, "term");
    if (term.isCurrent) {
      throw new ConflictError(`${term.name} is the current term. Make another term current before deleting it.`, { _form: [`${term.name} is the current term`] });
    }
    const [uses] = await selectRows<{ offerings: number; comments: number; results: number; reports: number; schemes: number }>(
      tx,
      sql`select (select count(*)::int from subject_offerings where term_id = ${id}) as offerings,
                 (select count(*)::int from report_comments where term_id = ${id}) as comments,
                 (select count(*)::int from term_results where term_id = ${id}) as results,
                 (select count(*)::int from report_cards where term_id = ${id}) as reports,
                 (select count(*)::int from assessment_schemes where term_id = ${id}) as schemes`,
    );
    const used = usedBy(
      [
        [uses!.offerings, "subject offering"],
        [uses!.comments, "report comment"],
        [uses!.results, "term result"],
        [uses!.reports, "report card"],
        [uses!.schemes, "assessment scheme"],
      ],
      "this term",
    );
    if (used) throw new ConflictError(`${term.name} can't be deleted: ${used}.`, { _form: [used] });
    await deleteOrExplain(() => tx.delete(terms).where(eq(terms.id, id)), term.name);
    await writeAudit(tx, actor, { action: "term.delete", entityType: "term", entityId: id, before: term });
    return { id, name: term.name };
  });
}
