// The one wrapper every server action and route handler goes through: actor, database, error mapping.
import "server-only";
import { headers } from "next/headers";
import { NextResponse } from "next/server";
import type { Database } from "@/lib/db/client";
import { getDb } from "@/lib/db";
import { type ActionResult, AppError, RateLimitedError, toActionError, toProblem } from "@/lib/errors";
import { logger } from "@/lib/logger";
import type { Actor } from "./policy";
import { requireActor } from "./session";

type Context = { actor: Actor; db: Database };

function logUnexpected(error: unknown, requestId: string | undefined, where: string) {
  if (error instanceof AppError) return;
  logger().error({ err: error, requestId, where }, "unexpected error");
}

/** Runs a server action's logic; the client receives a result, never a thrown error or stack trace. */
export async function runAction<T>(name: string, fn: (context: Context) => Promise<T>): Promise<ActionResult<T>> {
  let requestId: string | undefined;
  try {
    requestId = (await headers()).get("x-request-id") ?? undefined;
    const actor = await requireActor();
    return { ok: true, data: await fn({ actor, db: await getDb() }) };
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
  const requestId = request.headers.get("x-request-id") ?? undefined;
  try {
    const actor = await requireActor();
    const result = await fn({ actor, db: await getDb() });
    return result instanceof Response ? result : NextResponse.json(result);
  } catch (error) {
    logUnexpected(error, requestId, `${request.method} ${new URL(request.url).pathname}`);
    return problemResponse(error, new URL(request.url).pathname);
  }
}

export function problemResponse(error: unknown, instance?: string): Response {
  const problem = toProblem(error, instance);
  const response = NextResponse.json(problem, { status: problem.status, headers: { "content-type": "application/problem+json" } });
  if (error instanceof RateLimitedError) response.headers.set("retry-after", String(error.retryAfterSeconds));
  return response;
}
