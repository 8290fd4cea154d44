import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { type Actor, assertCan, hasRole } from "@/lib/auth/policy";
import type { Database, Queryable } from "@/lib/db/client";
import { guardianLinkRequests, guardianStudents, students, users } from "@/lib/db/schema";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { writeAudit } from "@/lib/server/audit";
import { type RequestChildLinkInput, requestChildLinkSchema } from "@/lib/validation/auth";
import { idSchema, parseInput } from "@/lib/validation/common";
import { guardianFor } from "./link-codes";

/** A parent without a code asks the school to link them to a child; the office decides. */
export async function requestChildLink(db: Database, actor: Actor, input: RequestChildLinkInput): Promise<{ requestId: string }> {
  if (!hasRole(actor, "parent")) throw new ForbiddenError("Only parent accounts can ask to link to a child.");
  const { admissionNumber, childName, relationship } = parseInput(requestChildLinkSchema, input);
  return db.transaction(async (tx) => {
    const [user] = await tx.select({ verified: users.emailVerifiedAt }).from(users).where(eq(users.id, actor.userId));
    if (!user?.verified) throw new ValidationError("Confirm your email address first: open the link we emailed you.");
    const [pending] = await tx
      .select({ id: guardianLinkRequests.id })
      .from(guardianLinkRequests)
      .where(
        and(
          eq(guardianLinkRequests.userId, actor.userId),
          eq(guardianLinkRequests.status, "pending"),
          sql`lower(${guardianLinkRequests.admissionNumber}) = lower(${admissionNumber})`,
        ),
      );
    // A double-submitted form makes one request, not two.
    if (pending) return { requestId: pending.id };
    // The match is only a suggestion for the office; the parent is told nothing about it.
    const [match] = await tx.select({ id: students.id }).from(students).where(sql`lower(${students.admissionNumber}) = lower(${admissionNumber})`);
    const [created] = await tx
      .insert(guardianLinkRequests)
      .values({ userId: actor.userId, admissionNumber, childName, relationship, studentId: match?.id ?? null })
      .returning({ id: guardianLinkRequests.id });
    await writeAudit(tx, actor, { action: "guardian.link_requested", entityType: "guardian_link_request", entityId: created!.id, after: { admissionNumber, childName, relationship } });
    return { requestId: created!.id };
  });
}

export type LinkRequestRow = {
  id: string;
  parentName: string;
  parentEmail: string;
  admissionNumber: string;
  childName: string;
  relationship: string;
  matchedStudent: { id: string; name: string } | null;
  createdAt: string;
};

export async function listPendingLinkRequests(db: Queryable, actor: Actor): Promise<LinkRequestRow[]> {
  assertCan(actor, "guardians.manage");
  const rows = await db
    .select({
      id: guardianLinkRequests.id,
      parentName: users.name,
      parentEmail: users.email,
      admissionNumber: guardianLinkRequests.admissionNumber,
      childName: guardianLinkRequests.childName,
      relationship: guardianLinkRequests.relationship,
      studentId: students.id,
      studentName: sql<string | null>`${students.firstName} || ' ' || ${students.lastName}`,
      createdAt: guardianLinkRequests.createdAt,
    })
    .from(guardianLinkRequests)
    .innerJoin(users, eq(users.id, guardianLinkRequests.userId))
    .leftJoin(students, eq(students.id, guardianLinkRequests.studentId))
    .where(eq(guardianLinkRequests.status, "pending"))
    .orderBy(asc(guardianLinkRequests.createdAt));
  return rows.map((row) => ({
    id: row.id,
    parentName: row.parentName,
    parentEmail: row.parentEmail,
    admissionNumber: row.admissionNumber,
    childName: row.childName,
    relationship: row.relationship,
    matchedStudent: row.studentId ? { id: row.studentId, name: row.studentName ?? "" } : null,
    createdAt: row.createdAt.toISOString(),
  }));
}

export const decideLinkRequestSchema = z
  .object({
    requestId: idSchema,
    approve: z.boolean(),
    /** The student to link, when approving; defaults to the admission-number match. */
    studentId: idSchema.optional(),
    reason: z.string().trim().max(500, "Keep the reason under 500 characters").optional(),
  })
  .refine((value) => value.approve || (value.reason?.length ?? 0) >= 3, {
    path: ["reason"],
    message: "Say why the request is refused (the parent is told)",
  });

/** Approves (linking the parent to the child) or rejects a request; one decision per request. */
export async function decideLinkRequest(db: Database, actor: Actor, input: z.input<typeof decideLinkRequestSchema>): Promise<void> {
  assertCan(actor, "guardians.manage");
  const { requestId, approve, studentId, reason } = parseInput(decideLinkRequestSchema, input);
  await db.transaction(async (tx) => {
    const [request] = await tx.select().from(guardianLinkRequests).where(eq(guardianLinkRequests.id, requestId)).for("update");
    if (!request) throw new NotFoundError("No such request.");
    if (request.status !== "pending") throw new ConflictError(`This request was already ${request.status}.`);
    const linkTo = studentId ?? request.studentId;
    if (approve && !linkTo) throw new ValidationError("Choose the student to link.", { studentId: ["Choose the student to link"] });
    if (approve) {
      const [requester] = await tx.select({ name: users.name, email: users.email }).from(users).where(eq(users.id, request.userId));
      const guardianId = await guardianFor(tx, { userId: request.userId, name: requester!.name, email: requester!.email, guardianId: null });
      await tx.insert(guardianStudents).values({ guardianId, studentId: linkTo!, relationship: request.relationship }).onConflictDoNothing();
    }
    await tx
      .update(guardianLinkRequests)
      .set({ status: approve ? "approved" : "rejected", decidedBy: actor.userId, decidedAt: new Date(), decisionReason: reason ?? null, studentId: linkTo ?? null })
      .where(eq(guardianLinkRequests.id, requestId));
    await writeAudit(tx, actor, {
      action: approve ? "guardian.link_approved" : "guardian.link_rejected",
      entityType: "guardian_link_request",
      entityId: requestId,
      after: { studentId: linkTo ?? null },
      reason: reason ?? null,
    });
  });
}
