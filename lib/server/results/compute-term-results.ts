// Computes a term's results in SQL: every student's subject totals, grades and positions, their
// overall term figures, and the year to date. The rules are lib/domain/grading's (docs/grading-rules.md).
import "server-only";
import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { assertCan, type Actor } from "@/lib/auth/policy";
import { type Queryable, selectRows } from "@/lib/db/client";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { writeAudit } from "@/lib/server/audit";
import { idSchema, parseInput } from "@/lib/validation/common";
import { offeringSchemeSql } from "@/lib/server/gradebook/grading-setup";
import { levelScaleSql, roundFractionSql } from "./results-sql";

export const computeTermResultsInput = z.object({ termId: idSchema, classLevelId: idSchema.optional() });
export type ComputeTermResultsInput = z.input<typeof computeTermResultsInput>;

export type ComputeTermResultsOutcome = {
  /** subject_results rows now stored: one per student per offering of the term in scope. */
  subjectResults: number;
  /** term_results rows of kind "term". */
  termResults: number;
  /** term_results rows of kind "cumulative" (the year to date). */
  cumulativeResults: number;
  /** Subject totals still provisional (a cell not entered yet): stored for staff, but not publishable. */
  incomplete: number;
};

/**
 * Recomputes and replaces the results of a term, for every class of its year or only one level's:
 *
 * - subject_results, per student on each offering's roster: the exact weighted total of the scheme's
 *   components (absent = 0 of its weight, exempt removes its weight, empty cells make it provisional),
 *   rounded once by the level's grade scale, the band with the highest minimum ≤ the rounded total, and
 *   competition-ranked positions (1, 2, 2, 4) on the rounded total in the class and across the level's
 *   classes taking the same subject. A student exempt from every component gets a row with no total.
 * - term_results "term": the sum of the counted subjects' rounded totals, their mean rounded once, the
 *   credit-weighted GPA, and positions by the rounded average in the class and the level.
 * - term_results "cumulative": the year to date, defined in the comment above `denominators` in the statement.
 *
 * Everything is computed by one set-based statement that also writes the rows, with an audit record,
 * in one transaction. Requires reports.publish.
 */
export async function computeTermResults(db: Queryable, actor: Actor, input: ComputeTermResultsInput): Promise<ComputeTermResultsOutcome> {
  assertCan(actor, "reports.publish", "Only an administrator can compute results.");
  const { termId, classLevelId } = parseInput(computeTermResultsInput, input);
  return db.transaction(async (tx) => {
    // Two computations of one term would each replace rows the other is comparing against; one at a time.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('results:' || ${termId}))`);
    const [found] = await selectRows<{ termExists: boolean; levelExists: boolean }>(
      tx,
      sql`select exists (select 1 from terms where id = ${termId}) as "termExists",
                 ${classLevelId ? sql`exists (select 1 from class_levels where id = ${classLevelId})` : sql`true`} as "levelExists"`,
    );
    if (!found?.termExists) throw new NotFoundError("That term was not found.");
    if (!found.levelExists) throw new NotFoundError("That class level was not found.");
    const levelFilter = classLevelId ? sql`and c.class_level_id = ${classLevelId}` : sql``;
    await assertGradingIsSetUp(tx, termId, levelFilter);

    // A batch job over the whole school: its hashes and sorts (tens of MB) should not spill to disk.
    await tx.execute(sql`set local work_mem = '64MB'`);
    const [counts] = await selectRows<ComputeTermResultsOutcome & { written: number; removed: number }>(tx, computeStatement(termId, levelFilter));
    const { written, removed, ...outcome } = counts ?? { subjectResults: 0, termResults: 0, cumulativeResults: 0, incomplete: 0, written: 0, removed: 0 };
    await writeAudit(tx, actor, {
      action: "results.computed",
      entityType: "term",
      entityId: termId,
      after: { classLevelId: classLevelId ?? null, ...outcome, rowsWritten: written, rowsRemoved: removed },
    });
    return outcome;
  });
}

