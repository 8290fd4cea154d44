// The acting user for server components, actions and route handlers.
import "server-only";
import { getServerSession } from "next-auth";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/lib/db";
import type { RoleKey } from "@/lib/db/schema";
import { UnauthenticatedError } from "@/lib/errors";
import { loadActor } from "@/lib/server/auth/load-actor";
import { authOptions } from "./options";
import { type Actor, hasRole, homePathFor } from "./policy";

/** The signed-in user, checked against the database (disabled or signed-out-everywhere users get null). */
export const getActor = cache(async (): Promise<Actor | null> => {
  const session = await getServerSession(authOptions());
  if (!session?.userId || !session.sessionId) return null;
  const actor = await loadActor(await getDb(), session.userId, { sessionId: session.sessionId, sessionVersion: session.sessionVersion });
  if (!actor) return null;
  actor.requestId = (await headers()).get("x-request-id") ?? undefined;
  return actor;
});

/** For actions and route handlers: the actor, or an UnauthenticatedError (401). */
export async function requireActor(): Promise<Actor> {
  const actor = await getActor();
  if (!actor) throw new UnauthenticatedError();
  return actor;
}

/**
 * For layouts and pages: sends a signed-out visitor to sign in, and a user without one of the roles
 * to their own home. A convenience for people; the data layer is the gate.
 */
export async function requirePageActor(...roles: RoleKey[]): Promise<Actor> {
  const actor = await getActor();
  if (!actor) redirect("/sign-in");
  if (roles.length > 0 && !hasRole(actor, ...roles)) redirect(homePathFor(actor));
  return actor;
}
