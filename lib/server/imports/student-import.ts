// Students with their guardians: compares the file with the database (by admission number, guardians
// by email or name + phone) and writes the difference with one set-based statement per table.
import "server-only";
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Actor } from "@/lib/auth/policy";
import { jsonRows, type Queryable, selectRows, uuidsIn } from "@/lib/db/client";
import { type ImportIssue, makeIssue } from "@/lib/domain/csv-import";
import { ValidationError } from "@/lib/errors";
import type { GuardianCells, StudentImportRow } from "@/lib/validation/imports";
import { type AuditRow, columnIndex, type ImportRequestRead, type ImportResult, type PlanOutput, rethrowUniqueViolation, runWith, writeAuditRows } from "./shared";

const studentColumns = ["firstName", "middleName", "lastName", "dateOfBirth", "gender", "admittedOn", "email", "phone", "address"] as const;
type StudentColumn = (typeof studentColumns)[number];
type StudentValues = Record<StudentColumn, string | null>;

type ExistingStudent = StudentValues & {
  id: string;
  admissionNumber: string;
  status: string;
  enrolmentId: string | null;
  classId: string | null;
  enrolledOn: string | null;
};
type ClassRow = { id: string; name: string; capacity: number; enrolled: number };
type GuardianRow = { id: string; firstName: string; lastName: string; email: string | null; phone: string | null };
type LinkRow = { studentId: string; guardianId: string; relationship: string; isPrimaryContact: boolean };

type PlannedLink = { guardianId: string; relationship: string; primary: boolean };

export type StudentImportPlan = {
  academicYearId: string;
  newStudents: Array<StudentValues & { id: string; admissionNumber: string }>;
  updatedStudents: Array<StudentValues & { id: string }>;
  closeEnrolments: Array<{ id: string }>;
  newEnrolments: Array<{ studentId: string; classId: string; notBefore: string }>;
  newGuardians: Array<{ id: string; firstName: string; lastName: string; email: string | null; phone: string | null }>;
  linksToUnsetPrimary: Array<{ guardianId: string; studentId: string }>;
  linksToUpdate: Array<{ guardianId: string; studentId: string; relationship: string; primary: boolean }>;
  newLinks: Array<{ guardianId: string; studentId: string; relationship: string; primary: boolean }>;
  audit: AuditRow[];
};

const classKey = (name: string) => name.toLowerCase().replace(/\s+/g, "");
const digits = (phone: string) => phone.replace(/\D/g, "");
const fullName = (g: { firstName: string; lastName: string }) => `${g.firstName} ${g.lastName}`;
const guardianKey = (g: GuardianCells) =>
  g.email ? `email:${g.email}` : `phone:${g.firstName!.toLowerCase()}|${g.lastName!.toLowerCase()}|${digits(g.phone!)}`;

/**
 * Reads what the database holds for the file's students and guardians, adds the checks only the
 * database can answer (unknown class, a student who has left, classes over capacity), and works out
 * the writes. Rows with errors are left out of the plan, so "valid rows only" applies it as it is.
 */
