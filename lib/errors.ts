// Typed domain errors, and their mapping to HTTP statuses and RFC 9457 problem details, in one place.

export type FieldErrors = Record<string, string[]>;

export type AppErrorCode = "VALIDATION" | "NOT_FOUND" | "FORBIDDEN" | "UNAUTHENTICATED" | "CONFLICT" | "RATE_LIMITED";

/** Marks AppErrors made by any copy of this module (Symbol.for is one registry per process). */
const APP_ERROR = Symbol.for("ams.AppError");

export abstract class AppError extends Error {
  abstract readonly code: AppErrorCode;
  abstract readonly status: number;
  abstract readonly title: string;
  readonly [APP_ERROR] = true;

  /**
   * The bundler may load this module more than once in one server (a route handler's copy and a
   * page's copy), and a limiter made by one copy throws that copy's classes. So `instanceof`
   * compares the global mark and the code, not prototypes: an error from either copy is
   * recognised by both. Subclasses name their code in a static `code`.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (typeof value !== "object" || value === null || !(APP_ERROR in value)) return false;
    const code = (this as { code?: AppErrorCode }).code;
    return code === undefined || (value as { code?: unknown }).code === code;
  }
}

export class ValidationError extends AppError {
  static readonly code = "VALIDATION";
  readonly code = ValidationError.code;
  readonly status = 422;
  readonly title = "Some fields need attention";
  constructor(
    message: string,
    readonly fieldErrors: FieldErrors = {},
  ) {
    super(message);
  }
}

export class NotFoundError extends AppError {
  static readonly code = "NOT_FOUND";
  readonly code = NotFoundError.code;
  readonly status = 404;
  readonly title = "Not found";
}

export class ForbiddenError extends AppError {
  static readonly code = "FORBIDDEN";
  readonly code = ForbiddenError.code;
  readonly status = 403;
  readonly title = "Not allowed";
}

export class UnauthenticatedError extends AppError {
  static readonly code = "UNAUTHENTICATED";
  readonly code = UnauthenticatedError.code;
  readonly status = 401;
  readonly title = "Sign-in required";
  constructor(message = "Please sign in to continue.") {
    super(message);
  }
}

export class ConflictError extends AppError {
  static readonly code = "CONFLICT";
  readonly code = ConflictError.code;
  readonly status = 409;
  readonly title = "Conflict";
  constructor(
    message: string,
    readonly fieldErrors: FieldErrors = {},
  ) {
    super(message);
  }
}

export class RateLimitedError extends AppError {
  static readonly code = "RATE_LIMITED";
  readonly code = RateLimitedError.code;
  readonly status = 429;
  readonly title = "Too many requests";
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; error: string; fieldErrors: FieldErrors; code: AppErrorCode | "UNAVAILABLE" | "INTERNAL" };

/** PostgreSQL's SQLSTATE classes and Node's socket errors that mean "the database is not there". */
const UNAVAILABLE_CODES = /^(?:08|57P0[1-3]|53300$|ECONNREFUSED$|ECONNRESET$|ETIMEDOUT$|EHOSTUNREACH$|ENOTFOUND$|EAI_AGAIN$)/;
const UNAVAILABLE_MESSAGES = /Connection terminated|connection timeout|Cannot connect to PostgreSQL|timeout exceeded when trying to connect/i;

/**
 * Whether an error (or one it wraps: Drizzle puts the driver's error in `cause`) says the database
 * is unreachable, rather than that a query was wrong. Such requests get 503 and may be retried.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && typeof current === "object" && depth < 5; depth++) {
    const { code, message, name } = current as { code?: unknown; message?: unknown; name?: unknown };
    if (typeof code === "string" && UNAVAILABLE_CODES.test(code)) return true;
    if (name === "DatabaseConnectionError" || (typeof message === "string" && UNAVAILABLE_MESSAGES.test(message))) return true;
    // AggregateError (a host with several addresses, all refusing) keeps the reasons in `errors`.
    const inner = (current as { errors?: unknown[] }).errors;
    if (Array.isArray(inner) && inner.some(isDatabaseUnavailable)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

export const DATABASE_UNAVAILABLE_MESSAGE = "The database can't be reached right now, so nothing was saved. Please try again in a minute.";
/** What a 503 asks clients to wait before retrying. */
export const DATABASE_RETRY_AFTER_SECONDS = 30;

/** Maps any thrown value to what a form may show; unknown errors never leak their message. */
export function toActionError(error: unknown): Extract<ActionResult<never>, { ok: false }> {
  if (error instanceof AppError) {
    const fieldErrors = error instanceof ValidationError || error instanceof ConflictError ? error.fieldErrors : {};
    return { ok: false, error: error.message, fieldErrors, code: error.code };
  }
  if (isDatabaseUnavailable(error)) return { ok: false, error: DATABASE_UNAVAILABLE_MESSAGE, fieldErrors: {}, code: "UNAVAILABLE" };
  return { ok: false, error: "Something went wrong on our side. Please try again.", fieldErrors: {}, code: "INTERNAL" };
}

export type ProblemDetails = {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: FieldErrors;
  retryAfterSeconds?: number;
};

/** RFC 9457 body and status for a thrown value; unknown errors become a generic 500. */
export function toProblem(error: unknown, instance?: string): ProblemDetails {
  if (error instanceof AppError) {
    const problem: ProblemDetails = {
      type: `https://ams.invalid/problems/${error.code.toLowerCase().replace(/_/g, "-")}`,
      title: error.title,
      status: error.status,
      detail: error.message,
      instance,
    };
    if (error instanceof ValidationError || error instanceof ConflictError) {
      if (Object.keys(error.fieldErrors).length > 0) problem.errors = error.fieldErrors;
    }
    if (error instanceof RateLimitedError) problem.retryAfterSeconds = error.retryAfterSeconds;
    return problem;
  }
  if (isDatabaseUnavailable(error)) {
    return {
      type: "https://ams.invalid/problems/unavailable",
      title: "Service unavailable",
      status: 503,
      detail: DATABASE_UNAVAILABLE_MESSAGE,
      instance,
      retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS,
    };
  }
  return {
    type: "about:blank",
    title: "Internal Server Error",
    status: 500,
    detail: "Something went wrong on our side.",
    instance,
  };
}
