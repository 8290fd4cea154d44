// Guardian records: creating and editing guardians, linking them to children from the guardian's page
// (the same use cases as the student's page), the one primary contact, and who may.
import { and, asc, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/policy";
import { auditLog, guardians, guardianStudents, students } from "@/lib/db/schema";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { createGuardian } from "@/lib/server/people/create-guardian";
import { getGuardian } from "@/lib/server/people/get-guardian";
import { listGuardians } from "@/lib/server/people/list-guardians";
import { setGuardianRelationship } from "@/lib/server/people/set-guardian-relationship";
import { updateGuardian } from "@/lib/server/people/update-guardian";
import { addGuardianLink } from "@/lib/server/students/add-guardian-link";
import { getStudent } from "@/lib/server/students/get-student";
import { removeGuardianLink } from "@/lib/server/students/remove-guardian-link";
import { setPrimaryGuardian } from "@/lib/server/students/set-primary-guardian";
import type { GuardianInput } from "@/lib/validation/people";
import { type TestDatabase, useTestDatabase } from "../support/database";

let t: TestDatabase;
let admin: Actor;
let office: Actor;
beforeAll(async () => {
  t = await useTestDatabase();
  admin = await t.actorFor(t.demo.adminUserId);
  office = { ...(await t.actorFor(t.demo.staffUserId)), requestId: "req-guardians" };
});

async function expectError<E>(promise: Promise<unknown>, type: new (...args: never[]) => E): Promise<E> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  return error as E;
}

const auditOf = (entityType: string, id: string) =>
  t.db.select().from(auditLog).where(and(eq(auditLog.entityType, entityType), eq(auditLog.entityId, id))).orderBy(asc(auditLog.occurredAt), asc(auditLog.id));

let sequence = 0;
function newGuardian(overrides: Partial<GuardianInput> = {}): GuardianInput {
  sequence += 1;
  return {
    title: "Mrs",
    firstName: "Funke",
    lastName: `Adebayo${sequence}`,
    email: `funke.${sequence}@family.test`,
    phone: `0803 555 ${String(1000 + sequence)}`,
    address: "4 Palm Close, Ibadan",
    occupation: "Pharmacist",
    ...overrides,
  };
}

/** A student with no guardians yet, inserted straight into the table (enrolment is not under test). */
async function newStudent(): Promise<{ id: string; admissionNumber: string }> {
  sequence += 1;
  const admissionNumber = `GTEST/${String(sequence).padStart(4, "0")}`;
  const [row] = await t.db.insert(students).values({ admissionNumber, firstName: "Tobi", lastName: `Child${sequence}` }).returning({ id: students.id });
  return { id: row!.id, admissionNumber };
}

const linksOf = (studentId: string) =>
  t.db
    .select({ guardianId: guardianStudents.guardianId, relationship: guardianStudents.relationship, isPrimaryContact: guardianStudents.isPrimaryContact })
    .from(guardianStudents)
    .where(eq(guardianStudents.studentId, studentId));

const primaryContactsOf = async (studentId: string) => (await linksOf(studentId)).filter((l) => l.isPrimaryContact).map((l) => l.guardianId);

