// Educator records: creating, editing and retiring staff, linking them to sign-in accounts, and who may.
import { and, asc, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/policy";
import { auditLog, departments, educators, offeringTeachers, roles, subjectOfferings, userRoles, users } from "@/lib/db/schema";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { createEducator } from "@/lib/server/people/create-educator";
import { getEducator } from "@/lib/server/people/get-educator";
import { linkEducatorAccount } from "@/lib/server/people/link-educator-account";
import { listEducators } from "@/lib/server/people/list-educators";
import { setEducatorStatus } from "@/lib/server/people/set-educator-status";
import { unlinkEducatorAccount } from "@/lib/server/people/unlink-educator-account";
import { updateEducator } from "@/lib/server/people/update-educator";
import { getTeachingAssignments } from "@/lib/server/teaching/get-teaching-assignments";
import type { EducatorInput } from "@/lib/validation/people";
import { type TestDatabase, useTestDatabase } from "../support/database";

let t: TestDatabase;
let admin: Actor;
let scienceId: string;
let languagesId: string;
beforeAll(async () => {
  t = await useTestDatabase();
  admin = { ...(await t.actorFor(t.demo.adminUserId)), requestId: "req-educators" };
  const rows = await t.db.select({ id: departments.id, code: departments.code }).from(departments);
  scienceId = rows.find((d) => d.code === "SCI")!.id;
  languagesId = rows.find((d) => d.code === "LAN")!.id;
});

async function expectError<E>(promise: Promise<unknown>, type: new (...args: never[]) => E): Promise<E> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  return error as E;
}

const auditFor = (id: string) =>
  t.db.select().from(auditLog).where(and(eq(auditLog.entityType, "educator"), eq(auditLog.entityId, id))).orderBy(asc(auditLog.occurredAt), asc(auditLog.id));

let sequence = 0;
function newEducator(overrides: Partial<EducatorInput> = {}): EducatorInput {
  sequence += 1;
  return {
    staffNumber: `TST-${String(sequence).padStart(3, "0")}`,
    title: "Dr",
    firstName: "Chinwe",
    lastName: `Okonkwo${sequence}`,
    email: `chinwe.${sequence}@school.test`,
    phone: "0803 123 4567",
    departmentId: scienceId,
    ...overrides,
  };
}

/** A sign-in account with one role and nothing else, as an invitation would leave it once accepted. */
async function insertAccount(email: string, role: "teacher" | "head_of_department" | "parent" | "staff"): Promise<string> {
  const [user] = await t.db.insert(users).values({ email, name: "Account Holder", emailVerifiedAt: new Date() }).returning({ id: users.id });
  const [roleRow] = await t.db.select({ id: roles.id }).from(roles).where(eq(roles.key, role));
  await t.db.insert(userRoles).values({ userId: user!.id, roleId: roleRow!.id });
  return user!.id;
}

