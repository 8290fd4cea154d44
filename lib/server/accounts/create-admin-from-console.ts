import "server-only";
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/lib/db/client";
import { roles, userRoles, users } from "@/lib/db/schema";
import { ConflictError } from "@/lib/errors";
import { writeAudit } from "@/lib/server/audit";
import { appUrl, issueToken } from "@/lib/server/auth/account-tokens";
import { enqueueEmail } from "@/lib/server/email/enqueue-email";
import { parseInput, personName } from "@/lib/validation/common";
import { invitationEmail } from "./emails";

const schema = z.object({ email: z.string().trim().toLowerCase().pipe(z.email("must be an email address")), name: personName("name") });

/**
 * Creates an administrator from the server's console (`npm run create-admin`), for a school that
 * started without the demo: whoever can run commands on the server already holds every key. Returns
 * the invitation link so it works before email is set up.
 */
export async function createAdminFromConsole(db: Database, input: z.input<typeof schema>): Promise<{ link: string }> {
  const { email, name } = parseInput(schema, input);
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: users.id, status: users.status }).from(users).where(sql`lower(${users.email}) = ${email}`);
    if (existing && existing.status !== "invited") throw new ConflictError(`${email} already has an account; grant the role from the Users page.`);
    const userId = existing?.id ?? (await tx.insert(users).values({ email, name, status: "invited" }).returning({ id: users.id }))[0]!.id;
    const [admin] = await tx.select({ id: roles.id }).from(roles).where(eq(roles.key, "admin"));
    await tx.insert(userRoles).values({ userId, roleId: admin!.id }).onConflictDoNothing();
    const token = await issueToken(tx, userId, "invite", null);
    await enqueueEmail(tx, invitationEmail(email, name, "The AMS server console", token));
    await writeAudit(tx, null, { action: "user.invited", entityType: "user", entityId: userId, after: { email, name, role: "admin" }, reason: "Created from the server console" });
    return { link: appUrl(`/invitation?token=${encodeURIComponent(token)}`) };
  });
}
