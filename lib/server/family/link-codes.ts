import "server-only";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { type Actor, assertCan, hasRole } from "@/lib/auth/policy";
import { generateLinkCode, hashToken, normaliseLinkCode } from "@/lib/auth/tokens";
import type { Database } from "@/lib/db/client";
import { guardianRelationships, guardianStudents, guardians, studentLinkCodes, students, users } from "@/lib/db/schema";
import { ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { writeAudit } from "@/lib/server/audit";
import { consume } from "@/lib/server/security/rate-limit";
import { type LinkChildWithCodeInput, linkChildWithCodeSchema } from "@/lib/validation/auth";
import { idSchema, parseInput } from "@/lib/validation/common";

export const LINK_CODE_LIFETIME_DAYS = 30;

const issueLinkCodeSchema = z.object({
  studentId: idSchema,
  relationship: z.enum(guardianRelationships).default("guardian"),
});

/**
 * Issues a one-time code the school hands to a family (printed or read out) so a self-registered
 * parent can link to this child. The code is shown once; only its hash is kept.
 */
export async function issueLinkCode(
  db: Database,
  actor: Actor,
  input: z.input<typeof issueLinkCodeSchema>,
): Promise<{ code: string; expiresAt: string; studentName: string }> {
  assertCan(actor, "guardians.manage");
  const { studentId, relationship } = parseInput(issueLinkCodeSchema, input);
  return db.transaction(async (tx) => {
    const [student] = await tx.select({ firstName: students.firstName, lastName: students.lastName }).from(students).where(eq(students.id, studentId));
    if (!student) throw new NotFoundError("No such student.");
    const code = generateLinkCode();
    const expiresAt = new Date(Date.now() + LINK_CODE_LIFETIME_DAYS * 24 * 60 * 60 * 1000);
    await tx.insert(studentLinkCodes).values({ studentId, codeHash: hashToken(code), relationship, expiresAt, createdBy: actor.userId });
    await writeAudit(tx, actor, { action: "guardian.link_code_issued", entityType: "student", entityId: studentId, after: { relationship, expiresAt } });
    return { code, expiresAt: expiresAt.toISOString(), studentName: `${student.firstName} ${student.lastName}` };
  });
}

/**
 * A parent enters the school's code: once their email is verified, the code links them to the
 * child. Attempts are rate-limited per account, so codes cannot be guessed by trying many.
 */
export async function linkChildWithCode(db: Database, actor: Actor, input: LinkChildWithCodeInput): Promise<{ studentName: string }> {
  if (!hasRole(actor, "parent")) throw new ForbiddenError("Only parent accounts can link to a child.");
  const { code } = parseInput(linkChildWithCodeSchema, input);
  await consume("linkCode", { userId: actor.userId });
  return db.transaction(async (tx) => {
    const [user] = await tx.select({ verified: users.emailVerifiedAt }).from(users).where(eq(users.id, actor.userId));
    if (!user?.verified) {
      throw new ValidationError("Confirm your email address first: open the link we emailed you.", {
        code: ["Confirm your email address before linking a child"],
      });
    }
    const [used] = await tx
      .update(studentLinkCodes)
      .set({ usedAt: new Date(), usedByUserId: actor.userId })
      .where(and(eq(studentLinkCodes.codeHash, hashToken(normaliseLinkCode(code))), isNull(studentLinkCodes.usedAt), gt(studentLinkCodes.expiresAt, sql`now()`)))
      .returning({ studentId: studentLinkCodes.studentId, relationship: studentLinkCodes.relationship });
    if (!used) {
      throw new ValidationError("That code is not valid: it may be mistyped, expired or already used.", {
        code: ["This code is not valid. Check it, or ask the school for a new one."],
      });
    }
    const guardianId = await guardianFor(tx, actor);
    await tx
      .insert(guardianStudents)
      .values({ guardianId, studentId: used.studentId, relationship: used.relationship, isPrimaryContact: false })
      .onConflictDoNothing();
    const [student] = await tx.select({ firstName: students.firstName, lastName: students.lastName }).from(students).where(eq(students.id, used.studentId));
    await writeAudit(tx, actor, { action: "guardian.linked_by_code", entityType: "student", entityId: used.studentId, after: { guardianId } });
    return { studentName: `${student!.firstName} ${student!.lastName}` };
  });
}

/** The guardian record of a parent account, created from the account's name if it has none yet. */
export async function guardianFor(tx: Parameters<Parameters<Database["transaction"]>[0]>[0], actor: Pick<Actor, "userId" | "name" | "email" | "guardianId">): Promise<string> {
  if (actor.guardianId) return actor.guardianId;
  const [existing] = await tx.select({ id: guardians.id }).from(guardians).where(eq(guardians.userId, actor.userId));
  if (existing) return existing.id;
  const [first, ...rest] = actor.name.trim().split(/\s+/);
  const [created] = await tx
    .insert(guardians)
    .values({ userId: actor.userId, firstName: first ?? actor.name, lastName: rest.join(" ") || "-", email: actor.email })
    .returning({ id: guardians.id });
  return created!.id;
}
