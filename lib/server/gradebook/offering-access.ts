// Who may see, enter and review an offering's scores; the rules live in the queries' WHERE clauses,
// so an offering outside the actor's reach is simply not found.
import "server-only";
import { or, type SQL, sql } from "drizzle-orm";
import { type Actor, can } from "@/lib/auth/policy";
import { type Queryable, selectRows } from "@/lib/db/client";
import type { ScoresStatus } from "@/lib/db/schema";
import { NotFoundError } from "@/lib/errors";

/**
 * Offerings whose scores the actor may open, as a condition on the aliases `so` (subject_offerings)
 * and `s` (subjects): admins every offering, heads of department their departments' subjects,
 * teachers the offerings they are assigned to.
 */
export function enterableOfferings(actor: Actor): SQL {
  if (can(actor, "scores.manage_all")) return sql`true`;
  const conditions: SQL[] = [];
  if (actor.educatorId && can(actor, "scores.enter")) {
    conditions.push(sql`exists (select 1 from offering_teachers ot where ot.offering_id = so.id and ot.educator_id = ${actor.educatorId})`);
  }
  if (actor.educatorId && can(actor, "scores.manage_department")) conditions.push(reviewsDepartment(actor.educatorId));
  return or(...conditions) ?? sql`false`;
}

const reviewsDepartment = (educatorId: string) =>
  sql`s.department_id in (select d.id from departments d where d.head_educator_id = ${educatorId})`;

/** Offerings whose submitted scores the actor may approve, return or unlock (same aliases). */
export function reviewableOfferings(actor: Actor): SQL {
  if (can(actor, "scores.manage_all")) return sql`true`;
  if (actor.educatorId && can(actor, "scores.manage_department")) return reviewsDepartment(actor.educatorId);
  return sql`false`;
}

export type OfferingContext = {
  offeringId: string;
  subjectId: string;
  subjectName: string;
  subjectCode: string;
  classId: string;
  className: string;
  classLevelId: string;
  academicYearId: string;
  termId: string;
  termName: string;
  termLocked: boolean;
  status: ScoresStatus;
  reviewComment: string | null;
  pinnedSchemeId: string | null;
  isTeacher: boolean;
  canReview: boolean;
};

/**
 * Loads an offering the actor may open. With `lock: "share"` the offering and term rows are held
 * until the transaction ends, so an approval or a term lock can't slip in between the check and a save.
 */
export async function loadOffering(
  db: Queryable,
  actor: Actor,
  offeringId: string,
  options: { lock?: "share" | "update" } = {},
): Promise<OfferingContext> {
  const lock = options.lock === "update" ? sql`for update of so` : options.lock === "share" ? sql`for share of so, t` : sql``;
  const [row] = await selectRows<OfferingContext>(
    db,
    sql`
      select so.id as "offeringId", s.id as "subjectId", s.name as "subjectName", s.code as "subjectCode",
             c.id as "classId", c.name as "className", c.class_level_id as "classLevelId", c.academic_year_id as "academicYearId",
             t.id as "termId", t.name as "termName", t.scores_locked_at is not null as "termLocked",
             so.scores_status as status, so.review_comment as "reviewComment", so.assessment_scheme_id as "pinnedSchemeId",
             ${actor.educatorId ? sql`exists (select 1 from offering_teachers ot where ot.offering_id = so.id and ot.educator_id = ${actor.educatorId})` : sql`false`} as "isTeacher",
             ${reviewableOfferings(actor)} as "canReview"
      from subject_offerings so
      join subjects s on s.id = so.subject_id
      join classes c on c.id = so.class_id
      join terms t on t.id = so.term_id
      where so.id = ${offeringId} and (${enterableOfferings(actor)})
      ${lock}`,
  );
  if (!row) throw new NotFoundError("That class and subject was not found, or you don't teach it.");
  return row;
}

/** Why the offering's scores can't be typed into right now, or null when they can. */
export function whyScoresAreClosed(offering: Pick<OfferingContext, "termLocked" | "status" | "termName">): string | null {
  if (offering.termLocked) return `Scores for ${offering.termName} are locked. Ask for a change with a reason, or ask an administrator to unlock the term.`;
  if (offering.status === "approved") return "These scores were approved and are locked. Ask for a change with a reason, or ask for them to be unlocked.";
  if (offering.status === "submitted") return "These scores were submitted for approval; they can be changed again if they are returned.";
  return null;
}
