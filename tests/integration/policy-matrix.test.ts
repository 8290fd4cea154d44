// The policy matrix: every server action and route handler, found on disk, called as every kind of
// user and as a signed-out visitor, checked against one declared table of who may do what. An
// action or handler the table does not cover fails the suite, so nothing new ships without a rule.
import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type * as accountActions from "@/app/(account)/account/actions";
import type * as departmentActions from "@/app/(admin)/admin/departments/actions";
import type * as linkRequestActions from "@/app/(admin)/admin/link-requests/actions";
import type * as userActions from "@/app/(admin)/admin/users/actions";
import type * as publicAuthActions from "@/app/(auth)/actions";
import type * as familyLinkActions from "@/app/(family)/family/link/actions";
import type * as studentPageActions from "@/app/(staff)/students/[id]/actions";
import type * as nextAuthRoute from "@/app/api/auth/[...nextauth]/route";
import type * as healthRoute from "@/app/api/health/route";
import type * as studentRoute from "@/app/api/students/[id]/route";
import { hashPassword } from "@/lib/auth/password";
import type { Actor } from "@/lib/auth/policy";
import type { DatabaseHandle } from "@/lib/db/client";
import { selectRows } from "@/lib/db/client";
import { auditLog, guardianLinkRequests, guardianStudents, guardians, type RoleKey, roles, userRoles, users } from "@/lib/db/schema";
import { DEMO_ACCOUNTS } from "@/lib/db/seed";
import { getRedis } from "@/lib/redis";
import { issueToken } from "@/lib/server/auth/account-tokens";
import { loadActor } from "@/lib/server/auth/load-actor";
import { createSession } from "@/lib/server/auth/sessions";
import { issueLinkCode } from "@/lib/server/family/link-codes";
import { reset as resetRateLimit } from "@/lib/server/security/rate-limit";
import { type TestDatabase, useTestDatabase } from "../support/database";
import { testIp } from "../support/mail";

// ---------------------------------------------------------------------------------------------
// The request around each call. vi.mock factories run before this file's imports, so everything
// they share with the tests lives in one hoisted object that the tests set before every call.

const mocked = vi.hoisted(() => {
  /** What redirect() throws here, so a test can tell "sent to sign in" from a crash. */
  class RedirectSignal extends Error {
    readonly url: string;
    constructor(url: string) {
      super(`redirect(${url})`);
      this.url = url;
    }
  }
  /** What notFound() throws here. */
  class NotFoundSignal extends Error {
    constructor() {
      super("notFound()");
    }
  }
  return {
    RedirectSignal,
    NotFoundSignal,
    state: {
      /** The signed-in user of the current call; null for a signed-out visitor. */
      actor: null as Actor | null,
      handle: null as DatabaseHandle | null,
      /** A fresh address per call, so no call is refused by a limit another call used up. */
      ip: "2001:db8::1",
      requestId: "policy-matrix",
    },
    /** The job queue actions send to: no worker runs here, so a job sent stays queued. */
    queue: null as Promise<import("@/lib/jobs/queue").JobQueue> | null,
    /** Files the route handlers read, in a scratch folder. */
    storeDir: null as string | null,
  };
});

function currentHandle(): DatabaseHandle {
  if (!mocked.state.handle) throw new Error("The policy matrix database is not open yet");
  return mocked.state.handle;
}

// The metrics endpoint is off unless METRICS_TOKEN is set; here it is on, so its case can be called.
const METRICS_TOKEN = "policy-matrix-metrics-token-0123456789";
vi.mock("@/lib/env", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/env")>();
  return { ...actual, env: () => ({ ...actual.env(), METRICS_TOKEN: "policy-matrix-metrics-token-0123456789" }) };
});

vi.mock("@/lib/db", () => ({
  getDb: async () => currentHandle().db,
  getDatabaseHandle: async () => currentHandle(),
}));

vi.mock("@/lib/jobs", async () => {
  const { openJobQueue, ensureQueues } = await import("@/lib/jobs/queue");
  const { JOB_DEFINITIONS } = await import("@/lib/jobs/definitions");
  return {
    getJobQueue: () =>
      (mocked.queue ??= (async () => {
        const boss = await openJobQueue(currentHandle());
        await ensureQueues(boss, JOB_DEFINITIONS);
        return boss;
      })()),
  };
});

vi.mock("@/lib/storage", async () => {
  const fs = await import("node:fs");
  const os = await import("node:os");
  const path = await import("node:path");
  const { LocalDiskStore } = await import("@/lib/storage/local-disk-store");
  mocked.storeDir ??= fs.mkdtempSync(path.join(os.tmpdir(), "ams-policy-files-"));
  const store = new LocalDiskStore(mocked.storeDir);
  return { getFileStore: () => store };
});

// The session layer decodes next-auth's cookie; here the test says who is signed in. The actor
// itself is still loaded from the database through a real session row (see signIn below).
vi.mock("@/lib/auth/session", async () => {
  const { UnauthenticatedError } = await import("@/lib/errors");
  return {
    getActor: async () => mocked.state.actor,
    requireActor: async () => {
      if (!mocked.state.actor) throw new UnauthenticatedError();
      return mocked.state.actor;
    },
    requirePageActor: async () => {
      if (!mocked.state.actor) throw new mocked.RedirectSignal("/sign-in");
      return mocked.state.actor;
    },
  };
});

vi.mock("next/headers", () => ({
  headers: async () =>
    new Headers({ "x-request-id": mocked.state.requestId, "x-forwarded-for": mocked.state.ip, "user-agent": "vitest policy matrix" }),
  cookies: async () => ({
    get: () => undefined,
    getAll: () => [],
    has: () => false,
    set: () => {},
    delete: () => {},
    toString: () => "",
  }),
  draftMode: async () => ({ isEnabled: false, enable: () => {}, disable: () => {} }),
}));

// Outside a Next.js request these would throw; cache invalidation is not what is under test.
vi.mock("next/cache", async (importOriginal) => ({
  ...(await importOriginal<Record<string, unknown>>()),
  revalidatePath: () => {},
  revalidateTag: () => {},
  updateTag: () => {},
  refresh: () => {},
}));

vi.mock("next/navigation", async (importOriginal) => ({
  ...(await importOriginal<Record<string, unknown>>()),
  redirect: (url: string) => {
    throw new mocked.RedirectSignal(url);
  },
  permanentRedirect: (url: string) => {
    throw new mocked.RedirectSignal(url);
  },
  notFound: () => {
    throw new mocked.NotFoundSignal();
  },
  forbidden: () => {
    throw new mocked.NotFoundSignal();
  },
  unauthorized: () => {
    throw new mocked.RedirectSignal("/sign-in");
  },
}));

// ---------------------------------------------------------------------------------------------
// Who calls. Denials are checked in this order, then the allowed calls in this order, so a call
// that changes something (a password, a session) always comes after every refusal of the same row.

const callers = ["anonymous", "student", "parent", "otherParent", "teacher", "otherTeacher", "staff", "admin"] as const;
type Caller = (typeof callers)[number];
type SignedInCaller = Exclude<Caller, "anonymous">;
const signedInCallers = callers.filter((c): c is SignedInCaller => c !== "anonymous");
const everyone: readonly Caller[] = callers;
const everyoneSignedIn: readonly Caller[] = signedInCallers;

/** What an input builder knows about the call it is building for. */
type Call = { caller: Caller; /** null for a signed-out visitor */ userId: string | null };

type Case<Args extends unknown[]> = {
  /** What the sample input points at, when the answer depends on it (scope rules). */
  target?: string;
  allowed: readonly Caller[];
  /** A valid input for this caller, built fresh per call, so an allowed call really succeeds. */
  input: (call: Call) => Args | Promise<Args>;
  /** Puts the caller's own data into the state an allowed call needs; returns how to undo it. */
  setUp?: (call: Call) => Promise<() => Promise<void>>;
};

type Rule<Args extends unknown[]> = {
  /** Open to signed-out visitors by design, and why. The signed-out invariant skips these. */
  publicBecause?: string;
  /** Declared, but deliberately not called here, and why. */
  notCalledBecause?: string;
  cases: Array<Case<Args>>;
};

/** A module's exported functions, each with an optional rule typed by its real parameters. */
type Rules<Module> = {
  [Name in keyof Module]?: Module[Name] extends (...args: infer Args) => Promise<unknown> ? Rule<Args> : never;
};
type AnyRule = Rule<unknown[]>;

// Fixtures made in beforeAll; input builders read them at call time.
let t: TestDatabase;
let fx: {
  userIds: Record<SignedInCaller, string>;
  emails: Record<SignedInCaller, string>;
  passwords: Record<SignedInCaller, string>;
  /** A student taught only by the other teacher: not the demo teacher's, not either test family's. */
  otherTeachersStudentId: string;
  /** Users nobody signs in as, so changing them affects no caller. */
  bystanderUserId: string;
  roleTargetUserId: string;
  invitedUserId: string;
  resetTargetUserId: string;
  verifyTargetUserId: string;
};

const STRONG = "violet-tractor-47-mango-lagoon";
const demoPassword = (role: RoleKey) => DEMO_ACCOUNTS.find((a) => a.role === role)!.password;
const unique = () => randomUUID().slice(0, 8);

/** A GET as a browser would send it, through the one reverse proxy (ADR 0008). */
function get(pathname: string): Request {
  return new Request(new URL(pathname, "http://localhost:3000"), {
    headers: { "x-request-id": mocked.state.requestId, "x-forwarded-for": mocked.state.ip },
  });
}

async function insertUser(options: { name: string; role: RoleKey; status?: "active" | "invited"; verified?: boolean; passwordHash?: string }) {
  const email = `${options.name.toLowerCase().replace(/[^a-z]+/g, ".")}.${unique()}@policy.test`;
  const [user] = await t.db
    .insert(users)
    .values({
      email,
      name: options.name,
      status: options.status ?? "active",
      passwordHash: options.passwordHash ?? null,
      emailVerifiedAt: options.verified === false || options.status === "invited" ? null : new Date(),
    })
    .returning({ id: users.id });
  const [role] = await t.db.select({ id: roles.id }).from(roles).where(eq(roles.key, options.role));
  await t.db.insert(userRoles).values({ userId: user!.id, roleId: role!.id });
  return { id: user!.id, email };
}

/** A 1 × 1 PNG, the smallest logo an administrator could upload. */
const LOGO_PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");

function logoFormData(): FormData {
  const form = new FormData();
  form.set("logo", new File([LOGO_PNG], "logo.png", { type: "image/png" }));
  return form;
}

/** A one-time code the office would hand to a family. */
async function linkCodeFor(studentId: string): Promise<string> {
  const office = await t.actorFor(t.demo.staffUserId);
  return (await issueLinkCode(t.db, office, { studentId, relationship: "guardian" })).code;
}

// ---------------------------------------------------------------------------------------------
// The table. Keys are files under app/, then the exported names; inputs are type-checked against
// the real signatures. "Denied" means FORBIDDEN or NOT_FOUND (records out of scope are not found
// by design), UNAUTHENTICATED for a signed-out visitor; for route handlers 403/404 and 401.