/** Refuses, naming them, offerings of the term without a scheme and levels without a grade scale. */
async function assertGradingIsSetUp(tx: Queryable, termId: string, levelFilter: SQL): Promise<void> {
  const problems = await selectRows<{ problem: string }>(
    tx,
    sql`
      with scoped as (
        select c.class_level_id, s.name as subject_name, c.name as class_name, ${offeringSchemeSql} as scheme_id
        from subject_offerings so
        join classes c on c.id = so.class_id
        join subjects s on s.id = so.subject_id
        where so.term_id = ${termId} ${levelFilter})
      select subject_name || ', ' || class_name || ': no assessment scheme applies' as problem
      from scoped
      where not exists (select 1 from assessment_components ac where ac.scheme_id = scoped.scheme_id)
      union all
      select distinct 'Level ' || cl.name || ': no grade scale with bands applies'
      from scoped join class_levels cl on cl.id = scoped.class_level_id
      where not exists (select 1 from grade_bands b where b.scale_id = ${levelScaleSql(sql`scoped.class_level_id`)})
      order by 1`,
  );
  if (problems.length > 0) {
    const listed = problems.slice(0, 5).map((p) => p.problem);
    const more = problems.length > 5 ? `; and ${problems.length - 5} more` : "";
    throw new ValidationError(`Results can't be computed until grading is set up: ${listed.join("; ")}${more}.`);
  }
}

/** A subject counts in at most 6 terms of a year (terms.sequence is 1 to 6), and each of 1…6 divides 60. */
const TERM_COUNT_MULTIPLE = 60;

