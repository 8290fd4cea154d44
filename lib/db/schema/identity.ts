// Accounts, roles, permissions and role grants.
import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, updatedAt } from "./_columns";

export const userStatuses = ["active", "invited", "disabled"] as const;

export const users = pgTable(
  "users",
  {
    id: id(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash"),
    status: text("status", { enum: userStatuses }).notNull().default("active"),
    emailVerifiedAt: timestamp("email_verified_at", { withTimezone: true }),
    lastSignInAt: timestamp("last_sign_in_at", { withTimezone: true }),
    /** Bumped to end every session of the user at once (sign-out everywhere, reset, deactivation). */
    sessionVersion: integer("session_version").notNull().default(1),
    passwordChangedAt: timestamp("password_changed_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("users_email_lower_key").on(sql`lower(${t.email})`),
    check("users_status_check", sql`${t.status} in ('active', 'invited', 'disabled')`),
    check("users_email_check", sql`position('@' in ${t.email}) > 1`),
  ],
);

export const roleKeys = ["admin", "head_of_department", "teacher", "staff", "parent", "student"] as const;
export type RoleKey = (typeof roleKeys)[number];

export const roles = pgTable("roles", {
  id: id(),
  key: text("key", { enum: roleKeys }).notNull().unique(),
  name: text("name").notNull(),
  description: text("description").notNull().default(""),
});

export const permissions = pgTable("permissions", {
  id: id(),
  key: text("key").notNull().unique(),
  description: text("description").notNull().default(""),
});

export const rolePermissions = pgTable(
  "role_permissions",
  {
    roleId: uuid("role_id")
      .notNull()
      .references(() => roles.id, { onDelete: "cascade" }),
    permissionId: uuid("permission_id")
      .notNull()
      .references(() => permissions.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.roleId, t.permissionId] })],
);

/** A role granted to a user; who granted it is kept for the audit trail. */
export const userRoles = pgTable(
  "user_roles",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    roleId: uuid("role_id")
      .notNull()
      .references(() => roles.id, { onDelete: "restrict" }),
    grantedBy: uuid("granted_by").references(() => users.id, { onDelete: "set null" }),
    grantedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.roleId] }), index("user_roles_role_idx").on(t.roleId)],
);

export const tokenPurposes = ["invite", "verify_email", "reset_password"] as const;
export type TokenPurpose = (typeof tokenPurposes)[number];

/**
 * Single-use links sent by email (invitation, email verification, password reset). Only the
 * SHA-256 of the token is stored: a copy of the database cannot be used to take over accounts.
 */
export const authTokens = pgTable(
  "auth_tokens",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    purpose: text("purpose", { enum: tokenPurposes }).notNull(),
    tokenHash: text("token_hash").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("auth_tokens_hash_key").on(t.tokenHash),
    index("auth_tokens_user_idx").on(t.userId, t.purpose),
    check("auth_tokens_purpose_check", sql`${t.purpose} in ('invite', 'verify_email', 'reset_password')`),
  ],
);

/**
 * One row per signed-in browser: the JWT carries its id. Ending a session sets revoked_at (and a
 * Redis key, checked first); the list backs "your sessions" on the account page.
 */
export const userSessions = pgTable(
  "user_sessions",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    /** The absolute end: re-issuing the token on use never extends past it. */
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    revokedReason: text("revoked_reason"),
    ipAddress: text("ip_address"),
    userAgent: text("user_agent"),
  },
  (t) => [index("user_sessions_user_idx").on(t.userId, t.revokedAt)],
);

export const apiScopes = ["students:read", "classes:read", "subjects:read", "enrolments:read", "results:read", "scores:write"] as const;
export type ApiScope = (typeof apiScopes)[number];

/**
 * Personal API tokens for integrations (docs/api.md). Only the SHA-256 of the secret is stored; the
 * prefix is the part the owner sees to tell tokens apart. A token stops working when it expires, is
 * revoked, or its user's sessions are all ended (session_version moves on: sign-out everywhere,
 * password reset, role change, deactivation).
 */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    tokenPrefix: text("token_prefix").notNull(),
    tokenHash: text("token_hash").notNull(),
    scopes: text("scopes").array().notNull(),
    /** The user's session_version when the token was made; a different one now means it was ended. */
    sessionVersion: integer("session_version").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    revokedBy: uuid("revoked_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("api_tokens_hash_key").on(t.tokenHash),
    index("api_tokens_user_idx").on(t.userId),
    check("api_tokens_name_check", sql`char_length(${t.name}) between 1 and 80`),
    check(
      "api_tokens_scopes_check",
      sql`cardinality(${t.scopes}) >= 1 and ${t.scopes} <@ array['students:read', 'classes:read', 'subjects:read', 'enrolments:read', 'results:read', 'scores:write']::text[]`,
    ),
    check("api_tokens_expiry_check", sql`${t.expiresAt} > ${t.createdAt} and ${t.expiresAt} <= ${t.createdAt} + interval '366 days'`),
  ],
);