const table: Record<string, Record<string, AnyRule>> = {
  "app/(account)/account/actions.ts": {
    changePasswordAction: {
      cases: [
        {
          target: "own password",
          allowed: everyoneSignedIn,
          input: ({ caller }) => [
            { currentPassword: caller === "anonymous" ? "ams-demo-admin" : fx.passwords[caller], password: STRONG, confirmPassword: STRONG },
          ],
        },
      ],
    },
    revokeSessionAction: {
      cases: [
        {
          target: "one of the caller's own sessions",
          allowed: everyoneSignedIn,
          input: async ({ userId }) => [{ sessionId: (await createSession(t.db, { userId: userId ?? fx.bystanderUserId })).id }],
        },
        {
          target: "another user's session",
          allowed: ["admin"],
          input: async () => [{ sessionId: (await createSession(t.db, { userId: fx.bystanderUserId })).id }],
        },
      ],
    },
    signOutEverywhereAction: { cases: [{ target: "own sessions", allowed: everyoneSignedIn, input: () => [] }] },
    resendVerificationAction: {
      cases: [
        {
          target: "own unconfirmed email",
          allowed: everyoneSignedIn,
          input: () => [],
          // Every demo account is confirmed; unconfirm the caller's for the call so success is real.
          setUp: async ({ userId }) => {
            if (!userId) return async () => {};
            const [before] = await t.db.select({ verifiedAt: users.emailVerifiedAt }).from(users).where(eq(users.id, userId));
            await t.db.update(users).set({ emailVerifiedAt: null }).where(eq(users.id, userId));
            return async () => {
              await t.db.update(users).set({ emailVerifiedAt: before?.verifiedAt ?? null }).where(eq(users.id, userId));
            };
          },
        },
      ],
    },
    // Personal API tokens: anyone makes their own (scopes their role can't use are a field error,
    // in api-v1.test.ts); only the owner, or an administrator, revokes one.
    createApiTokenAction: {
      cases: [{ target: "a students:read token for oneself", allowed: everyoneSignedIn, input: () => [{ name: "Policy matrix", scopes: ["students:read"], expiresInDays: 7 }] }],
    },
    revokeApiTokenAction: (() => {
      const tokenOf = async (userId: string) =>
        (
          await selectRows<{ id: string }>(
            t.db,
            sql`insert into api_tokens (user_id, name, token_prefix, token_hash, scopes, session_version, expires_at)
                values (${userId}, 'Policy matrix', 'policymx', ${randomUUID()}, array['students:read'], 1, now() + interval '1 day') returning id`,
          )
        )[0]!.id;
      return {
        cases: [
          { target: "one of the caller's own tokens", allowed: everyoneSignedIn, input: async ({ userId }) => [{ tokenId: await tokenOf(userId ?? fx.bystanderUserId) }] },
          { target: "another user's token", allowed: ["admin"], input: async () => [{ tokenId: await tokenOf(fx.bystanderUserId) }] },
        ],
      };
    })(),
  } satisfies Rules<typeof accountActions>,

  "app/(admin)/admin/departments/actions.ts": {
    createDepartmentAction: {
      cases: [{ allowed: ["admin"], input: () => [{ code: "PMX", name: "Policy Matrix Studies" }] }],
    },
    // Each call renames or deletes its own throwaway department.
    updateDepartmentAction: {
      cases: [
        {
          target: "a throwaway department",
          allowed: ["admin"],
          input: async () => {
            const department = await (await import("../support/structure-fixtures")).throwawayDepartment(t.db);
            return [{ id: department.id, code: department.code, name: `Renamed ${department.code}`, headEducatorId: t.demo.otherTeacher.educatorId }];
          },
        },
      ],
    },
    deleteDepartmentAction: {
      cases: [
        {
          target: "a throwaway department",
          allowed: ["admin"],
          input: async () => [{ id: (await (await import("../support/structure-fixtures")).throwawayDepartment(t.db)).id }],
        },
      ],
    },
  } satisfies Rules<typeof departmentActions>,

  "app/(admin)/admin/link-requests/actions.ts": {
    // guardians.manage: the office decides link requests as well as administrators.
    decideLinkRequestAction: {
      cases: [
        {
          target: "a pending request, refused",
          allowed: ["staff", "admin"],
          input: async () => {
            const [request] = await t.db
              .insert(guardianLinkRequests)
              .values({ userId: fx.bystanderUserId, admissionNumber: `PM/${unique()}`, childName: "Policy Check", relationship: "guardian" })
              .returning({ id: guardianLinkRequests.id });
            return [{ requestId: request!.id, approve: false, reason: "Policy matrix check" }];
          },
        },
      ],
    },
  } satisfies Rules<typeof linkRequestActions>,

  "app/(admin)/admin/users/actions.ts": {
    inviteUserAction: {
      cases: [{ allowed: ["admin"], input: () => [{ email: `invitee.${unique()}@policy.test`, name: "Policy Invitee", role: "teacher" }] }],
    },
    bulkInviteGuardiansAction: { cases: [{ allowed: ["admin"], input: () => [] }] },
    setUserRolesAction: {
      cases: [
        {
          target: "a throwaway account",
          allowed: ["admin"],
          input: () => [{ userId: fx.roleTargetUserId, roles: ["teacher"], reason: "Policy matrix check" }],
        },
      ],
    },
    setUserStatusAction: {
      cases: [
        {
          target: "a throwaway invited account",
          allowed: ["admin"],
          input: () => [{ userId: fx.invitedUserId, active: false, reason: "Policy matrix check" }],
        },
      ],
    },
  } satisfies Rules<typeof userActions>,

  // Educator records: school.manage, so administrators only (office staff may read, not change).
  // Each call gets its own throwaway educator, so no caller's teaching scope changes.
  "app/(admin)/admin/educators/actions.ts": (() => {
    const throwawayEducator = async (userId: string | null = null) => {
      const staffNumber = `PM-${unique().toUpperCase()}`;
      const [row] = await selectRows<{ id: string }>(
        t.db,
        sql`insert into educators (staff_number, first_name, last_name, user_id) values (${staffNumber}, 'Policy', 'Educator', ${userId}) returning id`,
      );
      return { educatorId: row!.id, staffNumber };
    };
    return {
      createEducatorAction: {
        cases: [{ allowed: ["admin"], input: () => [{ staffNumber: `PM-${unique()}`, firstName: "Policy", lastName: "Educator", email: `educator.${unique()}@policy.test` }] }],
      },
      updateEducatorAction: {
        cases: [
          {
            target: "a throwaway educator",
            allowed: ["admin"],
            input: async () => [{ ...(await throwawayEducator()), firstName: "Policy", lastName: "Renamed", phone: "0803 000 0000" }],
          },
        ],
      },
      setEducatorStatusAction: {
        cases: [
          {
            target: "a throwaway educator",
            allowed: ["admin"],
            input: async () => [{ educatorId: (await throwawayEducator()).educatorId, status: "inactive", reason: "Policy matrix check" }],
          },
        ],
      },
      linkEducatorAccountAction: {
        cases: [
          {
            target: "a throwaway educator and a new teacher account",
            allowed: ["admin"],
            input: async () => {
              const account = await insertUser({ name: "Linkable Teacher", role: "teacher" });
              return [{ educatorId: (await throwawayEducator()).educatorId, email: account.email }];
            },
          },
        ],
      },
      unlinkEducatorAccountAction: {
        cases: [
          {
            target: "a throwaway educator linked to a throwaway account",
            allowed: ["admin"],
            input: async () => {
              const account = await insertUser({ name: "Linked Teacher", role: "teacher" });
              return [{ educatorId: (await throwawayEducator(account.id)).educatorId }];
            },
          },
        ],
      },
    } satisfies Rules<typeof import("@/app/(admin)/admin/educators/actions")>;
  })(),

  // Guardian records: guardians.manage, so the office and administrators. Each call gets its own
  // throwaway guardian (no account) linked to the stranger student, so no caller's scope changes.
  "app/(staff)/guardians/actions.ts": (() => {
    const throwawayGuardian = async () => {
      const [row] = await selectRows<{ id: string }>(
        t.db,
        sql`insert into guardians (first_name, last_name, phone) values ('Policy', 'Guardian', '0803 000 0000') returning id`,
      );
      return row!.id;
    };
    const throwawayLink = async () => {
      const guardianId = await throwawayGuardian();
      await t.db.insert(guardianStudents).values({ guardianId, studentId: t.demo.strangerStudentId, relationship: "other", isPrimaryContact: false });
      return { guardianId, studentId: t.demo.strangerStudentId };
    };
    return {
      createGuardianAction: {
        cases: [{ allowed: ["staff", "admin"], input: () => [{ firstName: "Policy", lastName: "Guardian", email: `guardian.${unique()}@policy.test` }] }],
      },
      updateGuardianAction: {
        cases: [
          {
            target: "a throwaway guardian",
            allowed: ["staff", "admin"],
            input: async () => [{ guardianId: await throwawayGuardian(), firstName: "Policy", lastName: "Renamed", phone: "0803 000 0001" }],
          },
        ],
      },
      linkGuardianStudentAction: {
        cases: [
          {
            target: "a throwaway guardian and the stranger student",
            allowed: ["staff", "admin"],
            input: async () => {
              const [student] = await selectRows<{ admissionNumber: string }>(
                t.db,
                sql`select admission_number as "admissionNumber" from students where id = ${t.demo.strangerStudentId}`,
              );
              return [{ guardianId: await throwawayGuardian(), admissionNumber: student!.admissionNumber, relationship: "other" }];
            },
          },
        ],
      },
      unlinkGuardianStudentAction: {
        cases: [{ target: "a throwaway guardian's link", allowed: ["staff", "admin"], input: async () => [await throwawayLink()] }],
      },
      setGuardianRelationshipAction: {
        cases: [
          { target: "a throwaway guardian's link", allowed: ["staff", "admin"], input: async () => [{ ...(await throwawayLink()), relationship: "grandparent" }] },
        ],
      },
      setPrimaryContactAction: {
        cases: [{ target: "a throwaway guardian's link", allowed: ["staff", "admin"], input: async () => [await throwawayLink()] }],
      },
    } satisfies Rules<typeof import("@/app/(staff)/guardians/actions")>;
  })(),

  // CSV import: students (with guardians) need students.manage and guardians.manage, so the office
  // may import them; educators need school.manage. Each allowed apply starts a run of one new record
  // (no worker runs here: its job stays queued).
  ...(() => {
    const studentFile = () => ({
      kind: "students" as const,
      csv: `Admission number,First name,Last name,Class\r\nPM/${unique()},Policy,Check,JSS 1 A\r\n`,
      columns: ["admissionNumber", "firstName", "lastName", "className"],
    });
    const educatorFile = () => ({
      kind: "educators" as const,
      csv: `Staff number,First name,Last name\r\nPM-${unique()},Policy,Check\r\n`,
      columns: ["staffNumber", "firstName", "lastName"],
    });
    const template = (kind: string) => [get(`/api/imports/template/${kind}`), { params: Promise.resolve({ kind }) }] as const;
    return {
      "app/(admin)/admin/imports/actions.ts": {
        previewImportAction: {
          cases: [
            { target: "students", allowed: ["staff", "admin"], input: () => [studentFile()] },
            { target: "educators", allowed: ["admin"], input: () => [educatorFile()] },
          ],
        },
        applyImportAction: {
          cases: [
            { target: "students", allowed: ["staff", "admin"], input: () => [{ ...studentFile(), checkId: randomUUID() }] },
            { target: "educators", allowed: ["admin"], input: () => [{ ...educatorFile(), checkId: randomUUID() }] },
          ],
        },
      } satisfies Rules<typeof import("@/app/(admin)/admin/imports/actions")>,
      "app/api/imports/template/[kind]/route.ts": {
        GET: {
          cases: [
            { target: "the students template", allowed: ["staff", "admin"], input: () => [...template("students")] },
            { target: "the educators template", allowed: ["admin"], input: () => [...template("educators")] },
          ],
        },
      } satisfies Rules<typeof import("@/app/api/imports/template/[kind]/route")>,
    };
  })(),

  // The academic structure (years, terms, levels, classes, subjects, offerings, the new-year
  // wizard): school.manage, so administrators only. Each call changes its own throwaway rows,
  // placed where nothing else is (after every year, after every level); "set current" is asked
  // of what is already current, so no other row's current year or term moves.
  ...(() => {
    const fixtures = () => import("../support/structure-fixtures");
    const code = () => `PM${unique().toUpperCase().replace(/[^A-Z0-9]/g, "")}`.slice(0, 10);
    return {
      "app/(admin)/admin/structure/years/actions.ts": {
        createAcademicYearAction: {
          cases: [{ allowed: ["admin"], input: async () => [{ name: `Policy ${unique()}`, ...(await (await fixtures()).freeYearDates(t.db)) }] }],
        },
        updateAcademicYearAction: {
          cases: [
            {
              target: "a throwaway year",
              allowed: ["admin"],
              input: async () => {
                const year = await (await fixtures()).throwawayYear(t.db);
                return [{ id: year.id, name: `${year.name} renamed`, startsOn: year.startsOn, endsOn: year.endsOn }];
              },
            },
          ],
        },
        setCurrentAcademicYearAction: {
          cases: [{ target: "the year already current", allowed: ["admin"], input: async () => [{ id: (await (await fixtures()).currentYearAndTerm(t.db)).yearId }] }],
        },
        deleteAcademicYearAction: {
          cases: [{ target: "a throwaway year", allowed: ["admin"], input: async () => [{ id: (await (await fixtures()).throwawayYear(t.db)).id }] }],
        },
        createTermAction: {
          cases: [
            {
              target: "a throwaway year",
              allowed: ["admin"],
              input: async () => {
                const year = await (await fixtures()).throwawayYear(t.db);
                return [{ academicYearId: year.id, name: "First term", sequence: 1, startsOn: year.startsOn, endsOn: year.endsOn }];
              },
            },
          ],
        },
        updateTermAction: {
          cases: [
            {
              target: "a throwaway year's term",
              allowed: ["admin"],
              input: async () => {
                const year = await (await fixtures()).throwawayYear(t.db, { withTerm: true });
                return [{ id: year.termId!, name: "Renamed term", sequence: 1, startsOn: year.startsOn, endsOn: year.endsOn }];
              },
            },
          ],
        },
        setCurrentTermAction: {
          cases: [{ target: "the term already current", allowed: ["admin"], input: async () => [{ id: (await (await fixtures()).currentYearAndTerm(t.db)).termId }] }],
        },
        deleteTermAction: {
          cases: [{ target: "a throwaway year's term", allowed: ["admin"], input: async () => [{ id: (await (await fixtures()).throwawayYear(t.db, { withTerm: true })).termId! }] }],
        },
      } satisfies Rules<typeof import("@/app/(admin)/admin/structure/years/actions")>,

      "app/(admin)/admin/structure/levels/actions.ts": {
        createClassLevelAction: {
          cases: [{ allowed: ["admin"], input: () => [{ code: code(), name: `Policy level ${unique()}`, nextLevelId: null, isFinal: false }] }],
        },
        updateClassLevelAction: {
          cases: [
            {
              target: "a throwaway level",
              allowed: ["admin"],
              input: async () => {
                const level = await (await fixtures()).throwawayLevel(t.db);
                return [{ id: level.id, code: level.code, name: `${level.name} renamed`, nextLevelId: null, isFinal: false }];
              },
            },
          ],
        },
        reorderClassLevelsAction: {
          cases: [{ target: "the levels in their present order", allowed: ["admin"], input: async () => [{ levelIds: await (await fixtures()).levelOrder(t.db) }] }],
        },
        deleteClassLevelAction: {
          cases: [{ target: "a throwaway level", allowed: ["admin"], input: async () => [{ id: (await (await fixtures()).throwawayLevel(t.db)).id }] }],
        },
      } satisfies Rules<typeof import("@/app/(admin)/admin/structure/levels/actions")>,

      "app/(admin)/admin/structure/classes/actions.ts": {
        createClassAction: {
          cases: [
            {
              target: "a throwaway level in the current year",
              allowed: ["admin"],
              input: async () => {
                const f = await fixtures();
                const [{ yearId }, level] = [await f.currentYearAndTerm(t.db), await f.throwawayLevel(t.db)];
                return [{ academicYearId: yearId, classLevelId: level.id, arm: "A", capacity: 30 }];
              },
            },
          ],
        },
        updateClassAction: {
          cases: [
            {
              target: "a throwaway class",
              allowed: ["admin"],
              input: async () => {
                const klass = await (await fixtures()).throwawayClass(t.db);
                return [{ id: klass.id, classLevelId: klass.classLevelId, arm: "B", capacity: 20 }];
              },
            },
          ],
        },
        deleteClassAction: {
          cases: [{ target: "a throwaway class", allowed: ["admin"], input: async () => [{ id: (await (await fixtures()).throwawayClass(t.db)).id }] }],
        },
      } satisfies Rules<typeof import("@/app/(admin)/admin/structure/classes/actions")>,

      "app/(admin)/admin/structure/subjects/actions.ts": {
        createSubjectAction: {
          cases: [{ allowed: ["admin"], input: () => [{ code: code(), name: `Policy subject ${unique()}`, kind: "elective", creditUnits: "1.5" }] }],
        },
        updateSubjectAction: {
          cases: [
            {
              target: "a throwaway subject",
              allowed: ["admin"],
              input: async () => {
                const subject = await (await fixtures()).throwawaySubject(t.db);
                return [{ id: subject.id, code: subject.code, name: `Renamed ${subject.code}`, kind: "core", creditUnits: 2 }];
              },
            },
          ],
        },
        deleteSubjectAction: {
          cases: [{ target: "a throwaway subject", allowed: ["admin"], input: async () => [{ id: (await (await fixtures()).throwawaySubject(t.db)).id }] }],
        },
      } satisfies Rules<typeof import("@/app/(admin)/admin/structure/subjects/actions")>,

      // Offerings are made on throwaway classes with no students, so no teacher's scope changes.
      "app/(admin)/admin/structure/offerings/actions.ts": {
        addOfferingAction: {
          cases: [
            {
              target: "a throwaway class and subject in the current term",
              allowed: ["admin"],
              input: async () => {
                const f = await fixtures();
                const [klass, subject, { termId }] = [await f.throwawayClass(t.db), await f.throwawaySubject(t.db), await f.currentYearAndTerm(t.db)];
                return [{ classId: klass.id, termId, subjectId: subject.id, teacherIds: [t.demo.otherTeacher.educatorId] }];
              },
            },
          ],
        },
        removeOfferingAction: {
          cases: [{ target: "a throwaway offering", allowed: ["admin"], input: async () => [{ offeringId: (await (await fixtures()).throwawayOffering(t.db)).id }] }],
        },
        assignOfferingTeacherAction: {
          cases: [
            {
              target: "a throwaway offering",
              allowed: ["admin"],
              input: async () => [{ offeringId: (await (await fixtures()).throwawayOffering(t.db)).id, educatorId: t.demo.otherTeacher.educatorId }],
            },
          ],
        },
        unassignOfferingTeacherAction: {
          cases: [
            {
              target: "a throwaway offering's teacher",
              allowed: ["admin"],
              input: async () => [
                { offeringId: (await (await fixtures()).throwawayOffering(t.db, t.demo.otherTeacher.educatorId)).id, educatorId: t.demo.otherTeacher.educatorId },
              ],
            },
          ],
        },
        offerSubjectsToLevelAction: {
          cases: [
            {
              target: "a throwaway level's class and a throwaway subject",
              allowed: ["admin"],
              input: async () => {
                const f = await fixtures();
                const [klass, subject, { termId }] = [await f.throwawayClass(t.db), await f.throwawaySubject(t.db), await f.currentYearAndTerm(t.db)];
                return [{ termId, classLevelId: klass.classLevelId, subjectIds: [subject.id] }];
              },
            },
          ],
        },
      } satisfies Rules<typeof import("@/app/(admin)/admin/structure/offerings/actions")>,

      // The wizard copies the demo year into a new year after every other (no students move).
      "app/(admin)/admin/structure/new-year/actions.ts": {
        previewNewYearAction: {
          cases: [
            {
              allowed: ["admin"],
              input: async () => [{ sourceYearId: t.demo.academicYearId, name: `Policy ${unique()}`, ...(await (await fixtures()).freeYearDates(t.db, 400)) }],
            },
          ],
        },
        createYearFromPreviousAction: {
          cases: [
            {
              allowed: ["admin"],
              input: async () => [{ sourceYearId: t.demo.academicYearId, name: `Policy ${unique()}`, ...(await (await fixtures()).freeYearDates(t.db, 400)) }],
            },
          ],
        },
      } satisfies Rules<typeof import("@/app/(admin)/admin/structure/new-year/actions")>,
    };
  })(),

  // Student records: students.manage (the office and administrators) changes a student; the guardian
  // links on a student's page need guardians.manage (the same two roles). Every call works on its
  // own throwaway student (and guardians), placed in the least full of the demo classes, so no
  // other row's scope or class sizes move. The CSV export is for those who have the student list:
  // staff with students.read_all and teachers (their own students only).
  ...(() => {
    const demoClass = (exceptClassId?: string) =>
      selectRows<{ id: string }>(
        t.db,
        sql`select c.id from classes c
            where c.id in (${sql.join(t.demo.classIds.map((id) => sql`${id}`), sql`, `)})
              ${exceptClassId ? sql`and c.id <> ${exceptClassId}` : sql``}
              and c.capacity > (select count(*) from enrolments e where e.class_id = c.id and e.status = 'active')
            order by (select count(*) from enrolments e where e.class_id = c.id and e.status = 'active'), c.name
            limit 1`,
      ).then(([row]) => row!.id);
    const throwawayStudent = async (): Promise<{ studentId: string; classId: string; admissionNumber: string }> => {
      const admissionNumber = `PM/${unique()}`;
      const classId = await demoClass();
      const [row] = await selectRows<{ studentId: string }>(
        t.db,
        sql`with s as (
              insert into students (admission_number, first_name, last_name, gender, date_of_birth, admitted_on)
              values (${admissionNumber}, 'Policy', 'Student', 'female', '2014-03-21', '2026-09-07') returning id)
            insert into enrolments (student_id, class_id, academic_year_id, enrolled_on)
            select s.id, c.id, c.academic_year_id, '2026-09-07' from s, classes c where c.id = ${classId}
            returning student_id as "studentId"`,
      );
      return { studentId: row!.studentId, classId, admissionNumber };
    };
    const throwawayGuardian = async (studentId?: string, isPrimaryContact = false) => {
      const [guardian] = await t.db.insert(guardians).values({ firstName: "Policy", lastName: "Guardian" }).returning({ id: guardians.id });
      if (studentId) await t.db.insert(guardianStudents).values({ guardianId: guardian!.id, studentId, relationship: "guardian", isPrimaryContact });
      return guardian!.id;
    };
    const details = (s: { studentId: string; admissionNumber: string }) => ({
      studentId: s.studentId,
      admissionNumber: s.admissionNumber,
      firstName: "Policy",
      lastName: "Student",
      dateOfBirth: "2014-03-21",
      gender: "female" as const,
      admittedOn: "2026-09-07",
      address: `${unique()} Matrix Road`,
    });
    const today = () => new Date().toISOString().slice(0, 10);
    const staffOnly: readonly Caller[] = ["staff", "admin"];
    return {
      "app/(staff)/students/actions.ts": {
        createStudentAction: {
          cases: [
            {
              allowed: staffOnly,
              input: async () => [
                { admissionNumber: `PM/${unique()}`, firstName: "Policy", lastName: "Admitted", dateOfBirth: "2014-03-21", gender: "male", admittedOn: "2026-09-07", classId: await demoClass() },
              ],
            },
          ],
        },
        updateStudentAction: {
          cases: [{ target: "a throwaway student", allowed: staffOnly, input: async () => [details(await throwawayStudent())] }],
        },
        changeStudentStatusAction: {
          cases: [
            {
              target: "a throwaway student, withdrawn",
              allowed: staffOnly,
              input: async () => [{ studentId: (await throwawayStudent()).studentId, status: "withdrawn", date: today(), reason: "Policy matrix check" }],
            },
          ],
        },
        moveStudentClassAction: {
          cases: [
            {
              target: "a throwaway student, to another class",
              allowed: staffOnly,
              input: async () => {
                const s = await throwawayStudent();
                return [{ studentId: s.studentId, classId: await demoClass(s.classId) }];
              },
            },
          ],
        },
        bulkMoveStudentClassAction: {
          cases: [
            {
              target: "two throwaway students",
              allowed: staffOnly,
              input: async () => {
                const [a, b] = [await throwawayStudent(), await throwawayStudent()];
                return [{ studentIds: [a.studentId, b.studentId], classId: await demoClass() }];
              },
            },
          ],
        },
        bulkChangeStudentStatusAction: {
          cases: [
            {
              target: "two throwaway students, withdrawn",
              allowed: staffOnly,
              input: async () => [
                { studentIds: [(await throwawayStudent()).studentId, (await throwawayStudent()).studentId], status: "withdrawn", date: today(), reason: "Policy matrix check" },
              ],
            },
          ],
        },
        setElectivesAction: {
          cases: [
            {
              target: "a throwaway student",
              allowed: staffOnly,
              input: async () => {
                const [subject] = await selectRows<{ id: string }>(t.db, sql`select id from subjects where kind = 'elective' order by name limit 1`);
                return [{ studentId: (await throwawayStudent()).studentId, subjectIds: [subject!.id] }];
              },
            },
          ],
        },
        addGuardianLinkAction: {
          cases: [
            {
              target: "a throwaway student and guardian",
              allowed: staffOnly,
              input: async () => [{ studentId: (await throwawayStudent()).studentId, guardianId: await throwawayGuardian(), relationship: "guardian" }],
            },
          ],
        },
        setPrimaryGuardianAction: {
          cases: [
            {
              target: "a throwaway student's second guardian",
              allowed: staffOnly,
              input: async () => {
                const { studentId } = await throwawayStudent();
                await throwawayGuardian(studentId, true);
                return [{ studentId, guardianId: await throwawayGuardian(studentId) }];
              },
            },
          ],
        },
        removeGuardianLinkAction: {
          cases: [
            {
              target: "one of a throwaway student's two guardians",
              allowed: staffOnly,
              input: async () => {
                const { studentId } = await throwawayStudent();
                await throwawayGuardian(studentId, true);
                return [{ studentId, guardianId: await throwawayGuardian(studentId) }];
              },
            },
          ],
        },
      } satisfies Rules<typeof import("@/app/(staff)/students/actions")>,
      "app/api/students/export/route.ts": {
        GET: {
          cases: [
            {
              target: "the student list as CSV, within the caller's scope",
              allowed: ["teacher", "otherTeacher", "staff", "admin"],
              input: () => [get("/api/students/export?status=all&sort=class")],
            },
          ],
        },
      } satisfies Rules<typeof import("@/app/api/students/export/route")>,
    };
  })(),

  // The gradebook: the demo teacher's offering of the current term (not the other teacher's). Each
  // call puts the offering in the review state the action starts from, and restores it after.
  "app/(staff)/teacher/actions.ts": (() => {
    type Cell = { offeringId: string; studentId: string; componentId: string; version: number };
    let cached: Promise<Cell> | undefined;
    const cell = () =>
      (cached ??= selectRows<Cell>(
        t.db,
        sql`select so.id as "offeringId", sc.student_id as "studentId", sc.component_id as "componentId", sc.version
            from subject_offerings so
            join offering_teachers ot on ot.offering_id = so.id and ot.educator_id = ${t.demo.teacher.educatorId}
            join terms tm on tm.id = so.term_id and tm.is_current
            join scores sc on sc.offering_id = so.id
            join assessment_components ac on ac.id = sc.component_id and ac.code = 'CA1'
            where not exists (select 1 from offering_teachers o2 where o2.offering_id = so.id and o2.educator_id = ${t.demo.otherTeacher.educatorId})
            order by so.id, sc.student_id limit 1`,
      ).then((rows) => rows[0]!));
    const currentVersion = async () => {
      const c = await cell();
      const [row] = await selectRows<{ version: number }>(
        t.db,
        sql`select version from scores where offering_id = ${c.offeringId} and student_id = ${c.studentId} and component_id = ${c.componentId}`,
      );
      return row?.version ?? 0;
    };
    const inStatus = (status: "open" | "submitted" | "approved") => async () => {
      const { offeringId } = await cell();
      await t.db.execute(sql`update subject_offerings set scores_status = ${status} where id = ${offeringId}`);
      return async () => {
        await t.db.execute(sql`delete from score_change_requests where offering_id = ${offeringId}`);
        await t.db.execute(sql`update subject_offerings set scores_status = 'open', review_comment = null where id = ${offeringId}`);
      };
    };
    const teachersAndAdmin: readonly Caller[] = ["teacher", "admin"];
    return {
      saveScoresAction: {
        cases: [
          {
            target: "the demo teacher's class",
            allowed: teachersAndAdmin,
            input: async () => {
              const c = await cell();
              return [{ offeringId: c.offeringId, cells: [{ studentId: c.studentId, componentId: c.componentId, raw: "5", expectedVersion: await currentVersion() }] }];
            },
          },
        ],
      },
      getScoreHistoryAction: {
        cases: [
          {
            target: "a cell of the demo teacher's class",
            allowed: teachersAndAdmin,
            input: async () => {
              const { offeringId, studentId, componentId } = await cell();
              return [{ offeringId, studentId, componentId }];
            },
          },
        ],
      },
      submitScoresAction: {
        cases: [
          {
            target: "the demo teacher's class, every cell filled",
            allowed: teachersAndAdmin,
            // Students other rules enrolled into the class have no scores; submitting needs every cell.
            setUp: async () => {
              const { offeringId } = await cell();
              await t.db.execute(sql`
                insert into scores (offering_id, student_id, component_id, mark)
                select so.id, e.student_id, ac.id, 'absent'
                from subject_offerings so
                join enrolments e on e.class_id = so.class_id and e.status = 'active'
                cross join assessment_components ac
                where so.id = ${offeringId} and ac.scheme_id = so.assessment_scheme_id
                on conflict do nothing`);
              return inStatus("open")();
            },
            input: async () => [{ offeringId: (await cell()).offeringId }],
          },
        ],
      },
      approveScoresAction: {
        cases: [{ target: "submitted scores", allowed: ["admin"], setUp: inStatus("submitted"), input: async () => [{ offeringId: (await cell()).offeringId }] }],
      },
      returnScoresAction: {
        cases: [
          {
            target: "submitted scores",
            allowed: ["admin"],
            setUp: inStatus("submitted"),
            input: async () => [{ offeringId: (await cell()).offeringId, comment: "Policy matrix check" }],
          },
        ],
      },
      unlockScoresAction: {
        cases: [
          {
            target: "approved scores",
            allowed: ["admin"],
            setUp: inStatus("approved"),
            input: async () => [{ offeringId: (await cell()).offeringId, reason: "Policy matrix check" }],
          },
        ],
      },
      requestScoreChangeAction: {
        cases: [
          {
            target: "an approved score of the demo teacher's class",
            allowed: teachersAndAdmin,
            setUp: inStatus("approved"),
            input: async () => {
              const { offeringId, studentId, componentId } = await cell();
              return [{ offeringId, studentId, componentId, raw: "6", reason: "Policy matrix check" }];
            },
          },
        ],
      },
      decideScoreChangeAction: {
        cases: [
          {
            target: "a pending change request, rejected",
            allowed: ["admin"],
            setUp: inStatus("approved"),
            input: async () => {
              const { offeringId, studentId, componentId } = await cell();
              const [request] = await selectRows<{ id: string }>(
                t.db,
                sql`insert into score_change_requests (offering_id, student_id, component_id, requested, reason)
                    values (${offeringId}, ${studentId}, ${componentId}, '7', 'Policy matrix check') returning id`,
              );
              return [{ requestId: request!.id, approve: false, comment: "Policy matrix check" }];
            },
          },
        ],
      },
    } satisfies Rules<typeof import("@/app/(staff)/teacher/actions")>;
  })(),

  // Gradebook settings (schemes, scales, term locks): scores.manage_all, so administrators only.
  // Each call works on its own throwaway level, scheme, scale or year's term, so no scheme, scale
  // or term the demo school's scores depend on changes.
  ...(() => {
    const fixtures = () => import("../support/structure-fixtures");
    const level = async () => (await (await fixtures()).throwawayLevel(t.db)).id;
    const components = [{ code: "EXM", name: "Examination", maxScore: "100", weight: "100" }];
    const bands = [
      { letter: "P", minScore: "50", points: "1", remark: "Pass" },
      { letter: "F", minScore: "0", points: "0", remark: "Fail" },
    ];
    const throwawayScheme = async () => {
      const classLevelId = await level();
      const [row] = await selectRows<{ id: string }>(
        t.db,
        sql`insert into assessment_schemes (name, class_level_id) values (${`Policy scheme ${unique()}`}, ${classLevelId}) returning id`,
      );
      return { id: row!.id, classLevelId };
    };
    const throwawayScale = async () => {
      const classLevelId = await level();
      const [row] = await selectRows<{ id: string }>(
        t.db,
        sql`insert into grade_scales (name, class_level_id) values (${`Policy scale ${unique()}`}, ${classLevelId}) returning id`,
      );
      return { id: row!.id, classLevelId };
    };
    const throwawayTerm = async (locked: boolean) => {
      const { termId } = await (await fixtures()).throwawayYear(t.db, { withTerm: true });
      if (locked) await t.db.execute(sql`update terms set scores_locked_at = now() where id = ${termId}`);
      return termId!;
    };
    return {
      "app/(admin)/admin/gradebook/actions.ts": {
        saveAssessmentSchemeAction: {
          cases: [
            { target: "a new scheme for a throwaway level", allowed: ["admin"], input: async () => [{ name: `Policy scheme ${unique()}`, classLevelId: await level(), components }] },
            {
              target: "a throwaway scheme",
              allowed: ["admin"],
              input: async () => [{ ...(await throwawayScheme()), name: `Renamed scheme ${unique()}`, components }],
            },
          ],
        },
        deleteAssessmentSchemeAction: {
          cases: [{ target: "a throwaway scheme", allowed: ["admin"], input: async () => [{ id: (await throwawayScheme()).id }] }],
        },
        saveGradeScaleAction: {
          cases: [
            {
              target: "a new scale for a throwaway level",
              allowed: ["admin"],
              input: async () => [{ name: `Policy scale ${unique()}`, classLevelId: await level(), passMark: "50", roundingMode: "half_up", roundingPlaces: 1, bands }],
            },
            {
              target: "a throwaway scale",
              allowed: ["admin"],
              input: async () => [{ ...(await throwawayScale()), name: `Renamed scale ${unique()}`, passMark: "45", roundingMode: "down", roundingPlaces: 0, bands }],
            },
          ],
        },
        deleteGradeScaleAction: {
          cases: [{ target: "a throwaway level's scale", allowed: ["admin"], input: async () => [{ id: (await throwawayScale()).id }] }],
        },
        setTermScoreLockAction: {
          cases: [
            { target: "locking a throwaway year's term", allowed: ["admin"], input: async () => [{ termId: await throwawayTerm(false), locked: true }] },
            {
              target: "unlocking a throwaway year's locked term",
              allowed: ["admin"],
              input: async () => [{ termId: await throwawayTerm(true), locked: false, reason: "Policy matrix check" }],
            },
          ],
        },
      } satisfies Rules<typeof import("@/app/(admin)/admin/gradebook/actions")>,
    };
  })(),

  // Grade sheets as CSV: the download for whoever may open the offering, the import for its teacher
  // or a reviewer. The calls use Mathematics offerings of the third term, which no other row puts
  // into review or locks. Each allowed import sets the same score: the first adds it, the rest find
  // it unchanged, and all of them succeed.
  ...(() => {
    const thirdTermMathematics = async (educatorId: string) => {
      const [row] = await selectRows<{ offeringId: string; admissionNumber: string }>(
        t.db,
        sql`select so.id as "offeringId", st.admission_number as "admissionNumber"
            from subject_offerings so
            join offering_teachers ot on ot.offering_id = so.id and ot.educator_id = ${educatorId}
            join enrolments e on e.class_id = so.class_id and e.status = 'active'
            join students st on st.id = e.student_id
            where so.subject_id = ${t.demo.teacher.subjectId} and so.term_id = ${t.demo.termIds[2]!}
            order by so.id, st.admission_number limit 1`,
      );
      return row!;
    };
    const download = async (educatorId: string): Promise<[Request, { params: Promise<{ offeringId: string }> }]> => {
      const { offeringId } = await thirdTermMathematics(educatorId);
      return [get(`/api/offerings/${offeringId}/scores.csv`), { params: Promise.resolve({ offeringId }) }];
    };
    const importFile = async (): Promise<[{ offeringId: string; csv: string }]> => {
      const { offeringId, admissionNumber } = await thirdTermMathematics(t.demo.teacher.educatorId);
      return [{ offeringId, csv: `Admission number,CA1\r\n${admissionNumber},7\r\n` }];
    };
    const teachersAndAdmin: readonly Caller[] = ["teacher", "admin"];
    return {
      "app/(staff)/teacher/offerings/[offeringId]/import/actions.ts": {
        previewGradeImportAction: { cases: [{ target: "the demo teacher's class", allowed: teachersAndAdmin, input: importFile }] },
        applyGradeImportAction: { cases: [{ target: "the demo teacher's class", allowed: teachersAndAdmin, input: importFile }] },
      } satisfies Rules<typeof import("@/app/(staff)/teacher/offerings/[offeringId]/import/actions")>,
      "app/api/offerings/[offeringId]/scores.csv/route.ts": {
        GET: {
          cases: [
            { target: "the demo teacher's class", allowed: teachersAndAdmin, input: () => download(t.demo.teacher.educatorId) },
            { target: "a class only the other teacher teaches", allowed: ["otherTeacher", "admin"], input: () => download(t.demo.otherTeacher.educatorId) },
          ],
        },
      } satisfies Rules<typeof import("@/app/api/offerings/[offeringId]/scores.csv/route")>,
    };
  })(),

  // Results: publishing needs the term's scores locked, so each call locks the first term and
  // unlocks it after; the PDF route reads a card published once for the demo family's class.
  ...(() => {
    const termId = () => t.demo.termIds[0]!;
    // Students other rules enrolled have no scores; publishing needs every cell, so mark them absent.
    const lockedTerm = async () => {
      await t.db.execute(sql`
        insert into scores (offering_id, student_id, component_id, mark)
        select so.id, e.student_id, ac.id, 'absent'
        from subject_offerings so
        join enrolments e on e.class_id = so.class_id and e.status = 'active'
        join assessment_components ac on ac.scheme_id = coalesce(so.assessment_scheme_id,
          (select id from assessment_schemes where class_level_id is null and subject_id is null and term_id is null))
        where so.term_id = ${termId()}
        on conflict do nothing`);
      await t.db.execute(sql`update terms set scores_locked_at = now() where id = ${termId()}`);
      return async () => {
        await t.db.execute(sql`update terms set scores_locked_at = null where id = ${termId()}`);
      };
    };
    const classOf = async (studentId: string) =>
      (await selectRows<{ id: string }>(t.db, sql`select class_id as id from enrolments where student_id = ${studentId} and status = 'active'`))[0]!.id;
    let published: Promise<void> | undefined;
    const publishedCards = () =>
      (published ??= (async () => {
        const undo = await lockedTerm();
        try {
          const { publishTermResults } = await import("@/lib/server/results/publish-term-results");
          const admin = await t.actorFor(fx.userIds.admin);
          for (const studentId of [t.demo.student.studentId, t.demo.strangerStudentId]) {
            await publishTermResults(t.db, admin, { termId: termId(), classId: await classOf(studentId), reason: "Policy matrix check" });
          }
        } finally {
          await undo();
        }
      })());
    // A finished print batch with its file in the store, made once without the job queue.
    let finishedBatch: Promise<string> | undefined;
    const batchRequest = (suffix: string) => async () => {
      finishedBatch ??= (async () => {
        await publishedCards();
        const [row] = await selectRows<{ id: string }>(
          t.db,
          sql`insert into report_card_batches (term_id, class_id, label, total) values (${termId()}, ${await classOf(t.demo.student.studentId)}, 'Policy matrix batch', 1) returning id`,
        );
        const { runReportCardBatch } = await import("@/lib/server/report-cards/batches/run-report-card-batch");
        const { getFileStore } = await import("@/lib/storage");
        await runReportCardBatch(t.db, getFileStore(), row!.id);
        return row!.id;
      })();
      const batchId = await finishedBatch;
      return [get(`/api/report-card-batches/${batchId}${suffix}`), { params: Promise.resolve({ batchId }) }] as [Request, { params: Promise<{ batchId: string }> }];
    };
    const pdf = (student: () => string) => async () => {
      await publishedCards();
      const studentId = student();
      return [get(`/api/report-cards/${studentId}/${termId()}/pdf`), { params: Promise.resolve({ studentId, termId: termId() }) }] as [
        Request,
        { params: Promise<{ studentId: string; termId: string }> },
      ];
    };
    return {
      "app/(admin)/admin/results/actions.ts": {
        publishTermResultsAction: {
          cases: [
            {
              target: "the demo family's class, first term, scores locked",
              allowed: ["admin"],
              setUp: lockedTerm,
              input: async () => [{ termId: termId(), classId: await classOf(t.demo.student.studentId), reason: "Policy matrix check" }],
            },
          ],
        },
        requestReportCardBatchAction: {
          cases: [
            {
              target: "the demo family's class, published",
              allowed: ["admin"],
              input: async () => {
                await publishedCards();
                return [{ termId: termId(), classId: await classOf(t.demo.student.studentId) }];
              },
            },
          ],
        },
      } satisfies Rules<typeof import("@/app/(admin)/admin/results/actions")>,
      "app/api/report-card-batches/[batchId]/route.ts": {
        GET: { cases: [{ target: "a finished batch", allowed: ["admin"], input: batchRequest("") }] },
      } satisfies Rules<typeof import("@/app/api/report-card-batches/[batchId]/route")>,
      "app/api/report-card-batches/[batchId]/pdf/route.ts": {
        GET: { cases: [{ target: "a finished batch's file", allowed: ["admin"], input: batchRequest("/pdf") }] },
      } satisfies Rules<typeof import("@/app/api/report-card-batches/[batchId]/pdf/route")>,
      "app/api/report-cards/[studentId]/[termId]/pdf/route.ts": {
        GET: {
          cases: [
            { target: "the demo family's child's published card", allowed: ["student", "parent", "admin"], input: pdf(() => t.demo.student.studentId) },
            { target: "another family's child's published card", allowed: ["otherParent", "admin"], input: pdf(() => t.demo.strangerStudentId) },
          ],
        },
      } satisfies Rules<typeof import("@/app/api/report-cards/[studentId]/[termId]/pdf/route")>,
      "app/api/results/broadsheet/route.ts": {
        GET: {
          cases: [
            {
              target: "the demo family's class (the demo teacher is its class teacher)",
              allowed: ["teacher", "admin"],
              input: async () => {
                await publishedCards();
                return [get(`/api/results/broadsheet?term=${termId()}&class=${await classOf(t.demo.student.studentId)}`)];
              },
            },
          ],
        },
      } satisfies Rules<typeof import("@/app/api/results/broadsheet/route")>,
    };
  })(),

  // Report-card comments: the class teacher writes the class teacher's comment for their form class (the
  // demo teacher, JSS 1 A, the demo student's class), administrators the principal's for any class. The
  // calls write the demo student's comments for the second term, which no row publishes, so no card changes.
  "app/(staff)/teacher/comments/actions.ts": (() => {
    const comment = (kind: "class_teacher" | "principal") => ({
      studentId: t.demo.student.studentId,
      termId: t.demo.termIds[1]!,
      kind,
      body: `Policy matrix check ${unique()}`,
    });
    return {
      saveReportCommentAction: {
        cases: [
          { target: "the class teacher's comment, a student of the demo teacher's form class", allowed: ["teacher"], input: () => [comment("class_teacher")] },
          { target: "the principal's comment, the same student", allowed: ["admin"], input: () => [comment("principal")] },
        ],
      },
    } satisfies Rules<typeof import("@/app/(staff)/teacher/comments/actions")>;
  })(),

  // The comment bank: reports.publish, so administrators only. Entries are made inactive, so no
  // teacher is offered them as suggestions.
  "app/(admin)/admin/comment-bank/actions.ts": (() => {
    const throwawayEntry = async () => {
      const [row] = await selectRows<{ id: string }>(
        t.db,
        sql`insert into comment_bank (kind, body, min_average, max_average, is_active)
            values ('principal', ${`Policy matrix check ${unique()}`}, 0, 100, false) returning id`,
      );
      return row!.id;
    };
    const entry = () => ({ kind: "principal" as const, body: `Policy matrix check ${unique()}`, minAverage: "0", maxAverage: "100", isActive: false });
    return {
      saveCommentBankEntryAction: {
        cases: [
          { target: "a new entry", allowed: ["admin"], input: () => [entry()] },
          { target: "a throwaway entry, edited", allowed: ["admin"], input: async () => [{ ...entry(), id: await throwawayEntry() }] },
        ],
      },
      deleteCommentBankEntryAction: {
        cases: [{ target: "a throwaway entry", allowed: ["admin"], input: async () => [{ id: await throwawayEntry() }] }],
      },
    } satisfies Rules<typeof import("@/app/(admin)/admin/comment-bank/actions")>;
  })(),

  "app/(admin)/admin/report-card-settings/actions.ts": {
    saveReportCardSettingsAction: {
      cases: [
        {
          allowed: ["admin"],
          input: () => [{ showComponents: true, showPositions: true, showClassStatistics: true, accentColour: "#1e3a8a", signatures: [{ label: "Principal" }] }],
        },
      ],
    },
    // The file as the logo form posts it; the store is the scratch folder mocked above.
    saveReportCardLogoAction: { cases: [{ allowed: ["admin"], input: () => [logoFormData()] }] },
    removeReportCardLogoAction: { cases: [{ target: "the logo the upload saved", allowed: ["admin"], input: () => [] }] },
  } satisfies Rules<typeof import("@/app/(admin)/admin/report-card-settings/actions")>,

  // End-of-year promotions: promotions.manage, so administrators only. Each call gets a throwaway final
  // level with one student in the current year, so no demo level is ever promoted. Deciding needs a
  // next year, and running or undoing also every term of this year locked: the set-up provides both and
  // takes them back (the run is removed with the year it pointed at), so no other row sees a locked term.
  "app/(admin)/admin/promotions/actions.ts": (() => {
    const fixtures = () => import("../support/structure-fixtures");
    const rules = () => ({ averageBasis: "year_average" as const, minimumAverage: "40", requiredSubjectIds: [], maxFailedSubjects: null, otherwise: "review" as const });
    /** What the last set-up made, for the input builder of the same call; a signed-out call without set-up gets unknown ids. */
    let prepared: { classLevelId: string; studentId: string; runId: string | null } | null = null;

    const throwawayFinalLevel = async () => {
      const { currentYearAndTerm, throwawayLevel } = await fixtures();
      const { yearId } = await currentYearAndTerm(t.db);
      const level = await throwawayLevel(t.db);
      await t.db.execute(sql`update class_levels set is_final = true where id = ${level.id}`);
      const [klass] = await selectRows<{ id: string }>(
        t.db,
        sql`insert into classes (academic_year_id, class_level_id, arm, name, capacity) values (${yearId}, ${level.id}, 'A', ${`${level.name} A`}, 30) returning id`,
      );
      const [student] = await selectRows<{ id: string }>(
        t.db,
        sql`insert into students (admission_number, first_name, last_name) values (${`PM/${unique()}`}, 'Policy', 'Leaver') returning id`,
      );
      await t.db.execute(
        sql`insert into enrolments (student_id, class_id, academic_year_id, enrolled_on)
            select ${student!.id}, ${klass!.id}, id, starts_on from academic_years where id = ${yearId}`,
      );
      return { classLevelId: level.id, studentId: student!.id };
    };

    /** The level, a next year (made if there is none), optionally every current term locked, a student's decision set by hand, and the run executed. */
    const prepare = (stage: "level" | "next year" | "ready to run" | "executed") => async () => {
      const level = await throwawayFinalLevel();
      prepared = { ...level, runId: null };
      if (stage === "level") return async () => {};
      const [next] = await selectRows<{ id: string }>(
        t.db,
        sql`select id from academic_years where starts_on > (select starts_on from academic_years where is_current) limit 1`,
      );
      const madeYear = next ? null : await (await fixtures()).throwawayYear(t.db);
      const locked =
        stage === "next year"
          ? []
          : await selectRows<{ id: string }>(
              t.db,
              sql`update terms set scores_locked_at = now()
                  where academic_year_id = (select id from academic_years where is_current) and scores_locked_at is null returning id`,
            );
      if (stage !== "next year") {
        const admin = await t.actorFor(fx.userIds.admin);
        const { overridePromotionDecisions } = await import("@/lib/server/promotions/override-promotion-decisions");
        await overridePromotionDecisions(t.db, admin, { classLevelId: level.classLevelId, studentIds: [level.studentId], outcome: "withdraw", reason: "Policy matrix check", rules: rules() });
        if (stage === "executed") {
          const { executePromotionRun } = await import("@/lib/server/promotions/execute-promotion-run");
          const outcome = await executePromotionRun(t.db, admin, { classLevelId: level.classLevelId, rules: rules(), classMap: {} });
          prepared.runId = outcome.runId;
        }
      }
      return async () => {
        for (const term of locked) await t.db.execute(sql`update terms set scores_locked_at = null where id = ${term.id}`);
        if (madeYear) {
          await t.db.execute(sql`delete from promotion_runs where to_academic_year_id = ${madeYear.id}`);
          await t.db.execute(sql`delete from academic_years where id = ${madeYear.id}`);
        }
      };
    };
    const levelId = () => prepared?.classLevelId ?? randomUUID();
    return {
      savePromotionRulesAction: {
        cases: [{ target: "a throwaway level", allowed: ["admin"], setUp: prepare("level"), input: () => [{ classLevelId: levelId(), rules: rules() }] }],
      },
      computeYearResultsAction: {
        cases: [{ target: "a throwaway level with no subjects", allowed: ["admin"], setUp: prepare("level"), input: () => [{ classLevelId: levelId() }] }],
      },
      savePromotionClassMapAction: {
        cases: [{ target: "a throwaway level with a next year, no classes mapped", allowed: ["admin"], setUp: prepare("next year"), input: () => [{ classLevelId: levelId(), classMap: {}, rules: rules() }] }],
      },
      overridePromotionAction: {
        cases: [
          {
            target: "a throwaway level's student",
            allowed: ["admin"],
            setUp: prepare("next year"),
            input: () => [{ classLevelId: levelId(), studentIds: [prepared?.studentId ?? randomUUID()], outcome: "withdraw", reason: "Policy matrix check", rules: rules() }],
          },
        ],
      },
      executePromotionAction: {
        cases: [
          {
            target: "a throwaway level, terms locked, its one student decided by hand",
            allowed: ["admin"],
            setUp: prepare("ready to run"),
            input: () => [{ classLevelId: levelId(), rules: rules(), classMap: {}, allowOverCapacity: false }],
          },
        ],
      },
      undoPromotionAction: {
        cases: [
          {
            target: "a throwaway level's executed run",
            allowed: ["admin"],
            setUp: prepare("executed"),
            input: () => [{ runId: prepared?.runId ?? randomUUID(), reason: "Policy matrix check" }],
          },
        ],
      },
    } satisfies Rules<typeof import("@/app/(admin)/admin/promotions/actions")>;
  })(),

  // Verifying and deleting documents: documents.verify, so office staff and administrators. Each call
  // decides or deletes a pending document of its own, inserted as an upload would leave it (no file needed).
  "app/(staff)/documents/actions.ts": (() => {
    const pendingDocument = async () => {
      const { randomBytes } = await import("node:crypto");
      const [row] = await selectRows<{ id: string }>(
        t.db,
        sql`insert into documents (student_id, document_type_id, storage_key, original_name, mime_type, size_bytes, sha256)
            select ${t.demo.strangerStudentId}, id, ${`documents/${t.demo.strangerStudentId}/${randomUUID()}`}, 'policy.pdf', 'application/pdf', 100,
                   ${randomBytes(32).toString("hex")}
            from document_types where name = 'Transfer letter'
            returning id`,
      );
      return row!.id;
    };
    return {
      reviewDocumentAction: {
        cases: [
          { target: "a pending document, verified", allowed: ["staff", "admin"], input: async () => [{ documentId: await pendingDocument(), version: 1, decision: "verify" }] },
          {
            target: "a pending document, rejected",
            allowed: ["staff", "admin"],
            input: async () => [{ documentId: await pendingDocument(), version: 1, decision: "reject", reason: "Policy matrix check" }],
          },
        ],
      },
      deleteDocumentAction: {
        cases: [{ target: "a throwaway document", allowed: ["staff", "admin"], input: async () => [{ documentId: await pendingDocument() }] }],
      },
    } satisfies Rules<typeof import("@/app/(staff)/documents/actions")>;
  })(),

  // Document types, storage and retention: school.manage, so administrators only.
  "app/(admin)/admin/documents/actions.ts": (() => {
    const throwawayType = async () => {
      const [row] = await selectRows<{ id: string }>(
        t.db,
        sql`insert into document_types (name) values (${`Policy form ${unique()}`}) returning id`,
      );
      return row!.id;
    };
    /** A student who withdrew ten years ago and still has a document: past any retention period allowed. */
    const expiredStudent = async () => {
      const { randomBytes } = await import("node:crypto");
      const [student] = await selectRows<{ id: string }>(
        t.db,
        sql`insert into students (admission_number, first_name, last_name, status, status_changed_on)
            values (${`PM/${unique()}`}, 'Policy', 'Former', 'withdrawn', current_date - interval '10 years 1 day') returning id`,
      );
      await t.db.execute(
        sql`insert into documents (student_id, document_type_id, storage_key, original_name, mime_type, size_bytes, sha256)
            select ${student!.id}, id, ${`documents/${student!.id}/${randomUUID()}`}, 'old.pdf', 'application/pdf', 100, ${randomBytes(32).toString("hex")}
            from document_types where name = 'Transfer letter'`,
      );
      return student!.id;
    };
    const values = () => ({ name: `Policy form ${unique()}`, allowedMimeTypes: ["application/pdf" as const], maxSizeMb: "1", requiredAtAdmission: false });
    return {
      saveDocumentTypeAction: {
        cases: [
          { target: "a new type", allowed: ["admin"], input: () => [values()] },
          { target: "a throwaway type, edited", allowed: ["admin"], input: async () => [{ ...values(), id: await throwawayType() }] },
        ],
      },
      deleteDocumentTypeAction: {
        cases: [{ target: "an unused throwaway type", allowed: ["admin"], input: async () => [{ id: await throwawayType() }] }],
      },
      deleteExpiredDocumentsAction: {
        cases: [{ target: "a student past retention", allowed: ["admin"], input: async () => [{ studentIds: [await expiredStudent()] }] }],
      },
    } satisfies Rules<typeof import("@/app/(admin)/admin/documents/actions")>;
  })(),

  // The public API (/api/v1): a bearer token instead of a session. Each call writes the caller a token
  // claiming the scope straight into the table, so the row shows who may use the scope (the token is
  // cut to what the owner's roles allow: 403) and whose records it reaches (404 or an empty page).
  ...(() => {
    const v1 = (pathname: string, scopes: string[], body?: () => Promise<unknown>) => async ({ userId }: Call): Promise<[Request]> => {
      const headers: Record<string, string> = { "x-request-id": mocked.state.requestId, "x-forwarded-for": mocked.state.ip };
      if (userId) {
        const { hashToken } = await import("@/lib/auth/tokens");
        const secret = `ams_${randomUUID().replace(/-/g, "")}${"p".repeat(11)}`;
        await t.db.execute(sql`insert into api_tokens (user_id, name, token_prefix, token_hash, scopes, session_version, expires_at)
          select ${userId}, 'Policy matrix', 'policymx', ${hashToken(secret)}, ${`{${scopes.join(",")}}`}::text[], u.session_version, now() + interval '1 day'
          from users u where u.id = ${userId}`);
        headers.authorization = `Bearer ${secret}`;
      }
      const url = new URL(pathname, "http://localhost:3000");
      if (!body) return [new Request(url, { headers })];
      return [new Request(url, { method: "PUT", headers: { ...headers, "content-type": "application/json" }, body: JSON.stringify(await body()) })];
    };
    const classOf = async (studentId: string) =>
      (await selectRows<{ id: string }>(t.db, sql`select class_id as id from enrolments where student_id = ${studentId} and status = 'active'`))[0]!.id;
    // The demo teacher's third-term Mathematics, CA2, for its last student: a cell no other row writes.
    const scoresBody = async () => {
      const [row] = await selectRows<{ classId: string; studentId: string; componentId: string }>(
        t.db,
        sql`select so.class_id as "classId", e.student_id as "studentId",
                   (select ac.id from assessment_components ac join assessment_schemes sch on sch.id = ac.scheme_id
                    where sch.class_level_id is null and sch.subject_id is null and sch.term_id is null and ac.code = 'CA2') as "componentId"
            from subject_offerings so
            join offering_teachers ot on ot.offering_id = so.id and ot.educator_id = ${t.demo.teacher.educatorId}
            join enrolments e on e.class_id = so.class_id and e.status = 'active'
            where so.subject_id = ${t.demo.teacher.subjectId} and so.term_id = ${t.demo.termIds[2]!}
            order by so.id, e.student_id desc limit 1`,
      );
      return { classId: row!.classId, subjectId: t.demo.teacher.subjectId, termId: t.demo.termIds[2]!, assessmentId: row!.componentId, scores: [{ studentId: row!.studentId, score: 6 }] };
    };
    const staffAndTeachers: readonly Caller[] = ["teacher", "otherTeacher", "staff", "admin"];
    return {
      "app/api/v1/students/route.ts": {
        GET: {
          cases: [
            {
              target: "students:read, the demo student's class (a page scoped to the caller: empty for those outside it)",
              allowed: everyoneSignedIn,
              input: async (call) => v1(`/api/v1/students?classId=${await classOf(t.demo.student.studentId)}`, ["students:read"])(call),
            },
          ],
        },
      } satisfies Rules<typeof import("@/app/api/v1/students/route")>,
      "app/api/v1/classes/route.ts": {
        GET: { cases: [{ target: "classes:read", allowed: staffAndTeachers, input: v1("/api/v1/classes", ["classes:read"]) }] },
      } satisfies Rules<typeof import("@/app/api/v1/classes/route")>,
      "app/api/v1/subjects/route.ts": {
        GET: { cases: [{ target: "subjects:read", allowed: staffAndTeachers, input: v1("/api/v1/subjects", ["subjects:read"]) }] },
      } satisfies Rules<typeof import("@/app/api/v1/subjects/route")>,
      "app/api/v1/enrolments/route.ts": {
        GET: { cases: [{ target: "enrolments:read (a page scoped to the caller)", allowed: everyoneSignedIn, input: v1("/api/v1/enrolments", ["enrolments:read"]) }] },
      } satisfies Rules<typeof import("@/app/api/v1/enrolments/route")>,
      "app/api/v1/results/route.ts": {
        GET: {
          cases: [
            {
              target: "results:read, the demo family's child",
              allowed: ["student", "parent", "admin"],
              input: (call) => v1(`/api/v1/results?studentId=${t.demo.student.studentId}`, ["results:read"])(call),
            },
            {
              target: "results:read, another family's child",
              allowed: ["otherParent", "admin"],
              input: (call) => v1(`/api/v1/results?studentId=${t.demo.strangerStudentId}`, ["results:read"])(call),
            },
          ],
        },
      } satisfies Rules<typeof import("@/app/api/v1/results/route")>,
      "app/api/v1/scores/route.ts": {
        PUT: { cases: [{ target: "scores:write, the demo teacher's class and subject", allowed: ["teacher", "admin"], input: v1("/api/v1/scores", ["scores:write"], scoresBody) }] },
      } satisfies Rules<typeof import("@/app/api/v1/scores/route")>,
      "app/api/v1/openapi.json/route.ts": {
        GET: { publicBecause: "the API's reference describes the operations and holds no school data", cases: [{ allowed: everyone, input: () => [] }] },
      } satisfies Rules<typeof import("@/app/api/v1/openapi.json/route")>,
    };
  })(),

  // An import run's progress and summary: readable by whoever may import its kind, so the office
  // reads runs of students only. Each call reads its own finished run, made without the job queue.
  ...(() => {
    const runOf = (kind: "students" | "educators") => async () => {
      const summary = { newRecords: 1, updatedRecords: 0, unchangedRecords: 0, newGuardians: 0, newLinks: 0, rowsWithErrors: 0, rowsWithWarnings: 0 };
      const result = { totalRows: 1, academicYear: null, summary, issues: [], issueCount: 0, skippedRows: [] };
      const [run] = await selectRows<{ id: string }>(
        t.db,
        sql`insert into import_runs (kind, mode, status, idempotency_key, header, columns, total, processed, result)
            values (${kind}, 'all_or_nothing', 'done', ${randomUUID()}, '[]', '[]', 1, 1, ${JSON.stringify(result)}::jsonb) returning id`,
      );
      return [get(`/api/imports/runs/${run!.id}`), { params: Promise.resolve({ runId: run!.id }) }] as [Request, { params: Promise<{ runId: string }> }];
    };
    return {
      "app/api/imports/runs/[runId]/route.ts": {
        GET: {
          cases: [
            { target: "a students import", allowed: ["staff", "admin"], input: runOf("students") },
            { target: "an educators import", allowed: ["admin"], input: runOf("educators") },
          ],
        },
      } satisfies Rules<typeof import("@/app/api/imports/runs/[runId]/route")>,
    };
  })(),

  // ---- add new action files' rules above this line ----

  // Signed-out visitors' actions (runPublicAction). The session is ignored: each does the same for
  // every caller, signed in or not, and guards itself with its token or its own rate limits.
  "app/(auth)/actions.ts": {
    requestPasswordResetAction: {
      publicBecause: "a person who forgot their password is signed out; the answer is the same for every address",
      cases: [{ allowed: everyone, input: () => [{ email: `nobody.${unique()}@policy.test` }] }],
    },
    resetPasswordAction: {
      publicBecause: "the emailed single-use token is the credential",
      cases: [
        {
          target: "a valid reset token",
          allowed: everyone,
          input: async () => {
            const token = await issueToken(t.db, fx.resetTargetUserId, "reset_password", null);
            return [{ token, password: STRONG, confirmPassword: STRONG }];
          },
        },
      ],
    },
    acceptInvitationAction: {
      publicBecause: "an invited person has no password yet; the emailed single-use token is the credential",
      cases: [
        {
          target: "a valid invitation token",
          allowed: everyone,
          input: async () => {
            const invited = await insertUser({ name: "Invited Person", role: "teacher", status: "invited" });
            const token = await issueToken(t.db, invited.id, "invite", t.demo.adminUserId);
            return [{ token, password: STRONG, confirmPassword: STRONG }];
          },
        },
      ],
    },
    registerParentAction: {
      publicBecause: "parents create their own accounts, which see nothing until a child is linked",
      cases: [
        {
          allowed: everyone,
          input: () => [{ firstName: "Policy", lastName: "Parent", email: `parent.${unique()}@policy.test`, password: STRONG, confirmPassword: STRONG }],
        },
      ],
    },
    verifyEmailAction: {
      publicBecause: "the emailed single-use token is the credential",
      cases: [
        {
          target: "a valid verification token",
          allowed: everyone,
          input: async () => [{ token: await issueToken(t.db, fx.verifyTargetUserId, "verify_email", null) }],
        },
      ],
    },
  } satisfies Rules<typeof publicAuthActions>,

  "app/(family)/family/link/actions.ts": {
    // Any parent account with the school's code may link; the code is the proof. Each parent is
    // given a code for a child they already have, so the call succeeds and changes no one's scope.
    linkChildWithCodeAction: {
      cases: [
        {
          target: "a valid code",
          allowed: ["parent", "otherParent"],
          input: async ({ caller }) => [{ code: await linkCodeFor(caller === "otherParent" ? t.demo.strangerStudentId : t.demo.student.studentId) }],
        },
      ],
    },
    requestChildLinkAction: {
      cases: [{ allowed: ["parent", "otherParent"], input: () => [{ admissionNumber: "GFA/2099/9999", childName: "Policy Check", relationship: "guardian" }] }],
    },
  } satisfies Rules<typeof familyLinkActions>,

  "app/(staff)/students/[id]/actions.ts": {
    issueLinkCodeAction: {
      cases: [{ allowed: ["staff", "admin"], input: () => [{ studentId: t.demo.student.studentId, relationship: "guardian" }] }],
    },
  } satisfies Rules<typeof studentPageActions>,

  "app/api/auth/[...nextauth]/route.ts": {
    // next-auth's own endpoints (sign-in form post, CSRF token, session, sign-out): public by
    // nature, answering signed-out visitors is their job. They read no school data; sign-in and
    // its throttle are covered in auth.test.ts and rate-limit.test.ts, and driving next-auth here
    // would need its cookies and CSRF dance rather than a session-less call.
    GET: { publicBecause: "next-auth's sign-in endpoints", notCalledBecause: "next-auth's own handler", cases: [] },
    POST: { publicBecause: "next-auth's sign-in endpoints", notCalledBecause: "next-auth's own handler", cases: [] },
  } satisfies Rules<typeof nextAuthRoute>,

  "app/api/health/route.ts": {
    GET: {
      publicBecause: "load balancers call it without a session; it says what is down, never why",
      cases: [{ allowed: everyone, input: () => [get("/api/health")] }],
    },
  } satisfies Rules<typeof healthRoute>,

  "app/api/health/live/route.ts": {
    GET: {
      publicBecause: "orchestrators call it without a session; it says only that the process answers",
      cases: [{ allowed: everyone, input: () => [] }],
    },
  } satisfies Rules<typeof import("@/app/api/health/live/route")>,

  "app/api/health/ready/route.ts": {
    GET: {
      publicBecause: "load balancers call it without a session; it says what is down, never why",
      cases: [{ allowed: everyone, input: () => [get("/api/health/ready")] }],
    },
  } satisfies Rules<typeof import("@/app/api/health/ready/route")>,

  // Whoever holds the token reads the numbers, signed in or not; a wrong or missing token is
  // refused (tests/integration/metrics.test.ts).
  "app/api/metrics/route.ts": {
    GET: {
      publicBecause: "protected by METRICS_TOKEN, not a user session",
      cases: [
        {
          target: "with the right token",
          allowed: everyone,
          input: () => [new Request("http://localhost:3000/api/metrics", { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })],
        },
      ],
    },
  } satisfies Rules<typeof import("@/app/api/metrics/route")>,

  "app/api/branding/logo/route.ts": {
    GET: {
      publicBecause: "the school's logo is printed on every card and the public verification page names the school anyway",
      cases: [
        {
          target: "the school's logo, once an administrator has uploaded one",
          allowed: everyone,
          // Uploaded for the call and removed after it, so the answer is the logo rather than "no logo".
          setUp: async () => {
            const { saveReportCardLogo, removeReportCardLogo } = await import("@/lib/server/report-cards/save-report-card-logo");
            const { getFileStore } = await import("@/lib/storage");
            const admin = await t.actorFor(fx.userIds.admin);
            await saveReportCardLogo(t.db, admin, getFileStore(), { bytes: new Uint8Array(LOGO_PNG) });
            return async () => {
              await removeReportCardLogo(t.db, admin, getFileStore());
            };
          },
          input: () => [get("/api/branding/logo")],
        },
      ],
    },
  } satisfies Rules<typeof import("@/app/api/branding/logo/route")>,

  // Students' documents: the office (documents.verify) and administrators for any student, a parent
  // for their own children; a student may read their own documents but not upload (document-access.ts).
  // Each upload sends a PDF of its own, so every allowed call stores a new document.
  ...(() => {
    const corpus = () => import("../support/document-corpus");
    const birthCertificate = async () => (await selectRows<{ id: string }>(t.db, sql`select id from document_types where name = 'Birth certificate'`))[0]!.id;
    const upload = (student: () => string) => async (): Promise<[Request, { params: Promise<{ id: string }> }]> => {
      const studentId = student();
      const pdf = new Uint8Array((await corpus()).validPdf({ text: `Policy matrix ${unique()}` }));
      const url = new URL(`/api/students/${studentId}/documents?type=${await birthCertificate()}&name=${encodeURIComponent("birth certificate.pdf")}`, "http://localhost:3000");
      const headers = { "content-length": String(pdf.length), "content-type": "application/pdf", "x-request-id": mocked.state.requestId, "x-forwarded-for": mocked.state.ip };
      return [new Request(url, { method: "PUT", body: pdf, headers }), { params: Promise.resolve({ id: studentId }) }];
    };
    // One document per student, uploaded once by an administrator, for the download rows.
    const uploaded = new Map<string, Promise<string>>();
    const documentOf = (studentId: string) => {
      if (!uploaded.has(studentId)) {
        uploaded.set(studentId, (async () => {
          const { Readable } = await import("node:stream");
          const { uploadDocument } = await import("@/lib/server/documents/upload-document");
          const { getFileStore } = await import("@/lib/storage");
          const pdf = (await corpus()).validPdf({ text: `Policy matrix download ${studentId}` });
          const input = { studentId, documentTypeId: await birthCertificate(), fileName: "birth certificate.pdf", declaredSize: pdf.length, body: Readable.from([pdf]) };
          const outcome = await uploadDocument(t.db, await t.actorFor(fx.userIds.admin), getFileStore(), input, { quotaBytes: 100 * 1024 * 1024 });
          return outcome.document.id;
        })());
      }
      return uploaded.get(studentId)!;
    };
    const file = (student: () => string, query: string) => async (): Promise<[Request, { params: Promise<{ documentId: string }> }]> => {
      const documentId = await documentOf(student());
      return [get(`/api/documents/${documentId}/file${query}`), { params: Promise.resolve({ documentId }) }];
    };
    return {
      "app/api/students/[id]/documents/route.ts": {
        PUT: {
          cases: [
            { target: "the demo family's child", allowed: ["parent", "staff", "admin"], input: upload(() => t.demo.student.studentId) },
            { target: "another family's child", allowed: ["otherParent", "staff", "admin"], input: upload(() => t.demo.strangerStudentId) },
          ],
        },
      } satisfies Rules<typeof import("@/app/api/students/[id]/documents/route")>,
      "app/api/documents/[documentId]/file/route.ts": {
        GET: {
          cases: [
            { target: "a document of the demo family's child, downloaded", allowed: ["student", "parent", "staff", "admin"], input: file(() => t.demo.student.studentId, "") },
            { target: "a document of another family's child, previewed", allowed: ["otherParent", "staff", "admin"], input: file(() => t.demo.strangerStudentId, "?preview=1") },
          ],
        },
      } satisfies Rules<typeof import("@/app/api/documents/[documentId]/file/route")>,
    };
  })(),

  "app/api/students/[id]/route.ts": {
    GET: {
      cases: [
        {
          target: "the demo student: the demo teacher's class, the demo parent's child",
          allowed: ["student", "parent", "teacher", "staff", "admin"],
          input: () => [get(`/api/students/${t.demo.student.studentId}`), { params: Promise.resolve({ id: t.demo.student.studentId }) }],
        },
        {
          target: "another family's child, in a class neither demo teacher teaches",
          allowed: ["otherParent", "staff", "admin"],
          input: () => [get(`/api/students/${t.demo.strangerStudentId}`), { params: Promise.resolve({ id: t.demo.strangerStudentId }) }],
        },
        {
          target: "a student only the other teacher teaches",
          allowed: ["otherTeacher", "staff", "admin"],
          input: () => [get(`/api/students/${fx.otherTeachersStudentId}`), { params: Promise.resolve({ id: fx.otherTeachersStudentId }) }],
        },
      ],
    },
  } satisfies Rules<typeof studentRoute>,
};

