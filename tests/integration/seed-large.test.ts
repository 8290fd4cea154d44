// The benchmark school is built by set-based SQL; a small one proves its shape and determinism.
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/lib/db/client";
import { selectRows } from "@/lib/db/client";
import { LARGE_SCHOOL, seedLargeSchool } from "@/lib/db/seed-large";
import { loadActor } from "@/lib/server/auth/load-actor";
import { listStudents } from "@/lib/server/students/list-students";
import { useEmptyDatabase } from "../support/database";

const STUDENTS = 168; // two to a class
let db: DatabaseHandle;
beforeAll(async () => {
  db = await useEmptyDatabase();
}, 60_000);

describe("the large benchmark school", () => {
  it("enrols every student once and gives each a score per subject, component and term", async () => {
    const counts = await seedLargeSchool(db.db, { students: STUDENTS });
    const classes = LARGE_SCHOOL.levels * LARGE_SCHOOL.armsPerLevel;
    expect(counts).toEqual({
      students: STUDENTS,
      classes,
      offerings: classes * LARGE_SCHOOL.subjects * LARGE_SCHOOL.terms,
      scores: STUDENTS * LARGE_SCHOOL.subjects * LARGE_SCHOOL.components * LARGE_SCHOOL.terms,
    });
    const [shape] = await selectRows<{ enrolled: number; perClassMax: number; teachersPerOffering: number; badValues: number }>(
      db.db,
      sql`select (select count(distinct student_id)::int from enrolments where status = 'active') as enrolled,
                 (select max(n)::int from (select count(*) n from enrolments group by class_id) x) as "perClassMax",
                 (select max(n)::int from (select count(*) n from offering_teachers group by offering_id) x) as "teachersPerOffering",
                 (select count(*)::int from scores s join assessment_components c on c.id = s.component_id
                   where s.value < 0 or s.value > c.max_score) as "badValues"`,
    );
    expect(shape).toEqual({ enrolled: STUDENTS, perClassMax: 2, teachersPerOffering: 1, badValues: 0 });
  });

  it("signs in its administrator to see every student, and a teacher only their classes", async () => {
    const [ids] = await selectRows<{ admin: string; teacher: string }>(
      db.db,
      sql`select (select id from users where email = 'admin@large.test') as admin,
                 (select id from users where email = 'teacher1@large.test') as teacher`,
    );
    const admin = (await loadActor(db.db, ids!.admin))!;
    const teacher = (await loadActor(db.db, ids!.teacher))!;
    expect((await listStudents(db.db, admin)).total).toBe(STUDENTS);
    // Teacher 1 teaches one subject in the 14 arms of Level 1, and is form teacher of Level 1 A
    // (already counted) and of Level 5 E (class teachers go round the 60 teachers).
    expect((await listStudents(db.db, teacher)).total).toBe(2 * LARGE_SCHOOL.armsPerLevel + 2);
  });
});