describe("creating a guardian", () => {
  it("saves the record and audits what was saved", async () => {
    const input = newGuardian({ email: "Funke.Caps@Family.TEST" });
    const created = await createGuardian(t.db, office, input);
    expect(created).toMatchObject({ created: true, name: `Mrs Funke ${input.lastName}` });
    const [row] = await t.db.select().from(guardians).where(eq(guardians.id, created.id));
    expect(row).toMatchObject({ email: "funke.caps@family.test", occupation: "Pharmacist", userId: null });
    const audit = await auditOf("guardian", created.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "guardian.create", actorUserId: t.demo.staffUserId, requestId: "req-guardians", before: null });
    expect(audit[0]!.after).toMatchObject({ lastName: input.lastName, email: "funke.caps@family.test" });
  });

  it("treats the same submission twice (a double click) as one guardian with one audit record", async () => {
    const input = newGuardian();
    const first = await createGuardian(t.db, office, input);
    const second = await createGuardian(t.db, office, input);
    expect(second).toEqual({ ...first, created: false });
    expect(await t.db.select().from(guardians).where(eq(guardians.lastName, input.lastName))).toHaveLength(1);
    expect(await auditOf("guardian", first.id)).toHaveLength(1);
  });

  it("points at the existing record when the same person is entered again with other details", async () => {
    const input = newGuardian();
    await createGuardian(t.db, office, input);
    const again = await expectError(createGuardian(t.db, office, { ...input, firstName: input.firstName.toUpperCase(), occupation: "Teacher" }), ConflictError);
    expect(again.fieldErrors.email?.[0]).toMatch(/is already on record with this email/);
    expect(again.fieldErrors.phone?.[0]).toMatch(/is already on record with this phone number/);
    // A different person sharing a family email is not a duplicate.
    const spouse = await createGuardian(t.db, office, { ...input, title: "Mr", firstName: "Kunle", phone: "" });
    expect(spouse.created).toBe(true);
  });

  it("puts every bad field's message on that field: invalid email, names with < or >, over-long fields", async () => {
    const error = await expectError(
      createGuardian(t.db, office, {
        title: "<b>",
        firstName: "<img src=x>",
        lastName: "Okoro<",
        email: "funke@",
        phone: "12",
        address: "a".repeat(301),
        occupation: "o".repeat(101),
      }),
      ValidationError,
    );
    expect(Object.keys(error.fieldErrors).sort()).toEqual(["address", "email", "firstName", "lastName", "occupation", "phone", "title"]);
    expect(error.fieldErrors.firstName?.[0]).toMatch(/< or >/);
    expect(error.fieldErrors.address?.[0]).toMatch(/at most 300/);
    expect(error.fieldErrors.occupation?.[0]).toMatch(/at most 100/);
    const long = await expectError(createGuardian(t.db, office, newGuardian({ lastName: "L".repeat(101), email: `${"e".repeat(250)}@family.test` })), ValidationError);
    expect(long.fieldErrors.lastName?.[0]).toMatch(/at most 100/);
    expect(long.fieldErrors.email?.[0]).toMatch(/at most 254/);
  });

  it("asks for a phone number or an email, so the school can reach the guardian", async () => {
    const error = await expectError(createGuardian(t.db, office, newGuardian({ email: "", phone: null })), ValidationError);
    expect(error.fieldErrors).toEqual({ phone: ["Give a phone number or an email address so the school can reach this guardian"] });
    expect((await createGuardian(t.db, office, newGuardian({ email: "" }))).created).toBe(true);
  });
});

describe("editing a guardian", () => {
  it("saves the change with the record before and after in the audit; unchanged details write nothing", async () => {
    const input = newGuardian();
    const { id } = await createGuardian(t.db, office, input);
    expect(await updateGuardian(t.db, office, { ...input, guardianId: id })).toMatchObject({ changed: false });
    expect(await updateGuardian(t.db, office, { ...input, guardianId: id, phone: "+234 809 000 1111", occupation: "" })).toMatchObject({ changed: true });
    const updates = (await auditOf("guardian", id)).filter((a) => a.action === "guardian.update");
    expect(updates).toHaveLength(1);
    expect(updates[0]!.before).toMatchObject({ phone: input.phone, occupation: "Pharmacist" });
    expect(updates[0]!.after).toMatchObject({ phone: "+234 809 000 1111", occupation: null });
  });

  it("refuses bad fields on their field and an unknown guardian as not found", async () => {
    const { id } = await createGuardian(t.db, office, newGuardian());
    const error = await expectError(updateGuardian(t.db, office, { ...newGuardian(), guardianId: id, email: "no email", firstName: "" }), ValidationError);
    expect(Object.keys(error.fieldErrors).sort()).toEqual(["email", "firstName"]);
    await expectError(updateGuardian(t.db, office, { ...newGuardian(), guardianId: "00000000-0000-4000-8000-000000000000" }), NotFoundError);
  });
});

