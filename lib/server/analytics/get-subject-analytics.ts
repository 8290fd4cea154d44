// A class's computed subject results for a term as figures for staff: spread, pass rate, and how each
// subject's classes across the level compare.
import "server-only";
import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { type Actor, can } from "@/lib/auth/policy";
import { type Queryable, selectRows } from "@/lib/db/client";
import { type PassRate, passRate, scoreHistogram } from "@/lib/domain/analytics";
import { parseDecimal, toPlainString } from "@/lib/domain/decimal";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { enterableOfferings } from "@/lib/server/gradebook/offering-access";
import { levelScaleSql, withPlacesSql } from "@/lib/server/results/results-sql";
import { educatorName } from "@/lib/server/school/structure-shared";
import { idSchema, parseInput } from "@/lib/validation/common";

export const analyticsScopeInput = z.object({ termId: idSchema, classId: idSchema });
export type AnalyticsScopeInput = z.input<typeof analyticsScopeInput>;

export type SubjectAnalytics = {
  offeringId: string;
  subject: { code: string; name: string };
  teachers: string[];
  /** Students with a total (exempt students have none and are left out of every figure). */
  count: number;
  /** Written with the scale's places; null when nobody has a total. */
  average: string | null;
  highest: string | null;
  lowest: string | null;
  passRate: PassRate | null;
  /** Ten counts, in the bands of HISTOGRAM_BUCKET_LABELS; they add up to `count`. */
  histogram: number[];
  /** The same subject in every class of the level this term, this class included. */
  levelAverageByClass: Array<{ classId: string; className: string; teachers: string[]; count: number; average: string | null }>;
};

export type ClassSubjectAnalytics = {
  className: string;
  termName: string;
  passMark: string;
  subjects: SubjectAnalytics[];
};

/** Whether the actor sees the whole class (and so its students' overall figures), and which offerings otherwise. */
export type ClassAccess = { className: string; termName: string; classLevelId: string; places: number; passMark: string; wholeClass: boolean };

/**
 * Loads the class and term and decides what the actor sees of them: administrators (results.read_all or
 * reports.publish) and the class teacher see every subject; anyone else only the offerings they may open
 * (lib/server/gradebook/offering-access). A class and term that don't match are "not found".
 */
export async function loadClassAccess(db: Queryable, actor: Actor, input: AnalyticsScopeInput): Promise<ClassAccess & { visible: SQL }> {
  const { classId, termId } = parseInput(analyticsScopeInput, input);
  const [context] = await selectRows<Omit<ClassAccess, "wholeClass"> & { isClassTeacher: boolean }>(
    db,
    sql`select c.name as "className", t.name as "termName", c.class_level_id as "classLevelId",
               ${actor.educatorId ? sql`c.class_teacher_id is not distinct from ${actor.educatorId}` : sql`false`} as "isClassTeacher",
               coalesce(g.rounding_places, 1)::int as places, coalesce(g.pass_mark, 40)::text as "passMark"
        from classes c
        join terms t on t.academic_year_id = c.academic_year_id
        left join grade_scales g on g.id = ${levelScaleSql(sql`c.class_level_id`)}
        where c.id = ${classId} and t.id = ${termId}`,
  );
  if (!context) throw notFound();
  const { isClassTeacher, passMark, ...rest } = context;
  const wholeClass = can(actor, "results.read_all") || can(actor, "reports.publish") || isClassTeacher;
  return { ...rest, passMark: toPlainString(parseDecimal(passMark)), wholeClass, visible: wholeClass ? sql`true` : enterableOfferings(actor) };
}

export const notFound = () => new NotFoundError("That class's results were not found, or you can't see them.");

/**
 * Per subject of the class in the term that the actor may see: count, average, highest, lowest, pass rate
 * against the level's pass mark, a ten-band histogram, and the subject's average in each class of the level.
 * NotFoundError when the actor sees nothing of the class; ConflictError when the term isn't computed yet.
 */
