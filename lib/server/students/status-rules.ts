// What a status change means for one student, and applying it to many at once: shared by the
// profile's status form and the list's bulk action, so both follow the same rules.
import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { Actor } from "@/lib/auth/policy";
import type { Queryable } from "@/lib/db/client";
import { enrolments, type StudentStatus, students } from "@/lib/db/schema";
import { type CurrentYear, displayName, laterOf, lockClassWithRoom, type StudentForChange, writeAuditRows } from "./enrolment";

export type StatusChange = { status: StudentStatus; date: string; reason: string; classId: string | null };

export type StatusPlan =
  | { kind: "unchanged" }
  | { kind: "leave" }
  | { kind: "return" }
  | { kind: "refused"; field: "status" | "date"; message: string };

const statusWords: Record<StudentStatus, string> = {
  active: "active",
  graduated: "graduated",
  withdrawn: "withdrawn",
  transferred: "transferred",
};

/** Leaving is only from "active"; coming back is only to "active"; the same status twice is a no-op (a double submit). */
export function planStatusChange(student: StudentForChange, change: StatusChange): StatusPlan {
  if (student.status === change.status) return { kind: "unchanged" };
  if (change.status === "active") return { kind: "return" };
  if (student.status !== "active") {
    return {
      kind: "refused",
      field: "status",
      message: `${displayName(student)} has already left the school (${statusWords[student.status]}). Reactivate them before recording another status.`,
    };
  }
  if (student.enrolledOn && change.date < student.enrolledOn) {
    return {
      kind: "refused",
      field: "date",
      message: `${displayName(student)} joined ${student.className ?? "their class"} on ${student.enrolledOn}: the date can't be earlier`,
    };
  }
  return { kind: "leave" };
}

/** How a leaving status closes the enrolment: graduates completed the year, everyone else left it. */
const enrolmentStatusFor = (status: StudentStatus) => (status === "graduated" ? "completed" : "withdrawn");

/**
 * Applies a planned status change to students already locked and checked: leavers' active
 * enrolments close on the date given; returning students rejoin a class of this year (room checked).
 * Set-based whatever the number of students; one audit row each.
 */
export async function applyStatusChange(
  tx: Queryable,
  actor: Actor,
  options: { leaving: StudentForChange[]; returning: StudentForChange[]; change: StatusChange; year: CurrentYear; classField?: string },
): Promise<void> {
  const { leaving, returning, change, year } = options;
  if (leaving.length > 0) {
    const ids = leaving.map((s) => s.id);
    await tx
      .update(students)
      .set({ status: change.status, statusChangedOn: change.date, statusReason: change.reason })
      .where(inArray(students.id, ids));
    await tx
      .update(enrolments)
      .set({ status: enrolmentStatusFor(change.status), leftOn: change.date })
      .where(and(inArray(enrolments.studentId, ids), eq(enrolments.status, "active")));
  }
  let rejoined: { id: string; name: string } | null = null;
  if (returning.length > 0) {
    // Someone marked as left but still holding a place this year (data from before these rules) keeps it.
    const needPlaces = returning.filter((s) => !s.enrolmentId);
    const klass = await lockClassWithRoom(tx, { classId: change.classId!, year, arriving: needPlaces.length, field: options.classField });
    rejoined = { id: klass.id, name: klass.name };
    await tx
      .update(students)
      .set({ status: "active", statusChangedOn: change.date, statusReason: change.reason })
      .where(inArray(students.id, returning.map((s) => s.id)));
    if (needPlaces.length > 0) {
      await tx.insert(enrolments).values(
        needPlaces.map((s) => ({ studentId: s.id, classId: klass.id, academicYearId: year.id, enrolledOn: laterOf(change.date, year.startsOn) })),
      );
    }
  }
  await writeAuditRows(tx, actor, [
    ...leaving.map((s) => ({
      action: "student.status_changed",
      entityType: "student",
      entityId: s.id,
      before: { status: s.status, className: s.className },
      after: { status: change.status, date: change.date },
      reason: change.reason,
    })),
    ...returning.map((s) => ({
      action: "student.reactivated",
      entityType: "student",
      entityId: s.id,
      before: { status: s.status },
      after: { status: "active", date: change.date, classId: rejoined!.id, className: rejoined!.name },
      reason: change.reason,
    })),
  ]);
}