describe("linking guardians and children", () => {
  it("links many children to one guardian and many guardians to one child, with relationships", async () => {
    const mother = await createGuardian(t.db, office, newGuardian());
    const father = await createGuardian(t.db, office, newGuardian({ title: "Mr", firstName: "Tunde" }));
    const [first, second] = [await newStudent(), await newStudent()];
    for (const child of [first, second]) {
      await addGuardianLink(t.db, office, { guardianId: mother.id, admissionNumber: child.admissionNumber.toLowerCase(), relationship: "mother" });
      await addGuardianLink(t.db, office, { guardianId: father.id, admissionNumber: child.admissionNumber, relationship: "father" });
    }
    const profile = await getGuardian(t.db, office, { guardianId: mother.id });
    expect(profile.children.map((c) => [c.admissionNumber, c.relationship, c.isPrimaryContact])).toEqual([
      [first.admissionNumber, "mother", true],
      [second.admissionNumber, "mother", true],
    ]);
    const fatherProfile = await getGuardian(t.db, office, { guardianId: father.id });
    // The first guardian linked became the primary contact; the father is told who it is.
    expect(fatherProfile.children.map((c) => [c.isPrimaryContact, c.primaryContactName])).toEqual([
      [false, profile.name],
      [false, profile.name],
    ]);
    expect((await linksOf(first.id)).map((l) => l.relationship).sort()).toEqual(["father", "mother"]);
  });

  it("keeps exactly one primary contact per child: choosing one un-sets the other", async () => {
    const child = await newStudent();
    const a = await createGuardian(t.db, office, newGuardian());
    const b = await createGuardian(t.db, office, newGuardian());
    const c = await createGuardian(t.db, office, newGuardian());
    await addGuardianLink(t.db, office, { guardianId: a.id, admissionNumber: child.admissionNumber, relationship: "mother" });
    expect(await primaryContactsOf(child.id)).toEqual([a.id]);
    // Linked as primary contact: the earlier one is un-set in the same change.
    await addGuardianLink(t.db, office, { guardianId: b.id, admissionNumber: child.admissionNumber, relationship: "father", isPrimaryContact: true });
    expect(await primaryContactsOf(child.id)).toEqual([b.id]);
    await addGuardianLink(t.db, office, { guardianId: c.id, admissionNumber: child.admissionNumber, relationship: "grandparent" });
    expect(await primaryContactsOf(child.id)).toEqual([b.id]);

    expect(await setPrimaryGuardian(t.db, office, { guardianId: c.id, studentId: child.id })).toEqual({ changed: true, guardianName: c.name });
    expect(await primaryContactsOf(child.id)).toEqual([c.id]);
    expect(await setPrimaryGuardian(t.db, office, { guardianId: c.id, studentId: child.id })).toEqual({ changed: false, guardianName: c.name });

    // Two screens choosing different primary contacts at once still leave exactly one.
    await Promise.all([
      setPrimaryGuardian(t.db, office, { guardianId: a.id, studentId: child.id }),
      setPrimaryGuardian(t.db, admin, { guardianId: b.id, studentId: child.id }),
    ]);
    expect(await primaryContactsOf(child.id)).toHaveLength(1);

    const changes = await auditOf("student", child.id);
    expect(changes.filter((x) => x.action === "guardian.primary_contact_set")[0]).toMatchObject({
      before: { guardianId: b.id },
      after: { guardianId: c.id },
    });
  });

  it("promotes the longest-linked remaining guardian when the primary contact is unlinked", async () => {
    const child = await newStudent();
    const a = await createGuardian(t.db, office, newGuardian());
    const b = await createGuardian(t.db, office, newGuardian());
    await addGuardianLink(t.db, office, { guardianId: a.id, admissionNumber: child.admissionNumber, relationship: "mother" });
    await addGuardianLink(t.db, office, { guardianId: b.id, admissionNumber: child.admissionNumber, relationship: "father" });
    expect(await removeGuardianLink(t.db, office, { guardianId: a.id, studentId: child.id })).toEqual({
      changed: true,
      newPrimaryContact: { guardianId: b.id, name: b.name },
    });
    expect(await primaryContactsOf(child.id)).toEqual([b.id]);
    // A second click finds nothing to unlink.
    expect(await removeGuardianLink(t.db, office, { guardianId: a.id, studentId: child.id })).toEqual({ changed: false, newPrimaryContact: null });
    const [unlink] = (await auditOf("student", child.id)).filter((x) => x.action === "guardian.unlinked");
    expect(unlink).toMatchObject({
      before: { guardianId: a.id, linked: true, relationship: "mother", isPrimaryContact: true },
      after: { guardianId: a.id, linked: false, primaryContactGuardianId: b.id },
    });
    // The child's last guardian is only unlinked when the office confirms, as on the student's page.
    const last = await expectError(removeGuardianLink(t.db, office, { guardianId: b.id, studentId: child.id }), ConflictError);
    expect(last.fieldErrors.confirm?.[0]).toMatch(/only parent or guardian linked to/);
    expect(await primaryContactsOf(child.id)).toEqual([b.id]);
    await removeGuardianLink(t.db, office, { guardianId: b.id, studentId: child.id, confirm: true });
    expect(await linksOf(child.id)).toEqual([]);
  });

  it("treats the same link twice as one, and a different relationship for an existing link as a field error", async () => {
    const child = await newStudent();
    const g = await createGuardian(t.db, office, newGuardian());
    const input = { guardianId: g.id, admissionNumber: child.admissionNumber, relationship: "guardian" as const, isPrimaryContact: true };
    expect(await addGuardianLink(t.db, office, input)).toMatchObject({ changed: true, isPrimaryContact: true });
    expect(await addGuardianLink(t.db, office, input)).toMatchObject({ changed: false, isPrimaryContact: true });
    expect((await auditOf("student", child.id)).filter((a) => a.action === "guardian.linked")).toHaveLength(1);
    const clash = await expectError(addGuardianLink(t.db, office, { ...input, relationship: "mother" }), ConflictError);
    expect(clash.fieldErrors.admissionNumber?.[0]).toMatch(/already linked to this guardian \(guardian\)/);
  });

  it("is one link whichever page makes it: each form's problems land on its own field", async () => {
    const child = await newStudent();
    const g = await createGuardian(t.db, office, newGuardian());
    // Made from the guardian's page, where the child is named by admission number…
    expect(await addGuardianLink(t.db, office, { guardianId: g.id, admissionNumber: child.admissionNumber, relationship: "mother" })).toMatchObject({
      changed: true,
      studentId: child.id,
      guardianId: g.id,
      isPrimaryContact: true,
    });
    // …it is already done from the student's page, where the guardian is picked from a search.
    expect(await addGuardianLink(t.db, office, { studentId: child.id, guardianId: g.id, relationship: "mother" })).toMatchObject({ changed: false });
    const fromStudentPage = await expectError(addGuardianLink(t.db, office, { studentId: child.id, guardianId: g.id, relationship: "father" }), ConflictError);
    expect(Object.keys(fromStudentPage.fieldErrors)).toEqual(["guardianId"]);
    const fromGuardianPage = await expectError(
      addGuardianLink(t.db, office, { guardianId: g.id, admissionNumber: child.admissionNumber, relationship: "father" }),
      ConflictError,
    );
    expect(Object.keys(fromGuardianPage.fieldErrors)).toEqual(["admissionNumber"]);
    // A guardian that no longer exists is a field error where it was picked, and not found where it is the page itself.
    const gone = "00000000-0000-4000-8000-000000000000";
    const picked = await expectError(addGuardianLink(t.db, office, { studentId: child.id, guardianId: gone, relationship: "mother" }), ValidationError);
    expect(Object.keys(picked.fieldErrors)).toEqual(["guardianId"]);
    await expectError(addGuardianLink(t.db, office, { guardianId: gone, admissionNumber: child.admissionNumber, relationship: "mother" }), NotFoundError);
    expect(await linksOf(child.id)).toEqual([{ guardianId: g.id, relationship: "mother", isPrimaryContact: true }]);
  });

  it("refuses an unknown admission number and an unknown relationship on their fields", async () => {
    const g = await createGuardian(t.db, office, newGuardian());
    const unknown = await expectError(addGuardianLink(t.db, office, { guardianId: g.id, admissionNumber: "GFA/1900/0000", relationship: "mother" }), ValidationError);
    expect(unknown.fieldErrors).toEqual({ admissionNumber: ["No student has the admission number GFA/1900/0000"] });
    const child = await newStudent();
    const bad = await expectError(
      addGuardianLink(t.db, office, { guardianId: g.id, admissionNumber: child.admissionNumber, relationship: "uncle" as "other" }),
      ValidationError,
    );
    expect(bad.fieldErrors.relationship).toBeDefined();
    expect(await linksOf(child.id)).toEqual([]);
  });

  it("changes a relationship with before and after in the audit", async () => {
    const child = await newStudent();
    const g = await createGuardian(t.db, office, newGuardian());
    await addGuardianLink(t.db, office, { guardianId: g.id, admissionNumber: child.admissionNumber, relationship: "other" });
    expect(await setGuardianRelationship(t.db, office, { guardianId: g.id, studentId: child.id, relationship: "grandparent" })).toEqual({ changed: true });
    expect(await setGuardianRelationship(t.db, office, { guardianId: g.id, studentId: child.id, relationship: "grandparent" })).toEqual({ changed: false });
    expect((await linksOf(child.id))[0]?.relationship).toBe("grandparent");
    const [change] = (await auditOf("guardian", g.id)).filter((a) => a.action === "guardian.relationship_change");
    expect(change).toMatchObject({ before: { studentId: child.id, relationship: "other" }, after: { studentId: child.id, relationship: "grandparent" } });
    await expectError(setGuardianRelationship(t.db, office, { guardianId: g.id, studentId: t.demo.strangerStudentId, relationship: "mother" }), NotFoundError);
  });

  it("unlinking a parent's child takes the child out of the parent's view at once", async () => {
    const parent = await t.actorFor(t.demo.parent.userId);
    const studentId = t.demo.student.studentId;
    expect((await getStudent(t.db, parent, { studentId })).id).toBe(studentId);
    const [link] = await t.db
      .select()
      .from(guardianStudents)
      .where(and(eq(guardianStudents.guardianId, t.demo.parent.guardianId), eq(guardianStudents.studentId, studentId)));
    await removeGuardianLink(t.db, office, { guardianId: t.demo.parent.guardianId, studentId, confirm: true });
    await expectError(getStudent(t.db, await t.actorFor(t.demo.parent.userId), { studentId }), NotFoundError);
    const [{ admissionNumber }] = (await t.db.select({ admissionNumber: students.admissionNumber }).from(students).where(eq(students.id, studentId))) as [
      { admissionNumber: string },
    ];
    await addGuardianLink(t.db, office, { guardianId: t.demo.parent.guardianId, admissionNumber, relationship: link!.relationship, isPrimaryContact: true });
    expect((await getStudent(t.db, await t.actorFor(t.demo.parent.userId), { studentId })).id).toBe(studentId);
    expect(await primaryContactsOf(studentId)).toEqual([t.demo.parent.guardianId]);
  });
});

