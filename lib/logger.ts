// Structured JSON logs (pino). Secrets are redacted wherever they appear in a logged object.
import pino from "pino";
import { env } from "@/lib/env";

const globalForLogger = globalThis as unknown as { amsLogger?: pino.Logger };

export function logger(): pino.Logger {
  globalForLogger.amsLogger ??= pino({
    level: env().LOG_LEVEL,
    base: { service: "ams" },
    redact: { paths: ["password", "*.password", "passwordHash", "*.passwordHash", "secret", "token"], censor: "[redacted]" },
  });
  return globalForLogger.amsLogger;
}