// ---------------------------------------------------------------------------------------------
// Discovery: what exists on disk, imported the way Next.js would load it.

type Kind = "action" | "route";
type EntryPoint = { key: string; file: string; name: string; kind: Kind; label: string; fn: (...args: unknown[]) => Promise<unknown> };

const root = fileURLToPath(new URL("../..", import.meta.url));
const httpMethods = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/** Files under a top-level folder, as "app/(auth)/actions.ts". */
function filesUnder(folder: string): string[] {
  const dir = path.join(root, folder);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((relative) => `${folder}/${relative.split(path.sep).join("/")}`)
    .sort();
}

const filesNamed = (basename: string) => filesUnder("app").filter((file) => path.posix.basename(file) === basename);

/** "app/api/students/[id]/route.ts" → "/api/students/[id]" (route groups do not appear in URLs). */
function urlPathOf(file: string): string {
  const segments = file.split("/").slice(1, -1).filter((s) => !/^\(.*\)$/.test(s));
  return `/${segments.join("/")}`;
}

const keyOf = (file: string, name: string) => `${file}#${name}`;
const labelOf = (kind: Kind, file: string, name: string) => (kind === "route" ? `${name} ${urlPathOf(file)}` : name);

async function discoverEntryPoints(): Promise<EntryPoint[]> {
  const found: EntryPoint[] = [];
  for (const [kind, basename] of [
    ["action", "actions.ts"],
    ["route", "route.ts"],
  ] as const) {
    for (const file of filesNamed(basename)) {
      const exports = (await import(/* @vite-ignore */ path.join(root, file))) as Record<string, unknown>;
      for (const [name, value] of Object.entries(exports)) {
        // A "use server" file exports only actions; a route file also exports config (dynamic, runtime).
        if (typeof value !== "function" || (kind === "route" && !httpMethods.has(name))) continue;
        found.push({ key: keyOf(file, name), file, name, kind, label: labelOf(kind, file, name), fn: value as EntryPoint["fn"] });
      }
    }
  }
  return found;
}

