// Start-up checks that need the database (`npm start` runs them before serving). The configuration
// alone cannot tell whether the demo school was seeded earlier: this looks at the accounts themselves.
import { and, eq, inArray, sql } from "drizzle-orm";
import { ConfigError, type Env } from "@/lib/env";
import type { Queryable } from "./client";
import { users } from "./schema";
import { DEMO_ACCOUNTS } from "./seed";

export type DemoAccount = (typeof DEMO_ACCOUNTS)[number];

/** The demo accounts (their passwords are in the README) that can still sign in, in DEMO_ACCOUNTS order. */
export async function findActiveDemoAccounts(db: Queryable): Promise<DemoAccount[]> {
  const emails = DEMO_ACCOUNTS.map((account) => account.email);
  const rows = await db
    .select({ email: sql<string>`lower(${users.email})` })
    .from(users)
    .where(and(inArray(sql`lower(${users.email})`, emails), eq(users.status, "active")));
  const active = new Set(rows.map((row) => row.email));
  return DEMO_ACCOUNTS.filter((account) => active.has(account.email));
}

/**
 * Refuses a production start while demo accounts can sign in, unless ALLOW_DEMO_ACCOUNTS=true (a demo
 * server). Returns the active demo accounts either way, so the caller can print their sign-ins.
 */
export async function checkDemoAccounts(
  db: Queryable,
  settings: Pick<Env, "NODE_ENV" | "ALLOW_DEMO_ACCOUNTS">,
): Promise<DemoAccount[]> {
  const active = await findActiveDemoAccounts(db);
  if (settings.NODE_ENV !== "production" || settings.ALLOW_DEMO_ACCOUNTS || active.length === 0) return active;
  throw new ConfigError(
    [
      `These demo accounts can still sign in with the passwords published in the README: ${active.map((a) => a.email).join(", ")}.`,
      "  For a real school: start on an empty database with SEED_DEMO=false, then invite its administrator with npm run create-admin.",
      "  To keep this database: npm run create-admin, start once with ALLOW_DEMO_ACCOUNTS=true, sign in as that administrator,",
      "  disable these accounts in Admin → Users, then unset ALLOW_DEMO_ACCOUNTS.",
      "  For a demo server: set ALLOW_DEMO_ACCOUNTS=true.",
    ].join("\n"),
  );
}
