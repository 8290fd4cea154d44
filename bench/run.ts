// npm run bench: builds the synthetic large school in a scratch PostgreSQL database, times the hot
// paths through the data layer and the same work as hand-written SQL (the floor) in the same run,
// and writes docs/benchmarks.md. Wall-clock numbers are for people to read; nothing fails on them.
//
// DATABASE_URL must name a database whose name contains "bench": it is dropped and recreated.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import pg from "pg";
import { parseEnv } from "../lib/env";
import { openDatabase, selectRows } from "../lib/db/client";
import { migrateDatabase } from "../lib/db/migrate";
import { ensureReferenceData } from "../lib/db/reference-data";
import { LARGE_ADMIN, LARGE_SCHOOL, seedLargeSchool } from "../lib/db/seed-large";
import { Redis } from "ioredis";
import { verifyPassword } from "../lib/auth/password";
import { loadActor } from "../lib/server/auth/load-actor";
import { type SignInThrottle, signInWithPassword } from "../lib/server/auth/sign-in";
import { RateLimits } from "../lib/server/security/rate-limit";
import { listStudents } from "../lib/server/students/list-students";
import { measure, recreatePostgresDatabase, type Timing } from "./support";

const config = parseEnv(process.env);
const url = config.DATABASE_URL;
if (!url || !new URL(url).pathname.includes("bench")) {
  console.error(
    "\nnpm run bench needs DATABASE_URL naming a scratch PostgreSQL database whose name contains \"bench\"\n" +
      "(it is dropped and recreated), for example:\n\n" +
      "  DATABASE_URL=postgres://postgres@127.0.0.1:5432/ams_bench npm run bench\n",
  );
  process.exit(1);
}
const iterations = Number(process.argv.find((a) => a.startsWith("--iterations="))?.split("=")[1] ?? 200);
// --only=promotions,results runs those sections alone (after seeding, which every section needs) and
// leaves docs/benchmarks.md as it is: a partial run's table would drop the other sections' rows.
const only = process.argv.find((a) => a.startsWith("--only="))?.split("=")[1]?.split(",");
const SECTIONS = ["students", "sign-in", "gradebook", "results", "report-cards", "imports", "documents", "cache", "promotions"] as const;
const unknownSections = only?.filter((name) => !(SECTIONS as readonly string[]).includes(name)) ?? [];
if (unknownSections.length > 0) {
  console.error(`Unknown --only section ${unknownSections.join(", ")}; the sections are ${SECTIONS.join(", ")}.`);
  process.exit(1);
}
const included = (section: (typeof SECTIONS)[number]) => !only || only.includes(section);

type Row = { name: string; what: string; ours: Timing; floor: Timing; goal?: string };
const rows: Row[] = [];