describe("finding guardians", () => {
  it("searches by name, email or phone digits, and pages sorted by name", async () => {
    const input = newGuardian({ lastName: "Quadrilateral", email: "q.search@family.test", phone: "+234 (0)812-345-6789" });
    const { id } = await createGuardian(t.db, office, input);
    for (const search of ["quadri", "Funke Quadri", "q.search@", "812 345 6789", "8123456789"]) {
      expect((await listGuardians(t.db, office, { search })).rows.map((r) => r.id), search).toEqual([id]);
    }
    const firstPage = await listGuardians(t.db, office, { pageSize: 5 });
    const secondPage = await listGuardians(t.db, office, { pageSize: 5, page: 2 });
    const all = await t.db.select({ id: guardians.id }).from(guardians).orderBy(asc(guardians.lastName), asc(guardians.firstName), asc(guardians.id));
    expect([...firstPage.rows, ...secondPage.rows].map((r) => r.id)).toEqual(all.slice(0, 10).map((r) => r.id));
    expect(firstPage.total).toBe(all.length);
    expect((await listGuardians(t.db, office, { search: "%" })).total).toBe(0);
  });

  it("shows a guardian's children, relationships, primary-contact flags and sign-in account", async () => {
    const profile = await getGuardian(t.db, office, { guardianId: t.demo.parent.guardianId });
    expect(profile.account).toEqual({ email: "parent@school.test", status: "active" });
    expect(profile.children.map((c) => c.studentId).sort()).toEqual([...t.demo.parent.studentIds].sort());
    expect(profile.children.every((c) => c.isPrimaryContact && c.primaryContactName === null)).toBe(true);
    expect(profile.children.find((c) => c.studentId === t.demo.student.studentId)?.className).toBe("JSS 1 A");
    await expectError(getGuardian(t.db, office, { guardianId: "00000000-0000-4000-8000-000000000000" }), NotFoundError);
  });
});

