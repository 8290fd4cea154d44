// The new-year wizard: a new academic year built from last year's structure (terms moved by the
// date difference, the same classes and class teachers, the same subject offerings and teachers),
// previewed first, then created in one transaction. Running it again for the same name adds nothing.
import "server-only";
import { sql } from "drizzle-orm";
import { assertCan, type Actor } from "@/lib/auth/policy";
import { type Queryable, selectRows } from "@/lib/db/client";
import { countOf, daysBetween, formatDay, formatRange, rangesOverlap, shiftDate } from "@/lib/domain/structure";
import { writeAudit } from "@/lib/server/audit";
import { parseInput } from "@/lib/validation/common";
import { type NewYearInput, newYearSchema } from "@/lib/validation/school";
import { FieldProblems, fieldInvalid, lockStructure, mapConstraint } from "./structure-shared";

export type NewYearCounts = {
  terms: number;
  classes: number;
  /** Class teachers carried over; those no longer active are left blank. */
  classTeachers: number;
  classTeachersLeftBlank: number;
  offerings: number;
  /** Teacher assignments carried over; those of teachers no longer active are dropped. */
  teacherAssignments: number;
  teacherAssignmentsDropped: number;
};

export type NewYearPlan = {
  source: { id: string; name: string; startsOn: string; endsOn: string };
  name: string;
  startsOn: string;
  endsOn: string;
  /** Days each term moves by: the gap between the two years' first days. */
  shiftDays: number;
  /** A year with this name exists already: the wizard will create nothing. */
  alreadyExists: boolean;
  terms: Array<{ name: string; sequence: number; startsOn: string; endsOn: string }>;
  counts: NewYearCounts;
};

export type NewYearResult = NewYearPlan & { created: boolean; yearId: string; message: string };

const noCounts: NewYearCounts = {
  terms: 0,
  classes: 0,
  classTeachers: 0,
  classTeachersLeftBlank: 0,
  offerings: 0,
  teacherAssignments: 0,
  teacherAssignmentsDropped: 0,
};

type Year = { id: string; name: string; startsOn: string; endsOn: string };

/** What the wizard would create, checked against the other years; refuses what it could not create. */
async function plan(tx: Queryable, values: ReturnType<typeof parseNewYear>): Promise<NewYearPlan & { existingId: string | null }> {
  const years = await selectRows<Year>(tx, sql`select id, name, starts_on::text as "startsOn", ends_on::text as "endsOn" from academic_years`);
  const source = years.find((year) => year.id === values.sourceYearId);
  if (!source) throw fieldInvalid("Choose the year to copy from the list.", "sourceYearId", "Choose the year to copy from the list");
  const existing = years.find((year) => year.name.toLowerCase() === values.name.toLowerCase());
  const shiftDays = daysBetween(source.startsOn, values.startsOn);
  const sourceTerms = await selectRows<{ name: string; sequence: number; startsOn: string; endsOn: string }>(
    tx,
    sql`select name, sequence::int as sequence, starts_on::text as "startsOn", ends_on::text as "endsOn"
        from terms where academic_year_id = ${source.id} order by sequence`,
  );
  const terms = sourceTerms.map((term) => ({ ...term, startsOn: shiftDate(term.startsOn, shiftDays), endsOn: shiftDate(term.endsOn, shiftDays) }));
  const base = { source, name: values.name, startsOn: values.startsOn, endsOn: values.endsOn, shiftDays, terms };
  if (existing) return { ...base, alreadyExists: true, counts: noCounts, existingId: existing.id };

  const problems = new FieldProblems();
  for (const other of years.filter((year) => rangesOverlap(year, values))) {
    const message = `These dates overlap ${other.name} (${formatRange(other)})`;
    problems.add("startsOn", message);
    problems.add("endsOn", message);
  }
  for (const term of terms) {
    if (term.startsOn < values.startsOn) problems.add("startsOn", `${term.name} would start on ${formatDay(term.startsOn)}, before the year starts`);
    if (term.endsOn > values.endsOn) problems.add("endsOn", `${term.name} would end on ${formatDay(term.endsOn)}, after the year ends`);
  }
  problems.throwIfAny("The new year's dates don't fit.");

  const [counts] = await selectRows<NewYearCounts>(
    tx,
    sql`select
          (select count(*)::int from terms where academic_year_id = ${source.id}) as terms,
          (select count(*)::int from classes where academic_year_id = ${source.id}) as classes,
          (select count(*)::int from classes c join educators e on e.id = c.class_teacher_id
            where c.academic_year_id = ${source.id} and e.status = 'active') as "classTeachers",
          (select count(*)::int from classes c join educators e on e.id = c.class_teacher_id
            where c.academic_year_id = ${source.id} and e.status <> 'active') as "classTeachersLeftBlank",
          (select count(*)::int from subject_offerings so join terms t on t.id = so.term_id
            where t.academic_year_id = ${source.id}) as offerings,
          (select count(*)::int from offering_teachers ot join subject_offerings so on so.id = ot.offering_id
            join terms t on t.id = so.term_id join educators e on e.id = ot.educator_id
            where t.academic_year_id = ${source.id} and e.status = 'active') as "teacherAssignments",
          (select count(*)::int from offering_teachers ot join subject_offerings so on so.id = ot.offering_id
            join terms t on t.id = so.term_id join educators e on e.id = ot.educator_id
            where t.academic_year_id = ${source.id} and e.status <> 'active') as "teacherAssignmentsDropped"`,
  );
  return { ...base, alreadyExists: false, counts: counts!, existingId: null };
}

