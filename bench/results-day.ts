// Results day: many parents opening the same kind of page at once. Publishes a class's first term
// on the database a running AMS uses, signs in as the demo parent, and drives their child's report
// card page with autocannon (200 connections by default). Goal: ≥ 300 requests/s, p99 ≤ 300 ms,
// no errors. Nothing fails on the numbers; they are printed for docs/benchmarks.md.
//
//   createdb ams_results_day && DATABASE_URL=postgres://postgres@127.0.0.1:5432/ams_results_day \
//     PORT=3300 DATA_DIR=/tmp/ams-results-day npm start            # first terminal: seeds the demo school
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/ams_results_day BENCH_BASE_URL=http://localhost:3300 \
//     npm run bench:results-day                                     # second terminal
import autocannon from "autocannon";
import { sql } from "drizzle-orm";
import { openDatabase, selectRows } from "../lib/db/client";
import { DEMO_ACCOUNTS } from "../lib/db/seed";
import { loadActor } from "../lib/server/auth/load-actor";
import { publishTermResults } from "../lib/server/results/publish-term-results";

const base = process.env.BENCH_BASE_URL ?? "http://localhost:3300";
const connections = Number(process.env.BENCH_CONNECTIONS ?? 200);
const duration = Number(process.env.BENCH_SECONDS ?? 20);
const url = process.env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL must name the database the running AMS uses");

// 1. Publish the demo family's class for the first term (lock the term first, as a school would).
const handle = await openDatabase({ url, poolMax: 2 });
const [target] = await selectRows<{ adminId: string; studentId: string; classId: string; termId: string }>(
  handle.db,
  sql`select (select id from users where email = 'admin@school.test') as "adminId", e.student_id as "studentId", e.class_id as "classId",
             (select id from terms where sequence = 1 order by starts_on desc limit 1) as "termId"
      from enrolments e join students s on s.id = e.student_id
      where e.status = 'active' and s.id = (select student_id from guardian_students gs join guardians g on g.id = gs.guardian_id
                                            join users u on u.id = g.user_id where u.email = 'parent@school.test' order by gs.student_id limit 1)`,
);
if (!target) throw new Error("The demo school isn't seeded in this database");
await handle.db.execute(sql`update terms set scores_locked_at = coalesce(scores_locked_at, now()) where id = ${target.termId}`);
const admin = (await loadActor(handle.db, target.adminId))!;
const published = await publishTermResults(handle.db, admin, { termId: target.termId, classId: target.classId, reason: "Results-day benchmark" });
console.log(`Published: ${JSON.stringify(published)}`);
await handle.close();

// 2. Sign in as the demo parent over HTTP, as a browser would.
const jar = new Map<string, string>();
const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
const remember = (response: Response) => {
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const [name, ...value] = pair!.split("=");
    jar.set(name!.trim(), value.join("="));
  }
};
const parent = DEMO_ACCOUNTS.find((a) => a.role === "parent")!;
const csrf = await fetch(`${base}/api/auth/csrf`);
remember(csrf);
const { csrfToken } = (await csrf.json()) as { csrfToken: string };
remember(
  await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(), origin: base },
    body: new URLSearchParams({ email: parent.email, password: parent.password, csrfToken, json: "true" }),
  }),
);
const path = `/family/children/${target.studentId}/report-cards/${target.termId}`;
const check = await fetch(`${base}${path}`, { headers: { cookie: cookieHeader() }, redirect: "manual" });
if (check.status !== 200) throw new Error(`${path} answered ${check.status}; is the parent signed in?`);

// 3. The load: every connection asks for the same child's card, as one family refreshing would not,
//    but many families at once do (the same page shape, the same queries).
const result = await autocannon({ url: `${base}${path}`, connections, duration, headers: { cookie: cookieHeader() } });
const errors = result.errors + result.timeouts + result.non2xx;
console.log(
  `Report card page, ${connections} connections for ${duration} s: ${result.requests.average.toFixed(0)} requests/s, ` +
    `latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ${errors} errors (${result.non2xx} non-2xx)`,
);