export async function getSubjectAnalytics(db: Queryable, actor: Actor, input: AnalyticsScopeInput): Promise<ClassSubjectAnalytics> {
  const { classId, termId } = parseInput(analyticsScopeInput, input);
  const access = await loadClassAccess(db, actor, { classId, termId });
  const places = sql.raw(String(access.places));
  const teachersOf = (offering: SQL) =>
    sql`coalesce((select json_agg(${educatorName("e")} order by e.last_name, e.first_name)
                  from offering_teachers ot join educators e on e.id = ot.educator_id where ot.offering_id = ${offering}), '[]'::json)`;

  const subjects = await selectRows<
    Omit<SubjectAnalytics, "passRate" | "histogram" | "levelAverageByClass" | "subject"> & { code: string; name: string; subjectId: string; totals: string[] }
  >(
    db,
    sql`select so.id as "offeringId", so.subject_id as "subjectId", s.code, s.name, ${teachersOf(sql`so.id`)} as teachers,
               count(sr.total)::int as count,
               ${withPlacesSql(sql`avg(sr.total)`, places)} as average,
               ${withPlacesSql(sql`max(sr.total)`, places)} as highest,
               ${withPlacesSql(sql`min(sr.total)`, places)} as lowest,
               coalesce(json_agg(sr.total::text order by sr.total) filter (where sr.total is not null), '[]'::json) as totals
        from subject_offerings so
        join subjects s on s.id = so.subject_id
        left join subject_results sr on sr.offering_id = so.id
        where so.class_id = ${classId} and so.term_id = ${termId} and (${access.visible})
        group by so.id, so.subject_id, s.code, s.name, s.kind
        order by s.kind, s.name`,
  );
  if (!access.wholeClass && subjects.length === 0) throw notFound();

  const [computed] = await selectRows<{ computed: boolean }>(
    db,
    sql`select exists (select 1 from subject_results sr join subject_offerings so on so.id = sr.offering_id
                       where so.class_id = ${classId} and so.term_id = ${termId}) as computed`,
  );
  if (!computed?.computed) throw new ConflictError("Results for this term haven't been computed yet");

  // Aggregates only: a teacher sees how other classes of the level did in their subject, never who scored what.
  const levelRows =
    subjects.length === 0
      ? []
      : await selectRows<{ subjectId: string } & SubjectAnalytics["levelAverageByClass"][number]>(
          db,
          sql`select so.subject_id as "subjectId", c.id as "classId", c.name as "className", ${teachersOf(sql`so.id`)} as teachers,
                     count(sr.total)::int as count, ${withPlacesSql(sql`avg(sr.total)`, places)} as average
              from subject_offerings so
              join classes c on c.id = so.class_id
              left join subject_results sr on sr.offering_id = so.id
              where so.term_id = ${termId} and c.class_level_id = ${access.classLevelId}
                and so.subject_id in (${sql.join(
                  subjects.map((s) => sql`${s.subjectId}::uuid`),
                  sql`, `,
                )})
              group by so.id, so.subject_id, c.id, c.name, c.arm
              order by c.arm, c.name`,
        );

  return {
    className: access.className,
    termName: access.termName,
    passMark: access.passMark,
    subjects: subjects.map(({ subjectId, code, name, totals, ...figures }) => ({
      ...figures,
      subject: { code, name },
      passRate: passRate(totals, access.passMark),
      histogram: scoreHistogram(totals),
      levelAverageByClass: levelRows
        .filter((row) => row.subjectId === subjectId)
        .map((row) => ({ classId: row.classId, className: row.className, teachers: row.teachers, count: row.count, average: row.average })),
    })),
  };
}

export type AnalyticsChoices = {
  terms: Array<{ id: string; name: string; yearName: string; academicYearId: string; isCurrent: boolean }>;
  /** Only the classes the actor sees something of: all for administrators, else those they lead or teach in. */
  classes: Array<{ id: string; name: string; academicYearId: string }>;
};

/** What the analytics page offers to choose from; kept beside getSubjectAnalytics so the two agree on who sees a class. */
export async function listAnalyticsChoices(db: Queryable, actor: Actor): Promise<AnalyticsChoices> {
  const wholeSchool = can(actor, "results.read_all") || can(actor, "reports.publish");
  const reachable = wholeSchool
    ? sql`true`
    : sql`(${actor.educatorId ? sql`c.class_teacher_id = ${actor.educatorId}` : sql`false`}
           or exists (select 1 from subject_offerings so join subjects s on s.id = so.subject_id
                      where so.class_id = c.id and (${enterableOfferings(actor)})))`;
  const [terms, classes] = await Promise.all([
    selectRows<AnalyticsChoices["terms"][number]>(
      db,
      sql`select t.id, t.name, y.name as "yearName", y.id as "academicYearId", t.is_current as "isCurrent"
          from terms t join academic_years y on y.id = t.academic_year_id
          order by y.starts_on desc, t.sequence`,
    ),
    selectRows<AnalyticsChoices["classes"][number]>(
      db,
      sql`select c.id, c.name, c.academic_year_id as "academicYearId"
          from classes c join class_levels l on l.id = c.class_level_id
          where ${reachable}
          order by l.sequence, c.arm`,
    ),
  ]);
  return { terms, classes };
}