function parseNewYear(input: NewYearInput) {
  return parseInput(newYearSchema, input);
}

/** The counts and term dates the wizard would create, without creating anything. */
export async function previewNewYear(db: Queryable, actor: Actor, input: NewYearInput): Promise<NewYearPlan> {
  assertCan(actor, "school.manage");
  const values = parseNewYear(input);
  const { existingId: _, ...result } = await plan(db, values);
  return result;
}

/**
 * Creates the new year and copies the structure into it, all or nothing. When a year with that
 * name already exists (a second run, a double submit), nothing is created and the result says so.
 */
export async function createYearFromPrevious(db: Queryable, actor: Actor, input: NewYearInput): Promise<NewYearResult> {
  assertCan(actor, "school.manage");
  const values = parseNewYear(input);
  return db.transaction(async (tx) => {
    await lockStructure(tx);
    const { existingId, ...planned } = await plan(tx, values);
    if (existingId) {
      return { ...planned, created: false, yearId: existingId, message: `${planned.name} already exists, so nothing was copied.` };
    }
    const source = planned.source.id;
    const shift = planned.shiftDays;
    const [year] = await mapConstraint(
      () =>
        selectRows<{ id: string }>(
          tx,
          sql`insert into academic_years (name, starts_on, ends_on) values (${values.name}, ${values.startsOn}, ${values.endsOn}) returning id`,
        ),
      {
        academic_years_no_overlap: () => fieldInvalid("These dates overlap another year.", "startsOn", "These dates overlap another academic year"),
      },
    );
    const target = year!.id;
    const count = async (statement: ReturnType<typeof sql>) => (await selectRows<{ n: number }>(tx, statement))[0]!.n;
    const terms = await count(sql`
      with created as (
        insert into terms (academic_year_id, name, sequence, starts_on, ends_on)
        select ${target}::uuid, name, sequence, starts_on + ${shift}::int, ends_on + ${shift}::int
        from terms where academic_year_id = ${source}
        returning 1)
      select count(*)::int as n from created`);
    const [classCounts] = await selectRows<{ classes: number; classTeachers: number }>(
      tx,
      sql`
      with created as (
        insert into classes (academic_year_id, class_level_id, arm, name, capacity, class_teacher_id)
        select ${target}::uuid, c.class_level_id, c.arm, c.name, c.capacity, case when e.status = 'active' then c.class_teacher_id end
        from classes c left join educators e on e.id = c.class_teacher_id
        where c.academic_year_id = ${source}
        returning class_teacher_id)
      select count(*)::int as classes, count(class_teacher_id)::int as "classTeachers" from created`,
    );
    // Terms match by number and classes by level and arm: the natural keys the copies keep.
    const offerings = await count(sql`
      with created as (
        insert into subject_offerings (subject_id, class_id, term_id)
        select so.subject_id, nc.id, nt.id
        from subject_offerings so
        join terms st on st.id = so.term_id and st.academic_year_id = ${source}
        join classes sc on sc.id = so.class_id
        join terms nt on nt.academic_year_id = ${target} and nt.sequence = st.sequence
        join classes nc on nc.academic_year_id = ${target} and nc.class_level_id = sc.class_level_id and nc.arm = sc.arm
        on conflict (subject_id, class_id, term_id) do nothing
        returning 1)
      select count(*)::int as n from created`);
    const teacherAssignments = await count(sql`
      with created as (
        insert into offering_teachers (offering_id, educator_id)
        select nso.id, ot.educator_id
        from offering_teachers ot
        join educators e on e.id = ot.educator_id and e.status = 'active'
        join subject_offerings so on so.id = ot.offering_id
        join terms st on st.id = so.term_id and st.academic_year_id = ${source}
        join classes sc on sc.id = so.class_id
        join terms nt on nt.academic_year_id = ${target} and nt.sequence = st.sequence
        join classes nc on nc.academic_year_id = ${target} and nc.class_level_id = sc.class_level_id and nc.arm = sc.arm
        join subject_offerings nso on nso.subject_id = so.subject_id and nso.class_id = nc.id and nso.term_id = nt.id
        on conflict do nothing
        returning 1)
      select count(*)::int as n from created`);
    const counts: NewYearCounts = {
      terms,
      classes: classCounts!.classes,
      classTeachers: classCounts!.classTeachers,
      classTeachersLeftBlank: planned.counts.classTeachersLeftBlank,
      offerings,
      teacherAssignments,
      teacherAssignmentsDropped: planned.counts.teacherAssignmentsDropped,
    };
    await writeAudit(tx, actor, {
      action: "academic_year.create_from_previous",
      entityType: "academic_year",
      entityId: target,
      before: null,
      after: { id: target, name: values.name, startsOn: values.startsOn, endsOn: values.endsOn, copiedFrom: source, shiftDays: shift, counts },
    });
    return {
      ...planned,
      counts,
      created: true,
      yearId: target,
      message: `${values.name} was created with ${countOf(terms, "term")}, ${countOf(counts.classes, "class", "classes")} and ${countOf(offerings, "subject offering")}.`,
    };
  });
}
