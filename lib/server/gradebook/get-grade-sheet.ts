import "server-only";
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "@/lib/auth/policy";
import { type Queryable, selectRows } from "@/lib/db/client";
import type { ScoresStatus } from "@/lib/db/schema";
import type { GradeBand, RoundingRule, SchemeComponent } from "@/lib/domain/grading";
import { idSchema, parseInput } from "@/lib/validation/common";
import type { ScoreMarkValue } from "@/lib/validation/gradebook";
import { loadGradingSetup } from "./grading-setup";
import { loadOffering, whyScoresAreClosed } from "./offering-access";

export type GradeSheet = {
  offering: {
    id: string;
    subjectName: string;
    className: string;
    termName: string;
    status: ScoresStatus;
    reviewComment: string | null;
    termLocked: boolean;
  };
  editable: boolean;
  readOnlyReason: string | null;
  isTeacher: boolean;
  canReview: boolean;
  schemeName: string;
  components: SchemeComponent[];
  students: Array<{ id: string; admissionNumber: string; name: string }>;
  /** Keyed `${studentId}:${componentId}`; a missing key is an empty cell. */
  cells: Record<string, { mark: ScoreMarkValue; value: string | null; version: number }>;
  bands: GradeBand[];
  rounding: RoundingRule;
  passMark: string;
  pendingChangeRequests: number;
};

/**
 * The students a subject offering is taught to: everyone actively enrolled in the class for a core
 * subject, and only those who chose it for an elective.
 */
export const offeringStudentsSql = (offeringId: string) => sql`
  select st.id, st.admission_number, st.first_name, st.last_name
  from subject_offerings so
  join subjects s on s.id = so.subject_id
  join classes c on c.id = so.class_id
  join enrolments e on e.class_id = c.id and e.status = 'active'
  join students st on st.id = e.student_id
  where so.id = ${offeringId}
    and (s.kind = 'core' or exists (select 1 from student_electives se
          where se.student_id = st.id and se.subject_id = s.id and se.academic_year_id = c.academic_year_id))`;

/** Everything the grade-entry grid needs for one offering, for a teacher of it or a reviewer. */
export async function getGradeSheet(db: Queryable, actor: Actor, input: { offeringId: string }): Promise<GradeSheet> {
  const { offeringId } = parseInput(z.object({ offeringId: idSchema }), input);
  const offering = await loadOffering(db, actor, offeringId);
  const [setup, students, scoreRows, [pending]] = await Promise.all([
    loadGradingSetup(db, offering),
    selectRows<{ id: string; admissionNumber: string; name: string }>(
      db,
      sql`select t.id, t.admission_number as "admissionNumber", t.last_name || ', ' || t.first_name as name
          from (${offeringStudentsSql(offeringId)}) t
          order by t.last_name, t.first_name, t.admission_number`,
    ),
    selectRows<{ studentId: string; componentId: string; mark: ScoreMarkValue; value: string | null; version: number }>(
      db,
      sql`select student_id as "studentId", component_id as "componentId", mark, value::text as value, version
          from scores where offering_id = ${offeringId}`,
    ),
    selectRows<{ count: number }>(
      db,
      sql`select count(*)::int as count from score_change_requests where offering_id = ${offeringId} and status = 'pending'`,
    ),
  ]);
  const cells: GradeSheet["cells"] = {};
  for (const row of scoreRows) cells[`${row.studentId}:${row.componentId}`] = { mark: row.mark, value: row.value, version: row.version };
  const closed = whyScoresAreClosed(offering);
  return {
    offering: {
      id: offering.offeringId,
      subjectName: offering.subjectName,
      className: offering.className,
      termName: offering.termName,
      status: offering.status,
      reviewComment: offering.reviewComment,
      termLocked: offering.termLocked,
    },
    editable: closed === null,
    readOnlyReason: closed,
    isTeacher: offering.isTeacher,
    canReview: offering.canReview,
    schemeName: setup.scheme.name,
    components: setup.scheme.components,
    students,
    cells,
    bands: setup.scale.bands,
    rounding: setup.scale.rounding,
    passMark: setup.scale.passMark,
    pendingChangeRequests: pending?.count ?? 0,
  };
}
