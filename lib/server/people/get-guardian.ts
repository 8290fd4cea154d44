import "server-only";
import { asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { type Actor, assertCan } from "@/lib/auth/policy";
import type { Queryable } from "@/lib/db/client";
import { guardians, guardianStudents, students, users } from "@/lib/db/schema";
import { NotFoundError } from "@/lib/errors";
import { idSchema, parseInput } from "@/lib/validation/common";
import type { GuardianRelationship } from "@/lib/validation/people";

export type GuardianChild = {
  studentId: string;
  name: string;
  admissionNumber: string;
  className: string | null;
  status: string;
  relationship: GuardianRelationship;
  isPrimaryContact: boolean;
  /** Who the school calls first for this child when it is not this guardian. */
  primaryContactName: string | null;
};

export type GuardianProfile = {
  id: string;
  title: string | null;
  firstName: string;
  lastName: string;
  name: string;
  email: string | null;
  phone: string | null;
  address: string | null;
  occupation: string | null;
  /** The parent's own sign-in account, when they have one. */
  account: { email: string; status: string } | null;
  children: GuardianChild[];
};

/** One guardian's record with their children, for the office. */
export async function getGuardian(db: Queryable, actor: Actor, input: { guardianId: string }): Promise<GuardianProfile> {
  assertCan(actor, "guardians.manage");
  const { guardianId } = parseInput(z.object({ guardianId: idSchema }), input);
  const [row] = await db
    .select({
      id: guardians.id,
      title: guardians.title,
      firstName: guardians.firstName,
      lastName: guardians.lastName,
      email: guardians.email,
      phone: guardians.phone,
      address: guardians.address,
      occupation: guardians.occupation,
      accountEmail: users.email,
      accountStatus: users.status,
    })
    .from(guardians)
    .leftJoin(users, eq(users.id, guardians.userId))
    .where(eq(guardians.id, guardianId));
  if (!row) throw new NotFoundError("No guardian with that id.");
  const children = await db
    .select({
      studentId: students.id,
      name: sql<string>`${students.firstName} || ' ' || ${students.lastName}`,
      admissionNumber: students.admissionNumber,
      className: sql<string | null>`(
        select c.name from enrolments e
        join classes c on c.id = e.class_id
        join academic_years y on y.id = e.academic_year_id and y.is_current
        where e.student_id = ${students.id} and e.status = 'active')`,
      status: students.status,
      relationship: guardianStudents.relationship,
      isPrimaryContact: guardianStudents.isPrimaryContact,
      primaryContactName: sql<string | null>`(
        select concat_ws(' ', g.title, g.first_name, g.last_name) from guardian_students p
        join guardians g on g.id = p.guardian_id
        where p.student_id = ${students.id} and p.is_primary_contact and p.guardian_id <> ${guardianId})`,
    })
    .from(guardianStudents)
    .innerJoin(students, eq(students.id, guardianStudents.studentId))
    .where(eq(guardianStudents.guardianId, guardianId))
    .orderBy(asc(students.lastName), asc(students.firstName));
  const { accountEmail, accountStatus, ...profile } = row;
  return {
    ...profile,
    name: [row.title, row.firstName, row.lastName].filter(Boolean).join(" "),
    account: accountEmail ? { email: accountEmail, status: accountStatus! } : null,
    children,
  };
}