function computeStatement(termId: string, levelFilter: SQL): SQL {
  const round = (numerator: string, denominator: string, mode = "mode", places = "places") =>
    roundFractionSql(sql.raw(numerator), sql.raw(denominator), sql.raw(mode), sql.raw(places));
  return sql`
    with recursive
    scope_classes as (
      select c.id, c.class_level_id, c.academic_year_id
      from classes c join terms t on t.academic_year_id = c.academic_year_id and t.id = ${termId}
      where true ${levelFilter}),
    -- The year to date: this term and the earlier terms of its academic year.
    year_terms as (
      select y.id, y.id = t.id as is_current
      from terms t join terms y on y.academic_year_id = t.academic_year_id and y.sequence <= t.sequence
      where t.id = ${termId}),
    scoped_offerings as (
      select so.id, so.subject_id, so.class_id, yt.is_current, c.class_level_id, c.academic_year_id, s.kind = 'core' as is_core,
             s.credit_units, ${offeringSchemeSql} as scheme_id, ${levelScaleSql(sql`c.class_level_id`)} as scale_id
      from subject_offerings so
      join year_terms yt on yt.id = so.term_id
      join scope_classes c on c.id = so.class_id
      join subjects s on s.id = so.subject_id),
    -- Each component's maximum and weight in hundredths, so all the arithmetic below is on whole numbers.
    components as (
      select ac.id, ac.scheme_id, trunc(ac.max_score * 100) as max_units, (ac.weight * 100)::int as weight_units,
             row_number() over (partition by ac.scheme_id order by ac.sequence) as k
      from assessment_components ac
      where ac.scheme_id in (select scheme_id from scoped_offerings)),
    -- L = lcm of the scheme's maximums (in hundredths), folded over its components in order.
    scheme_walk (scheme_id, k, multiple) as (
      select scheme_id, k, max_units from components where k = 1
      union all
      select c.scheme_id, c.k, lcm(w.multiple, c.max_units)
      from scheme_walk w join components c on c.scheme_id = w.scheme_id and c.k = w.k + 1),
    schemes as (
      select distinct on (scheme_id) scheme_id, multiple, k as component_count
      from scheme_walk order by scheme_id, k desc),
    -- A score s of maximum m and weight w earns s·w/m = s·factor/L with factor = w·(L/m) a whole number.
    component_factors as (
      select c.id, c.scheme_id, c.weight_units, c.weight_units * div(s.multiple, c.max_units) as factor
      from components c join schemes s on s.scheme_id = c.scheme_id),
    -- The scheme's and scale's figures are looked up per offering rather than joined: the planner has no
    -- statistics for a CTE's columns, and a join of two of them is estimated at a handful of rows, which made
    -- every later step (the writes included) a nested loop over what are really 50,000 rows.
    offerings as (
      select o.*,
             (select g.rounding_mode from grade_scales g where g.id = o.scale_id) as mode,
             (select g.rounding_places from grade_scales g where g.id = o.scale_id) as places,
             (select s.multiple from schemes s where s.scheme_id = o.scheme_id) as multiple,
             (select s.component_count from schemes s where s.scheme_id = o.scheme_id) as component_count
      from scoped_offerings o),
    -- Per offering, student and scheme: a score against a component of another scheme than the offering's (possible
    -- only if a pin changed) is then left out below, as computeSubjectOutcome ignores cells of unknown components.
    -- Joined through the base tables so the planner sees the term's offerings as a small set to probe with.
    cells as (
      select sc.offering_id, sc.student_id, cf.scheme_id,
             coalesce(sum(sc.value * cf.factor), 0) as earned,
             coalesce(sum(cf.weight_units) filter (where sc.mark <> 'exempt'), 0) as entered_weight,
             count(*) filter (where sc.mark = 'exempt') as exempt_cells,
             count(*) as filled_cells
      from scores sc
      join subject_offerings so on so.id = sc.offering_id
      join year_terms yt on yt.id = so.term_id
      join scope_classes c on c.id = so.class_id
      join component_factors cf on cf.id = sc.component_id
      group by sc.offering_id, sc.student_id, cf.scheme_id),
    -- The roster rule of lib/server/gradebook/get-grade-sheet.ts offeringStudentsSql, for every offering at once.
    roster as (
      select o.id as offering_id, e.student_id
      from offerings o
      join enrolments e on e.class_id = o.class_id and e.status = 'active'
      where o.multiple is not null
        and (o.is_core or exists (select 1 from student_electives se
          where se.student_id = e.student_id and se.subject_id = o.subject_id and se.academic_year_id = o.academic_year_id))),
    -- A band runs from its minimum up to the next band's; the grade is read from the rounded total.
    bands as (
      select b.scale_id, b.min_score, lead(b.min_score) over (partition by b.scale_id order by b.min_score) as next_min,
             b.letter, b.points, b.remark
      from grade_bands b where b.scale_id in (select scale_id from scoped_offerings)),
    -- The exact total as a fraction: earned / entered weight × 100 = (10000·Σ s·factor) / (L · entered weight in
    -- hundredths); nothing entered gives 0 (0/1), as computeSubjectOutcome does. It is rounded in a subquery that
    -- OFFSET 0 keeps from being merged into the band join, which would round again for every band compared.
    outcomes as (
      select t.*, b.letter, b.points, b.remark
      from (
        select f.*, case when not f.exempt then ${round("f.exact_numerator", "f.exact_denominator", "f.mode", "f.places")} end as total
        from (
          select r.offering_id, r.student_id, o.subject_id, o.class_id, o.class_level_id, o.is_current, o.credit_units,
                 o.scale_id, o.mode, o.places,
                 coalesce(cl.exempt_cells, 0) = o.component_count as exempt,
                 coalesce(cl.filled_cells, 0) < o.component_count as incomplete,
                 coalesce(cl.entered_weight, 0) > 0 as assessed,
                 case when cl.entered_weight > 0 then trunc(cl.earned * 10000) else 0 end as exact_numerator,
                 case when cl.entered_weight > 0 then o.multiple * cl.entered_weight else 1 end as exact_denominator
          from roster r
          join offerings o on o.id = r.offering_id
          left join cells cl on cl.offering_id = r.offering_id and cl.student_id = r.student_id and cl.scheme_id = o.scheme_id) f
        offset 0) t
      left join bands b on b.scale_id = t.scale_id and t.total >= b.min_score and (b.next_min is null or t.total < b.next_min)),
    -- Standard competition ranking (1, 2, 2, 4) on the rounded total, among the students who have one. rank()
    -- ignores the frame, so one window per partition gives both the rank and the size in one sorted pass.
    subject_rows as (
      select g.offering_id, g.student_id, g.class_id, g.class_level_id, g.credit_units, g.mode, g.places,
             g.total, g.letter, g.points, g.remark, g.incomplete and not g.exempt as incomplete,
             case when g.total is not null then rank() over in_class end as class_position,
             count(g.total) over in_class as class_size,
             case when g.total is not null then rank() over in_level end as level_position,
             count(g.total) over in_level as level_size
      from outcomes g where g.is_current
      window in_class as (partition by g.offering_id order by g.total desc nulls last range between unbounded preceding and unbounded following),
             in_level as (partition by g.subject_id, g.class_level_id order by g.total desc nulls last
                          range between unbounded preceding and unbounded following)),
    term_sums as (
      select student_id, class_id, class_level_id, mode, places,
             sum(total) as total, count(total) as subject_count,
             sum(points * credit_units) filter (where total is not null) as weighted_points,
             sum(credit_units) filter (where total is not null) as credits
      from subject_rows
      group by student_id, class_id, class_level_id, mode, places
      having count(total) > 0),
    -- The average is the rounded totals' sum over the count (hundredths over hundredths), rounded once; the GPA
    -- is Σ points × credits / Σ credits (thousandths), rounded with the scale's mode to 2 places whatever the
    -- scale's places, since points are hundredths already.
    term_figures as (
      select ts.*, ${round("ts.total * 100", "ts.subject_count * 100")} as average,
             ${round("ts.weighted_points * 1000", "ts.credits * 1000", "ts.mode", "2")} as gpa
      from term_sums ts),
    -- The year to date. A term counts for a subject when the student was assessed in it (something other than
    -- EX entered): a term not yet taught, or one exempt in every component, is left out rather than counted as
    -- 0, as cumulativeAverage skips null terms. A subject's year figure is the mean of its EXACT term totals,
    -- each term once; the student's cumulative average is the mean of those figures over the subjects, rounded
    -- once. To add exact fractions in SQL they are put over one common denominator U, the lcm of every distinct
    -- exact-total denominator (few: schemes × entered weights): subject figure = Σ n·(U/d) / (terms · U), and
    -- the mean over S subjects = Σ (Σ n·(U/d))·(60/terms) / (60 · U · S), 60 being divisible by any term count.
    -- The cumulative total is the sum of the subject figures each rounded once; the GPA is the credit-weighted
    -- points of every counted (term, subject) pair, as cumulativeGpa.
    denominators as (
      select d, row_number() over (order by d) as k
      from (select distinct exact_denominator as d from outcomes where not exempt and assessed) x),
    common_walk (k, multiple) as (
      select k, d from denominators where k = 1
      union all
      select d.k, lcm(w.multiple, d.d) from common_walk w join denominators d on d.k = w.k + 1),
    common_denominator as (
      select multiple from common_walk order by k desc limit 1),
    subject_years as (
      select g.student_id, g.subject_id, count(*) as terms,
             sum(g.exact_numerator * div(u.multiple, g.exact_denominator)) as numerator,
             sum(g.points * g.credit_units) as weighted_points, sum(g.credit_units) as credits
      from outcomes g cross join common_denominator u
      where not g.exempt and g.assessed
      group by g.student_id, g.subject_id),
    -- Who the year-to-date rows belong to: the class of the student's active enrolment (one a year), and its scale.
    scope_students as (
      select e.student_id, c.id as class_id, c.class_level_id, g.rounding_mode as mode, g.rounding_places as places
      from enrolments e
      join scope_classes c on c.id = e.class_id
      join grade_scales g on g.id = ${levelScaleSql(sql`c.class_level_id`)}
      where e.status = 'active'),
    cumulative_sums as (
      select sy.student_id, sum(${round("sy.numerator", "sy.terms * u.multiple", "st.mode", "st.places")}) as total,
             count(*) as subject_count, sum(sy.numerator * (${sql.raw(String(TERM_COUNT_MULTIPLE))} / sy.terms)) as numerator,
             sum(sy.weighted_points) as weighted_points, sum(sy.credits) as credits
      from subject_years sy
      cross join common_denominator u
      join scope_students st on st.student_id = sy.student_id
      group by sy.student_id),
    cumulative_figures as (
      select st.student_id, st.class_id, st.class_level_id, cs.total, cs.subject_count,
             ${round("cs.numerator", `${TERM_COUNT_MULTIPLE} * u.multiple * cs.subject_count`, "st.mode", "st.places")} as average,
             ${round("cs.weighted_points * 1000", "cs.credits * 1000", "st.mode", "2")} as gpa
      from cumulative_sums cs
      cross join common_denominator u
      join scope_students st on st.student_id = cs.student_id),
    overall_rows as (
      select f.*,
             rank() over in_class as class_position, count(*) over in_class as class_size,
             rank() over in_level as level_position, count(*) over in_level as level_size
      from (select 'term' as kind, student_id, class_id, class_level_id, total, average, subject_count, gpa from term_figures
            union all
            select 'cumulative', student_id, class_id, class_level_id, total, average, subject_count, gpa from cumulative_figures) f
      window in_class as (partition by f.kind, f.class_id order by f.average desc range between unbounded preceding and unbounded following),
             in_level as (partition by f.kind, f.class_level_id order by f.average desc range between unbounded preceding and unbounded following)),
    -- Replacing the stored rows: one pass pairs them with the computed ones, then only what differs is written.
    -- A recomputation after a few corrections thus writes a few rows: rewriting all of them (or deleting and
    -- re-inserting, which re-checks every row's foreign keys) costs more than computing them. So computed_at is
    -- when a row's figures last changed; the audit record says when the computation ran.
    subject_changes as (
      select coalesce(r.offering_id, sr.offering_id) as offering_id, coalesce(r.student_id, sr.student_id) as student_id,
             case when sr.offering_id is null then 'new' when r.offering_id is null then 'stale' else 'changed' end as change,
             r.total, r.letter, r.points, r.remark, r.class_position, r.class_size, r.level_position, r.level_size
      from (select offering_id, student_id, total, letter, points, remark, class_position, class_size, level_position, level_size
            from subject_results where offering_id in (select id from offerings where is_current)) sr
      full join subject_rows r on r.offering_id = sr.offering_id and r.student_id = sr.student_id
      where sr.offering_id is null or r.offering_id is null
         or (sr.total, sr.letter, sr.points, sr.remark, sr.class_position, sr.class_size, sr.level_position, sr.level_size)
            is distinct from (r.total, r.letter, r.points, r.remark, r.class_position, r.class_size, r.level_position, r.level_size)),
    changed_subjects as (
      update subject_results sr set
        total = r.total, letter = r.letter, points = r.points, remark = r.remark, class_position = r.class_position,
        class_size = r.class_size, level_position = r.level_position, level_size = r.level_size, created_at = now()
      from subject_changes r
      where r.change = 'changed' and sr.offering_id = r.offering_id and sr.student_id = r.student_id
      returning 1),
    new_subjects as (
      insert into subject_results (offering_id, student_id, total, letter, points, remark,
                                   class_position, class_size, level_position, level_size)
      select offering_id, student_id, total, letter, points, remark, class_position, class_size, level_position, level_size
      from subject_changes where change = 'new'
      returning 1),
    stale_subjects as (
      delete from subject_results sr using subject_changes r
      where r.change = 'stale' and sr.offering_id = r.offering_id and sr.student_id = r.student_id
      returning 1),
    overall_changes as (
      select coalesce(r.student_id, tr.student_id) as student_id, coalesce(r.kind, tr.kind) as kind,
             case when tr.student_id is null then 'new' when r.student_id is null then 'stale' else 'changed' end as change,
             r.class_id, r.total, r.average, r.subject_count, r.gpa, r.class_position, r.class_size, r.level_position, r.level_size
      from (select student_id, kind, class_id, total, average, subject_count, gpa, class_position, class_size, level_position, level_size
            from term_results
            where term_id = ${termId} and (class_id in (select id from scope_classes) or student_id in (select student_id from overall_rows))) tr
      full join overall_rows r on r.student_id = tr.student_id and r.kind = tr.kind
      where tr.student_id is null or r.student_id is null
         or (tr.class_id, tr.total, tr.average, tr.subject_count, tr.gpa, tr.class_position, tr.class_size, tr.level_position, tr.level_size)
            is distinct from (r.class_id, r.total, r.average, r.subject_count, r.gpa, r.class_position, r.class_size, r.level_position, r.level_size)),
    changed_overall as (
      update term_results tr set
        class_id = r.class_id, total = r.total, average = r.average, subject_count = r.subject_count, gpa = r.gpa,
        class_position = r.class_position, class_size = r.class_size, level_position = r.level_position,
        level_size = r.level_size, created_at = now()
      from overall_changes r
      where r.change = 'changed' and tr.student_id = r.student_id and tr.term_id = ${termId} and tr.kind = r.kind
      returning 1),
    new_overall as (
      insert into term_results (student_id, term_id, class_id, kind, total, average, subject_count, gpa,
                                class_position, class_size, level_position, level_size)
      select student_id, ${termId}::uuid, class_id, kind, total, average, subject_count, gpa,
             class_position, class_size, level_position, level_size
      from overall_changes where change = 'new'
      returning 1),
    stale_overall as (
      delete from term_results tr using overall_changes r
      where r.change = 'stale' and tr.student_id = r.student_id and tr.term_id = ${termId} and tr.kind = r.kind
      returning 1)
    select (select count(*)::int from subject_rows) as "subjectResults",
           (select count(*)::int from overall_rows where kind = 'term') as "termResults",
           (select count(*)::int from overall_rows where kind = 'cumulative') as "cumulativeResults",
           (select count(*)::int from subject_rows where incomplete) as incomplete,
           (select count(*)::int from changed_subjects) + (select count(*)::int from new_subjects)
             + (select count(*)::int from changed_overall) + (select count(*)::int from new_overall) as written,
           (select count(*)::int from stale_subjects) + (select count(*)::int from stale_overall) as removed`;
}
