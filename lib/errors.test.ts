import { describe, expect, it, vi } from "vitest";
import { AppError, ConflictError, isDatabaseUnavailable, ForbiddenError, NotFoundError, RateLimitedError, toActionError, toProblem, ValidationError } from "./errors";

describe("error mapping", () => {
  it("turns domain errors into RFC 9457 problems with the right status", () => {
    expect(toProblem(new NotFoundError("No such student"), "/api/students/x")).toMatchObject({
      status: 404,
      title: "Not found",
      detail: "No such student",
      instance: "/api/students/x",
    });
    expect(toProblem(new ForbiddenError("no")).status).toBe(403);
    expect(toProblem(new RateLimitedError("slow down", 30))).toMatchObject({ status: 429, retryAfterSeconds: 30 });
  });

  it("carries every field's messages to forms and problem bodies", () => {
    const error = new ValidationError("Fix these", { code: ["too short", "letters only"], name: ["required"] });
    expect(toActionError(error)).toEqual({ ok: false, error: "Fix these", code: "VALIDATION", fieldErrors: error.fieldErrors });
    expect(toProblem(error).errors).toEqual(error.fieldErrors);
    expect(toProblem(new ConflictError("taken", { code: ["used"] }))).toMatchObject({ status: 409, errors: { code: ["used"] } });
  });

  it("never reveals an unexpected error's message", () => {
    const secret = new Error("password authentication failed for user postgres");
    expect(toActionError(secret).error).not.toContain("postgres");
    expect(toProblem(secret)).toMatchObject({ status: 500, detail: "Something went wrong on our side." });
  });
});

describe("errors made by another copy of this module", () => {
  // A server can hold two copies of lib/errors (a route handler's and a page's); a limiter made by
  // one throws its classes into the other's catch blocks.
  it("are recognised by class and code, and nothing else is", async () => {
    vi.resetModules();
    const other = await import("./errors");
    expect(other.RateLimitedError).not.toBe(RateLimitedError);
    const throttled = new other.RateLimitedError("Too many failed sign-in attempts.", 60);
    expect(throttled instanceof RateLimitedError).toBe(true);
    expect(throttled instanceof AppError).toBe(true);
    expect(throttled instanceof NotFoundError).toBe(false);
    expect(new NotFoundError("gone") instanceof other.NotFoundError).toBe(true);
    expect(new Error("plain") instanceof AppError).toBe(false);
    expect({ code: "RATE_LIMITED" } instanceof RateLimitedError).toBe(false);
    expect(toProblem(throttled).status).toBe(429);
    expect(toActionError(new other.ValidationError("Check the form", { name: ["Required"] }))).toMatchObject({ code: "VALIDATION", fieldErrors: { name: ["Required"] } });
  });
});

describe("an unreachable database", () => {
  const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
  const wrapped = Object.assign(new Error("Failed query: select 1\nparams: "), { cause: refused });

  it("is told apart from a wrong query, through the wrappers", () => {
    expect(isDatabaseUnavailable(refused)).toBe(true);
    expect(isDatabaseUnavailable(wrapped)).toBe(true);
    expect(isDatabaseUnavailable(new AggregateError([refused], ""))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }))).toBe(true);
    expect(isDatabaseUnavailable(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('duplicate key value violates unique constraint "x"'), { code: "23505" }))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error("syntax error"), { code: "42601" }))).toBe(false);
    expect(isDatabaseUnavailable(new Error("boom"))).toBe(false);
  });

  it("answers 503 with a retry hint, and a form says nothing was saved", () => {
    expect(toProblem(wrapped, "/api/x")).toMatchObject({ status: 503, title: "Service unavailable", retryAfterSeconds: 30 });
    expect(toActionError(wrapped)).toMatchObject({ ok: false, code: "UNAVAILABLE", error: expect.stringContaining("nothing was saved") });
    expect(toProblem(new Error("boom")).status).toBe(500);
  });
});
