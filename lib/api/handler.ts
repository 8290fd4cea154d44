// The wrapper every /api/v1 route handler goes through: a personal API token instead of a session,
// then the same shape as handleRoute (lib/auth/handlers.ts): rate limit, scope, zod-parsed input,
// one lib/server use case, errors as RFC 9457 problems.
import "server-only";
import { NextResponse } from "next/server";
import type { z } from "zod";
import { logUnexpected, problemResponse } from "@/lib/auth/handlers";
import type { Actor } from "@/lib/auth/policy";
import { getDb } from "@/lib/db";
import type { Database } from "@/lib/db/client";
import { ForbiddenError, UnauthenticatedError, ValidationError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { observeRequest, routeName } from "@/lib/metrics";
import { type ApiCaller, authenticateApiToken } from "@/lib/server/api-tokens/authenticate-api-token";
import { writeAudit } from "@/lib/server/audit";
import { consume } from "@/lib/server/security/rate-limit";
import { parseInput } from "@/lib/validation/common";
import { apiOperations } from "./operations";

type Operations = typeof apiOperations;
/** The operations a token is needed for; the document itself is open. */
export type ScopedOperationId = { [Id in keyof Operations]: Operations[Id]["scope"] extends null ? never : Id }[keyof Operations];

type QueryOf<Id extends ScopedOperationId> = Operations[Id] extends { query: infer Q extends z.ZodType } ? z.output<Q> : undefined;
type BodyOf<Id extends ScopedOperationId> = Operations[Id] extends { body: infer B extends z.ZodType } ? z.output<B> : undefined;
type AnswerOf<Id extends ScopedOperationId> = z.input<Operations[Id]["response"]>;

export type ApiContext<Id extends ScopedOperationId> = { db: Database; actor: Actor; query: QueryOf<Id>; body: BodyOf<Id> };

/** A JSON body larger than this is refused unread: 1,000 score rows fit in a tenth of it. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * A route handler for one operation of the table in ./operations.ts. The answer is parsed with the
 * operation's response schema on the way out, so it holds exactly the documented fields.
 */
export function apiHandler<Id extends ScopedOperationId>(id: Id, fn: (context: ApiContext<Id>) => Promise<AnswerOf<Id>>) {
  return async function handle(request: Request): Promise<Response> {
    const startedAt = performance.now();
    const response = await answer(id, request, fn);
    observeRequest("route", routeName(request.method, new URL(request.url).pathname), String(response.status), startedAt);
    return response;
  };
}

async function answer<Id extends ScopedOperationId>(id: Id, request: Request, fn: (context: ApiContext<Id>) => Promise<AnswerOf<Id>>): Promise<Response> {
  const operation = apiOperations[id];
  const url = new URL(request.url);
  const where = `${request.method} ${url.pathname}`;
  let caller: ApiCaller | undefined;
  try {
    const db = await getDb();
    caller = await authenticateApiToken(db, request.headers.get("authorization"), request.headers.get("x-request-id") ?? undefined);
    await consume("apiToken", { tokenId: caller.tokenId });
    if (!caller.scopes.has(operation.scope)) {
      throw new ForbiddenError(`This token does not have the ${operation.scope} scope, or your account can no longer use it.`);
    }
    // Writes also count toward the owner's limit for changes, shared with the browser.
    if (operation.method !== "GET") await consume("mutation", { userId: caller.actor.userId });
    const query = "query" in operation ? parseInput(operation.query, Object.fromEntries(url.searchParams)) : undefined;
    const body = "body" in operation ? parseInput(operation.body, await readJsonBody(request)) : undefined;
    const result = await fn({ db, actor: caller.actor, query: query as QueryOf<Id>, body: body as BodyOf<Id> });
    return NextResponse.json(operation.response.parse(result), { headers: { "cache-control": "private, no-store" } });
  } catch (error) {
    logUnexpected(error, caller?.actor.requestId, where);
    if (caller && error instanceof ForbiddenError) await auditRefusal(caller, where, error);
    const response = problemResponse(error, url.pathname);
    if (error instanceof UnauthenticatedError) response.headers.set("www-authenticate", 'Bearer realm="AMS API"');
    response.headers.set("cache-control", "no-store");
    return response;
  }
}

/** As for the browser (lib/auth/handlers.ts): a refusal by the policy is worth an administrator's attention. */
async function auditRefusal(caller: ApiCaller, where: string, error: ForbiddenError): Promise<void> {
  try {
    await writeAudit(await getDb(), caller.actor, {
      action: "auth.refused",
      entityType: "endpoint",
      entityId: where,
      after: { message: error.message, apiTokenId: caller.tokenId },
    });
  } catch (auditError) {
    logger().error({ err: auditError, where }, "could not audit a refused request");
  }
}

/** The request's JSON, read up to MAX_BODY_BYTES whatever Content-Length claims. */
async function readJsonBody(request: Request): Promise<unknown> {
  const tooLarge = () => new ValidationError(`The request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB.`);
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) throw tooLarge();
  if (!request.body) throw new ValidationError("Send the input as a JSON body.");
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new ValidationError("The request body is not valid JSON.");
  }
}