export async function planStudentImport(db: Queryable, read: ImportRequestRead<"students">): Promise<PlanOutput<StudentImportPlan>> {
  const { csv, validated } = read;
  const issues: ImportIssue[] = [...validated.issues];
  const columnOf = columnIndex(read.columns);
  const issue = (row: number, field: string | null, value: string | undefined, severity: ImportIssue["severity"], predicate: string) =>
    issues.push(makeIssue("students", csv.header, { row, column: columnOf(field), field, value }, severity, predicate));

  const [year] = await selectRows<{ id: string; name: string; startsOn: string }>(
    db,
    sql`select id, name, starts_on::text as "startsOn" from academic_years where is_current`,
  );
  if (!year) throw new ValidationError("There is no current academic year, so students cannot be enrolled. Set the current year first.");

  const valid = validated.rows.filter((r): r is { row: number; data: StudentImportRow } => r.data !== null);
  const keys = [...new Set(valid.map((r) => r.data.admissionNumber.toLowerCase()))];

  const [classes, existing] = await Promise.all([
    selectRows<ClassRow>(
      db,
      sql`select c.id, c.name, c.capacity, coalesce(n.enrolled, 0)::int as enrolled
          from classes c
          left join (select class_id, count(*) as enrolled from enrolments
                     where academic_year_id = ${year.id} and status = 'active' group by class_id) n on n.class_id = c.id
          where c.academic_year_id = ${year.id}`,
    ),
    selectRows<ExistingStudent>(
      db,
      sql`select s.id, s.admission_number as "admissionNumber", s.first_name as "firstName", s.middle_name as "middleName",
                 s.last_name as "lastName", s.date_of_birth::text as "dateOfBirth", s.gender, s.admitted_on::text as "admittedOn",
                 s.email, s.phone, s.address, s.status,
                 e.id as "enrolmentId", e.class_id as "classId", e.enrolled_on::text as "enrolledOn"
          from jsonb_array_elements_text(${jsonRows(keys)}) as k(key)
          join students s on lower(s.admission_number) = k.key
          left join enrolments e on e.student_id = s.id and e.academic_year_id = ${year.id} and e.status = 'active'`,
    ),
  ]);
  const classByKey = new Map(classes.map((c) => [classKey(c.name), c]));
  const classById = new Map(classes.map((c) => [c.id, c]));
  const existingByKey = new Map(existing.map((s) => [s.admissionNumber.toLowerCase(), s]));

  // Checks only the database can answer; a row failing one drops out of the plan.
  const planned: Array<{ row: number; data: StudentImportRow; classRow: ClassRow; current: ExistingStudent | undefined }> = [];
  const failedRows = new Set(validated.rows.filter((r) => r.data === null).map((r) => r.row));
  for (const { row, data } of valid) {
    const classRow = classByKey.get(classKey(data.className));
    const current = existingByKey.get(data.admissionNumber.toLowerCase());
    let ok = true;
    if (!classRow) {
      issue(row, "className", data.className, "error", `is not a class of ${year.name}: use a class name as on the School structure page`);
      ok = false;
    }
    if (current && current.status !== "active") {
      issue(row, "admissionNumber", data.admissionNumber, "error", `belongs to a student who has left the school (${current.status}): re-admit them on their page first`);
      ok = false;
    }
    if (ok) planned.push({ row, data, classRow: classRow!, current });
    else failedRows.add(row);
  }

  // Guardians: by email, or by name and phone when the file gives no email.
  const fileGuardians = planned.flatMap((p) => [p.data.guardian1, p.data.guardian2].filter((g): g is GuardianCells => g !== undefined));
  const emails = [...new Set(fileGuardians.filter((g) => g.email).map((g) => g.email!))];
  const namePhones = [
    ...new Map(
      fileGuardians
        .filter((g) => !g.email)
        .map((g) => [guardianKey(g), { first_name: g.firstName!.toLowerCase(), last_name: g.lastName!.toLowerCase(), phone: digits(g.phone!) }]),
    ).values(),
  ];
  const studentIds = planned.flatMap((p) => (p.current ? [p.current.id] : []));
  const [byEmail, byNamePhone, links] = await Promise.all([
    emails.length === 0
      ? []
      : selectRows<GuardianRow>(
          db,
          sql`select distinct on (lower(g.email)) g.id, g.first_name as "firstName", g.last_name as "lastName", lower(g.email) as email, g.phone
              from guardians g where lower(g.email) in (select jsonb_array_elements_text(${jsonRows(emails)}))
              order by lower(g.email), g.created_at, g.id`,
        ),
    namePhones.length === 0
      ? []
      : selectRows<GuardianRow & { key: string }>(
          db,
          sql`select distinct on (k.first_name, k.last_name, k.phone) g.id, g.first_name as "firstName", g.last_name as "lastName",
                     lower(g.email) as email, g.phone, k.first_name || '|' || k.last_name || '|' || k.phone as key
              from jsonb_to_recordset(${jsonRows(namePhones)}) as k(first_name text, last_name text, phone text)
              join guardians g on lower(g.first_name) = k.first_name and lower(g.last_name) = k.last_name
               and regexp_replace(coalesce(g.phone, ''), '[^0-9]', '', 'g') = k.phone
              order by k.first_name, k.last_name, k.phone, g.created_at, g.id`,
        ),
    studentIds.length === 0
      ? []
      : selectRows<LinkRow>(
          db,
          sql`select gs.student_id as "studentId", gs.guardian_id as "guardianId", gs.relationship, gs.is_primary_contact as "isPrimaryContact"
              from guardian_students gs where gs.student_id in ${uuidsIn(studentIds)}`,
        ),
  ]);
  const existingGuardian = new Map<string, GuardianRow>([
    ...byEmail.map((g) => [`email:${g.email}`, g] as const),
    ...byNamePhone.map((g) => [`phone:${g.key}`, g] as const),
  ]);
  const linksByStudent = new Map<string, LinkRow[]>();
  for (const link of links) {
    const known = linksByStudent.get(link.studentId);
    if (known) known.push(link);
    else linksByStudent.set(link.studentId, [link]);
  }

  const plan: StudentImportPlan = {
    academicYearId: year.id,
    newStudents: [],
    updatedStudents: [],
    closeEnrolments: [],
    newEnrolments: [],
    newGuardians: [],
    linksToUnsetPrimary: [],
    linksToUpdate: [],
    newLinks: [],
    audit: [],
  };
  const outcomes = new Map<number, { outcome: ImportResult["rows"][number]["outcome"]; changed: string[] }>();
  const guardianIdByKey = new Map<string, { id: string; name: string; firstRow: number; isNew: boolean }>();
  const createdGuardians = new Map<string, { firstName: string; lastName: string; email: string | null; phone: string | null }>();
  const createdGuardiansAudited = new Set<string>();
  const arriving = new Map<string, number[]>(); // class id → rows of students arriving
  const leaving = new Map<string, number>(); // class id → students leaving it

  for (const { row, data, classRow, current } of planned) {
    const changed: string[] = [];
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    const studentId = current?.id ?? randomUUID();

    // An empty cell or an unmapped column keeps what is stored; a different value replaces it.
    const values = {} as StudentValues;
    for (const column of studentColumns) {
      const incoming = data[column] ?? null;
      const stored = current ? current[column] : null;
      values[column] = incoming ?? stored;
      if (incoming !== null && incoming !== stored) {
        changed.push(column);
        if (current) before[column] = stored;
        after[column] = incoming;
      }
    }

    if (current?.classId !== classRow.id) {
      changed.push("className");
      if (current?.classId) {
        before.class = classById.get(current.classId)?.name ?? null;
        plan.closeEnrolments.push({ id: current.enrolmentId! });
        leaving.set(current.classId, (leaving.get(current.classId) ?? 0) + 1);
      }
      after.class = classRow.name;
      plan.newEnrolments.push({ studentId, classId: classRow.id, notBefore: current?.enrolledOn ?? year.startsOn });
      const rowsArriving = arriving.get(classRow.id);
      if (rowsArriving) rowsArriving.push(row);
      else arriving.set(classRow.id, [row]);
    }

    // Guardian links: start from the student's links, apply the file's guardians in order.
    const stored = new Map((current ? (linksByStudent.get(current.id) ?? []) : []).map((l) => [l.guardianId, l]));
    const final = new Map<string, PlannedLink>([...stored].map(([id, l]) => [id, { guardianId: id, relationship: l.relationship, primary: l.isPrimaryContact }]));
    const fileLinks: Array<{ slot: 1 | 2; guardianId: string; name: string; cells: GuardianCells }> = [];
    for (const slot of [1, 2] as const) {
      const cells = slot === 1 ? data.guardian1 : data.guardian2;
      if (!cells) continue;
      const key = guardianKey(cells);
      let guardian = guardianIdByKey.get(key);
      const name = fullName({ firstName: cells.firstName!, lastName: cells.lastName! });
      if (!guardian) {
        const found = existingGuardian.get(key);
        guardian = found
          ? { id: found.id, name: fullName(found), firstRow: row, isNew: false }
          : { id: randomUUID(), name, firstRow: row, isNew: true };
        guardianIdByKey.set(key, guardian);
        if (!found) {
          const created = { id: guardian.id, firstName: cells.firstName!, lastName: cells.lastName!, email: cells.email ?? null, phone: cells.phone ?? null };
          plan.newGuardians.push(created);
          createdGuardians.set(guardian.id, { firstName: created.firstName, lastName: created.lastName, email: created.email, phone: created.phone });
        }
      } else if (guardian.isNew && guardian.name.toLowerCase() !== name.toLowerCase()) {
        issue(row, `guardian${slot}FirstName`, name, "warning", `differs from row ${guardian.firstRow}'s name for the same guardian (${guardian.name}); row ${guardian.firstRow}'s is used`);
      }
      if (fileLinks.some((l) => l.guardianId === guardian.id)) {
        issue(row, `guardian${slot}FirstName`, name, "warning", "is the same person as guardian 1; the student is linked once");
        continue;
      }
      if (!guardian.isNew && !stored.has(guardian.id)) {
        const emailOrPhone = cells.email ? `the email ${cells.email}` : "this name and phone";
        const differs = guardian.name.toLowerCase() !== name.toLowerCase() ? ` (their name stays ${guardian.name})` : "";
        issue(row, cells.email ? `guardian${slot}Email` : `guardian${slot}Phone`, cells.email ?? cells.phone, "warning",
          `already belongs to the guardian ${guardian.name}: ${emailOrPhone} will link the student to that guardian${differs}`);
      }
      fileLinks.push({ slot, guardianId: guardian.id, name, cells });
    }
    for (const link of fileLinks) {
      const target = final.get(link.guardianId) ?? { guardianId: link.guardianId, relationship: link.cells.relationship ?? "guardian", primary: false };
      if (link.cells.relationship) target.relationship = link.cells.relationship;
      if (link.cells.primaryContact === false) target.primary = false;
      if (link.cells.primaryContact === true) {
        for (const other of final.values()) other.primary = false;
        target.primary = true;
      }
      final.set(link.guardianId, target);
    }
    const first = fileLinks[0];
    if (first && first.cells.primaryContact === undefined && ![...final.values()].some((l) => l.primary)) final.get(first.guardianId)!.primary = true;

    const guardianChanges: Array<Record<string, unknown>> = [];
    const guardianBefore: Array<Record<string, unknown>> = [];
    for (const link of final.values()) {
      const was = stored.get(link.guardianId);
      const fileLink = fileLinks.find((l) => l.guardianId === link.guardianId);
      const label = fileLink?.name ?? link.guardianId;
      if (!was) {
        plan.newLinks.push({ guardianId: link.guardianId, studentId, relationship: link.relationship, primary: link.primary });
        // A guardian the import creates is recorded here, on the first student it is linked to,
        // rather than in an audit entry of its own: one entry per student keeps a 5,000-row import
        // within its time budget, and the guardian's creation is still found from the student.
        const created = createdGuardians.has(link.guardianId) && !createdGuardiansAudited.has(link.guardianId);
        if (created) createdGuardiansAudited.add(link.guardianId);
        guardianChanges.push({
          guardianId: link.guardianId,
          guardian: label,
          ...(created ? { newGuardian: { ...createdGuardians.get(link.guardianId) } } : {}),
          relationship: link.relationship,
          primaryContact: link.primary,
          change: "linked",
        });
      } else if (was.relationship !== link.relationship || was.isPrimaryContact !== link.primary) {
        if (was.isPrimaryContact && !link.primary) plan.linksToUnsetPrimary.push({ guardianId: link.guardianId, studentId });
        if (was.relationship !== link.relationship || link.primary) {
          plan.linksToUpdate.push({ guardianId: link.guardianId, studentId, relationship: link.relationship, primary: link.primary });
        }
        guardianBefore.push({ guardianId: link.guardianId, guardian: label, relationship: was.relationship, primaryContact: was.isPrimaryContact });
        guardianChanges.push({ guardianId: link.guardianId, guardian: label, relationship: link.relationship, primaryContact: link.primary, change: "changed" });
      } else continue;
      if (fileLink) changed.push(`guardian${fileLink.slot}`);
    }
    if (guardianChanges.length > 0) {
      after.guardians = guardianChanges;
      if (guardianBefore.length > 0) before.guardians = guardianBefore;
      if (!changed.some((c) => c.startsWith("guardian"))) changed.push("guardians");
    }

    if (!current) {
      plan.newStudents.push({ id: studentId, admissionNumber: data.admissionNumber, ...values });
      plan.audit.push({ action: "student.import_create", entityType: "student", entityId: studentId, before: null, after: { admissionNumber: data.admissionNumber, ...after } });
      outcomes.set(row, { outcome: "new", changed });
    } else if (changed.length > 0) {
      if (studentColumns.some((c) => changed.includes(c))) plan.updatedStudents.push({ id: studentId, ...values });
      plan.audit.push({ action: "student.import_update", entityType: "student", entityId: studentId, before, after });
      outcomes.set(row, { outcome: "updated", changed });
    } else outcomes.set(row, { outcome: "unchanged", changed });
  }

  for (const [classId, rows] of arriving) {
    const klass = classById.get(classId)!;
    const after = klass.enrolled - (leaving.get(classId) ?? 0) + rows.length;
    if (after > klass.capacity) {
      issue(rows[0]!, "className", klass.name, "warning", `will have ${after} students after this import, over its capacity of ${klass.capacity} (${rows.length} arriving from this file)`);
    }
  }

  const rows = validated.rows.map(({ row }) => (failedRows.has(row) ? { row, outcome: "error" as const, changed: [] } : { row, ...outcomes.get(row)! }));
  return { plan, rows, issues, academicYear: year.name, counts: { newGuardians: plan.newGuardians.length, newLinks: plan.newLinks.length } };
}

