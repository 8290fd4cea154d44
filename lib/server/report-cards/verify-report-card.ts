import "server-only";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { isoTime, type Queryable, selectRows } from "@/lib/db/client";

export type Verification =
  | { status: "unknown" }
  | {
      status: "current" | "superseded" | "mismatch";
      schoolName: string;
      termName: string;
      academicYearName: string;
      /** Initials only ("A. O."): enough to match the paper, nothing more. */
      initials: string;
      issuedOn: string;
      version: number;
      supersededOn: string | null;
      hashStart: string;
    };

const verifyInput = z.object({
  code: z.string().trim().toUpperCase().regex(/^[2-9A-HJKMNP-Z]{20}$/),
  hashStart: z.string().trim().toLowerCase().regex(/^[0-9a-f]{16}$/).optional(),
});

/**
 * What the public verification page may say about a printed card: genuine and current, replaced by
 * a later version, or not matching our records (the hash on the paper differs, so the paper was
 * altered or the link was copied onto another card). Never the marks themselves.
 */
export async function verifyReportCard(db: Queryable, input: { code: string; hashStart?: string }): Promise<Verification> {
  const parsed = verifyInput.safeParse(input);
  if (!parsed.success) return { status: "unknown" };
  const { code, hashStart } = parsed.data;
  const [row] = await selectRows<{
    schoolName: string;
    termName: string;
    academicYearName: string;
    firstName: string;
    lastName: string;
    issuedOn: string;
    version: number;
    supersededOn: string | null;
    contentHash: string;
  }>(
    db,
    sql`select rc.content->'school'->>'name' as "schoolName", rc.content->'term'->>'name' as "termName",
               rc.content->'term'->>'academicYearName' as "academicYearName",
               rc.content->'student'->>'firstName' as "firstName", rc.content->'student'->>'lastName' as "lastName",
               ${isoTime(sql`rc.published_at`)} as "issuedOn", rc.version,
               ${isoTime(sql`rc.superseded_at`)} as "supersededOn", rc.content_hash as "contentHash"
        from report_cards rc where rc.verification_code = ${code}`,
  );
  if (!row) return { status: "unknown" };
  const initial = (name: string) => `${name.trim().charAt(0).toUpperCase()}.`;
  const status = hashStart && !row.contentHash.startsWith(hashStart) ? "mismatch" : row.supersededOn ? "superseded" : "current";
  return {
    status,
    schoolName: row.schoolName,
    termName: row.termName,
    academicYearName: row.academicYearName,
    initials: `${initial(row.firstName)} ${initial(row.lastName)}`,
    issuedOn: row.issuedOn,
    version: row.version,
    supersededOn: row.supersededOn,
    hashStart: row.contentHash.slice(0, 16),
  };
}
