// The downloadable template per kind: the header row the import reads, and one example row that
// imports as it is (its class and department are real ones of this school).
import "server-only";
import { sql } from "drizzle-orm";
import Papa from "papaparse";
import type { Actor } from "@/lib/auth/policy";
import { type Queryable, selectRows } from "@/lib/db/client";
import { NotFoundError } from "@/lib/errors";
import { type ImportKind, importFields, importTemplateSchema, templateHeader } from "@/lib/validation/imports";
import { assertCanImport } from "./shared";

export type ImportTemplate = { filename: string; csv: string };

export async function getImportTemplate(db: Queryable, actor: Actor, input: { kind: string }): Promise<ImportTemplate> {
  const parsed = importTemplateSchema.safeParse(input);
  if (!parsed.success) throw new NotFoundError("There is no import template of that kind.");
  const checked: ImportKind = parsed.data.kind;
  assertCanImport(actor, checked);
  const example = checked === "students" ? await studentExample(db) : await educatorExample(db);
  const fields = importFields[checked];
  const csv = Papa.unparse({ fields: fields.map(templateHeader), data: [fields.map((f) => example[f.key] ?? "")] }, { newline: "\r\n" });
  // The byte-order mark makes Excel open the file as UTF-8, so names like "Ọlá" survive a round trip.
  return { filename: `ams-${checked}-import-template.csv`, csv: `\uFEFF${csv}\r\n` };
}

async function studentExample(db: Queryable): Promise<Record<string, string>> {
  const [year] = await selectRows<{ className: string | null; startsOn: string | null }>(
    db,
    sql`select (select c.name from classes c join class_levels l on l.id = c.class_level_id
                 where c.academic_year_id = y.id order by l.sequence, c.arm limit 1) as "className",
               y.starts_on::text as "startsOn"
        from academic_years y where y.is_current`,
  );
  const [yyyy, mm, dd] = (year?.startsOn ?? "2026-09-07").split("-");
  return {
    admissionNumber: "EXAMPLE/0001",
    firstName: "Amina",
    lastName: "Bello",
    dateOfBirth: "2014-03-21",
    gender: "female",
    className: year?.className ?? "JSS 1 A",
    admittedOn: `${dd}/${mm}/${yyyy}`,
    address: "12 Unity Road, Ibadan",
    guardian1FirstName: "Halima",
    guardian1LastName: "Bello",
    guardian1Relationship: "mother",
    guardian1Email: "halima.bello@example.com",
    guardian1Phone: "+234 803 000 0000",
    guardian1PrimaryContact: "yes",
    guardian2FirstName: "Sani",
    guardian2LastName: "Bello",
    guardian2Relationship: "father",
    guardian2Phone: "+234 805 000 0000",
    guardian2PrimaryContact: "no",
  };
}

async function educatorExample(db: Queryable): Promise<Record<string, string>> {
  const [department] = await selectRows<{ code: string }>(db, sql`select code from departments order by name limit 1`);
  return {
    staffNumber: "EXAMPLE-01",
    title: "Mrs",
    firstName: "Ngozi",
    lastName: "Eze",
    email: "ngozi.eze@example.com",
    phone: "+234 802 000 0000",
    department: department?.code ?? "",
  };
}