describe("creating an educator", () => {
  it("saves the record with a normalised staff number and audits what was saved", async () => {
    const created = await createEducator(t.db, admin, newEducator({ staffNumber: " tst-new ", email: "New.Person@School.TEST" }));
    expect(created).toMatchObject({ staffNumber: "TST-NEW", created: true });
    const [row] = await t.db.select().from(educators).where(eq(educators.id, created.id));
    expect(row).toMatchObject({ staffNumber: "TST-NEW", email: "new.person@school.test", departmentId: scienceId, status: "active", userId: null });
    const audit = await auditFor(created.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "educator.create", actorUserId: t.demo.adminUserId, requestId: "req-educators", before: null });
    expect(audit[0]!.after).toMatchObject({ staffNumber: "TST-NEW", firstName: "Chinwe", departmentId: scienceId });
  });

  it("treats the same submission twice (a double click) as one educator with one audit record", async () => {
    const input = newEducator();
    const [first, second] = [await createEducator(t.db, admin, input), await createEducator(t.db, admin, { ...input, staffNumber: input.staffNumber.toLowerCase() })];
    expect(second).toMatchObject({ id: first.id, created: false });
    expect(await t.db.select().from(educators).where(eq(educators.staffNumber, input.staffNumber))).toHaveLength(1);
    expect(await auditFor(first.id)).toHaveLength(1);
  });

  it("refuses a staff number someone else holds, whatever its case, naming who holds it", async () => {
    const error = await expectError(createEducator(t.db, admin, newEducator({ staffNumber: "stf-001" })), ConflictError);
    const [holder] = await t.db.select().from(educators).where(eq(educators.staffNumber, "STF-001"));
    expect(error.fieldErrors).toEqual({
      staffNumber: [`The staff number STF-001 is already used by ${[holder!.title, holder!.firstName, holder!.lastName].filter(Boolean).join(" ")}`],
    });
  });

  it("puts every bad field's message on that field at once", async () => {
    const error = await expectError(
      createEducator(t.db, admin, {
        staffNumber: "STF 9!",
        title: "x".repeat(21),
        firstName: "<script>alert(1)</script>",
        lastName: "Bello>",
        email: "not-an-email",
        phone: "call me",
        departmentId: "not-an-id",
      }),
      ValidationError,
    );
    expect(Object.keys(error.fieldErrors).sort()).toEqual(["departmentId", "email", "firstName", "lastName", "phone", "staffNumber", "title"]);
    expect(error.fieldErrors.firstName?.[0]).toMatch(/< or >/);
    expect(error.fieldErrors.lastName?.[0]).toMatch(/< or >/);
    expect(error.fieldErrors.email?.[0]).toMatch(/email address/);
  });

  it("refuses over-long fields on their field and a missing name", async () => {
    const error = await expectError(
      createEducator(t.db, admin, newEducator({ staffNumber: "S".repeat(21), firstName: "A".repeat(101), lastName: "", email: `${"a".repeat(250)}@school.test`, phone: "1".repeat(31) })),
      ValidationError,
    );
    expect(error.fieldErrors.staffNumber?.[0]).toMatch(/at most 20/);
    expect(error.fieldErrors.firstName?.[0]).toMatch(/at most 100/);
    expect(error.fieldErrors.lastName?.[0]).toMatch(/Enter the last name/);
    expect(error.fieldErrors.email?.[0]).toMatch(/at most 254/);
    expect(error.fieldErrors.phone?.[0]).toMatch(/at most 30/);
  });

  it("refuses a department that does not exist on the department field", async () => {
    const error = await expectError(createEducator(t.db, admin, newEducator({ departmentId: "00000000-0000-4000-8000-000000000000" })), ValidationError);
    expect(error.fieldErrors.departmentId?.[0]).toMatch(/no longer exists/);
  });

  it("keeps optional fields empty rather than blank", async () => {
    const created = await createEducator(t.db, admin, newEducator({ title: "", email: "", phone: " ", departmentId: "" }));
    const [row] = await t.db.select().from(educators).where(eq(educators.id, created.id));
    expect(row).toMatchObject({ title: null, email: null, phone: null, departmentId: null });
  });
});