describe("who may manage guardians", () => {
  it("lets office staff and administrators manage guardians, and refuses teachers, parents and students, writing nothing", async () => {
    const child = await newStudent();
    const { id: guardianId } = await createGuardian(t.db, admin, newGuardian());
    await addGuardianLink(t.db, office, { guardianId, admissionNumber: child.admissionNumber, relationship: "mother" });
    const [{ n: before }] = (await t.db.select({ n: sql<number>`count(*)::int` }).from(guardians)) as [{ n: number }];
    for (const userId of [t.demo.teacher.userId, t.demo.otherTeacher.userId, t.demo.parent.userId, t.demo.student.userId]) {
      const actor = await t.actorFor(userId);
      await expectError(createGuardian(t.db, actor, newGuardian()), ForbiddenError);
      await expectError(updateGuardian(t.db, actor, { ...newGuardian(), guardianId }), ForbiddenError);
      await expectError(listGuardians(t.db, actor), ForbiddenError);
      await expectError(getGuardian(t.db, actor, { guardianId }), ForbiddenError);
      await expectError(addGuardianLink(t.db, actor, { guardianId, admissionNumber: "GFA/2026/0001", relationship: "mother" }), ForbiddenError);
      await expectError(removeGuardianLink(t.db, actor, { guardianId, studentId: child.id }), ForbiddenError);
      await expectError(setGuardianRelationship(t.db, actor, { guardianId, studentId: child.id, relationship: "father" }), ForbiddenError);
      await expectError(setPrimaryGuardian(t.db, actor, { guardianId, studentId: child.id }), ForbiddenError);
    }
    expect((await t.db.select({ n: sql<number>`count(*)::int` }).from(guardians))[0]!.n).toBe(before);
    expect(await linksOf(child.id)).toEqual([{ guardianId, relationship: "mother", isPrimaryContact: true }]);
    expect((await auditOf("guardian", guardianId)).map((a) => a.action)).toEqual(["guardian.create"]);
    expect((await auditOf("student", child.id)).map((a) => a.action)).toEqual(["guardian.linked"]);
  });
});
