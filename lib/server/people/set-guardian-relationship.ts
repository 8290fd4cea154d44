import "server-only";
import { and, eq } from "drizzle-orm";
import { type Actor, assertCan } from "@/lib/auth/policy";
import type { Database } from "@/lib/db/client";
import { guardianStudents } from "@/lib/db/schema";
import { NotFoundError } from "@/lib/errors";
import { writeAudit } from "@/lib/server/audit";
import { parseInput } from "@/lib/validation/common";
import { type SetGuardianRelationshipInput, setGuardianRelationshipSchema } from "@/lib/validation/people";
import { findLink, loadGuardianForUpdate } from "./guardian-records";

/** Changes how a guardian is related to one child (mother, grandparent…); the same value again changes nothing. */
export async function setGuardianRelationship(db: Database, actor: Actor, input: SetGuardianRelationshipInput): Promise<{ changed: boolean }> {
  assertCan(actor, "guardians.manage");
  const { guardianId, studentId, relationship } = parseInput(setGuardianRelationshipSchema, input);
  return db.transaction(async (tx) => {
    await loadGuardianForUpdate(tx, guardianId);
    const link = await findLink(tx, guardianId, studentId);
    if (!link) throw new NotFoundError("That child is not linked to this guardian.");
    if (link.relationship === relationship) return { changed: false };
    await tx
      .update(guardianStudents)
      .set({ relationship })
      .where(and(eq(guardianStudents.guardianId, guardianId), eq(guardianStudents.studentId, studentId)));
    await writeAudit(tx, actor, {
      action: "guardian.relationship_change",
      entityType: "guardian",
      entityId: guardianId,
      before: { studentId, relationship: link.relationship },
      after: { studentId, relationship },
    });
    return { changed: true };
  });
}
