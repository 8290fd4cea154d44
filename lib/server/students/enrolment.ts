// Rules shared by the use cases that put students into classes or take them out: the current year,
// class capacity (checked under a row lock), and the audit rows of bulk changes.
import "server-only";
import { and, asc, count, eq, inArray, sql } from "drizzle-orm";
import type { Actor } from "@/lib/auth/policy";
import type { Queryable } from "@/lib/db/client";
import { academicYears, auditLog, classes, enrolments, type StudentStatus, students } from "@/lib/db/schema";
import { ConflictError, ValidationError } from "@/lib/errors";
import type { AuditEntry } from "@/lib/server/audit";
import { todayIso } from "@/lib/validation/students";
import { visibleStudents } from "./scope";

export type CurrentYear = { id: string; name: string; startsOn: string; endsOn: string };

/** The academic year marked current; students are enrolled, moved and given electives in it. */
export async function requireCurrentYear(tx: Queryable): Promise<CurrentYear> {
  const [year] = await tx
    .select({ id: academicYears.id, name: academicYears.name, startsOn: academicYears.startsOn, endsOn: academicYears.endsOn })
    .from(academicYears)
    .where(eq(academicYears.isCurrent, true));
  if (!year) throw new ConflictError("No academic year is marked as current. Ask an administrator to set one up first.");
  return year;
}

export type LockedClass = { id: string; name: string; capacity: number; enrolled: number };

/**
 * Locks a class of the current year and checks it has room for `arriving` more students. The row
 * lock makes two enrolments into the last place wait for each other, so capacity holds under races.
 */
export async function lockClassWithRoom(
  tx: Queryable,
  options: { classId: string; year: CurrentYear; arriving: number; field?: string },
): Promise<LockedClass> {
  const field = options.field ?? "classId";
  const [klass] = await tx
    .select({ id: classes.id, name: classes.name, capacity: classes.capacity, academicYearId: classes.academicYearId })
    .from(classes)
    .where(eq(classes.id, options.classId))
    .for("update");
  if (!klass || klass.academicYearId !== options.year.id) {
    throw new ValidationError("Choose a class of this year.", { [field]: [`Choose a class of this year (${options.year.name})`] });
  }
  const [row] = await tx
    .select({ n: count() })
    .from(enrolments)
    .where(and(eq(enrolments.classId, klass.id), eq(enrolments.status, "active")));
  const enrolled = row?.n ?? 0;
  if (options.arriving > 0 && enrolled + options.arriving > klass.capacity) {
    const free = Math.max(0, klass.capacity - enrolled);
    const message =
      free === 0
        ? `${klass.name} is full (${enrolled} of ${klass.capacity})`
        : `${klass.name} has room for ${free} more (${enrolled} of ${klass.capacity}), not ${options.arriving}`;
    throw new ConflictError(message, { [field]: [message] });
  }
  return { id: klass.id, name: klass.name, capacity: klass.capacity, enrolled };
}

/** The later of two YYYY-MM-DD dates. */
export const laterOf = (a: string, b: string) => (a > b ? a : b);

/** A student as messages name them. */
export const displayName = (s: { firstName: string; lastName: string }) => `${s.firstName} ${s.lastName}`;

/** One audit row per student of a bulk change, in one statement, inside the change's transaction. */
export async function writeAuditRows(tx: Queryable, actor: Pick<Actor, "userId" | "requestId">, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.insert(auditLog).values(
    entries.map((entry) => ({
      actorUserId: actor.userId,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      before: entry.before ?? null,
      after: entry.after ?? null,
      reason: entry.reason ?? null,
      requestId: actor.requestId ?? null,
    })),
  );
}


export type StudentForChange = {
  id: string;
  firstName: string;
  lastName: string;
  admissionNumber: string;
  status: StudentStatus;
  /** The active enrolment of the current year, if any. */
  enrolmentId: string | null;
  classId: string | null;
  className: string | null;
  enrolledOn: string | null;
};

/**
 * Loads and row-locks the students a change is about, with their class this year. Only students
 * the actor may see come back; a missing id is out of scope or does not exist, and the caller says
 * so without telling which. Locked in id order, so overlapping bulk changes cannot deadlock.
 */
export async function lockStudentsForChange(tx: Queryable, actor: Actor, studentIds: string[], year: CurrentYear): Promise<StudentForChange[]> {
  if (studentIds.length === 0) return [];
  return tx
    .select({
      id: students.id,
      firstName: students.firstName,
      lastName: students.lastName,
      admissionNumber: students.admissionNumber,
      status: students.status,
      enrolmentId: enrolments.id,
      classId: enrolments.classId,
      className: classes.name,
      enrolledOn: enrolments.enrolledOn,
    })
    .from(students)
    .leftJoin(
      enrolments,
      and(eq(enrolments.studentId, students.id), eq(enrolments.status, "active"), eq(enrolments.academicYearId, year.id)),
    )
    .leftJoin(classes, eq(classes.id, enrolments.classId))
    .where(and(inArray(students.id, studentIds), visibleStudents(actor)))
    .orderBy(asc(students.id))
    .for("update", { of: students });
}

/**
 * Moves students into a class whose room was already checked (lockClassWithRoom): each one's current
 * enrolment is closed as "moved" and a new one opened the same day, so the history keeps both.
 */
export async function applyClassMove(
  tx: Queryable,
  actor: Actor,
  options: { movers: StudentForChange[]; klass: LockedClass; year: CurrentYear; reason?: string | null },
): Promise<void> {
  const { movers, klass, year } = options;
  if (movers.length === 0) return;
  const today = laterOf(todayIso(), year.startsOn);
  const closing = movers.flatMap((m) => (m.enrolmentId ? [m.enrolmentId] : []));
  if (closing.length > 0) {
    // An enrolment that starts later than today (entered ahead of term) closes the day it starts.
    await tx
      .update(enrolments)
      .set({ status: "moved", leftOn: sql`greatest(${today}::date, ${enrolments.enrolledOn})` })
      .where(inArray(enrolments.id, closing));
  }
  await tx.insert(enrolments).values(
    movers.map((m) => ({ studentId: m.id, classId: klass.id, academicYearId: year.id, enrolledOn: laterOf(today, m.enrolledOn ?? today) })),
  );
  await writeAuditRows(
    tx,
    actor,
    movers.map((m) => ({
      action: "student.class_moved",
      entityType: "student",
      entityId: m.id,
      before: { classId: m.classId, className: m.className },
      after: { classId: klass.id, className: klass.name },
      reason: options.reason ?? null,
    })),
  );
}
