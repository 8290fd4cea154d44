import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "./env";

describe("configuration", () => {
  it("needs nothing for development: embedded database, memory instead of Redis, port 3000", () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.REDIS_URL).toBeUndefined();
    expect(env).toMatchObject({ PORT: 3000, SEED_DEMO: true, LOG_LEVEL: "info" });
    expect(env.dataDir).toMatch(/\.data$/);
  });

  it("treats empty variables as unset", () => {
    expect(parseEnv({ DATABASE_URL: "", REDIS_URL: " " }).DATABASE_URL).toBeUndefined();
  });

  it("lists every bad variable in one message", () => {
    const error = (() => {
      try {
        parseEnv({ DATABASE_URL: "mysql://localhost/x", PORT: "eighty", AUTH_SECRET: "short" });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/DATABASE_URL: must be a URL like postgres:/);
    expect(message).toMatch(/PORT:/);
    expect(message).toMatch(/AUTH_SECRET: must be at least 32 characters/);
  });

  it("accepts a PostgreSQL URL and a Redis URL", () => {
    const env = parseEnv({ DATABASE_URL: "postgresql://u:p@db:5432/ams", REDIS_URL: "redis://cache:6379/0", SEED_DEMO: "false" });
    expect(env.DATABASE_URL).toBe("postgresql://u:p@db:5432/ams");
    expect(env.SEED_DEMO).toBe(false);
  });
});