await recreatePostgresDatabase(url);
const handle = await openDatabase({ url, poolMax: 4 });
const raw = new pg.Pool({ connectionString: url, max: 4 });
try {
  await migrateDatabase(handle);
  await ensureReferenceData(handle.db);

  // 1. Seeding the large school, against its floor: the same 600,000 score rows selected into an
  //    unindexed, unconstrained temporary table (what remains is the cost of keys and constraints).
  const seedStarted = performance.now();
  const counts = await seedLargeSchool(handle.db);
  const seedMs = performance.now() - seedStarted;
  await raw.query("analyze");
  const floorStarted = performance.now();
  await raw.query(`create temp table score_floor as
    select o.id as offering_id, e.student_id, c.id as component_id, 'score'::text as mark,
           round(c.max_score * (30 + abs(hashtext(e.student_id::text)) % 60) / 100 * 2) / 2 as value
    from enrolments e join subject_offerings o on o.class_id = e.class_id cross join assessment_components c`);
  const seedFloorMs = performance.now() - floorStarted;
  const once = (ms: number): Timing => ({ samples: 1, median: ms, p95: ms, min: ms });
  rows.push({
    name: "Seed the large school",
    what: `${counts.students} students, ${counts.offerings} offerings, ${counts.scores} scores (floor: the scores into an unconstrained temp table)`,
    ours: once(seedMs),
    floor: once(seedFloorMs),
    goal: "< 60 s",
  });

  // 2. The admin student list: first page, a search, a deep page; and a teacher's scoped list.
  const [{ adminId, teacherId }] = (await selectRows<{ adminId: string; teacherId: string }>(
    handle.db,
    sql`select (select id from users where email = 'admin@large.test') as "adminId",
               (select id from users where email = 'teacher1@large.test') as "teacherId"`,
  )) as [{ adminId: string; teacherId: string }];
  const admin = (await loadActor(handle.db, adminId))!;
  const teacher = (await loadActor(handle.db, teacherId))!;

  // The floor: the same rows by hand, one round trip, no validation or authorization layer.
  const floorList = (where: string, params: unknown[], offset: number) => () =>
    raw.query(
      `select p.id, p.admission_number, p.name, p.status, p.total,
              (select c.name from enrolments e join classes c on c.id = e.class_id
                 join academic_years y on y.id = e.academic_year_id and y.is_current
               where e.student_id = p.id and e.status = 'active') as class_name
       from (select s.id, s.admission_number, s.first_name || ' ' || s.last_name as name, s.status,
                    s.last_name, s.first_name, count(*) over () as total
             from students s where ${where}
             order by s.last_name, s.first_name, s.id limit 25 offset ${offset}) p
       order by p.last_name, p.first_name, p.id`,
      params,
    );
  const teacherScope = `s.id in (select e.student_id from enrolments e
      join academic_years y on y.id = e.academic_year_id and y.is_current
      where e.status = 'active' and (e.class_id in (select so.class_id from subject_offerings so
        join offering_teachers ot on ot.offering_id = so.id where ot.educator_id = $1)
        or e.class_id in (select c.id from classes c where c.class_teacher_id = $1)))`;
  const search = "%oka%";
  // Sorted by class, and one level's students by admission number: the list's filters and sorts
  // against the same SQL by hand, in the list's shape (the page cut on ids and sort keys alone; the
  // class order from a ranked list of this year's classes; the level's students found once).
  const studentListFilterCases = async () => {
    const [{ levelId }] = (await selectRows<{ levelId: string }>(handle.db, sql`select id as "levelId" from class_levels where sequence = 2`)) as [{ levelId: string }];
    const currentYear = "(select y.id from academic_years y where y.is_current)";
    const classOf = `(select c.name from enrolments e join classes c on c.id = e.class_id
        join academic_years y on y.id = e.academic_year_id and y.is_current where e.student_id = s.id and e.status = 'active')`;
    return [
      {
        name: "Student list, admin, by class, page 150",
        what: "sorted by class in school order, then name: a deep page (offset 3,725)",
        ours: () => listStudents(handle.db, admin, { sort: "class", page: 150 }),
        floor: () =>
          raw.query(
            `select s.id, s.admission_number, s.first_name || ' ' || s.last_name as name, s.status, s.gender, p.total, ${classOf} as class_name
             from (select s.id, r.rank, s.last_name, s.first_name, count(*) over () as total
                   from students s
                   left join enrolments e on e.student_id = s.id and e.status = 'active' and e.academic_year_id = ${currentYear}
                   left join (select c.id, row_number() over (order by l.sequence, c.arm) as rank
                              from classes c join class_levels l on l.id = c.class_level_id
                              where c.academic_year_id = ${currentYear}) r on r.id = e.class_id
                   where s.status = 'active'
                   order by r.rank nulls last, s.last_name, s.first_name, s.id limit 25 offset 3725) p
             join students s on s.id = p.id
             order by p.rank nulls last, p.last_name, p.first_name, p.id`,
          ),
      },
      {
        name: "Student list, admin, one level by admission number",
        what: "a level filter (840 students) sorted by admission number, descending",
        ours: () => listStudents(handle.db, admin, { levelId, sort: "admissionNumber", direction: "desc" }),
        floor: () =>
          raw.query(
            `select s.id, s.admission_number, s.first_name || ' ' || s.last_name as name, s.status, s.gender, p.total, ${classOf} as class_name
             from (select s.id, lower(s.admission_number) as number_key, count(*) over () as total
                   from students s
                   where s.status = 'active' and s.id in (
                     select e.student_id from enrolments e join classes c on c.id = e.class_id
                     where e.status = 'active' and e.academic_year_id = ${currentYear} and c.class_level_id = $1 offset 0)
                   order by lower(s.admission_number) desc, s.id desc limit 25) p
             join students s on s.id = p.id
             order by p.number_key desc, p.id desc`,
            [levelId],
          ),
      },
    ];
  };
  const cases: Array<{ name: string; what: string; ours: () => Promise<unknown>; floor: () => Promise<unknown> }> = [
    {
      name: "Student list, admin, page 1",
      what: "25 of 5,000 by name, with current class and total",
      ours: () => listStudents(handle.db, admin, { page: 1 }),
      floor: floorList("true", [], 0),
    },
    {
      name: "Student list, admin, search",
      what: 'names or admission numbers containing "oka"',
      ours: () => listStudents(handle.db, admin, { search: "oka" }),
      floor: floorList(
        "(s.last_name ilike $1 or s.first_name ilike $1 or s.admission_number ilike $1 or s.first_name || ' ' || s.last_name ilike $1)",
        [search],
        0,
      ),
    },
    {
      name: "Student list, admin, page 150",
      what: "a deep page (offset 3,725)",
      ours: () => listStudents(handle.db, admin, { page: 150 }),
      floor: floorList("true", [], 3725),
    },
    {
      name: "Student list, teacher scope",
      what: "only the students a teacher teaches (one subject, one level)",
      ours: () => listStudents(handle.db, teacher, { page: 1 }),
      floor: floorList(teacherScope, [teacher.educatorId], 0),
    },
    ...(await studentListFilterCases()),
  ];
  for (const c of included("students") ? cases : []) {
    const ours = await measure(c.ours, iterations);
    const floor = await measure(c.floor, iterations);
    rows.push({ name: c.name, what: c.what, ours, floor, goal: c.name.startsWith("Student list, admin") ? "p50 ≤ 20 ms" : undefined });
    console.log(`${c.name}: p50 ${ours.median.toFixed(2)} ms (floor ${floor.median.toFixed(2)} ms)`);
  }
  console.log(`Seed: ${(seedMs / 1000).toFixed(1)} s (floor ${(seedFloorMs / 1000).toFixed(1)} s)`);

  // 3. Sign-in: the whole use case (throttle check, lookup, argon2id verify, session row, audit)
  //    against its floor, the argon2id verification alone at the same parameters.
  if (included("sign-in")) {
    const redis = config.REDIS_URL ? new Redis(config.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 }) : null;
    const limits = new RateLimits({ redis });
    const throttle: SignInThrottle = {
      assertAllowed: (email, ip) => limits.assertSignInAllowed({ email, ip }),
      recordFailure: (email, ip) => limits.recordSignInFailure({ email, ip }),
      recordSuccess: (email, ip) => limits.recordSignInSuccess({ email, ip }),
    };
    const [{ hash }] = (await selectRows<{ hash: string }>(handle.db, sql`select password_hash as hash from users where email = ${LARGE_ADMIN.email}`)) as [{ hash: string }];
    const signInIterations = Math.max(20, Math.floor(iterations / 5));
    const signInOurs = await measure(
      () => signInWithPassword(handle.db, { email: LARGE_ADMIN.email, password: LARGE_ADMIN.password }, { ip: "192.0.2.1", userAgent: "bench", throttle }),
      signInIterations,
      5,
    );
    const signInFloor = await measure(() => verifyPassword(hash, LARGE_ADMIN.password), signInIterations, 5);
    rows.push({
      name: "Sign-in",
      what: `throttle, lookup, argon2id verify (m=19456, t=2, p=1), session row, audit (${limits.backend} limits); floor: argon2id verify alone`,
      ours: signInOurs,
      floor: signInFloor,
      goal: "50–100 ms",
    });
    console.log(`Sign-in: p50 ${signInOurs.median.toFixed(1)} ms (argon2id alone ${signInFloor.median.toFixed(1)} ms)`);

    // 4. What the revocation check adds to every authenticated request: loading the actor with the
    //    session check (ours) against loading it without (floor). The difference is the cost.
    const session = await signInWithPassword(handle.db, { email: LARGE_ADMIN.email, password: LARGE_ADMIN.password }, { ip: "192.0.2.2", userAgent: "bench", throttle });
    const withCheck = await measure(() => loadActor(handle.db, session!.id, { sessionId: session!.sessionId, sessionVersion: session!.sessionVersion }), iterations);
    const withoutCheck = await measure(() => loadActor(handle.db, session!.id), iterations);
    rows.push({
      name: "Actor load with revocation check",
      what: "per authenticated request: roles, permissions, identities and the session row in one query; floor: the same without the session check",
      ours: withCheck,
      floor: withoutCheck,
      goal: "≤ 1 ms added at p50",
    });
    console.log(`Revocation check adds ${(withCheck.median - withoutCheck.median).toFixed(2)} ms at p50`);
    redis?.disconnect();
  }

  // 5. The gradebook: opening a 60-student grade sheet and saving 50 × 4 cells (bench/gradebook.ts).
  if (included("gradebook")) {
    const { benchmarkGradebook } = await import("./gradebook");
    rows.push(...(await benchmarkGradebook(handle, raw, iterations)));
  }

  // 6. Term results and positions for the whole school, against one hand-written ranking query (bench/results.ts).
  if (included("results")) {
    const { benchmarkResults } = await import("./results");
    rows.push(...(await benchmarkResults(handle, raw, iterations)));
  }

  // 7. Report cards as PDF: one card, and a class of 50 in one file (bench/report-cards.ts).
  if (included("report-cards")) {
    const { benchmarkReportCards } = await import("./report-cards");
    rows.push(...(await benchmarkReportCards(Math.min(iterations, 50))));
  }

  // 8. CSV import: 5,000 students with guardians through the data layer against raw multi-row
  //    INSERTs of the same rows (bench/imports.ts); a few runs, as each one writes ~25,000 rows.
  if (included("imports")) {
    const { benchmarkImport } = await import("./imports");
    for (const row of await benchmarkImport(handle, raw, admin, Math.min(iterations, 10))) {
      rows.push(row);
      console.log(`${row.name}: p50 ${(row.ours.median / 1000).toFixed(2)} s (floor ${(row.floor.median / 1000).toFixed(2)} s)`);
    }
  }

  // Document uploads: a 10 MB PDF through the upload path against a plain file copy, and memory
  // while 20 uploads run at once (bench/documents.ts).
  if (included("documents")) {
    const { benchmarkDocuments } = await import("./documents");
    rows.push(...(await benchmarkDocuments(handle, admin, iterations)));
  }

  // The cache in front of the report card page: without it, in-process, through Redis, and a
  // results-day hit rate (bench/cache.ts). It publishes a class and gives its parents sign-ins.
  if (included("cache")) {
    const { benchmarkCache } = await import("./cache");
    rows.push(...(await benchmarkCache(handle, raw, admin, iterations, config.REDIS_URL)));
  }

  // 9. End-of-year promotions for the whole school: every level's preview, the browser's planning
  //    function, and every level's run and undo against one hand-written INSERT … SELECT of the same
  //    enrolments (bench/promotions.ts). Last: it adds a next year and locks the terms while it runs.
  if (included("promotions")) {
    const { benchmarkPromotions } = await import("./promotions");
    rows.push(...(await benchmarkPromotions(handle, raw, iterations)));
  }
} finally {
  await raw.end();
  await handle.close();
}