describe("editing an educator", () => {
  it("saves the change and audits the record before and after", async () => {
    const input = newEducator();
    const { id } = await createEducator(t.db, admin, input);
    const result = await updateEducator(t.db, admin, { ...input, educatorId: id, lastName: "Adeyemi", departmentId: languagesId });
    expect(result).toMatchObject({ changed: true, name: "Dr Chinwe Adeyemi" });
    const [update] = (await auditFor(id)).filter((a) => a.action === "educator.update");
    expect(update!.before).toMatchObject({ lastName: input.lastName, departmentId: scienceId });
    expect(update!.after).toMatchObject({ lastName: "Adeyemi", departmentId: languagesId });
  });

  it("writes nothing when the form is saved unchanged (a double submit)", async () => {
    const input = newEducator();
    const { id } = await createEducator(t.db, admin, input);
    expect(await updateEducator(t.db, admin, { ...input, educatorId: id })).toMatchObject({ changed: false });
    expect((await auditFor(id)).map((a) => a.action)).toEqual(["educator.create"]);
  });

  it("refuses another educator's staff number on the field, and an unknown educator as not found", async () => {
    const input = newEducator();
    const { id } = await createEducator(t.db, admin, input);
    const clash = await expectError(updateEducator(t.db, admin, { ...input, educatorId: id, staffNumber: "Stf-002" }), ConflictError);
    expect(clash.fieldErrors.staffNumber?.[0]).toMatch(/^The staff number STF-002 is already used by /);
    await expectError(updateEducator(t.db, admin, { ...input, educatorId: "00000000-0000-4000-8000-000000000000" }), NotFoundError);
  });
});

describe("an educator's status", () => {
  it("marks an educator inactive and back, never deleting them, with the status before and after in the audit", async () => {
    const { id } = await createEducator(t.db, admin, newEducator());
    expect(await setEducatorStatus(t.db, admin, { educatorId: id, status: "inactive", reason: "Moved to another school" })).toEqual({ status: "inactive", changed: true });
    expect(await setEducatorStatus(t.db, admin, { educatorId: id, status: "inactive" })).toEqual({ status: "inactive", changed: false });
    const [row] = await t.db.select({ status: educators.status }).from(educators).where(eq(educators.id, id));
    expect(row?.status).toBe("inactive");
    const changes = (await auditFor(id)).filter((a) => a.action === "educator.status_change");
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ before: { status: "active" }, after: { status: "inactive" }, reason: "Moved to another school" });
    await setEducatorStatus(t.db, admin, { educatorId: id, status: "active" });
    expect((await listEducators(t.db, admin, { search: "", status: "active" })).rows.map((r) => r.id)).toContain(id);
  });

  it("refuses a status the school does not use", async () => {
    const { id } = await createEducator(t.db, admin, newEducator());
    const error = await expectError(setEducatorStatus(t.db, admin, { educatorId: id, status: "deleted" as "inactive" }), ValidationError);
    expect(error.fieldErrors.status).toBeDefined();
  });
});

