import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { type Actor, assertCan } from "@/lib/auth/policy";
import type { Queryable } from "@/lib/db/client";
import { classes, classLevels, departments, educators, offeringTeachers, type RoleKey, subjectOfferings, subjects, users } from "@/lib/db/schema";
import { NotFoundError } from "@/lib/errors";
import { type CurrentTerm, getCurrentTerm } from "@/lib/server/school/get-current-term";
import { idSchema, parseInput } from "@/lib/validation/common";
import type { EducatorStatus } from "@/lib/validation/people";

export type EducatorProfile = {
  id: string;
  staffNumber: string;
  title: string | null;
  firstName: string;
  lastName: string;
  name: string;
  email: string | null;
  phone: string | null;
  departmentId: string | null;
  departmentName: string | null;
  status: EducatorStatus;
  /** The sign-in account that acts as this educator, if linked. */
  account: { id: string; name: string; email: string; status: string; roles: RoleKey[] } | null;
  /** Departments this educator heads. */
  heads: string[];
  current: CurrentTerm | null;
  /** Subject offerings taught this term, by class. */
  teaching: Array<{ offeringId: string; className: string; subjectCode: string; subjectName: string }>;
  /** Classes this educator is class teacher (mentor) of this academic year. */
  formClasses: Array<{ classId: string; className: string }>;
};

/** One educator's profile, with their account link and what they teach and mentor this term and year. */
export async function getEducator(db: Queryable, actor: Actor, input: { educatorId: string }): Promise<EducatorProfile> {
  assertCan(actor, "school.overview");
  const { educatorId } = parseInput(z.object({ educatorId: idSchema }), input);
  const [row] = await db
    .select({
      id: educators.id,
      staffNumber: educators.staffNumber,
      title: educators.title,
      firstName: educators.firstName,
      lastName: educators.lastName,
      email: educators.email,
      phone: educators.phone,
      departmentId: educators.departmentId,
      departmentName: departments.name,
      status: educators.status,
      accountId: users.id,
      accountName: users.name,
      accountEmail: users.email,
      accountStatus: users.status,
      accountRoles: sql<RoleKey[] | null>`case when ${users.id} is null then null else array(
        select r.key from user_roles ur join roles r on r.id = ur.role_id where ur.user_id = ${users.id} order by r.key) end`,
      heads: sql<string[]>`array(select d.name from departments d where d.head_educator_id = ${educators.id} order by d.name)`,
    })
    .from(educators)
    .leftJoin(departments, eq(departments.id, educators.departmentId))
    .leftJoin(users, eq(users.id, educators.userId))
    .where(eq(educators.id, educatorId));
  if (!row) throw new NotFoundError("No educator with that id.");

  const current = await getCurrentTerm(db);
  const teaching = current?.termId
    ? await db
        .select({ offeringId: subjectOfferings.id, className: classes.name, subjectCode: subjects.code, subjectName: subjects.name })
        .from(offeringTeachers)
        .innerJoin(subjectOfferings, eq(subjectOfferings.id, offeringTeachers.offeringId))
        .innerJoin(classes, eq(classes.id, subjectOfferings.classId))
        .innerJoin(classLevels, eq(classLevels.id, classes.classLevelId))
        .innerJoin(subjects, eq(subjects.id, subjectOfferings.subjectId))
        .where(and(eq(offeringTeachers.educatorId, educatorId), eq(subjectOfferings.termId, current.termId)))
        .orderBy(asc(classLevels.sequence), asc(classes.arm), asc(subjects.name))
    : [];
  const formClasses = current
    ? await db
        .select({ classId: classes.id, className: classes.name })
        .from(classes)
        .where(and(eq(classes.classTeacherId, educatorId), eq(classes.academicYearId, current.academicYearId)))
        .orderBy(asc(classes.name))
    : [];

  return {
    id: row.id,
    staffNumber: row.staffNumber,
    title: row.title,
    firstName: row.firstName,
    lastName: row.lastName,
    name: [row.title, row.firstName, row.lastName].filter(Boolean).join(" "),
    email: row.email,
    phone: row.phone,
    departmentId: row.departmentId,
    departmentName: row.departmentName,
    status: row.status,
    account: row.accountId
      ? { id: row.accountId, name: row.accountName!, email: row.accountEmail!, status: row.accountStatus!, roles: row.accountRoles ?? [] }
      : null,
    heads: row.heads,
    current,
    teaching,
    formClasses,
  };
}
