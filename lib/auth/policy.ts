// Who may do what. Pure: the acting user comes in, a yes/no (or a thrown ForbiddenError) comes out.
import type { RoleKey } from "@/lib/db/schema";
import { ForbiddenError } from "@/lib/errors";
import { type Permission, rolePrecedence } from "./permissions";

/** The signed-in user as the data layer sees them: loaded fresh from the database per request. */
export type Actor = {
  userId: string;
  name: string;
  email: string;
  roles: RoleKey[];
  permissions: ReadonlySet<Permission>;
  /** Set when the user is a member of staff who teaches. */
  educatorId: string | null;
  /** Set when the user is a parent or guardian. */
  guardianId: string | null;
  /** Set when the user is a student. */
  studentId: string | null;
  /** The session (signed-in browser) the request came from; absent for scripts and tests. */
  sessionId?: string;
  /** Carried into audit records and logs. */
  requestId?: string;
};

export function can(actor: Actor, permission: Permission): boolean {
  return actor.permissions.has(permission);
}

export function assertCan(actor: Actor, permission: Permission, message = "You do not have permission to do that."): void {
  if (!can(actor, permission)) throw new ForbiddenError(message);
}

export function hasRole(actor: Actor, ...roles: RoleKey[]): boolean {
  return roles.some((role) => actor.roles.includes(role));
}

export function primaryRole(actor: Actor): RoleKey | undefined {
  return rolePrecedence.find((role) => actor.roles.includes(role));
}

const homePaths: Record<RoleKey, string> = {
  admin: "/admin",
  head_of_department: "/teacher",
  staff: "/office",
  teacher: "/teacher",
  parent: "/family",
  student: "/family",
};

export function homePathFor(actor: Actor): string {
  const role = primaryRole(actor);
  return role ? homePaths[role] : "/no-access";
}
