import "server-only";
import { sql } from "drizzle-orm";
import type { Actor } from "@/lib/auth/policy";
import type { Permission } from "@/lib/auth/permissions";
import { type Database, selectRows } from "@/lib/db/client";
import type { RoleKey } from "@/lib/db/schema";
import { SESSION_IDLE_SECONDS } from "./sessions";

type Row = {
  userId: string;
  name: string;
  email: string;
  status: string;
  sessionVersion: number;
  roles: RoleKey[];
  permissions: Permission[];
  educatorId: string | null;
  guardianId: string | null;
  studentId: string | null;
  sessionLive: boolean | null;
  sessionStale: boolean | null;
};

export type SessionCheck = { sessionId: string; sessionVersion: number };

/**
 * Loads the acting user with roles, permissions and the people they are, in one round trip. With a
 * session to check, that same round trip is the revocation check: the session must exist, not be
 * revoked, not have passed its absolute end or idle timeout, and carry the user's current session
 * version. Returns null for a disabled account or a dead session.
 */
export async function loadActor(db: Database, userId: string, session?: SessionCheck): Promise<Actor | null> {
  const [row] = await selectRows<Row>(
    db,
    sql`
      select u.id as "userId", u.name, u.email, u.status, u.session_version as "sessionVersion",
        array(select r.key from user_roles ur join roles r on r.id = ur.role_id where ur.user_id = u.id order by r.key) as roles,
        array(select distinct p.key from user_roles ur
              join role_permissions rp on rp.role_id = ur.role_id
              join permissions p on p.id = rp.permission_id
              where ur.user_id = u.id) as permissions,
        (select e.id from educators e where e.user_id = u.id and e.status = 'active') as "educatorId",
        (select g.id from guardians g where g.user_id = u.id) as "guardianId",
        (select s.id from students s where s.user_id = u.id) as "studentId",
        ${
          session
            ? sql`(select us.revoked_at is null and us.expires_at > now()
                     and us.last_seen_at > now() - make_interval(secs => ${SESSION_IDLE_SECONDS})
                   from user_sessions us where us.id = ${session.sessionId} and us.user_id = u.id)`
            : sql`null::boolean`
        } as "sessionLive",
        ${
          session
            ? sql`(select us.last_seen_at < now() - interval '60 seconds' from user_sessions us where us.id = ${session.sessionId})`
            : sql`false`
        } as "sessionStale"
      from users u
      where u.id = ${userId}`,
  );
  if (!row || row.status !== "active") return null;
  if (session) {
    if (session.sessionVersion !== row.sessionVersion || row.sessionLive !== true) return null;
    // Activity keeps the session alive; written at most once a minute, so most requests write nothing.
    if (row.sessionStale) await db.execute(sql`update user_sessions set last_seen_at = now() where id = ${session.sessionId}`);
  }
  return {
    userId: row.userId,
    name: row.name,
    email: row.email,
    roles: row.roles,
    permissions: new Set(row.permissions),
    educatorId: row.educatorId,
    guardianId: row.guardianId,
    studentId: row.studentId,
    sessionId: session?.sessionId,
  };
}
