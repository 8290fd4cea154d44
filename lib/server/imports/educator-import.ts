// Educators: compares the file with the database by staff number and writes the difference with one
// set-based statement per kind of change. Accounts are not created here (invite them on Users).
import "server-only";
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Actor } from "@/lib/auth/policy";
import { jsonRows, type Queryable, selectRows } from "@/lib/db/client";
import { type ImportIssue, makeIssue } from "@/lib/domain/csv-import";
import type { EducatorImportRow } from "@/lib/validation/imports";
import { type AuditRow, columnIndex, type ImportRequestRead, type ImportResult, type PlanOutput, rethrowUniqueViolation, runWith, writeAuditRows } from "./shared";

const educatorColumns = ["title", "firstName", "lastName", "email", "phone", "departmentId"] as const;
type EducatorColumn = (typeof educatorColumns)[number];
type EducatorValues = Record<EducatorColumn, string | null>;
type ExistingEducator = EducatorValues & { id: string; staffNumber: string };

export type EducatorImportPlan = {
  newEducators: Array<EducatorValues & { id: string; staffNumber: string }>;
  updatedEducators: Array<EducatorValues & { id: string }>;
  audit: AuditRow[];
};

export async function planEducatorImport(db: Queryable, read: ImportRequestRead<"educators">): Promise<PlanOutput<EducatorImportPlan>> {
  const { csv, validated } = read;
  const issues: ImportIssue[] = [...validated.issues];
  const columnOf = columnIndex(read.columns);
  const valid = validated.rows.filter((r): r is { row: number; data: EducatorImportRow } => r.data !== null);
  const keys = [...new Set(valid.map((r) => r.data.staffNumber.toLowerCase()))];
  const [departments, existing] = await Promise.all([
    selectRows<{ id: string; code: string; name: string }>(db, sql`select id, code, name from departments`),
    selectRows<ExistingEducator>(
      db,
      sql`select e.id, e.staff_number as "staffNumber", e.title, e.first_name as "firstName", e.last_name as "lastName",
                 e.email, e.phone, e.department_id as "departmentId"
          from jsonb_array_elements_text(${jsonRows(keys)}) as k(key)
          join educators e on lower(e.staff_number) = k.key`,
    ),
  ]);
  const departmentByKey = new Map<string, { id: string; name: string }>();
  for (const d of departments) {
    departmentByKey.set(d.name.toLowerCase(), d);
    departmentByKey.set(d.code.toLowerCase(), d);
  }
  const departmentName = new Map(departments.map((d) => [d.id, d.name]));
  const existingByKey = new Map(existing.map((e) => [e.staffNumber.toLowerCase(), e]));

  const plan: EducatorImportPlan = { newEducators: [], updatedEducators: [], audit: [] };
  const outcomes = new Map<number, { outcome: ImportResult["rows"][number]["outcome"]; changed: string[] }>();
  for (const { row, data } of valid) {
    let departmentId: string | null = null;
    if (data.department) {
      const department = departmentByKey.get(data.department.toLowerCase());
      if (!department) {
        issues.push(
          makeIssue("educators", csv.header, { row, column: columnOf("department"), field: "department", value: data.department }, "error",
            "is not a department: use a code or name as on the Departments page"),
        );
        outcomes.set(row, { outcome: "error", changed: [] });
        continue;
      }
      departmentId = department.id;
    }
    const current = existingByKey.get(data.staffNumber.toLowerCase());
    const incoming: EducatorValues = {
      title: data.title ?? null,
      firstName: data.firstName,
      lastName: data.lastName,
      email: data.email ?? null,
      phone: data.phone ?? null,
      departmentId,
    };
    const values = {} as EducatorValues;
    const changed: string[] = [];
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const column of educatorColumns) {
      const stored = current ? current[column] : null;
      values[column] = incoming[column] ?? stored;
      if (incoming[column] !== null && incoming[column] !== stored) {
        const field = column === "departmentId" ? "department" : column;
        changed.push(field);
        if (column === "departmentId") {
          if (current) before.department = stored ? departmentName.get(stored) ?? null : null;
          after.department = departmentName.get(incoming[column]!) ?? null;
        } else {
          if (current) before[field] = stored;
          after[field] = incoming[column];
        }
      }
    }
    if (!current) {
      const id = randomUUID();
      plan.newEducators.push({ id, staffNumber: data.staffNumber, ...values });
      plan.audit.push({ action: "educator.import_create", entityType: "educator", entityId: id, before: null, after: { staffNumber: data.staffNumber, ...after } });
      outcomes.set(row, { outcome: "new", changed });
    } else if (changed.length > 0) {
      plan.updatedEducators.push({ id: current.id, ...values });
      plan.audit.push({ action: "educator.import_update", entityType: "educator", entityId: current.id, before, after });
      outcomes.set(row, { outcome: "updated", changed });
    } else outcomes.set(row, { outcome: "unchanged", changed });
  }
  const rows = validated.rows.map(({ row }) => ({ row, ...(outcomes.get(row) ?? { outcome: "error" as const, changed: [] }) }));
  return { plan, rows, issues, academicYear: null, counts: { newGuardians: 0, newLinks: 0 } };
}

export async function writeEducatorImport(tx: Queryable, actor: Actor, plan: EducatorImportPlan, reason: string): Promise<void> {
  const record = "id uuid, staff_number text, title text, first_name text, last_name text, email text, phone text, department_id uuid";
  const toRecord = (e: EducatorValues & { id: string; staffNumber?: string }) => ({
    id: e.id,
    staff_number: e.staffNumber ?? null,
    title: e.title,
    first_name: e.firstName,
    last_name: e.lastName,
    email: e.email,
    phone: e.phone,
    department_id: e.departmentId,
  });
  try {
    await runWith(tx, plan.newEducators.map(toRecord), (json) => sql`
      insert into educators (id, staff_number, title, first_name, last_name, email, phone, department_id)
      select r.id, r.staff_number, r.title, r.first_name, r.last_name, r.email, r.phone, r.department_id
      from jsonb_to_recordset(${json}) as r(${sql.raw(record)})`);
  } catch (error) {
    rethrowUniqueViolation(error, "an educator");
  }
  await runWith(tx, plan.updatedEducators.map(toRecord), (json) => sql`
    update educators e set title = r.title, first_name = r.first_name, last_name = r.last_name, email = r.email,
      phone = r.phone, department_id = r.department_id, updated_at = now()
    from jsonb_to_recordset(${json}) as r(${sql.raw(record)})
    where e.id = r.id`);
  await writeAuditRows(tx, actor, reason, plan.audit);
}