describe("linking an educator to a sign-in account", () => {
  it("lets the linked teacher see the educator's classes and subjects on their own page", async () => {
    // A new teacher account, and a new educator who teaches one subject of the current term.
    const email = "amaka.linked@school.test";
    const userId = await insertAccount(email, "teacher");
    const { id: educatorId } = await createEducator(t.db, admin, newEducator({ firstName: "Amaka", email }));
    const [offering] = await t.db
      .select({ id: subjectOfferings.id })
      .from(subjectOfferings)
      .where(eq(subjectOfferings.termId, t.demo.termIds[0]!))
      .orderBy(asc(subjectOfferings.id))
      .limit(1);
    await t.db.insert(offeringTeachers).values({ offeringId: offering!.id, educatorId });

    const before = await getTeachingAssignments(t.db, await t.actorFor(userId));
    expect(before).toMatchObject({ profileMissing: true, subjects: [] });

    expect(await linkEducatorAccount(t.db, admin, { educatorId, email: "Amaka.Linked@School.test" })).toMatchObject({ userId, changed: true });
    const teacher = await t.actorFor(userId);
    expect(teacher.educatorId).toBe(educatorId);
    const after = await getTeachingAssignments(t.db, teacher);
    expect(after.profileMissing).toBeUndefined();
    expect(after.subjects.map((s) => s.offeringId)).toEqual([offering!.id]);

    // The profile shows the account and the assignment the teacher now sees.
    const profile = await getEducator(t.db, admin, { educatorId });
    expect(profile.account).toMatchObject({ id: userId, email, roles: ["teacher"] });
    expect(profile.teaching.map((s) => s.offeringId)).toEqual([offering!.id]);

    // An inactive educator's account no longer acts as them.
    await setEducatorStatus(t.db, admin, { educatorId, status: "inactive" });
    expect((await getTeachingAssignments(t.db, await t.actorFor(userId))).profileMissing).toBe(true);
  });

  it("is idempotent and audited, and unlinking removes the educator from the account", async () => {
    const email = "idem.link@school.test";
    const userId = await insertAccount(email, "head_of_department");
    const { id: educatorId } = await createEducator(t.db, admin, newEducator());
    await linkEducatorAccount(t.db, admin, { educatorId, email });
    expect(await linkEducatorAccount(t.db, admin, { educatorId, email })).toMatchObject({ changed: false });
    const links = (await auditFor(educatorId)).filter((a) => a.action === "educator.account_link");
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({ before: { userId: null }, after: { userId, email } });

    expect(await unlinkEducatorAccount(t.db, admin, { educatorId })).toEqual({ changed: true });
    expect(await unlinkEducatorAccount(t.db, admin, { educatorId })).toEqual({ changed: false });
    expect((await t.actorFor(userId)).educatorId).toBeNull();
    const unlinks = (await auditFor(educatorId)).filter((a) => a.action === "educator.account_unlink");
    expect(unlinks).toHaveLength(1);
    expect(unlinks[0]).toMatchObject({ before: { userId }, after: { userId: null } });
  });

  it("refuses an unknown email, an account without a teaching role, and an account already linked to someone else, on the email field", async () => {
    const { id: educatorId } = await createEducator(t.db, admin, newEducator());
    const unknown = await expectError(linkEducatorAccount(t.db, admin, { educatorId, email: "nobody.here@school.test" }), ValidationError);
    expect(unknown.fieldErrors.email?.[0]).toMatch(/No account uses nobody.here@school.test/);

    const parentRole = await expectError(linkEducatorAccount(t.db, admin, { educatorId, email: "parent@school.test" }), ValidationError);
    expect(parentRole.fieldErrors.email?.[0]).toMatch(/not a teacher or head of department account/);
    await insertAccount("office.two@school.test", "staff");
    await expectError(linkEducatorAccount(t.db, admin, { educatorId, email: "office.two@school.test" }), ValidationError);

    // teacher@school.test already acts as the demo teacher (STF-001).
    const taken = await expectError(linkEducatorAccount(t.db, admin, { educatorId, email: "teacher@school.test" }), ConflictError);
    expect(taken.fieldErrors.email?.[0]).toMatch(/already linked to .* \(STF-001\)$/);
    const [row] = await t.db.select({ userId: educators.userId }).from(educators).where(eq(educators.id, educatorId));
    expect(row?.userId).toBeNull();

    const badEmail = await expectError(linkEducatorAccount(t.db, admin, { educatorId, email: "teacher at school" }), ValidationError);
    expect(badEmail.fieldErrors.email).toBeDefined();
  });
});

