// The CSV import benchmark: 5,000 new students with their guardians, generated deterministically,
// parsed, validated and applied through the data layer as an import run (ours: started as Apply
// starts it, then its job's work done here), against the same rows written by raw multi-row INSERTs
// into scratch tables shaped like the real ones (the floor), in the same run.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import Papa from "papaparse";
import type pg from "pg";
import type { Actor } from "../lib/auth/policy";
import { type DatabaseHandle, selectRows } from "../lib/db/client";
import { parseImportCsv } from "../lib/domain/csv-import";
import { JOB_DEFINITIONS } from "../lib/jobs/definitions";
import { ensureQueues, type JobQueue, openJobQueue } from "../lib/jobs/queue";
import { applyImportRun } from "../lib/server/imports/apply-import-run";
import { getImportRun } from "../lib/server/imports/list-import-runs";
import { startImportRun } from "../lib/server/imports/start-import-run";
import { autoMapColumns, type ImportRequest } from "../lib/validation/imports";
import type { Timing } from "./support";

export const IMPORT_ROWS = 5_000;

const FIRST = ["Amaka", "Bayo", "Chioma", "Dayo", "Efe", "Funke", "Gbenga", "Hadiza", "Ikechukwu", "Jumoke", "Kelechi", "Lami"];
const LAST = ["Okoro", "Adeleke", "Bassey", "Danladi", "Ekpo", "Fagbemi", "Gowon", "Haruna", "Ibekwe", "Jibril", "Kuti", "Lawani"];

type GeneratedRow = {
  admission: string;
  first: string;
  last: string;
  dob: string;
  gender: string;
  className: string;
  guardians: Array<{ first: string; last: string; relationship: string; email: string; phone: string; primary: boolean }>;
};

/** Row n of the file: every student has a mother; every other one a father too; every tenth shares the previous one's mother. */
function generate(classNames: string[]): GeneratedRow[] {
  return Array.from({ length: IMPORT_ROWS }, (_, i) => {
    const n = i + 1;
    const last = LAST[(n * 7) % LAST.length]!;
    const motherOf = n % 10 === 0 ? n - 1 : n;
    const guardians = [
      { first: FIRST[(motherOf * 5) % FIRST.length]!, last, relationship: "mother", email: `imp.mother.${motherOf}@family.test`, phone: `+234 803 ${String(motherOf).padStart(7, "0")}`, primary: true },
    ];
    if (n % 2 === 1) guardians.push({ first: FIRST[(n * 3) % FIRST.length]!, last, relationship: "father", email: `imp.father.${n}@family.test`, phone: `+234 805 ${String(n).padStart(7, "0")}`, primary: false });
    const day = new Date(Date.UTC(2010, 0, 1) + (n % 2000) * 86_400_000).toISOString().slice(0, 10);
    return {
      admission: `IMP/${String(n).padStart(5, "0")}`,
      first: FIRST[n % FIRST.length]!,
      last,
      dob: n % 3 === 0 ? day.split("-").reverse().join("/") : day,
      gender: n % 2 === 0 ? "female" : "male",
      className: classNames[i % classNames.length]!,
      guardians,
    };
  });
}

function toCsv(rows: GeneratedRow[]): string {
  const header = ["Admission number", "First name", "Last name", "Date of birth", "Gender", "Class"];
  for (const slot of [1, 2]) header.push(...["first name", "last name", "relationship", "email", "phone", "primary contact"].map((f) => `Guardian ${slot} ${f}`));
  const data = rows.map((r) => [
    r.admission, r.first, r.last, r.dob, r.gender, r.className,
    ...[0, 1].flatMap((k) => {
      const g = r.guardians[k];
      return g ? [g.first, g.last, g.relationship, g.email, g.phone, g.primary ? "yes" : "no"] : ["", "", "", "", "", ""];
    }),
  ]);
  return Papa.unparse({ fields: header, data });
}

/** Multi-row INSERTs, each under PostgreSQL's 65,535-parameter limit. */
async function insertMany(client: pg.PoolClient, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  const perStatement = Math.floor(60_000 / columns.length);
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const values = chunk.map((_, r) => `(${columns.map((__, c) => `$${r * columns.length + c + 1}`).join(", ")})`).join(", ");
    await client.query(`insert into ${table} (${columns.join(", ")}) values ${values}`, chunk.flat());
  }
}

/** Apply as the page does, a new check each time; no worker runs here, so the job's work is done inline. */
async function applyThroughRun(handle: DatabaseHandle, queue: JobQueue, admin: Actor, request: ImportRequest) {
  const started = await startImportRun(handle.db, admin, queue, { ...request, checkId: randomUUID() });
  if (started.status !== "started") throw new Error(`The import benchmark's file was refused: ${started.check.issues[0]?.message ?? ""}`);
  await applyImportRun(handle.db, started.runId);
  return getImportRun(handle.db, admin, { runId: started.runId });
}

async function median(fn: () => Promise<unknown>, before: () => Promise<unknown>, runs: number): Promise<Timing> {
  const durations: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    await before();
    const started = performance.now();
    await fn();
    // The first run warms caches and plans; it is not counted.
    if (i > 0) durations.push(performance.now() - started);
  }
  durations.sort((a, b) => a - b);
  const at = (q: number) => durations[Math.min(durations.length - 1, Math.floor(q * durations.length))]!;
  return { samples: runs, median: at(0.5), p95: at(0.95), min: durations[0]! };
}