const discovered = await discoverEntryPoints();
const discoveredByKey = new Map(discovered.map((e) => [e.key, e]));
const declared = Object.entries(table).flatMap(([file, rules]) =>
  Object.entries(rules).map(([name, rule]) => {
    const kind: Kind = path.posix.basename(file) === "route.ts" ? "route" : "action";
    return { key: keyOf(file, name), file, name, kind, label: labelOf(kind, file, name), rule };
  }),
);
const declaredByKey = new Map(declared.map((d) => [d.key, d]));

// ---------------------------------------------------------------------------------------------
// Calling one entry point as one caller, and reading its answer.

/** Signs the caller in afresh: a new session row, loaded with the revocation check a request gets. */
async function signIn(caller: SignedInCaller): Promise<Actor> {
  const userId = fx.userIds[caller];
  const session = await createSession(t.db, { userId, ipAddress: mocked.state.ip, userAgent: "vitest policy matrix" });
  const [user] = await t.db.select({ sessionVersion: users.sessionVersion }).from(users).where(eq(users.id, userId));
  const actor = await loadActor(t.db, userId, { sessionId: session.id, sessionVersion: user?.sessionVersion ?? -1 });
  if (!actor) throw new Error(`The ${caller} account can no longer sign in: an earlier row changed it`);
  return { ...actor, requestId: mocked.state.requestId };
}

