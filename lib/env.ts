// Validated configuration: the only module that reads process.env (see CONVENTIONS.md).
import path from "node:path";
import { z } from "zod";

const postgresUrl = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === "postgres:" || url.protocol === "postgresql:") && url.hostname !== "";
    } catch {
      return false;
    }
  }, "must be a URL like postgres://user:password@host:5432/database");

const redisUrl = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === "redis:" || url.protocol === "rediss:";
    } catch {
      return false;
    }
  }, "must be a URL like redis://host:6379/0");

const emptyAsUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.preprocess(emptyAsUndefined, postgresUrl.optional()),
  DATABASE_POOL_MAX: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(200).default(10)),
  REDIS_URL: z.preprocess(emptyAsUndefined, redisUrl.optional()),
  DATA_DIR: z.preprocess(emptyAsUndefined, z.string().default(".data")),
  /** Where files (report card batches, documents) are kept; default: "files" in the data folder. Never under public/. */
  STORAGE_DIR: z.preprocess(emptyAsUndefined, z.string().optional()),
  /** The most a student's documents may take up together, in MB. */
  DOCUMENT_QUOTA_MB: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(100_000).default(100)),
  /**
   * How long a student's documents are kept after they left the school (graduated, withdrew or
   * transferred), in whole years; after that an administrator may delete them (Admin → Documents).
   */
  DOCUMENT_RETENTION_YEARS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(100).default(7)),
  /**
   * Where background jobs run: "inline" in each app process (the default, and the only choice on the
   * embedded database), or "off" when `npm run worker` runs them in its own process.
   */
  JOBS_WORKER: z.preprocess(emptyAsUndefined, z.enum(["inline", "off"]).default("inline")),
  /** Signs session tokens. Required in production; `npm start` generates one into DATA_DIR otherwise. */
  AUTH_SECRET: z.preprocess(emptyAsUndefined, z.string().min(32, "must be at least 32 characters").optional()),
  /** The public URL of the app: links in emails and next-auth's callbacks use it. */
  NEXTAUTH_URL: z.preprocess(emptyAsUndefined, z.url().optional()),
  /**
   * Lets production serve a plain http NEXTAUTH_URL: only behind a TLS-terminating proxy on a
   * private network, or for a trial. Otherwise passwords and session cookies cross the network readable.
   */
  ALLOW_HTTP: z.preprocess(emptyAsUndefined, z.enum(["true", "false"]).default("false").transform((v) => v === "true")),
  /** The From address of every email AMS sends. */
  MAIL_FROM: z.preprocess(emptyAsUndefined, z.string().trim().min(3).default("AMS <no-reply@ams.localhost>")),
  /** SMTP transport, e.g. smtp://user:password@mail.example.school:587 (smtps:// for implicit TLS). */
  SMTP_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .trim()
      .refine((value) => /^smtps?:\/\/[^/]+/.test(value), "must be a URL like smtp://user:password@host:587")
      .optional(),
  ),
  /** Resend transport, used instead of SMTP when set. */
  RESEND_API_KEY: z.preprocess(emptyAsUndefined, z.string().trim().min(1).optional()),
  /** Resend's API address; tests point it at a loopback server. */
  RESEND_BASE_URL: z.preprocess(emptyAsUndefined, z.url().optional()),
  PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(65535).default(3000)),
  /** Create the demo school on a database with no school yet. Turn off for a real school. */
  SEED_DEMO: z.preprocess(emptyAsUndefined, z.enum(["true", "false"]).default("true").transform((v) => v === "true")),
  /**
   * For a demo server only: lets production seed the demo school and start while its demo accounts,
   * whose passwords are published, can still sign in.
   */
  ALLOW_DEMO_ACCOUNTS: z.preprocess(emptyAsUndefined, z.enum(["true", "false"]).default("false").transform((v) => v === "true")),
  /**
   * Queries taking longer than this many milliseconds are logged as warnings; 0 turns it off.
   */
  SLOW_QUERY_MS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(600_000).default(500)),
  /**
   * Bearer token for /api/metrics (Prometheus). Unset: the endpoint answers 404, so metrics are off
   * unless a deployment asks for them.
   */
  METRICS_TOKEN: z.preprocess(emptyAsUndefined, z.string().trim().min(24, "must be at least 24 characters").optional()),
  LOG_LEVEL: z.preprocess(
    emptyAsUndefined,
    z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  ),
});

/**
 * Cross-field rules. Production needs an explicit secret (a generated one differs per instance) and
 * refuses the insecure defaults that suit development: plain http and the demo school.
 */
const envRules = envSchema.superRefine((value, context) => {
  if (value.NODE_ENV === "production" && !value.AUTH_SECRET) {
    context.addIssue({
      code: "custom",
      path: ["AUTH_SECRET"],
      message: "is required in production: set 32+ random characters, the same on every instance (openssl rand -base64 32)",
    });
  }
  if (value.NODE_ENV === "production" && !value.NEXTAUTH_URL) {
    context.addIssue({
      code: "custom",
      path: ["NEXTAUTH_URL"],
      message: "is required in production: set the public https address of the app, e.g. https://ams.example.school",
    });
  }
  if (value.NODE_ENV === "production" && isPlainHttp(value.NEXTAUTH_URL) && !value.ALLOW_HTTP) {
    context.addIssue({
      code: "custom",
      path: ["NEXTAUTH_URL"],
      message:
        "must be https in production, or passwords and session cookies cross the network readable: use the https address, or set ALLOW_HTTP=true only behind a TLS-terminating proxy on a private network, or for a trial",
    });
  }
  if (value.NODE_ENV === "production" && value.SEED_DEMO && !value.ALLOW_DEMO_ACCOUNTS) {
    context.addIssue({
      code: "custom",
      path: ["SEED_DEMO"],
      message:
        "must be false in production (it defaults to true), or an empty database gets demo accounts whose passwords are published: set SEED_DEMO=false, or ALLOW_DEMO_ACCOUNTS=true on a demo server",
    });
  }
  if (value.JOBS_WORKER === "off" && !value.DATABASE_URL) {
    context.addIssue({
      code: "custom",
      path: ["JOBS_WORKER"],
      message: "can only be \"off\" with DATABASE_URL: the embedded database allows one process, so jobs run inside the app",
    });
  }
});

/** A well-formed URL that is not https (rules run on malformed values too: their own message says so). */
function isPlainHttp(value: string | undefined): boolean {
  return value !== undefined && URL.canParse(value) && new URL(value).protocol !== "https:";
}

export type Env = z.infer<typeof envSchema> & {
  /** Absolute path of the data folder (embedded database, files, generated secret). */
  dataDir: string;
};

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Parses a given environment; every problem is listed, one variable per line. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envRules.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join(".") || "(environment)"}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return { ...result.data, dataDir: path.resolve(result.data.DATA_DIR) };
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
