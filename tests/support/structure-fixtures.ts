// Throwaway pieces of school structure for tests that need something safe to change or delete
// (the policy matrix calls each structure action as every kind of user). Written straight to the
// tables, so they never depend on the use cases under test; each lands where nothing else is.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { type Queryable, selectRows } from "@/lib/db/client";

const tag = () => randomUUID().replace(/-/g, "").slice(0, 8).toUpperCase();

/** Dates after every existing year, `days` long, so a new year overlaps nothing. */
export async function freeYearDates(db: Queryable, days = 120): Promise<{ startsOn: string; endsOn: string }> {
  const [row] = await selectRows<{ startsOn: string; endsOn: string }>(
    db,
    sql`select (coalesce(max(ends_on), date '2100-01-01') + 10)::text as "startsOn",
               (coalesce(max(ends_on), date '2100-01-01') + 10 + ${days}::int)::text as "endsOn"
        from academic_years`,
  );
  return row!;
}

/** An empty, non-current year after every other; with `withTerm`, one term covering its first weeks. */
export async function throwawayYear(db: Queryable, options: { withTerm?: boolean } = {}): Promise<{ id: string; name: string; startsOn: string; endsOn: string; termId: string | null }> {
  const dates = await freeYearDates(db);
  const name = `Throwaway ${tag()}`;
  const [year] = await selectRows<{ id: string }>(
    db,
    sql`insert into academic_years (name, starts_on, ends_on) values (${name}, ${dates.startsOn}, ${dates.endsOn}) returning id`,
  );
  let termId: string | null = null;
  if (options.withTerm) {
    const [term] = await selectRows<{ id: string }>(
      db,
      sql`insert into terms (academic_year_id, name, sequence, starts_on, ends_on)
          values (${year!.id}, 'First term', 1, ${dates.startsOn}::date, ${dates.startsOn}::date + 30) returning id`,
    );
    termId = term!.id;
  }
  return { id: year!.id, name, ...dates, termId };
}

export async function currentYearAndTerm(db: Queryable): Promise<{ yearId: string; termId: string }> {
  const [row] = await selectRows<{ yearId: string; termId: string }>(
    db,
    sql`select (select id from academic_years where is_current) as "yearId", (select id from terms where is_current) as "termId"`,
  );
  return row!;
}

/** A level after every other, promoting nowhere. */
export async function throwawayLevel(db: Queryable): Promise<{ id: string; code: string; name: string }> {
  const code = `T${tag()}`;
  const [level] = await selectRows<{ id: string }>(
    db,
    sql`insert into class_levels (code, name, sequence) select ${code}, ${`Level ${code}`}, coalesce(max(sequence), 0) + 1 from class_levels returning id`,
  );
  return { id: level!.id, code, name: `Level ${code}` };
}

export async function levelOrder(db: Queryable): Promise<string[]> {
  return (await selectRows<{ id: string }>(db, sql`select id from class_levels order by sequence`)).map((row) => row.id);
}

/** A class of its own throwaway level in the current year: no students, no offerings. */
export async function throwawayClass(db: Queryable): Promise<{ id: string; classLevelId: string; academicYearId: string }> {
  const { yearId } = await currentYearAndTerm(db);
  const level = await throwawayLevel(db);
  const [row] = await selectRows<{ id: string }>(
    db,
    sql`insert into classes (academic_year_id, class_level_id, arm, name, capacity) values (${yearId}, ${level.id}, 'A', ${`${level.name} A`}, 30) returning id`,
  );
  return { id: row!.id, classLevelId: level.id, academicYearId: yearId };
}

export async function throwawaySubject(db: Queryable): Promise<{ id: string; code: string }> {
  const code = `S${tag()}`;
  const [row] = await selectRows<{ id: string }>(
    db,
    sql`insert into subjects (code, name, kind, credit_units) values (${code}, ${`Subject ${code}`}, 'elective', 1) returning id`,
  );
  return { id: row!.id, code };
}

export async function throwawayDepartment(db: Queryable): Promise<{ id: string; code: string }> {
  const code = `D${tag()}`;
  const [row] = await selectRows<{ id: string }>(db, sql`insert into departments (code, name) values (${code}, ${`Department ${code}`}) returning id`);
  return { id: row!.id, code };
}

/** A throwaway subject offered to a throwaway class in the current term, optionally with a teacher. */
export async function throwawayOffering(db: Queryable, educatorId?: string): Promise<{ id: string; classId: string; subjectId: string; termId: string }> {
  const { termId } = await currentYearAndTerm(db);
  const klass = await throwawayClass(db);
  const subject = await throwawaySubject(db);
  const [row] = await selectRows<{ id: string }>(
    db,
    sql`insert into subject_offerings (subject_id, class_id, term_id) values (${subject.id}, ${klass.id}, ${termId}) returning id`,
  );
  if (educatorId) await db.execute(sql`insert into offering_teachers (offering_id, educator_id) values (${row!.id}, ${educatorId})`);
  return { id: row!.id, classId: klass.id, subjectId: subject.id, termId };
}
