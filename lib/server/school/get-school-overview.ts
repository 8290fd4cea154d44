import "server-only";
import { sql } from "drizzle-orm";
import { assertCan, type Actor } from "@/lib/auth/policy";
import { type Queryable, selectRows } from "@/lib/db/client";
import { getCurrentTerm, type CurrentTerm } from "./get-current-term";

export type SchoolOverview = {
  schoolName: string | null;
  current: CurrentTerm | null;
  counts: { activeStudents: number; teachers: number; classes: number; subjects: number; guardians: number };
  levels: Array<{ name: string; classes: number; students: number }>;
};

/** The administrator's dashboard figures, in two round trips. */
export async function getSchoolOverview(db: Queryable, actor: Actor): Promise<SchoolOverview> {
  assertCan(actor, "school.overview");
  const current = await getCurrentTerm(db);
  const yearId = current?.academicYearId ?? null;
  const [counts] = await selectRows<{
      school_name: string | null;
      active_students: number;
      teachers: number;
      classes: number;
      subjects: number;
      guardians: number;
      levels: Array<{ name: string; classes: number; students: number }> | null;
    }>(
    db,
    sql`
      select
        (select name from school_profile where id = 1) as school_name,
        (select count(*)::int from students where status = 'active') as active_students,
        (select count(*)::int from educators where status = 'active') as teachers,
        (select count(*)::int from classes where academic_year_id = ${yearId}) as classes,
        (select count(*)::int from subjects) as subjects,
        (select count(*)::int from guardians) as guardians,
        (select json_agg(json_build_object('name', l.name, 'classes', l.classes, 'students', l.students) order by l.sequence)
           from (select cl.name, cl.sequence,
                        (select count(*)::int from classes c where c.class_level_id = cl.id and c.academic_year_id = ${yearId}) as classes,
                        (select count(*)::int from enrolments e join classes c on c.id = e.class_id
                          where c.class_level_id = cl.id and e.academic_year_id = ${yearId} and e.status = 'active') as students
                 from class_levels cl) l) as levels`,
  );
  return {
    schoolName: counts?.school_name ?? null,
    current,
    counts: {
      activeStudents: counts?.active_students ?? 0,
      teachers: counts?.teachers ?? 0,
      classes: counts?.classes ?? 0,
      subjects: counts?.subjects ?? 0,
      guardians: counts?.guardians ?? 0,
    },
    levels: counts?.levels ?? [],
  };
}