if (only) console.log(`--only=${only.join(",")}: docs/benchmarks.md left as it is (a partial run)`);
else writeReport(rows);

function writeReport(results: Row[]): void {
  const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(2)} ms`);
  const pgVersion = fs.existsSync("/etc/postgresql") ? fs.readdirSync("/etc/postgresql").join(", ") : "unknown";
  const lines = [
    "# Benchmarks",
    "",
    "Generated by `npm run bench` (bench/run.ts); edit the script, not this file's tables.",
    "Each row times the data layer (ours) against the same result fetched by hand-written SQL over a",
    "plain `pg` pool (the floor), measured in the same run on the same database. The ratio is",
    "ours ÷ floor at the median: what validation, authorization and Drizzle cost on top of the query.",
    "Benchmarks never fail CI; they are here so regressions are seen.",
    "",
    `Run: ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC · Node ${process.version} · ` +
      `PostgreSQL ${pgVersion} on 127.0.0.1 · ${os.cpus().length} cores · ${iterations} timed iterations per query after warm-up.`,
    `Large school: ${LARGE_SCHOOL.students} students in ${LARGE_SCHOOL.levels * LARGE_SCHOOL.armsPerLevel} classes, ` +
      `${LARGE_SCHOOL.subjects} subjects, ${LARGE_SCHOOL.components} components, ${LARGE_SCHOOL.terms} terms.`,
    "",
    "| Benchmark | What | Goal | Ours p50 | Ours p95 | Floor p50 | Floor p95 | Ratio (p50) |",
    "|---|---|---|---:|---:|---:|---:|---:|",
    ...results.map(
      (r) =>
        `| ${r.name} | ${r.what} | ${r.goal ?? "–"} | ${fmt(r.ours.median)} | ${fmt(r.ours.p95)} | ${fmt(r.floor.median)} | ` +
        `${fmt(r.floor.p95)} | ${(r.ours.median / r.floor.median).toFixed(2)}× |`,
    ),
    "",
    "Seeding is timed once (p50 = p95 = the single run).",
    "",
  ];
  const target = path.join(process.cwd(), "docs", "benchmarks.md");
  const notesMarker = "## Notes";
  const previous = fs.existsSync(target) ? fs.readFileSync(target, "utf8") : "";
  const notes = previous.includes(notesMarker) ? previous.slice(previous.indexOf(notesMarker)) : "";
  fs.writeFileSync(target, lines.join("\n") + (notes ? `\n${notes}` : ""));
  console.log(`Wrote ${path.relative(process.cwd(), target)}`);
}