type Answer = { answer: string; detail: string };

async function invoke(entry: EntryPoint, call: Call, args: unknown[]): Promise<Answer> {
  mocked.state.actor = call.caller === "anonymous" ? null : await signIn(call.caller);
  try {
    const outcome = await Promise.resolve()
      .then(() => entry.fn(...args))
      .then(
        (returned) => ({ returned }),
        (thrown: unknown) => ({ thrown }),
      );
    return await interpret(entry.kind, outcome);
  } finally {
    mocked.state.actor = null;
  }
}

async function interpret(kind: Kind, outcome: { returned: unknown } | { thrown: unknown }): Promise<Answer> {
  if ("thrown" in outcome) {
    const error = outcome.thrown;
    if (error instanceof mocked.NotFoundSignal) return { answer: kind === "route" ? "404" : "NOT_FOUND", detail: error.message };
    if (error instanceof mocked.RedirectSignal && error.url.startsWith("/sign-in")) {
      return { answer: kind === "route" ? "401" : "UNAUTHENTICATED", detail: error.message };
    }
    return { answer: "threw", detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
  const value = outcome.returned;
  if (kind === "route") {
    if (!(value instanceof Response)) return { answer: "not a Response", detail: String(value) };
    const body = (await value.clone().text()).slice(0, 300);
    return { answer: value.status >= 200 && value.status < 300 ? "2xx" : String(value.status), detail: `${value.status} ${body}` };
  }
  const result = value as { ok?: unknown; code?: unknown } | null | undefined;
  const detail = JSON.stringify(value)?.slice(0, 300) ?? String(value);
  if (result?.ok === true) return { answer: "ok", detail };
  if (result?.ok === false) return { answer: String(result.code), detail };
  return { answer: "not an action result", detail };
}

function expectedAnswers(kind: Kind, caller: Caller, allowed: boolean): string[] {
  if (allowed) return kind === "route" ? ["2xx"] : ["ok"];
  if (caller === "anonymous") return kind === "route" ? ["401"] : ["UNAUTHENTICATED"];
  return kind === "route" ? ["403", "404"] : ["FORBIDDEN", "NOT_FOUND"];
}

// ---------------------------------------------------------------------------------------------

beforeAll(async () => {
  t = await useTestDatabase();
  mocked.state.handle = t;

  // A parent of another family: a parent account whose only child is the stranger student.
  const otherParentPassword = "amber-falcon-91-quiet-harbour";
  const otherParent = await insertUser({ name: "Other Parent", role: "parent", passwordHash: await hashPassword(otherParentPassword) });
  const [guardian] = await t.db
    .insert(guardians)
    .values({ userId: otherParent.id, firstName: "Other", lastName: "Parent", email: otherParent.email })
    .returning({ id: guardians.id });
  await t.db.insert(guardianStudents).values({ guardianId: guardian!.id, studentId: t.demo.strangerStudentId, relationship: "mother", isPrimaryContact: false });

  const userIds: Record<SignedInCaller, string> = {
    student: t.demo.student.userId,
    parent: t.demo.parent.userId,
    otherParent: otherParent.id,
    teacher: t.demo.teacher.userId,
    otherTeacher: t.demo.otherTeacher.userId,
    staff: t.demo.staffUserId,
    admin: t.demo.adminUserId,
  };
  const emails = {} as Record<SignedInCaller, string>;
  for (const caller of signedInCallers) {
    const [user] = await t.db.select({ email: users.email }).from(users).where(eq(users.id, userIds[caller]));
    emails[caller] = user!.email.toLowerCase();
  }

  // Scope fixtures, read straight from the tables rather than through the rules under test.
  const [taughtByOther] = await selectRows<{ studentId: string }>(
    t.db,
    sql`select e.student_id as "studentId" from enrolments e
        join academic_years y on y.id = e.academic_year_id and y.is_current
        where e.status = 'active'
          and e.class_id in (select so.class_id from subject_offerings so join offering_teachers ot on ot.offering_id = so.id
                             where ot.educator_id = ${t.demo.otherTeacher.educatorId})
          and e.class_id not in (select so.class_id from subject_offerings so join offering_teachers ot on ot.offering_id = so.id
                                 where ot.educator_id = ${t.demo.teacher.educatorId})
          and e.class_id not in (select c.id from classes c where c.class_teacher_id = ${t.demo.teacher.educatorId})
          and e.student_id not in (select gs.student_id from guardian_students gs where gs.guardian_id in (${t.demo.parent.guardianId}, ${guardian!.id}))
          and e.student_id <> ${t.demo.student.studentId}
        order by e.student_id limit 1`,
  );
  if (!taughtByOther) throw new Error("The demo school has no student taught only by the other teacher");
  const [strangerTaught] = await selectRows<{ n: number }>(
    t.db,
    sql`select count(*)::int as n from enrolments e
        join academic_years y on y.id = e.academic_year_id and y.is_current
        where e.student_id = ${t.demo.strangerStudentId} and e.status = 'active' and (
          e.class_id in (select so.class_id from subject_offerings so join offering_teachers ot on ot.offering_id = so.id
                         where ot.educator_id in (${t.demo.teacher.educatorId}, ${t.demo.otherTeacher.educatorId}))
          or e.class_id in (select c.id from classes c where c.class_teacher_id in (${t.demo.teacher.educatorId}, ${t.demo.otherTeacher.educatorId})))`,
  );
  if (strangerTaught!.n !== 0) throw new Error("The stranger student is taught by a demo teacher; the scope rows assume not");

  fx = {
    userIds,
    emails,
    passwords: {
      student: demoPassword("student"),
      parent: demoPassword("parent"),
      otherParent: otherParentPassword,
      teacher: demoPassword("teacher"),
      otherTeacher: demoPassword("teacher"),
      staff: demoPassword("staff"),
      admin: demoPassword("admin"),
    },
    otherTeachersStudentId: taughtByOther.studentId,
    bystanderUserId: (await insertUser({ name: "Bystander Parent", role: "parent" })).id,
    roleTargetUserId: (await insertUser({ name: "Role Target", role: "staff" })).id,
    invitedUserId: (await insertUser({ name: "Invited Throwaway", role: "teacher", status: "invited" })).id,
    resetTargetUserId: (await insertUser({ name: "Reset Target", role: "staff" })).id,
    verifyTargetUserId: (await insertUser({ name: "Verify Target", role: "parent", verified: false })).id,
  };

  // The demo accounts' ids and emails are the same in every run; with Redis the per-user limits
  // outlive a run, so start them from zero (per-address limits get a fresh address per call).
  for (const caller of signedInCallers) {
    const userId = fx.userIds[caller];
    await resetRateLimit("mutation", { userId });
    await resetRateLimit("invitation", { userId });
    await resetRateLimit("linkCode", { userId });
    await resetRateLimit("emailVerification", { email: fx.emails[caller] });
  }
});

afterAll(async () => {
  getRedis()?.disconnect();
  await (await mocked.queue)?.stop({ graceful: false, wait: true });
  if (mocked.storeDir) fs.rmSync(mocked.storeDir, { recursive: true, force: true });
});

describe("the policy table covers every server action and route handler", () => {
  it("finds the app's actions and handlers on disk", () => {
    expect(discovered.filter((e) => e.kind === "action").length).toBeGreaterThanOrEqual(15);
    expect(discovered.filter((e) => e.kind === "route").length).toBeGreaterThanOrEqual(3);
  });

  // Discovery looks only at app/**/actions.ts and app/**/route.ts; anything Next.js would serve
  // from elsewhere (an inline "use server" function, a route.tsx) would slip past the table.
  it("finds every server action and route handler where discovery looks", () => {
    const elsewhere = ["app", "components", "lib"]
      .flatMap(filesUnder)
      .filter((file) => /\.(ts|tsx|js|jsx|mjs)$/.test(file))
      .filter((file) => {
        const name = path.posix.basename(file);
        if (/^route\.[^.]+$/.test(name)) return file.startsWith("app/") && name !== "route.ts";
        if (file.startsWith("app/") && name === "actions.ts") return false;
        return /^\s*["']use server["']/m.test(fs.readFileSync(path.join(root, file), "utf8"));
      });
    expect(elsewhere, "move these server actions into an app/**/actions.ts (route handlers into route.ts) so the policy matrix covers them").toEqual([]);
  });

  it.each(discovered.map((e) => [`${e.label} (${e.file})`, e.key]))("%s has a rule", (label, key) => {
    expect(declaredByKey.has(key), `${label} has no rule: add it to the table in tests/integration/policy-matrix.test.ts`).toBe(true);
  });

  it.each(declared.map((d) => [`${d.label} (${d.file})`, d.key]))("%s still exists", (label, key) => {
    expect(discoveredByKey.has(key), `${label} is in the policy table but no longer exported: remove its rule`).toBe(true);
  });

  it("calls every declared entry point in at least one case, or says why not", () => {
    const uncalled = declared.filter((d) => d.rule.cases.length === 0 && !d.rule.notCalledBecause).map((d) => `${d.label} (${d.file})`);
    expect(uncalled).toEqual([]);
  });
});

// The general rule, independent of the table's rows: whatever is not public by design refuses a
// signed-out caller, undeclared entry points included (called with an empty input).
describe("a signed-out caller is refused by every non-public action and handler", () => {
  const nonPublic = discovered.filter((e) => !declaredByKey.get(e.key)?.rule.publicBecause);
  it.each(nonPublic.map((e) => [`${e.label} (${e.file})`, e] as const))("%s", async (_label, entry) => {
    const sample = declaredByKey.get(entry.key)?.rule.cases[0];
    const call: Call = { caller: "anonymous", userId: null };
    mocked.state.ip = testIp();
    mocked.state.requestId = `policy-${randomUUID()}`;
    const args = sample ? await sample.input(call) : entry.kind === "route" ? [get(urlPathOf(entry.file)), { params: Promise.resolve({}) }] : [{}];
    const { answer, detail } = await invoke(entry, call, args);
    expect(expectedAnswers(entry.kind, "anonymous", false), `${entry.label} answered a signed-out caller with ${answer}: ${detail}`).toContain(answer);
  });
});

describe.each([...new Set(declared.map((d) => d.file))])("%s", (file) => {
  for (const rule of declared.filter((d) => d.file === file)) {
    if (rule.rule.notCalledBecause) {
      it(`${rule.label}: public by design (${rule.rule.publicBecause}), not called here (${rule.rule.notCalledBecause})`, () => {
        expect(rule.rule.publicBecause, "an entry point that is not called must at least be declared public").toBeTruthy();
        expect(discoveredByKey.has(rule.key), `${rule.label} in ${file} no longer exists`).toBe(true);
      });
    }
    for (const kase of rule.rule.cases) {
      const rows: Array<[Caller, "denied" | "allowed"]> = [
        ...callers.filter((c) => !kase.allowed.includes(c)).map((caller) => [caller, "denied"] as [Caller, "denied"]),
        ...callers.filter((c) => kase.allowed.includes(c)).map((caller) => [caller, "allowed"] as [Caller, "allowed"]),
      ];
      const title = `${rule.label}${kase.target ? ` (${kase.target})` : ""}: %s is %s`;
      it.each(rows)(title, async (caller, verdict) => {
        const allowed = verdict === "allowed";
        const entry = discoveredByKey.get(rule.key);
        if (!entry) throw new Error(`${rule.label} in ${file} no longer exists`);
        const call: Call = { caller, userId: caller === "anonymous" ? null : fx.userIds[caller] };
        const undo = kase.setUp ? await kase.setUp(call) : undefined;
        try {
          mocked.state.ip = testIp();
          mocked.state.requestId = `policy-${randomUUID()}`;
          const { answer, detail } = await invoke(entry, call, await kase.input(call));
          const expected = expectedAnswers(entry.kind, caller, allowed);
          expect(expected, `${rule.label} as ${caller} answered ${answer}, expected ${expected.join(" or ")}: ${detail}`).toContain(answer);
        } finally {
          await undo?.();
        }
      });
    }
  }
});

describe("refusals are recorded", () => {
  // Runs after the matrix above (vitest runs a file's tests in order): the denied calls left records.
  it("writes an auth.refused audit record naming the action for a signed-in caller the policy refuses", async () => {
    const rows = await t.db
      .select({ entityId: auditLog.entityId, actor: auditLog.actorUserId })
      .from(auditLog)
      .where(eq(auditLog.action, "auth.refused"));
    expect(rows.some((row) => row.entityId === "action inviteUser" && row.actor === fx.userIds.teacher)).toBe(true);
  });
});
