import "server-only";
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { type Actor, can } from "@/lib/auth/policy";
import type { Queryable } from "@/lib/db/client";
import { academicYears, classes, departments, enrolments, guardians, guardianStudents, studentElectives, students, subjects } from "@/lib/db/schema";
import { NotFoundError } from "@/lib/errors";
import { idSchema, parseInput } from "@/lib/validation/common";
import { currentClassName, visibleStudents } from "./scope";

export type StudentProfile = {
  id: string;
  admissionNumber: string;
  firstName: string;
  middleName: string | null;
  lastName: string;
  dateOfBirth: string | null;
  gender: string | null;
  email: string | null;
  phone: string | null;
  address: string | null;
  departmentId: string | null;
  departmentName: string | null;
  admittedOn: string | null;
  status: string;
  statusChangedOn: string | null;
  statusReason: string | null;
  className: string | null;
  /** The class this year, for the move form; null when not enrolled this year. */
  classId: string | null;
  /** Every class the student has been in, newest first; moves and past years included. */
  enrolments: Array<{ id: string; yearName: string; className: string; status: string; enrolledOn: string; leftOn: string | null }>;
  electives: Array<{ subjectId: string; code: string; name: string; yearName: string; currentYear: boolean }>;
  guardians: Array<{
    guardianId: string;
    name: string;
    relationship: string;
    isPrimaryContact: boolean;
    /** Null when hidden from this reader, or not recorded; `contactHidden` says which. */
    phone: string | null;
    email: string | null;
    contactHidden: boolean;
  }>;
};

/**
 * Who may read a guardian's phone and email on a student's page: school staff who deal with
 * families (every student, or the students they teach, since teachers call parents), and each
 * guardian for their own. A parent sees who else is linked to their child and how, but not the
 * other parent's private contact details; a student sees their guardians' names only.
 */
function guardianContactsVisibleTo(actor: Actor): (guardianId: string) => boolean {
  if (can(actor, "students.read_all") || can(actor, "guardians.manage") || actor.educatorId) return () => true;
  return (guardianId) => guardianId === actor.guardianId;
}

/** One student's profile, if the actor may see them; otherwise "not found", whether or not they exist. */
export async function getStudent(db: Queryable, actor: Actor, input: { studentId: string }): Promise<StudentProfile> {
  const { studentId } = parseInput(z.object({ studentId: idSchema }), input);
  const [student] = await db
    .select({
      id: students.id,
      admissionNumber: students.admissionNumber,
      firstName: students.firstName,
      middleName: students.middleName,
      lastName: students.lastName,
      dateOfBirth: students.dateOfBirth,
      gender: students.gender,
      email: students.email,
      phone: students.phone,
      address: students.address,
      departmentId: students.departmentId,
      departmentName: departments.name,
      admittedOn: students.admittedOn,
      status: students.status,
      statusChangedOn: students.statusChangedOn,
      statusReason: students.statusReason,
      className: currentClassName,
    })
    .from(students)
    .leftJoin(departments, eq(departments.id, students.departmentId))
    .where(and(eq(students.id, studentId), visibleStudents(actor)));
  if (!student) throw new NotFoundError("No student with that id is visible to you.");

  const [history, electives, family] = await Promise.all([
    db
      .select({
        id: enrolments.id,
        classId: enrolments.classId,
        yearName: academicYears.name,
        currentYear: academicYears.isCurrent,
        className: classes.name,
        status: enrolments.status,
        enrolledOn: enrolments.enrolledOn,
        leftOn: enrolments.leftOn,
      })
      .from(enrolments)
      .innerJoin(classes, eq(classes.id, enrolments.classId))
      .innerJoin(academicYears, eq(academicYears.id, enrolments.academicYearId))
      .where(eq(enrolments.studentId, studentId))
      // Within a year the open enrolment comes first, then the ones it replaced, latest first.
      .orderBy(desc(academicYears.startsOn), sql`${enrolments.leftOn} is null desc`, desc(enrolments.enrolledOn), desc(enrolments.createdAt)),
    db
      .select({
        subjectId: subjects.id,
        code: subjects.code,
        name: subjects.name,
        yearName: academicYears.name,
        currentYear: academicYears.isCurrent,
      })
      .from(studentElectives)
      .innerJoin(subjects, eq(subjects.id, studentElectives.subjectId))
      .innerJoin(academicYears, eq(academicYears.id, studentElectives.academicYearId))
      .where(eq(studentElectives.studentId, studentId))
      .orderBy(desc(academicYears.startsOn), asc(subjects.name)),
    db
      .select({
        guardianId: guardians.id,
        name: sql<string>`concat_ws(' ', ${guardians.title}, ${guardians.firstName}, ${guardians.lastName})`,
        relationship: guardianStudents.relationship,
        phone: guardians.phone,
        email: guardians.email,
        isPrimaryContact: guardianStudents.isPrimaryContact,
      })
      .from(guardianStudents)
      .innerJoin(guardians, eq(guardians.id, guardianStudents.guardianId))
      .where(eq(guardianStudents.studentId, studentId))
      .orderBy(sql`${guardianStudents.isPrimaryContact} desc`, asc(guardians.lastName), asc(guardians.firstName), asc(guardians.id)),
  ]);

  const contactVisible = guardianContactsVisibleTo(actor);
  const current = history.find((e) => e.currentYear && e.status === "active");
  return {
    ...student,
    classId: current?.classId ?? null,
    enrolments: history.map(({ classId: _c, currentYear: _y, ...e }) => e),
    electives,
    guardians: family.map((g) => {
      const visible = contactVisible(g.guardianId);
      return { ...g, phone: visible ? g.phone : null, email: visible ? g.email : null, contactHidden: !visible };
    }),
  };
}
