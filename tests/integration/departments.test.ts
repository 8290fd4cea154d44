// Creating a department: the first write use case, with its audit record and its refusals.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, departments } from "@/lib/db/schema";
import { ConflictError, ForbiddenError, ValidationError } from "@/lib/errors";
import { createDepartment, listDepartments } from "@/lib/server/school/departments";
import type { Actor } from "@/lib/auth/policy";
import { type TestDatabase, useTestDatabase } from "../support/database";

let t: TestDatabase;
let admin: Actor;
beforeAll(async () => {
  t = await useTestDatabase();
  admin = { ...(await t.actorFor(t.demo.adminUserId)), requestId: "req-test-1" };
});

const auditFor = (id: string) =>
  t.db.select().from(auditLog).where(and(eq(auditLog.entityType, "department"), eq(auditLog.entityId, id)));

describe("create department", () => {
  it("saves it with a normalised code and writes who did it to the audit log", async () => {
    const created = await createDepartment(t.db, admin, { code: " bus ", name: "Business Studies" });
    expect(created).toMatchObject({ code: "BUS", name: "Business Studies" });
    const audit = await auditFor(created.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "department.create", actorUserId: t.demo.adminUserId, requestId: "req-test-1", after: created });
    expect((await listDepartments(t.db, admin)).map((d) => d.code)).toContain("BUS");
  });

  it("treats the same submission twice (a double click) as one department", async () => {
    const first = await createDepartment(t.db, admin, { code: "REL", name: "Religious Studies" });
    const again = await createDepartment(t.db, admin, { code: "rel", name: "religious studies" });
    expect(again.id).toBe(first.id);
    expect(await t.db.select().from(departments).where(eq(departments.code, "REL"))).toHaveLength(1);
    expect(await auditFor(first.id)).toHaveLength(1);
  });

  it("reports a clash with another department on the field that clashes", async () => {
    const error = await createDepartment(t.db, admin, { code: "SCI", name: "Social Sciences" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).fieldErrors).toEqual({ code: ["The code SCI is already used by another department"] });
    const byName = await createDepartment(t.db, admin, { code: "LANG", name: "languages" }).catch((e: unknown) => e);
    expect((byName as ConflictError).fieldErrors).toEqual({ name: ['A department called "languages" already exists'] });
  });

  it("lists every bad field at once", async () => {
    const error = await createDepartment(t.db, admin, { code: "x!", name: "" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(Object.keys((error as ValidationError).fieldErrors).sort()).toEqual(["code", "name"]);
  });

  it("refuses teachers, office staff and parents, and writes nothing", async () => {
    const before = await t.db.select().from(departments);
    for (const userId of [t.demo.teacher.userId, t.demo.staffUserId, t.demo.parent.userId]) {
      const actor = await t.actorFor(userId);
      await expect(createDepartment(t.db, actor, { code: "HAX", name: "Hackers" })).rejects.toBeInstanceOf(ForbiddenError);
    }
    expect(await t.db.select().from(departments)).toHaveLength(before.length);
  });
});
