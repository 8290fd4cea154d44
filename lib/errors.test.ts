import { describe, expect, it } from "vitest";
import { ConflictError, ForbiddenError, NotFoundError, RateLimitedError, toActionError, toProblem, ValidationError } from "./errors";

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
