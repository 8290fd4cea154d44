// One assessment scheme as its edit form needs it, with how much of the gradebook already depends on it.
import "server-only";
import { sql } from "drizzle-orm";
import { assertCan, type Actor } from "@/lib/auth/policy";
import { type Queryable, selectRows } from "@/lib/db/client";
import { NotFoundError } from "@/lib/errors";
import { parseInput } from "@/lib/validation/common";
import { type SettingIdInput, settingIdSchema } from "@/lib/validation/gradebook-settings";
import { describeScope, describeUsage, isInUse, plain, type ScopeNames, schemeUsage, SETTINGS_PERMISSION, SETTINGS_REFUSAL, termLabel } from "./settings-shared";

export type SchemeComponentDetail = {
  id: string;
  code: string;
  name: string;
  maxScore: string;
  weight: string;
  /** Scores stored against the component, and the highest of them: what limits removing it or lowering its maximum. */
  scores: number;
  highestScore: string | null;
};

export type AssessmentSchemeDetail = {
  id: string;
  name: string;
  classLevelId: string | null;
  subjectId: string | null;
  termId: string | null;
  scope: string;
  components: SchemeComponentDetail[];
  inUse: boolean;
  /** "12 classes already have scores against this scheme"; null when nothing depends on it yet. */
  usage: string | null;
};

type Row = ScopeNames & { id: string; name: string; classLevelId: string | null; subjectId: string | null; termId: string | null };

export async function getAssessmentScheme(db: Queryable, actor: Actor, input: SettingIdInput): Promise<AssessmentSchemeDetail> {
  assertCan(actor, SETTINGS_PERMISSION, SETTINGS_REFUSAL);
  const { id } = parseInput(settingIdSchema, input);
  const [scheme] = await selectRows<Row>(
    db,
    sql`select s.id, s.name, s.class_level_id as "classLevelId", s.subject_id as "subjectId", s.term_id as "termId",
               l.name as level, sub.name as subject, ${termLabel("t")} as term
        from assessment_schemes s
        left join class_levels l on l.id = s.class_level_id
        left join subjects sub on sub.id = s.subject_id
        left join terms t on t.id = s.term_id
        where s.id = ${id}`,
  );
  if (!scheme) throw new NotFoundError("That assessment scheme no longer exists.");
  const [components, usage] = await Promise.all([
    selectRows<SchemeComponentDetail>(
      db,
      sql`select ac.id, ac.code, ac.name, ac.max_score::text as "maxScore", ac.weight::text as weight,
                 count(s.id)::int as scores, max(s.value)::text as "highestScore"
          from assessment_components ac left join scores s on s.component_id = ac.id
          where ac.scheme_id = ${id}
          group by ac.id
          order by ac.sequence`,
    ),
    schemeUsage(db, id),
  ]);
  const inUse = isInUse(usage);
  return {
    id: scheme.id,
    name: scheme.name,
    classLevelId: scheme.classLevelId,
    subjectId: scheme.subjectId,
    termId: scheme.termId,
    scope: describeScope(scheme),
    components: components.map((c) => ({
      ...c,
      maxScore: plain(c.maxScore),
      weight: plain(c.weight),
      highestScore: c.highestScore === null ? null : plain(c.highestScore),
    })),
    inUse,
    usage: inUse ? describeUsage(usage) : null,
  };
}
