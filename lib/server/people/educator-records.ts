// Pieces shared by the educator use cases: the audited snapshot, staff-number clashes, department checks.
import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Queryable } from "@/lib/db/client";
import { departments, educators } from "@/lib/db/schema";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";

/** What an audit record keeps of an educator: every field an administrator can change. */
export const educatorSnapshotColumns = {
  id: educators.id,
  staffNumber: educators.staffNumber,
  title: educators.title,
  firstName: educators.firstName,
  lastName: educators.lastName,
  email: educators.email,
  phone: educators.phone,
  departmentId: educators.departmentId,
  status: educators.status,
  userId: educators.userId,
};

export type EducatorSnapshot = {
  id: string;
  staffNumber: string;
  title: string | null;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  departmentId: string | null;
  status: "active" | "inactive";
  userId: string | null;
};

export const educatorDisplayName = (e: { title: string | null; firstName: string; lastName: string }) =>
  [e.title, e.firstName, e.lastName].filter(Boolean).join(" ");

/** Serialises changes to staff numbers, so two submissions cannot both pass the uniqueness check. */
export async function lockStaffNumbers(tx: Queryable): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('educators.staff_number'))`);
}

/** Loads an educator for change, locking the row; "not found" for an unknown id. */
export async function loadEducatorForUpdate(tx: Queryable, educatorId: string): Promise<EducatorSnapshot> {
  const [row] = await tx.select(educatorSnapshotColumns).from(educators).where(eq(educators.id, educatorId)).for("update");
  if (!row) throw new NotFoundError("No educator with that id.");
  return row;
}

export async function findByStaffNumber(tx: Queryable, staffNumber: string): Promise<EducatorSnapshot | undefined> {
  const [row] = await tx
    .select(educatorSnapshotColumns)
    .from(educators)
    .where(sql`lower(${educators.staffNumber}) = lower(${staffNumber})`);
  return row;
}

export function staffNumberTaken(staffNumber: string, holder: EducatorSnapshot): ConflictError {
  return new ConflictError("That staff number belongs to someone else.", {
    staffNumber: [`The staff number ${staffNumber} is already used by ${educatorDisplayName(holder)}`],
  });
}

/** A chosen department must exist; a stale form (department since removed) is a field error. */
export async function assertDepartmentExists(tx: Queryable, departmentId: string | null): Promise<void> {
  if (!departmentId) return;
  const [row] = await tx.select({ id: departments.id }).from(departments).where(eq(departments.id, departmentId));
  if (!row) throw new ValidationError("Some fields need attention.", { departmentId: ["That department no longer exists; choose another"] });
}
