// Which assessment scheme and grade scale apply to an offering: the lookups every gradebook read shares.
import "server-only";
import { sql } from "drizzle-orm";
import { type Queryable, selectRows } from "@/lib/db/client";
import type { GradeBand, RoundingRule, SchemeComponent } from "@/lib/domain/grading";
import { ValidationError } from "@/lib/errors";

export type GradingSetup = {
  scheme: { id: string; name: string; components: SchemeComponent[] };
  scale: { id: string; name: string; passMark: string; rounding: RoundingRule; bands: GradeBand[] };
};

/**
 * The scheme pinned to the offering by its first save, else the most specific scheme for its level,
 * subject and term (term beats subject beats level beats the school default); and the level's grade
 * scale, else the school's.
 */
export async function loadGradingSetup(
  db: Queryable,
  offering: { pinnedSchemeId: string | null; classLevelId: string; subjectId: string; termId: string },
): Promise<GradingSetup> {
  const rows = await selectRows<{ part: "component" | "band" | "scheme" | "scale" } & Record<string, string>>(
    db,
    sql`
      with scheme as (
        select id, name from assessment_schemes
        where ${offering.pinnedSchemeId ? sql`id = ${offering.pinnedSchemeId}` : sql`
              (class_level_id is null or class_level_id = ${offering.classLevelId})
          and (subject_id is null or subject_id = ${offering.subjectId})
          and (term_id is null or term_id = ${offering.termId})`}
        order by (term_id is not null)::int * 4 + (subject_id is not null)::int * 2 + (class_level_id is not null)::int desc
        limit 1),
      scale as (
        select id, name, pass_mark::text as pass_mark, rounding_mode, rounding_places from grade_scales
        where class_level_id is null or class_level_id = ${offering.classLevelId}
        order by class_level_id is null
        limit 1)
      select 'scheme' as part, id::text as id, name, null as code, null as a, null as b, null as c, null::int as seq from scheme
      union all
      select 'component', ac.id::text, ac.name, ac.code, ac.max_score::text, ac.weight::text, null, ac.sequence
      from assessment_components ac join scheme on scheme.id = ac.scheme_id
      union all
      select 'scale', id::text, name, rounding_mode, pass_mark, rounding_places::text, null, null from scale
      union all
      select 'band', gb.id::text, gb.remark, gb.letter, gb.min_score::text, gb.points::text, null, null
      from grade_bands gb join scale on scale.id = gb.scale_id
      order by part, seq`,
  );
  const schemeRow = rows.find((r) => r.part === "scheme");
  const scaleRow = rows.find((r) => r.part === "scale");
  const components = rows.filter((r) => r.part === "component").map((r) => ({ id: r.id!, code: r.code!, name: r.name!, maxScore: r.a!, weight: r.b! }));
  const bands = rows
    .filter((r) => r.part === "band")
    .map((r) => ({ letter: r.code!, minScore: r.a!, points: r.b!, remark: r.name! }))
    .sort((x, y) => Number(y.minScore) - Number(x.minScore));
  if (!schemeRow || components.length === 0) {
    throw new ValidationError("No assessment scheme applies to this subject yet. An administrator sets one up under Gradebook settings.");
  }
  if (!scaleRow || bands.length === 0) {
    throw new ValidationError("No grade scale is set up yet. An administrator sets one up under Gradebook settings.");
  }
  return {
    scheme: { id: schemeRow.id!, name: schemeRow.name!, components },
    scale: {
      id: scaleRow.id!,
      name: scaleRow.name!,
      passMark: scaleRow.a!,
      rounding: { mode: scaleRow.code as RoundingRule["mode"], places: Number(scaleRow.b) as RoundingRule["places"] },
      bands,
    },
  };
}

/**
 * The scheme an offering's scores count against, on the aliases `so` (subject_offerings) and `c`
 * (its class): the scheme pinned by the first save, else the most specific one for its level, subject
 * and term (term beats subject beats level beats the school default).
 */
export const offeringSchemeSql = sql`coalesce(so.assessment_scheme_id, (
  select sch.id from assessment_schemes sch
  where (sch.class_level_id is null or sch.class_level_id = c.class_level_id)
    and (sch.subject_id is null or sch.subject_id = so.subject_id)
    and (sch.term_id is null or sch.term_id = so.term_id)
  order by (sch.term_id is not null)::int * 4 + (sch.subject_id is not null)::int * 2 + (sch.class_level_id is not null)::int desc
  limit 1))`;
