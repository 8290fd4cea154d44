import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { assertCan, type Actor } from "@/lib/auth/policy";
import { jsonRows, type Queryable, selectRows, uuidsIn } from "@/lib/db/client";
import { canonicalJson, type ReportCardContent } from "@/lib/domain/report-card";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { writeAudit } from "@/lib/server/audit";
import { idSchema, parseInput } from "@/lib/validation/common";
import { checkPublishReadiness, describePublishProblem } from "./check-publish-readiness";
import { computeTermResults } from "./compute-term-results";
import { buildReportCardContents } from "./report-card-content";

export const publishTermResultsInput = z
  .object({
    termId: idSchema,
    classId: idSchema.optional(),
    classLevelId: idSchema.optional(),
    /** Needed when a card already published would change: it is kept with the new version. */
    reason: z.string().trim().max(500, "The reason is at most 500 characters").optional(),
  })
  .refine((v) => Boolean(v.classId) !== Boolean(v.classLevelId), { message: "Choose a class or a class level", path: ["classId"] });
export type PublishTermResultsInput = z.input<typeof publishTermResultsInput>;

export type PublishOutcome = { published: number; unchanged: number; republished: number };

/** SHA-256 of the canonical JSON: what the card prints and the verification page compares. */
export function contentHash(content: ReportCardContent): string {
  return createHash("sha256").update(canonicalJson(content)).digest("hex");
}

/** 20 characters from an alphabet without look-alikes (no 0/O, 1/I/L): typed from paper if need be. */
function verificationCode(): string {
  const alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
  const bytes = randomBytes(20);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join("");
}

/**
 * Publishes a class's or a level's term results: refuses with the exact list of what is missing or
 * unlocked, recomputes the results, and stores each student's report card as an immutable snapshot
 * with its hash and verification code. A card whose content is unchanged is left as it is, so
 * publishing twice changes nothing; a card that would change needs a reason and becomes a new
 * version, the old one marked superseded.
 */
export async function publishTermResults(db: Queryable, actor: Actor, input: PublishTermResultsInput): Promise<PublishOutcome> {
  assertCan(actor, "reports.publish", "Only an administrator can publish results.");
  const { termId, classId, classLevelId, reason } = parseInput(publishTermResultsInput, input);
  return db.transaction(async (tx) => {
    // One publish at a time per term: two admins pressing the button can't interleave versions.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('publish:' || ${termId}))`);
    const classes = await selectRows<{ id: string; classLevelId: string }>(
      tx,
      sql`select c.id, c.class_level_id as "classLevelId" from classes c
          join terms t on t.academic_year_id = c.academic_year_id and t.id = ${termId}
          where ${classId ? sql`c.id = ${classId}` : sql`c.class_level_id = ${classLevelId!}`}`,
    );
    if (classes.length === 0) throw new NotFoundError("That class or level has no classes in this term's year.");
    const classIds = classes.map((c) => c.id);
    const problems = await checkPublishReadiness(tx, { termId, classIds });
    if (problems.length > 0) {
      throw new ConflictError(`Results can't be published yet: ${problems.length === 1 ? "one thing needs" : `${problems.length} things need`} attention.`, {
        problems: problems.map(describePublishProblem),
      });
    }
    await computeTermResults(tx, actor, { termId, classLevelId: classes[0]!.classLevelId });
    const contents = await buildReportCardContents(tx, { termId, classIds });
    const current = await selectRows<{ studentId: string; id: string; version: number; contentHash: string }>(
      tx,
      sql`select student_id as "studentId", id, version, content_hash as "contentHash" from report_cards
          where term_id = ${termId} and superseded_at is null
            and student_id in ${uuidsIn(contents.map((c) => c.studentId))}`,
    );
    const currentByStudent = new Map(current.map((c) => [c.studentId, c]));
    const changes = contents
      .map((card) => ({ ...card, hash: contentHash(card.content), previous: currentByStudent.get(card.studentId) }))
      .filter((card) => card.previous?.contentHash !== card.hash);
    const republished = changes.filter((card) => card.previous).length;
    if (republished > 0 && !reason) {
      throw new ValidationError(
        `${republished === 1 ? "One published report card" : `${republished} published report cards`} would change. Give a reason; it is kept with the new version.`,
        { reason: ["Give a reason for publishing a new version"] },
      );
    }
    if (changes.length > 0) {
      const superseded = changes.filter((c) => c.previous).map((c) => c.previous!.id);
      if (superseded.length > 0) {
        await tx.execute(sql`update report_cards set superseded_at = now()
          where id in ${uuidsIn(superseded)}`);
      }
      const rows = changes.map((c) => ({
        student_id: c.studentId,
        class_id: c.classId,
        version: (c.previous?.version ?? 0) + 1,
        content: c.content,
        content_hash: c.hash,
        verification_code: verificationCode(),
        reason: c.previous ? reason : null,
      }));
      await tx.execute(sql`
        insert into report_cards (student_id, term_id, class_id, version, content, content_hash, verification_code, reason, published_by)
        select r.student_id, ${termId}, r.class_id, r.version, r.content, r.content_hash, r.verification_code, r.reason, ${actor.userId}
        from jsonb_to_recordset(${jsonRows(rows)})
          as r(student_id uuid, class_id uuid, version int, content jsonb, content_hash text, verification_code text, reason text)`);
    }
    const outcome = { published: changes.length - republished, unchanged: contents.length - changes.length, republished };
    await writeAudit(tx, actor, {
      action: "results.published",
      entityType: "term",
      entityId: termId,
      after: { classIds, ...outcome },
      reason: reason ?? null,
    });
    return outcome;
  });
}
