// Everything a level's end-of-year promotion is decided from, read in one place for the preview, the
// overrides and the run: the year and the next, the level and where it leads, each student's year
// figures (from the computed term results), next year's classes, the saved rules and the live run.
import "server-only";
import { sql } from "drizzle-orm";
import { type Queryable, selectRows } from "@/lib/db/client";
import type { RoundingRule } from "@/lib/domain/grading";
import { DEFAULT_PROMOTION_RULES, type PromotionOutcome, type PromotionRules, promotionRulesSchema, type StudentYearRecord } from "@/lib/domain/promotion";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { levelScaleSql } from "@/lib/server/results/results-sql";

export type PromotionStudent = {
  studentId: string;
  name: string;
  admissionNumber: string;
  enrolmentId: string;
  classId: string;
  className: string;
  arm: string;
  record: StudentYearRecord;
};

export type NextYearClass = { id: string; name: string; arm: string; classLevelId: string; levelName: string; capacity: number; enrolled: number };

export type PromotionOverride = {
  studentId: string;
  outcome: PromotionOutcome;
  targetClassId: string | null;
  transferDestination: string | null;
  reason: string;
  overriddenBy: string | null;
  overriddenAt: string;
};

export type PromotionContextData = {
  level: { id: string; name: string; nextLevelId: string | null; nextLevelName: string | null; isFinal: boolean };
  fromYear: { id: string; name: string; startsOn: string; endsOn: string };
  /** The academic year that starts next; null until an administrator creates it. */
  toYear: { id: string; name: string; startsOn: string } | null;
  terms: Array<{ id: string; name: string; sequence: number; locked: boolean; studentsAssessed: number; studentsWithResults: number }>;
  finalTermSequence: number;
  rounding: RoundingRule;
  /** The level's saved rules, or the defaults. */
  rules: PromotionRules;
  rulesSaved: boolean;
  students: PromotionStudent[];
  /** Next year's classes of this level and the next one: where students can go. */
  nextYearClasses: NextYearClass[];
  /** The level's live run for this year: a draft holding overrides, or the executed run. */
  run: {
    id: string;
    status: "draft" | "executed";
    executedAt: string | null;
    executedBy: string | null;
    classMap: Record<string, { promote?: string; repeat?: string }>;
  } | null;
  overrides: PromotionOverride[];
};

/**
 * Reads a level's promotion context. `fromYearId` defaults to the current academic year. No access
 * check here: the use cases that call it check promotions.manage first.
 */
