// The gradebook settings page: every assessment scheme and grade scale, and the recent terms' score locks.
import "server-only";
import { sql } from "drizzle-orm";
import { assertCan, type Actor } from "@/lib/auth/policy";
import { isoTime, type Queryable, selectRows } from "@/lib/db/client";
import type { RoundingMode } from "@/lib/domain/grading";
import { describeScope, plain, type ScopeNames, SETTINGS_PERMISSION, SETTINGS_REFUSAL, termLabel } from "./settings-shared";

export type SchemeSummary = {
  id: string;
  name: string;
  scope: string;
  isSchoolDefault: boolean;
  components: Array<{ code: string; maxScore: string; weight: string }>;
  /** Subject classes pinned to it or holding scores against it. */
  offerings: number;
  scores: number;
};

export type ScaleSummary = {
  id: string;
  name: string;
  /** Null: the school-wide scale. */
  level: string | null;
  passMark: string;
  roundingMode: RoundingMode;
  roundingPlaces: number;
  bands: Array<{ letter: string; minScore: string; maxScore: string }>;
};

export type TermLockRow = {
  id: string;
  name: string;
  yearName: string;
  isCurrent: boolean;
  /** ISO 8601, UTC; null while teachers can still enter scores. */
  lockedAt: string | null;
  offerings: number;
  approved: number;
};

export type GradebookSettings = { schemes: SchemeSummary[]; scales: ScaleSummary[]; terms: TermLockRow[] };

type SchemeRow = ScopeNames & { id: string; name: string; components: SchemeSummary["components"]; offerings: number; scores: number };
type ScaleRow = Omit<ScaleSummary, "passMark"> & { passMark: string };

export async function listGradebookSettings(db: Queryable, actor: Actor): Promise<GradebookSettings> {
  assertCan(actor, SETTINGS_PERMISSION, SETTINGS_REFUSAL);
  const [schemes, scales, terms] = await Promise.all([
    selectRows<SchemeRow>(
      db,
      sql`select s.id, s.name, l.name as level, sub.name as subject, ${termLabel("t")} as term,
                 coalesce((select json_agg(json_build_object('code', ac.code, 'maxScore', ac.max_score::text, 'weight', ac.weight::text) order by ac.sequence)
                           from assessment_components ac where ac.scheme_id = s.id), '[]') as components,
                 (select count(*)::int from (
                    select so.id from subject_offerings so where so.assessment_scheme_id = s.id
                    union select sc.offering_id from scores sc join assessment_components ac on ac.id = sc.component_id where ac.scheme_id = s.id) used) as offerings,
                 (select count(*)::int from scores sc join assessment_components ac on ac.id = sc.component_id where ac.scheme_id = s.id) as scores
          from assessment_schemes s
          left join class_levels l on l.id = s.class_level_id
          left join subjects sub on sub.id = s.subject_id
          left join terms t on t.id = s.term_id
          order by (s.term_id is not null)::int * 4 + (s.subject_id is not null)::int * 2 + (s.class_level_id is not null)::int,
                   l.sequence nulls first, sub.name nulls first, t.starts_on nulls first, s.name`,
    ),
    selectRows<ScaleRow>(
      db,
      sql`select g.id, g.name, l.name as level, g.pass_mark::text as "passMark", g.rounding_mode as "roundingMode",
                 g.rounding_places::int as "roundingPlaces",
                 coalesce((select json_agg(json_build_object('letter', b.letter, 'minScore', b.min_score::text, 'maxScore', b.max_score::text) order by b.min_score desc)
                           from grade_bands b where b.scale_id = g.id), '[]') as bands
          from grade_scales g left join class_levels l on l.id = g.class_level_id
          order by g.class_level_id is not null, l.sequence, g.name`,
    ),
    // The current year's terms and the year before's: the ones whose scores are still being entered or checked.
    selectRows<TermLockRow>(
      db,
      sql`with current_year as (select id, starts_on from academic_years where is_current),
          chosen as (
            select id from current_year
            union all
            (select y.id from academic_years y, current_year c where y.starts_on < c.starts_on order by y.starts_on desc limit 1)
            union all
            (select id from academic_years where not exists (select 1 from current_year) order by starts_on desc limit 2))
          select t.id, t.name, y.name as "yearName", t.is_current as "isCurrent", ${isoTime(sql`t.scores_locked_at`)} as "lockedAt",
                 (select count(*)::int from subject_offerings so where so.term_id = t.id) as offerings,
                 (select count(*)::int from subject_offerings so where so.term_id = t.id and so.scores_status = 'approved') as approved
          from terms t join academic_years y on y.id = t.academic_year_id
          where y.id in (select id from chosen)
          order by y.starts_on desc, t.sequence`,
    ),
  ]);
  return {
    schemes: schemes.map(({ level, subject, term, components, ...scheme }) => ({
      ...scheme,
      scope: describeScope({ level, subject, term }),
      isSchoolDefault: !level && !subject && !term,
      components: components.map((c) => ({ code: c.code, maxScore: plain(c.maxScore), weight: plain(c.weight) })),
    })),
    scales: scales.map((scale) => ({
      ...scale,
      passMark: plain(scale.passMark),
      bands: scale.bands.map((b) => ({ letter: b.letter, minScore: plain(b.minScore), maxScore: b.maxScore })),
    })),
    terms,
  };
}
