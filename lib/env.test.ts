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

describe("production refuses insecure defaults", () => {
  const secure = {
    NODE_ENV: "production",
    AUTH_SECRET: "x".repeat(32),
    NEXTAUTH_URL: "https://ams.example.school",
    SEED_DEMO: "false",
  };
  const problems = (source: Record<string, string | undefined>) => {
    try {
      parseEnv(source);
      return [];
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as Error).message.split("\n").slice(1);
    }
  };

  it("starts with a secret, an https address and no demo school", () => {
    expect(problems(secure)).toEqual([]);
    expect(parseEnv(secure)).toMatchObject({ ALLOW_HTTP: false, ALLOW_DEMO_ACCOUNTS: false, SEED_DEMO: false });
  });

  it("names each missing setting on its own line, with what to do", () => {
    const lines = problems({ NODE_ENV: "production" });
    expect(lines).toHaveLength(3);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^ {2}AUTH_SECRET: is required in production/),
        expect.stringMatching(/^ {2}NEXTAUTH_URL: is required in production: set the public https address/),
        expect.stringMatching(/^ {2}SEED_DEMO: must be false in production .*set SEED_DEMO=false/),
      ]),
    );
  });

  it("requires NEXTAUTH_URL", () => {
    expect(problems({ ...secure, NEXTAUTH_URL: "" })).toEqual([expect.stringMatching(/NEXTAUTH_URL: is required in production/)]);
  });

  it("refuses http unless ALLOW_HTTP=true", () => {
    const http = { ...secure, NEXTAUTH_URL: "http://ams.school.lan" };
    expect(problems(http)).toEqual([expect.stringMatching(/NEXTAUTH_URL: must be https in production.*ALLOW_HTTP=true/)]);
    expect(problems({ ...http, NEXTAUTH_URL: "HTTP://AMS.SCHOOL.LAN" })).toHaveLength(1);
    expect(problems({ ...http, ALLOW_HTTP: "false" })).toHaveLength(1);
    expect(parseEnv({ ...http, ALLOW_HTTP: "true" })).toMatchObject({ ALLOW_HTTP: true, NEXTAUTH_URL: "http://ams.school.lan" });
  });

  it("reports a malformed NEXTAUTH_URL as such, not as a crash", () => {
    expect(problems({ ...secure, NEXTAUTH_URL: "ams.example.school" })).toEqual([expect.stringMatching(/^ {2}NEXTAUTH_URL:/)]);
  });

  it("refuses the demo school, on by default, unless ALLOW_DEMO_ACCOUNTS=true", () => {
    expect(problems({ ...secure, SEED_DEMO: undefined })).toEqual([expect.stringMatching(/SEED_DEMO: must be false in production.*ALLOW_DEMO_ACCOUNTS=true/)]);
    expect(problems({ ...secure, SEED_DEMO: "true" })).toHaveLength(1);
    expect(parseEnv({ ...secure, SEED_DEMO: "true", ALLOW_DEMO_ACCOUNTS: "true" })).toMatchObject({ SEED_DEMO: true, ALLOW_DEMO_ACCOUNTS: true });
  });

  it("leaves development and test alone: http, the demo school and no secret are their defaults", () => {
    for (const NODE_ENV of ["development", "test"]) {
      expect(parseEnv({ NODE_ENV, NEXTAUTH_URL: "http://localhost:3000" })).toMatchObject({ SEED_DEMO: true, ALLOW_HTTP: false });
    }
  });

  it("accepts only true or false for the allowances", () => {
    expect(problems({ ...secure, ALLOW_HTTP: "yes", ALLOW_DEMO_ACCOUNTS: "1" })).toEqual([
      expect.stringMatching(/^ {2}ALLOW_HTTP:/),
      expect.stringMatching(/^ {2}ALLOW_DEMO_ACCOUNTS:/),
    ]);
  });
});