export async function benchmarkImport(handle: DatabaseHandle, raw: pg.Pool, admin: Actor, runs: number) {
  const classNames = (await selectRows<{ name: string }>(handle.db, sql`select c.name from classes c join academic_years y on y.id = c.academic_year_id and y.is_current order by c.name`)).map((c) => c.name);
  const rows = generate(classNames);
  const csv = toCsv(rows);
  const queue = await openJobQueue(handle);
  await ensureQueues(queue, JOB_DEFINITIONS);

  const removeImported = async () => {
    await raw.query(`delete from enrolments where student_id in (select id from students where admission_number like 'IMP/%')`);
    await raw.query(`delete from students where admission_number like 'IMP/%'`);
    await raw.query(`delete from guardians where email like 'imp.%@family.test'`);
    // Each run starts from the tables a school would have, not from the dead rows of the last run.
    await raw.query("vacuum (analyze) students, enrolments, guardians, guardian_students");
  };
  const ours = await median(
    async () => {
      const columns = autoMapColumns("students", parseImportCsv(csv).header);
      const result = await applyThroughRun(handle, queue, admin, { kind: "students", csv, columns, mode: "all_or_nothing" });
      if (result.status !== "done" || result.summary.newRecords !== IMPORT_ROWS) throw new Error(`The import benchmark did not apply: ${JSON.stringify(result.summary)} ${result.error ?? ""}`);
    },
    removeImported,
    runs,
  );
  // Leave the students in place once more, to time the re-import that finds nothing to change.
  await removeImported();
  const columns = autoMapColumns("students", parseImportCsv(csv).header);
  await applyThroughRun(handle, queue, admin, { kind: "students", csv, columns, mode: "all_or_nothing" });
  const reimport = await median(() => applyThroughRun(handle, queue, admin, { kind: "students", csv, columns, mode: "all_or_nothing" }), async () => {}, runs);
  await removeImported();
  await queue.stop({ graceful: false, wait: true });

  // The floor: the same students, guardians, links and enrolments as plain multi-row INSERTs into
  // scratch copies of the tables (their checks, defaults and indexes, no foreign keys), one transaction.
  const classId = new Map(
    (await selectRows<{ id: string; name: string }>(handle.db, sql`select c.id, c.name from classes c join academic_years y on y.id = c.academic_year_id and y.is_current`)).map((c) => [c.name, c.id]),
  );
  const [{ yearId }] = (await selectRows<{ yearId: string }>(handle.db, sql`select id as "yearId" from academic_years where is_current`)) as [{ yearId: string }];
  for (const table of ["students", "guardians", "guardian_students", "enrolments"]) {
    await raw.query(`drop table if exists import_floor_${table}`);
    await raw.query(`create table import_floor_${table} (like ${table} including defaults including constraints including indexes)`);
  }
  const floor = await median(
    async () => {
      const studentRows: unknown[][] = [];
      const guardianRows: unknown[][] = [];
      const linkRows: unknown[][] = [];
      const enrolmentRows: unknown[][] = [];
      const guardianByEmail = new Map<string, string>();
      for (const r of rows) {
        const id = randomUUID();
        const dob = r.dob.includes("/") ? r.dob.split("/").reverse().join("-") : r.dob;
        studentRows.push([id, r.admission, r.first, r.last, dob, r.gender]);
        enrolmentRows.push([id, classId.get(r.className), yearId, "2026-09-07"]);
        for (const g of r.guardians) {
          let guardianId = guardianByEmail.get(g.email);
          if (!guardianId) {
            guardianId = randomUUID();
            guardianByEmail.set(g.email, guardianId);
            guardianRows.push([guardianId, g.first, g.last, g.email, g.phone]);
          }
          linkRows.push([guardianId, id, g.relationship, g.primary]);
        }
      }
      const client = await raw.connect();
      try {
        await client.query("begin");
        await insertMany(client, "import_floor_students", ["id", "admission_number", "first_name", "last_name", "date_of_birth", "gender"], studentRows);
        await insertMany(client, "import_floor_enrolments", ["student_id", "class_id", "academic_year_id", "enrolled_on"], enrolmentRows);
        await insertMany(client, "import_floor_guardians", ["id", "first_name", "last_name", "email", "phone"], guardianRows);
        await insertMany(client, "import_floor_guardian_students", ["guardian_id", "student_id", "relationship", "is_primary_contact"], linkRows);
        await client.query("commit");
      } finally {
        client.release();
      }
    },
    () => raw.query("truncate import_floor_students, import_floor_guardians, import_floor_guardian_students, import_floor_enrolments"),
    runs,
  );
  for (const table of ["students", "guardians", "guardian_students", "enrolments"]) await raw.query(`drop table import_floor_${table}`);

  const guardiansCount = new Set(rows.flatMap((r) => r.guardians.map((g) => g.email))).size;
  const links = rows.reduce((n, r) => n + r.guardians.length, 0);
  return [
    {
      name: "CSV import, 5,000 new students",
      what: `parse, map, validate and apply a ${(csv.length / 1024 / 1024).toFixed(1)} MB file: ${IMPORT_ROWS} students, ${guardiansCount} guardians, ${links} links, enrolments and audit entries, as an import run (500 rows per transaction); floor: the same rows as raw multi-row INSERTs into scratch tables (${runs} timed runs)`,
      ours,
      floor,
      goal: "≤ 10 s and ≤ 3× floor",
    },
    {
      name: "CSV import, same file again",
      what: `re-import of the same 5,000 rows: everything compared, nothing to write (floor: the raw INSERTs above)`,
      ours: reimport,
      floor,
    },
  ];
}