describe("finding educators", () => {
  it("searches by name, staff number or email, filters by department and status, and pages sorted by name", async () => {
    const byNumber = await listEducators(t.db, admin, { search: "stf-001" });
    expect(byNumber.rows.map((r) => r.staffNumber)).toEqual(["STF-001"]);
    expect(byNumber.rows[0]).toMatchObject({ department: "Sciences", hasAccount: true, status: "active" });

    const science = await listEducators(t.db, admin, { departmentId: scienceId, pageSize: 100 });
    expect(science.rows.every((r) => r.department === "Sciences")).toBe(true);
    const [{ n }] = (await t.db.select({ n: sql<number>`count(*)::int` }).from(educators).where(eq(educators.departmentId, scienceId))) as [{ n: number }];
    expect(science.total).toBe(n);

    const firstPage = await listEducators(t.db, admin, { pageSize: 5 });
    const secondPage = await listEducators(t.db, admin, { pageSize: 5, page: 2 });
    expect(firstPage.rows).toHaveLength(5);
    expect(secondPage.rows[0]!.id).not.toBe(firstPage.rows[4]!.id);
    const all = await t.db.select({ id: educators.id }).from(educators).orderBy(asc(educators.lastName), asc(educators.firstName), asc(educators.id));
    expect([...firstPage.rows, ...secondPage.rows].map((r) => r.id)).toEqual(all.slice(0, 10).map((r) => r.id));
    expect(firstPage.total).toBe(all.length);

    const { id } = await createEducator(t.db, admin, newEducator({ lastName: "Zzyzx" }));
    await setEducatorStatus(t.db, admin, { educatorId: id, status: "inactive" });
    expect((await listEducators(t.db, admin, { search: "zzyzx", status: "active" })).total).toBe(0);
    expect((await listEducators(t.db, admin, { search: "zzyzx", status: "inactive" })).rows.map((r) => r.id)).toEqual([id]);

    // Past the last page, the total still comes back so the pager can lead back.
    const pastTheEnd = await listEducators(t.db, admin, { page: 999 });
    expect(pastTheEnd.rows).toEqual([]);
    expect(pastTheEnd.total).toBe((await listEducators(t.db, admin)).total);
  });

  it("shows the demo teacher's department, account, this term's teaching and form class", async () => {
    const profile = await getEducator(t.db, admin, { educatorId: t.demo.teacher.educatorId });
    expect(profile).toMatchObject({ staffNumber: "STF-001", departmentName: "Sciences", heads: [] });
    expect(profile.account?.email).toBe("teacher@school.test");
    expect(profile.teaching.length).toBeGreaterThan(0);
    expect(profile.teaching.every((s) => s.subjectName === "Mathematics")).toBe(true);
    expect(profile.formClasses.map((c) => c.className)).toEqual(["JSS 1 A"]);
    await expectError(getEducator(t.db, admin, { educatorId: "00000000-0000-4000-8000-000000000000" }), NotFoundError);
  });
});

describe("who may manage educators", () => {
  it("refuses teachers, office staff, parents and students every change, and writes nothing", async () => {
    const { id: educatorId } = await createEducator(t.db, admin, newEducator());
    const before = await t.db.select({ n: sql<number>`count(*)::int` }).from(educators);
    for (const userId of [t.demo.teacher.userId, t.demo.staffUserId, t.demo.parent.userId, t.demo.student.userId]) {
      const actor = await t.actorFor(userId);
      await expectError(createEducator(t.db, actor, newEducator()), ForbiddenError);
      await expectError(updateEducator(t.db, actor, { ...newEducator(), educatorId }), ForbiddenError);
      await expectError(setEducatorStatus(t.db, actor, { educatorId, status: "inactive" }), ForbiddenError);
      await expectError(linkEducatorAccount(t.db, actor, { educatorId, email: "teacher@school.test" }), ForbiddenError);
      await expectError(unlinkEducatorAccount(t.db, actor, { educatorId }), ForbiddenError);
    }
    expect(await t.db.select({ n: sql<number>`count(*)::int` }).from(educators)).toEqual(before);
    expect((await auditFor(educatorId)).map((a) => a.action)).toEqual(["educator.create"]);
  });

  it("lets office staff read the list and profiles, but not teachers, parents or students", async () => {
    const staff = await t.actorFor(t.demo.staffUserId);
    expect((await listEducators(t.db, staff)).total).toBeGreaterThan(0);
    expect((await getEducator(t.db, staff, { educatorId: t.demo.teacher.educatorId })).staffNumber).toBe("STF-001");
    for (const userId of [t.demo.teacher.userId, t.demo.parent.userId, t.demo.student.userId]) {
      const actor = await t.actorFor(userId);
      await expectError(listEducators(t.db, actor), ForbiddenError);
      await expectError(getEducator(t.db, actor, { educatorId: t.demo.teacher.educatorId }), ForbiddenError);
    }
  });
});
