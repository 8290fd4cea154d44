// The one wrapper every server action and route handler goes through: actor, database, error mapping.
import "server-only";
import { headers } from "next/headers";
import { NextResponse } from "next/server";
import { type Database, describeRootCause, rootCause } from "@/lib/db/client";
import { getDb } from "@/lib/db";
import { type ActionResult, AppError, ForbiddenError, isDatabaseUnavailable, toActionError, toProblem } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { observeRequest, routeName } from "@/lib/metrics";
import { writeAudit } from "@/lib/server/audit";
import { clientIp, consume } from "@/lib/server/security/rate-limit";
import type { Actor } from "./policy";
import { requireActor } from "./session";

type Context = { actor: Actor; db: Database };

/**
 * Logs what a request failed on, unless it was a domain error (answered as such). Only the innermost
 * error is logged: Drizzle's wrapper around a failed query carries its parameters (names, emails,
 * scores), the driver's error below it names the constraint or the problem without them.
 */
export function logUnexpected(error: unknown, requestId: string | undefined, where: string) {
  if (error instanceof AppError) return;
  if (isDatabaseUnavailable(error)) {
    // One clear line an operator can search for; the request was answered 503.
    logger().error({ requestId, where, reason: describeRootCause(error) }, "database unavailable");
    return;
  }
  const root = rootCause(error);
  logger().error({ requestId, where, reason: describeRootCause(error), stack: root instanceof Error ? root.stack : undefined }, "unexpected error");
}

/**
 * Runs a server action's logic for a signed-in user; the client receives a result, never a thrown
 * error or stack trace. Every action counts toward the user's general rate limit for changes.
 */
export async function runAction<T>(name: string, fn: (context: Context) => Promise<T>): Promise<ActionResult<T>> {
  const startedAt = performance.now();
  const result = await actionResult(name, fn);
  observeRequest("action", name, result.ok ? "ok" : result.code, startedAt);
  return result;
}

async function actionResult<T>(name: string, fn: (context: Context) => Promise<T>): Promise<ActionResult<T>> {
  let requestId: string | undefined;
  let actor: Actor | undefined;
  try {
    requestId = (await headers()).get("x-request-id") ?? undefined;
    actor = await requireActor();
    await consume("mutation", { userId: actor.userId });
    return { ok: true, data: await fn({ actor, db: await getDb() }) };
  } catch (error) {
    logUnexpected(error, requestId, `action ${name}`);
    if (actor && error instanceof ForbiddenError) await auditRefusal(actor, `action ${name}`, error);
    return toActionError(error);
  }
}

/**
 * A signed-in user refused by the policy is worth an administrator's attention (probing, or a role
 * missing). Scoped-out records are "not found" by design and not recorded: they are indistinguishable
 * from mistyped ids.
 */
async function auditRefusal(actor: Actor, where: string, error: ForbiddenError): Promise<void> {
  try {
    await writeAudit(await getDb(), actor, { action: "auth.refused", entityType: "endpoint", entityId: where, after: { message: error.message } });
  } catch (auditError) {
    logger().error({ err: auditError, where }, "could not audit a refused request");
  }
}

export type PublicContext = { db: Database; ip: string; userAgent: string | null; requestId?: string };

/**
 * Runs an action open to signed-out visitors (sign-up, password reset, invitation links). Each such
 * use case applies its own rate limits by address and email; errors map as for runAction.
 */
export async function runPublicAction<T>(name: string, fn: (context: PublicContext) => Promise<T>): Promise<ActionResult<T>> {
  let requestId: string | undefined;
  try {
    const incoming = await headers();
    requestId = incoming.get("x-request-id") ?? undefined;
    return { ok: true, data: await fn({ db: await getDb(), ip: clientIp(incoming), userAgent: incoming.get("user-agent"), requestId }) };
  } catch (error) {
    logUnexpected(error, requestId, `action ${name}`);
    return toActionError(error);
  }
}

/** Runs a route handler's logic for a signed-in user; errors become RFC 9457 problem+json. */
export async function handleRoute(
  request: Request,
  fn: (context: Context) => Promise<Response | object>,
): Promise<Response> {
  const startedAt = performance.now();
  const response = await routeResponse(request, fn);
  observeRequest("route", routeName(request.method, new URL(request.url).pathname), String(response.status), startedAt);
  return response;
}

async function routeResponse(request: Request, fn: (context: Context) => Promise<Response | object>): Promise<Response> {
  const requestId = request.headers.get("x-request-id") ?? undefined;
  let actor: Actor | undefined;
  try {
    actor = await requireActor();
    const result = await fn({ actor, db: await getDb() });
    return result instanceof Response ? result : NextResponse.json(result);
  } catch (error) {
    logUnexpected(error, requestId, `${request.method} ${new URL(request.url).pathname}`);
    if (actor && error instanceof ForbiddenError) await auditRefusal(actor, `${request.method} ${new URL(request.url).pathname}`, error);
    return problemResponse(error, new URL(request.url).pathname);
  }
}

export function problemResponse(error: unknown, instance?: string): Response {
  const problem = toProblem(error, instance);
  const response = NextResponse.json(problem, { status: problem.status, headers: { "content-type": "application/problem+json" } });
  if (problem.retryAfterSeconds !== undefined) response.headers.set("retry-after", String(problem.retryAfterSeconds));
  return response;
}