export async function loadPromotionContext(db: Queryable, input: { classLevelId: string; fromYearId?: string }): Promise<PromotionContextData> {
  const [head] = await selectRows<{
    level: PromotionContextData["level"];
    fromYear: PromotionContextData["fromYear"] | null;
    toYear: PromotionContextData["toYear"];
    rounding: { mode: RoundingRule["mode"]; places: number };
    savedRules: unknown;
  }>(
    db,
    sql`with from_year as (
          select id, name, starts_on, ends_on from academic_years
          where ${input.fromYearId ? sql`id = ${input.fromYearId}` : sql`is_current`}
        )
        select jsonb_build_object('id', l.id, 'name', l.name, 'nextLevelId', l.next_level_id, 'nextLevelName', nl.name, 'isFinal', l.is_final) as level,
               (select jsonb_build_object('id', id, 'name', name, 'startsOn', starts_on::text, 'endsOn', ends_on::text) from from_year) as "fromYear",
               (select jsonb_build_object('id', y.id, 'name', y.name, 'startsOn', y.starts_on::text) from academic_years y, from_year f
                where y.starts_on > f.starts_on order by y.starts_on limit 1) as "toYear",
               (select jsonb_build_object('mode', g.rounding_mode, 'places', g.rounding_places) from grade_scales g where g.id = ${levelScaleSql(sql`l.id`)}) as rounding,
               (select rules from promotion_rules where class_level_id = l.id) as "savedRules"
        from class_levels l left join class_levels nl on nl.id = l.next_level_id
        where l.id = ${input.classLevelId}`,
  );
  if (!head) throw new NotFoundError("That class level was not found.");
  if (!head.fromYear) throw new NotFoundError("There is no current academic year: mark one as current first.");
  const fromYear = head.fromYear;
  const saved = head.savedRules === null ? null : promotionRulesSchema.safeParse(head.savedRules);

  // Per term: how many of the level's students were assessed (something other than "exempt" entered)
  // and how many of those have computed results; a term not taught yet has neither.
  const terms = await selectRows<PromotionContextData["terms"][number]>(
    db,
    sql`with assessed as (
          select distinct so.term_id, sc.student_id
          from subject_offerings so
          join classes c on c.id = so.class_id and c.class_level_id = ${input.classLevelId}
          join scores sc on sc.offering_id = so.id and sc.mark <> 'exempt'
          where so.term_id in (select id from terms where academic_year_id = ${fromYear.id})
        )
        select t.id, t.name, t.sequence, t.scores_locked_at is not null as locked,
               (select count(*)::int from assessed a where a.term_id = t.id) as "studentsAssessed",
               (select count(*)::int from assessed a
                where a.term_id = t.id and exists (select 1 from term_results tr where tr.term_id = t.id and tr.student_id = a.student_id and tr.kind = 'term')) as "studentsWithResults"
        from terms t where t.academic_year_id = ${fromYear.id} order by t.sequence`,
  );

  // One row per student on the level's roster: the active enrolment of the year, so a student moved
  // between classes mid-year appears once, in the class they are in now.
  const rows = await selectRows<{
    studentId: string;
    name: string;
    admissionNumber: string;
    enrolmentId: string;
    classId: string;
    className: string;
    arm: string;
    termAverages: Array<{ termId: string; average: string }>;
    subjects: StudentYearRecord["subjects"];
  }>(
    db,
    sql`with roster as (
          select e.id as enrolment_id, e.student_id, c.id as class_id, c.name as class_name, c.arm
          from enrolments e join classes c on c.id = e.class_id
          where c.class_level_id = ${input.classLevelId} and e.academic_year_id = ${fromYear.id} and e.status = 'active'
        ),
        pass_mark as (select g.pass_mark::text as pass_mark from grade_scales g where g.id = ${levelScaleSql(sql`${input.classLevelId}::uuid`)}),
        -- What was actually assessed: a subject of a term with something other than "exempt" entered. A term not
        -- taught yet has stored results of 0 (results are computed for every offering), which must not count.
        assessed as (
          -- Through the level's offerings (the scores key leads with the offering), not every score of the school.
          select distinct sc.student_id, sc.offering_id, so.term_id
          from subject_offerings so
          join terms t on t.id = so.term_id and t.academic_year_id = ${fromYear.id}
          join classes c on c.id = so.class_id and c.class_level_id = ${input.classLevelId}
          join scores sc on sc.offering_id = so.id
          where sc.mark <> 'exempt' and sc.student_id in (select student_id from roster)
        ),
        term_figures as (
          select tr.student_id, jsonb_agg(jsonb_build_object('termId', tr.term_id, 'average', tr.average::text)) as figures
          from term_results tr
          where tr.kind = 'term' and (tr.student_id, tr.term_id) in (select student_id, term_id from assessed)
          group by tr.student_id
        ),
        subject_figures as (
          select sr.student_id, so.subject_id, s.name, avg(sr.total) as year_average
          from subject_results sr
          join assessed a on a.student_id = sr.student_id and a.offering_id = sr.offering_id
          join subject_offerings so on so.id = sr.offering_id
          join subjects s on s.id = so.subject_id
          group by sr.student_id, so.subject_id, s.name
        ),
        subjects_by_student as (
          select student_id, jsonb_agg(jsonb_build_object('subjectId', subject_id, 'subjectName', name,
                   'yearAverage', year_average::text, 'passMark', (select pass_mark from pass_mark)) order by name) as subjects
          from subject_figures group by student_id
        )
        select r.student_id as "studentId", st.last_name || ', ' || st.first_name as name, st.admission_number as "admissionNumber",
               r.enrolment_id as "enrolmentId", r.class_id as "classId", r.class_name as "className", r.arm,
               coalesce(tf.figures, '[]'::jsonb) as "termAverages", coalesce(sb.subjects, '[]'::jsonb) as subjects
        from roster r join students st on st.id = r.student_id
        left join term_figures tf on tf.student_id = r.student_id
        left join subjects_by_student sb on sb.student_id = r.student_id
        order by r.class_name, st.last_name, st.first_name, st.id`,
  );

  const students: PromotionStudent[] = rows.map((row) => {
    const byTerm = new Map(row.termAverages.map((figure) => [figure.termId, figure.average]));
    return {
      studentId: row.studentId,
      name: row.name,
      admissionNumber: row.admissionNumber,
      enrolmentId: row.enrolmentId,
      classId: row.classId,
      className: row.className,
      arm: row.arm,
      record: {
        studentId: row.studentId,
        termAverages: terms.map((term) => ({ termSequence: term.sequence, termName: term.name, average: byTerm.get(term.id) ?? null })),
        subjects: row.subjects,
      },
    };
  });

  const levelIds = [input.classLevelId, head.level.nextLevelId].filter((id): id is string => id !== null);
  const nextYearClasses = head.toYear
    ? await selectRows<NextYearClass>(
        db,
        sql`select c.id, c.name, c.arm, c.class_level_id as "classLevelId", l.name as "levelName", c.capacity,
                   (select count(*)::int from enrolments e where e.class_id = c.id and e.status = 'active') as enrolled
            from classes c join class_levels l on l.id = c.class_level_id
            where c.academic_year_id = ${head.toYear.id} and c.class_level_id in ${sql`(${sql.join(
              levelIds.map((id) => sql`${id}::uuid`),
              sql`, `,
            )})`}
            order by l.sequence, c.name`,
      )
    : [];

  const [run] = await selectRows<NonNullable<PromotionContextData["run"]>>(
    db,
    sql`select r.id, r.status, r.class_map as "classMap",
               case when r.executed_at is null then null else to_char(r.executed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') end as "executedAt",
               u.name as "executedBy"
        from promotion_runs r left join users u on u.id = r.executed_by
        where r.from_academic_year_id = ${fromYear.id} and r.class_level_id = ${input.classLevelId} and r.status in ('draft', 'executed')`,
  );
  const overrides = run
    ? await selectRows<PromotionOverride>(
        db,
        sql`select d.student_id as "studentId", d.outcome, d.target_class_id as "targetClassId", d.transfer_destination as "transferDestination",
                   d.override_reason as reason, d.overridden_by as "overriddenBy",
                   to_char(d.overridden_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "overriddenAt"
            from promotion_decisions d where d.run_id = ${run.id} and d.override_reason is not null`,
      )
    : [];

  return {
    level: head.level,
    fromYear,
    toYear: head.toYear,
    terms,
    finalTermSequence: Math.max(0, ...terms.map((t) => t.sequence)),
    rounding: { mode: head.rounding?.mode ?? "half_up", places: (head.rounding?.places ?? 1) as RoundingRule["places"] },
    rules: saved?.success ? saved.data : { ...DEFAULT_PROMOTION_RULES, requiredSubjectIds: [] },
    rulesSaved: saved?.success === true,
    students,
    nextYearClasses,
    run: run ?? null,
    overrides,
  };
}

/** One promotion change per level at a time (overrides, run, undo): held to the end of the transaction. */
export async function lockLevelPromotion(tx: Queryable, classLevelId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('promotion:' || ${classLevelId}))`);
}

/** The level's draft run for the year, made on first use: overrides and the class map are kept on it. */
export async function ensureDraftRun(tx: Queryable, context: PromotionContextData, values: { rules: unknown; userId: string }): Promise<string> {
  if (context.run) return context.run.id;
  if (!context.toYear) throw new ValidationError(`There is no academic year after ${context.fromYear.name}: create it before deciding promotions.`);
  const [run] = await selectRows<{ id: string }>(
    tx,
    sql`insert into promotion_runs (from_academic_year_id, to_academic_year_id, class_level_id, status, rules, created_by)
        values (${context.fromYear.id}, ${context.toYear.id}, ${context.level.id}, 'draft', ${JSON.stringify(values.rules)}::jsonb, ${values.userId})
        returning id`,
  );
  return run!.id;
}