/** Writes a plan: each table's rows in one statement, in the order the constraints need. */
export async function writeStudentImport(tx: Queryable, actor: Actor, plan: StudentImportPlan, reason: string): Promise<void> {
  const studentRecord = `id uuid, admission_number text, first_name text, middle_name text, last_name text, date_of_birth date,
    gender text, admitted_on date, email text, phone text, address text`;
  const toRecord = (s: StudentValues & { id: string; admissionNumber?: string }) => ({
    id: s.id,
    admission_number: s.admissionNumber ?? null,
    first_name: s.firstName,
    middle_name: s.middleName,
    last_name: s.lastName,
    date_of_birth: s.dateOfBirth,
    gender: s.gender,
    admitted_on: s.admittedOn,
    email: s.email,
    phone: s.phone,
    address: s.address,
  });
  try {
    await runWith(tx, plan.newStudents.map(toRecord), (json) => sql`
      insert into students (id, admission_number, first_name, middle_name, last_name, date_of_birth, gender, admitted_on, email, phone, address)
      select r.id, r.admission_number, r.first_name, r.middle_name, r.last_name, r.date_of_birth, r.gender, r.admitted_on, r.email, r.phone, r.address
      from jsonb_to_recordset(${json}) as r(${sql.raw(studentRecord)})`);
  } catch (error) {
    rethrowUniqueViolation(error, "a student");
  }
  await runWith(tx, plan.updatedStudents.map(toRecord), (json) => sql`
    update students s set first_name = r.first_name, middle_name = r.middle_name, last_name = r.last_name,
      date_of_birth = r.date_of_birth, gender = r.gender, admitted_on = r.admitted_on, email = r.email, phone = r.phone,
      address = r.address, updated_at = now()
    from jsonb_to_recordset(${json}) as r(${sql.raw(studentRecord)})
    where s.id = r.id`);
  // A move closes the old enrolment and opens the new one on the same day, so history is kept.
  await runWith(tx, plan.closeEnrolments, (json) => sql`
    update enrolments e set status = 'moved', left_on = greatest(current_date, e.enrolled_on)
    from jsonb_to_recordset(${json}) as r(id uuid) where e.id = r.id`);
  await runWith(tx, plan.newEnrolments.map((e) => ({ student_id: e.studentId, class_id: e.classId, not_before: e.notBefore })), (json) => sql`
    insert into enrolments (student_id, class_id, academic_year_id, enrolled_on)
    select r.student_id, r.class_id, ${plan.academicYearId}::uuid, greatest(current_date, r.not_before)
    from jsonb_to_recordset(${json}) as r(student_id uuid, class_id uuid, not_before date)`);
  await runWith(tx, plan.newGuardians.map((g) => ({ id: g.id, first_name: g.firstName, last_name: g.lastName, email: g.email, phone: g.phone })), (json) => sql`
    insert into guardians (id, first_name, last_name, email, phone)
    select r.id, r.first_name, r.last_name, r.email, r.phone
    from jsonb_to_recordset(${json}) as r(id uuid, first_name text, last_name text, email text, phone text)`);
  // One primary contact per student is a unique index checked row by row: clear before setting.
  await runWith(tx, plan.linksToUnsetPrimary.map((l) => ({ guardian_id: l.guardianId, student_id: l.studentId })), (json) => sql`
    update guardian_students gs set is_primary_contact = false
    from jsonb_to_recordset(${json}) as r(guardian_id uuid, student_id uuid)
    where gs.guardian_id = r.guardian_id and gs.student_id = r.student_id`);
  const linkRecord = (l: { guardianId: string; studentId: string; relationship: string; primary: boolean }) => ({
    guardian_id: l.guardianId,
    student_id: l.studentId,
    relationship: l.relationship,
    is_primary_contact: l.primary,
  });
  await runWith(tx, plan.linksToUpdate.map(linkRecord), (json) => sql`
    update guardian_students gs set relationship = r.relationship, is_primary_contact = r.is_primary_contact
    from jsonb_to_recordset(${json}) as r(guardian_id uuid, student_id uuid, relationship text, is_primary_contact boolean)
    where gs.guardian_id = r.guardian_id and gs.student_id = r.student_id`);
  await runWith(tx, plan.newLinks.map(linkRecord), (json) => sql`
    insert into guardian_students (guardian_id, student_id, relationship, is_primary_contact)
    select r.guardian_id, r.student_id, r.relationship, r.is_primary_contact
    from jsonb_to_recordset(${json}) as r(guardian_id uuid, student_id uuid, relationship text, is_primary_contact boolean)`);
  await writeAuditRows(tx, actor, reason, plan.audit);
}
