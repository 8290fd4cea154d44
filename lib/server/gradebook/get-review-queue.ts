import "server-only";
import { sql } from "drizzle-orm";
import { type Actor, can } from "@/lib/auth/policy";
import { isoTime, type Queryable, selectRows } from "@/lib/db/client";
import { ForbiddenError } from "@/lib/errors";
import { reviewableOfferings } from "./offering-access";

export type ReviewQueue = {
  submitted: Array<{ offeringId: string; subjectName: string; className: string; termName: string; submittedBy: string | null; submittedAt: string }>;
  changeRequests: Array<{
    requestId: string;
    offeringId: string;
    subjectName: string;
    className: string;
    studentName: string;
    componentCode: string;
    requested: string;
    reason: string;
    requestedBy: string | null;
    requestedAt: string;
  }>;
};

/** Submitted scores and pending change requests waiting for this head of department or administrator. */
export async function getReviewQueue(db: Queryable, actor: Actor): Promise<ReviewQueue> {
  if (!can(actor, "scores.manage_all") && !can(actor, "scores.manage_department")) {
    throw new ForbiddenError("Only heads of department and administrators review scores.");
  }
  const scope = reviewableOfferings(actor);
  const [submitted, changeRequests] = await Promise.all([
    selectRows<ReviewQueue["submitted"][number]>(
      db,
      sql`select so.id as "offeringId", s.name as "subjectName", c.name as "className", t.name as "termName",
                 u.name as "submittedBy", ${isoTime(sql`so.submitted_at`)} as "submittedAt"
          from subject_offerings so
          join subjects s on s.id = so.subject_id
          join classes c on c.id = so.class_id
          join terms t on t.id = so.term_id
          left join users u on u.id = so.submitted_by
          where so.scores_status = 'submitted' and (${scope})
          order by so.submitted_at
          limit 500`,
    ),
    selectRows<ReviewQueue["changeRequests"][number]>(
      db,
      sql`select r.id as "requestId", so.id as "offeringId", s.name as "subjectName", c.name as "className",
                 st.last_name || ', ' || st.first_name as "studentName", ac.code as "componentCode",
                 r.requested, r.reason, u.name as "requestedBy", ${isoTime(sql`r.requested_at`)} as "requestedAt"
          from score_change_requests r
          join subject_offerings so on so.id = r.offering_id
          join subjects s on s.id = so.subject_id
          join classes c on c.id = so.class_id
          join students st on st.id = r.student_id
          join assessment_components ac on ac.id = r.component_id
          left join users u on u.id = r.requested_by
          where r.status = 'pending' and (${scope})
          order by r.requested_at
          limit 500`,
    ),
  ]);
  return { submitted, changeRequests };
}
