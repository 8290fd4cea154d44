// The end-of-year promotion benchmark on the large school (issue 8): every level's preview, the
// browser's planning function over all 5,000 students, and every level's run and undo, each level in
// its own transaction as an administrator would run them. The floor, in the same run: the same
// next-year enrolments written by one hand-written INSERT … SELECT (same arm, next level) with the
// matching UPDATEs of this year's enrolments and the graduates, in one transaction.
//
// It needs a next academic year with classes and this year's terms locked, so it creates them, and
// it removes them again at the end: run it after the other benchmarks, which expect the seeded school.
import { sql } from "drizzle-orm";
import type pg from "pg";
import type { Actor } from "../lib/auth/policy";
import { type DatabaseHandle, selectRows } from "../lib/db/client";
import { LARGE_ADMIN } from "../lib/db/seed-large";
import type { PromotionRules } from "../lib/domain/promotion";
import { planPromotion } from "../lib/domain/promotion-plan";
import { loadActor } from "../lib/server/auth/load-actor";
import { executePromotionRun } from "../lib/server/promotions/execute-promotion-run";
import { getPromotionPreview, type PromotionPreview } from "../lib/server/promotions/get-promotion-preview";
import { undoPromotionRun } from "../lib/server/promotions/undo-promotion-run";
import { computeTermResults } from "../lib/server/results/compute-term-results";
import { measure, type Timing } from "./support";

type Row = { name: string; what: string; ours: Timing; floor: Timing; goal?: string };
type Level = { id: string; name: string; isFinal: boolean; nextLevelId: string | null; students: number };

const NEXT_YEAR = { name: "2027/2028", startsOn: "2027-09-06", endsOn: "2028-07-14" } as const;
/** Everyone with results is promoted (or graduates), so no student is left for review and every level can run. */
const RUN_RULES: PromotionRules = { averageBasis: "year_average", minimumAverage: "0", requiredSubjectIds: [], maxFailedSubjects: null, otherwise: "repeat" };

/**
 * The preview's floor: the level's roster with each student's term averages and per-subject year
 * averages, read from the computed results in one query. What it leaves out is what the data layer
 * adds: the check that a subject was actually assessed (its scores), the per-term readiness counts,
 * the rules, next year's classes, the live run and its overrides.
 */
const PREVIEW_FLOOR_SQL = `
  with roster as (
    select e.student_id, c.id as class_id, c.name as class_name, c.arm
    from enrolments e join classes c on c.id = e.class_id
    where c.class_level_id = $1 and e.academic_year_id = $2 and e.status = 'active'
  ),
  year_terms as (select id from terms where academic_year_id = $2),
  term_figures as (
    select tr.student_id, jsonb_agg(jsonb_build_object('termId', tr.term_id, 'average', tr.average::text)) as figures
    from term_results tr join roster r on r.student_id = tr.student_id
    where tr.kind = 'term' and tr.term_id in (select id from year_terms)
    group by tr.student_id
  ),
  subject_figures as (
    select student_id, jsonb_agg(jsonb_build_object('subjectId', subject_id, 'yearAverage', year_average::text)) as subjects
    from (select sr.student_id, so.subject_id, avg(sr.total) as year_average
          from subject_results sr join roster r on r.student_id = sr.student_id
          join subject_offerings so on so.id = sr.offering_id
          where so.term_id in (select id from year_terms)
          group by sr.student_id, so.subject_id) x
    group by student_id
  )
  select r.student_id, st.last_name || ', ' || st.first_name as name, r.class_id, r.class_name, r.arm, tf.figures, sf.subjects
  from roster r join students st on st.id = r.student_id
  left join term_figures tf on tf.student_id = r.student_id
  left join subject_figures sf on sf.student_id = r.student_id
  order by r.class_name, st.last_name, st.first_name, st.id`;

type Statement = { text: string; values: unknown[] };

/**
 * The run's floor, for one level or (levelId undefined) the whole school: next year's enrolments in
 * the same arm of the next level, the graduates' statuses, then this year's enrolments closed.
 */
function floorStatements(thisYear: { id: string; name: string; endsOn: string }, toYearId: string, levelId?: string): Statement[] {
  const level = (n: number) => (levelId ? `and c.class_level_id = $${n}` : "");
  const scoped = (values: unknown[]) => (levelId ? [...values, levelId] : values);
  return [
    {
      text: `insert into enrolments (student_id, class_id, academic_year_id, status, enrolled_on)
             select e.student_id, nc.id, $2, 'active', $3::date
             from enrolments e
             join classes c on c.id = e.class_id
             join class_levels l on l.id = c.class_level_id
             join classes nc on nc.academic_year_id = $2 and nc.class_level_id = l.next_level_id and nc.arm = c.arm
             where e.academic_year_id = $1 and e.status = 'active' ${level(4)}`,
      values: scoped([thisYear.id, toYearId, NEXT_YEAR.startsOn]),
    },
    {
      text: `update students s set status = 'graduated', status_changed_on = $2::date, status_reason = 'Graduated from ' || l.name || ', ' || $3
             from enrolments e join classes c on c.id = e.class_id join class_levels l on l.id = c.class_level_id and l.is_final
             where s.id = e.student_id and e.academic_year_id = $1 and e.status = 'active' ${level(4)}`,
      values: scoped([thisYear.id, thisYear.endsOn, thisYear.name]),
    },
    {
      text: `update enrolments e set status = 'completed', left_on = greatest(e.enrolled_on, $2::date)
             from classes c where c.id = e.class_id and e.academic_year_id = $1 and e.status = 'active' ${level(3)}`,
      values: scoped([thisYear.id, thisYear.endsOn]),
    },
  ];
}

export async function benchmarkPromotions(handle: DatabaseHandle, raw: pg.Pool, iterations: number): Promise<Row[]> {
  const db = handle.db;
  const [found] = await selectRows<{ adminId: string; yearId: string; yearName: string; yearEndsOn: string }>(
    db,
    sql`select (select id from users where email = ${LARGE_ADMIN.email}) as "adminId", y.id as "yearId", y.name as "yearName", y.ends_on::text as "yearEndsOn"
        from academic_years y where y.is_current`,
  );
  if (!found?.adminId) throw new Error("The large school has no administrator or no current year");
  const admin = (await loadActor(db, found.adminId))!;
  const thisYear = { id: found.yearId, name: found.yearName, endsOn: found.yearEndsOn };

  // 1. Set-up, untimed. The seed stores scores, not results: compute every term the preview reads
  //    that isn't computed yet for every student (the results benchmark computes two of the three).
  const terms = await selectRows<{ id: string; name: string; withResults: number; students: number; lockedAt: string | null }>(
    db,
    sql`select t.id, t.name, t.scores_locked_at::text as "lockedAt",
               (select count(*)::int from term_results tr where tr.term_id = t.id and tr.kind = 'term') as "withResults",
               (select count(*)::int from enrolments e where e.academic_year_id = t.academic_year_id and e.status = 'active') as students
        from terms t where t.academic_year_id = ${thisYear.id} order by t.sequence`,
  );
  for (const term of terms.filter((t) => t.withResults < t.students)) {
    const started = performance.now();
    await computeTermResults(db, admin, { termId: term.id });
    console.log(`Promotions set-up: computed ${term.name}'s results in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  const [nextYear] = await selectRows<{ id: string }>(
    db,
    sql`insert into academic_years (name, starts_on, ends_on) values (${NEXT_YEAR.name}, ${NEXT_YEAR.startsOn}, ${NEXT_YEAR.endsOn}) returning id`,
  );
  const toYearId = nextYear!.id;
  // Next year's classes: the same levels and arms as this year's, so every student has a same-arm class.
  await db.execute(sql`insert into classes (academic_year_id, class_level_id, arm, name, capacity)
    select ${toYearId}, c.class_level_id, c.arm, c.name, c.capacity from classes c where c.academic_year_id = ${thisYear.id}`);
  await db.execute(sql`update terms set scores_locked_at = now() where academic_year_id = ${thisYear.id} and scores_locked_at is null`);
  // The state every run starts from, which the floor's restore (and, on failure, the clean-up) puts back.
  await raw.query("drop table if exists promotion_floor_enrolments, promotion_floor_students, promotion_expected");
  await raw.query("create table promotion_floor_enrolments as select id, status, left_on from enrolments where academic_year_id = $1", [thisYear.id]);
  await raw.query("create table promotion_floor_students as select id, status, status_changed_on, status_reason from students");
  await raw.query("analyze");

  const levels = await selectRows<Level>(
    db,
    sql`select l.id, l.name, l.is_final as "isFinal", l.next_level_id as "nextLevelId",
               (select count(*)::int from enrolments e join classes c on c.id = e.class_id
                where c.class_level_id = l.id and e.academic_year_id = ${thisYear.id} and e.status = 'active') as students
        from class_levels l order by l.sequence`,
  );
  const totalStudents = levels.reduce((n, l) => n + l.students, 0);
  const largest = levels.reduce((a, b) => (b.students > a.students ? b : a));
  const rows: Row[] = [];

  try {
    // 2. The preview: the largest level alone, and every level one after the other (the whole school).
    const previewRuns = Math.max(3, Math.min(iterations, 20));
    const previews = new Map<string, PromotionPreview>();
    for (const level of levels) {
      const preview = await getPromotionPreview(db, admin, { classLevelId: level.id });
      if (preview.blockers.length > 0 || preview.termsWithoutResults.length > 0 || preview.students.length !== level.students) {
        throw new Error(`${level.name}'s promotion isn't ready for the benchmark: ${[...preview.blockers, ...preview.termsWithoutResults].join(" ")} (${preview.students.length} of ${level.students} students)`);
      }
      previews.set(level.id, preview);
    }
    const previewFloor = (levelId: string) => raw.query(PREVIEW_FLOOR_SQL, [levelId, thisYear.id]);
    const oneOurs = await measure(() => getPromotionPreview(db, admin, { classLevelId: largest.id }), previewRuns, 2);
    const oneFloor = await measure(() => previewFloor(largest.id), previewRuns, 2);
    rows.push({
      name: "Promotion preview, largest level",
      what: `${largest.name}, ${largest.students} students: roster, term and subject year figures from computed results, readiness, next year's classes, run and overrides; floor: roster and figures in one query`,
      ours: oneOurs,
      floor: oneFloor,
      goal: "≤ 2 s",
    });
    const allOurs = await measure(async () => {
      for (const level of levels) await getPromotionPreview(db, admin, { classLevelId: level.id });
    }, previewRuns, 1);
    const allFloor = await measure(async () => {
      for (const level of levels) await previewFloor(level.id);
    }, previewRuns, 1);
    rows.push({
      name: "Promotion preview, every level",
      what: `the ${levels.length} levels' previews one after the other (${totalStudents} students); floor: the same query per level`,
      ours: allOurs,
      floor: allFloor,
      goal: "≤ 2 s",
    });
    console.log(`Promotion preview: largest level p50 ${oneOurs.median.toFixed(0)} ms (floor ${oneFloor.median.toFixed(0)} ms), every level ${allOurs.median.toFixed(0)} ms (floor ${allFloor.median.toFixed(0)} ms)`);

    // 3. The browser's recompute on a threshold change: planPromotion over every level's records,
    //    alternating two thresholds so each call decides afresh (some students fall short of 50).
    let round = 0;
    const thresholds = ["40", "50"];
    const planOurs = await measure(async () => {
      const rules: PromotionRules = { ...RUN_RULES, minimumAverage: thresholds[round++ % 2]!, otherwise: "review" };
      for (const preview of previews.values()) planPromotion({ ...preview, rules, classMap: {}, overrides: preview.overrides });
    }, iterations);
    const planFloor = await measure(async () => {
      const minimum = Number(thresholds[round++ % 2]);
      for (const preview of previews.values()) planByHand(preview, minimum);
    }, iterations);
    rows.push({
      name: "Promotion plan in the browser, every level",
      what: `planPromotion on ${totalStudents} students' records (exact decimals, reasons, targets, capacity); floor: a plain loop comparing floating-point averages and looking up the same-arm class`,
      ours: planOurs,
      floor: planFloor,
    });
    console.log(`Promotion plan (browser): p50 ${planOurs.median.toFixed(1)} ms for ${totalStudents} students (floor ${planFloor.median.toFixed(1)} ms)`);

    // 4. The run and its undo, every level, against the floor; ours and the floor alternate so noise
    //    falls on both, and each starts from the seeded state (undo or restore, then vacuum, untimed).
    const runs = Math.max(1, Math.min(iterations, 10));
    const run = await benchmarkRuns({ handle, raw, admin, levels, thisYear, toYearId, runs });
    rows.push(...run.rows);
    console.log(
      `Promotions: preview every level p50 ${(allOurs.median / 1000).toFixed(2)} s (largest level ${(oneOurs.median / 1000).toFixed(2)} s); ` +
        `run every level p50 ${(run.total.median / 1000).toFixed(2)} s against a floor of ${(run.floor.median / 1000).toFixed(2)} s ` +
        `(${(run.total.median / run.floor.median).toFixed(1)}×); undo ${(run.undo.median / 1000).toFixed(2)} s; ${totalStudents} students`,
    );
  } finally {
    // Back to the seeded school: no next year, no runs or promotion emails, the terms as they were.
    // (Computed results and the audit log's append-only entries stay, as after the results benchmark.)
    await raw.query("delete from promotion_runs where from_academic_year_id = $1", [thisYear.id]);
    await raw.query("delete from email_outbox where idempotency_key like 'promotion:%'");
    await inTransaction(raw, restoreStatements(thisYear.id, toYearId));
    await raw.query("delete from classes where academic_year_id = $1", [toYearId]);
    await raw.query("delete from academic_years where id = $1", [toYearId]);
    await raw.query("update terms set scores_locked_at = null where academic_year_id = $1 and not (id = any($2::uuid[]))", [
      thisYear.id,
      terms.filter((t) => t.lockedAt !== null).map((t) => t.id),
    ]);
    await raw.query("drop table if exists promotion_floor_enrolments, promotion_floor_students, promotion_expected");
    await raw.query("vacuum (analyze) enrolments, students, promotion_decisions, promotion_runs, email_outbox");
  }
  return rows;
}

async function benchmarkRuns(options: {
  handle: DatabaseHandle;
  raw: pg.Pool;
  admin: Actor;
  levels: Level[];
  thisYear: { id: string; name: string; endsOn: string };
  toYearId: string;
  runs: number;
}): Promise<{ rows: Row[]; total: Timing; floor: Timing; undo: Timing }> {
  const { handle, raw, admin, levels, thisYear, toYearId, runs } = options;
  const db = handle.db;
  const finalLevel = levels.find((l) => l.isFinal);
  const promoted = levels.filter((l) => !l.isFinal).reduce((n, l) => n + l.students, 0);
  const graduating = finalLevel?.students ?? 0;

  const assertSeeded = async (when: string) => {
    const { rows } = await raw.query<{ changed: number }>(
      `select (select count(*)::int from enrolments where academic_year_id = $1)
            + (select count(*)::int from enrolments e join promotion_floor_enrolments p on p.id = e.id where (e.status, e.left_on) is distinct from (p.status, p.left_on))
            + (select count(*)::int from students s join promotion_floor_students p on p.id = s.id where s.status is distinct from p.status) as changed`,
      [toYearId],
    );
    if (rows[0]!.changed !== 0) throw new Error(`Promotion benchmark: ${rows[0]!.changed} rows differ from the seeded state ${when}`);
  };
  // Each round starts from tables as a school would have them, not from the last round's dead rows.
  const vacuum = () => raw.query("vacuum (analyze) enrolments, students, promotion_decisions, promotion_runs, email_outbox");
  const floorRestore = () => inTransaction(raw, restoreStatements(thisYear.id, toYearId));
  // What ours created, to compare the floor's rows with (once, in the warm-up round).
  const checkSameAsOurs = async (what: string) => {
    const { rows } = await raw.query<{ missing: number; extra: number; graduated: number }>(
      `select (select count(*)::int from (select student_id, class_id from promotion_expected
                                          except select student_id, class_id from enrolments where academic_year_id = $1) x) as missing,
              (select count(*)::int from (select student_id, class_id from enrolments where academic_year_id = $1
                                          except select student_id, class_id from promotion_expected) x) as extra,
              (select count(*)::int from students s join promotion_floor_students p on p.id = s.id where s.status = 'graduated' and p.status <> 'graduated') as graduated`,
      [toYearId],
    );
    const r = rows[0]!;
    if (r.missing + r.extra > 0 || r.graduated !== graduating) {
      throw new Error(`Promotion benchmark: ${what} differs from the data layer's run (${r.missing} missing, ${r.extra} extra, ${r.graduated} graduated)`);
    }
  };

  const perLevel = new Map(levels.map((l) => [l.id, { ours: [] as number[], floor: [] as number[] }]));
  const totals: number[] = [];
  const undos: number[] = [];
  const floorTotals: number[] = [];
  const floorPerLevelTotals: number[] = [];
  const floorUndos: number[] = [];
  await assertSeeded("before the first run");
  // Round 0 warms caches and plans and checks the results; it is not counted.
  for (let round = 0; round <= runs; round++) {
    const counted = round > 0;
    // Ours: each level's run in its own transaction, as the preview page runs them.
    const runIds: string[] = [];
    let started = performance.now();
    for (const level of levels) {
      const levelStarted = performance.now();
      const outcome = await executePromotionRun(db, admin, { classLevelId: level.id, rules: RUN_RULES, classMap: {}, allowOverCapacity: false });
      if (outcome.status !== "executed") throw new Error(`Promotion benchmark: ${level.name} was not executed: ${outcome.message}`);
      if (counted) perLevel.get(level.id)!.ours.push(performance.now() - levelStarted);
      runIds.push(outcome.runId);
    }
    if (counted) totals.push(performance.now() - started);
    if (!counted) {
      const { rows } = await raw.query<{ created: number; graduated: number }>(
        `select (select count(*)::int from enrolments where academic_year_id = $1) as created,
                (select count(*)::int from students s join promotion_floor_students p on p.id = s.id where s.status = 'graduated' and p.status <> 'graduated') as graduated`,
        [toYearId],
      );
      if (rows[0]!.created !== promoted || rows[0]!.graduated !== graduating) {
        throw new Error(`Promotion benchmark: the run created ${rows[0]!.created} of ${promoted} enrolments and graduated ${rows[0]!.graduated}`);
      }
      await raw.query("create table promotion_expected as select student_id, class_id from enrolments where academic_year_id = $1", [toYearId]);
    }
    started = performance.now();
    for (const runId of runIds) await undoPromotionRun(db, admin, { runId, reason: "Benchmark reset" });
    if (counted) undos.push(performance.now() - started);
    // Undone runs stay on record with their decisions and the emails they queued; gone before the next round.
    await raw.query("delete from promotion_runs where from_academic_year_id = $1", [thisYear.id]);
    await raw.query("delete from email_outbox where idempotency_key like 'promotion:%'");
    await vacuum();
    await assertSeeded("after undoing the data layer's run");

    // The floor, the whole school in one transaction; its restore is the undo's floor.
    started = performance.now();
    await inTransaction(raw, floorStatements(thisYear, toYearId));
    if (counted) floorTotals.push(performance.now() - started);
    if (!counted) await checkSameAsOurs("the floor");
    started = performance.now();
    await floorRestore();
    if (counted) floorUndos.push(performance.now() - started);
    await vacuum();

    // The floor again, one transaction per level, for the per-level rows.
    started = performance.now();
    for (const level of levels) {
      const levelStarted = performance.now();
      await inTransaction(raw, floorStatements(thisYear, toYearId, level.id));
      if (counted) perLevel.get(level.id)!.floor.push(performance.now() - levelStarted);
    }
    if (counted) floorPerLevelTotals.push(performance.now() - started);
    if (!counted) await checkSameAsOurs("the per-level floor");
    await floorRestore();
    await vacuum();
    await assertSeeded(`after the floor's restore (round ${round})`);
  }

  const total = summarise(totals);
  const floor = summarise(floorTotals);
  const undo = summarise(undos);
  const rows: Row[] = [
    {
      name: "Promotion run, every level",
      what:
        `${levels.length} levels, one transaction each: ${promoted} students promoted into next year's same-arm classes, ${graduating} graduated; ` +
        `decisions with prior state, enrolments, statuses, ${promoted + graduating} parent emails, audit; ` +
        `floor: one INSERT … SELECT of the enrolments and the UPDATEs of this year's and the graduates, one transaction (${runs} timed runs)`,
      ours: total,
      floor,
      goal: "≤ 10 s and ≤ 3× floor",
    },
    ...levels.map((level) => {
      const times = perLevel.get(level.id)!;
      return {
        name: `Promotion run, ${level.name}`,
        what: `${level.students} students ${level.isFinal ? "graduate (updates only)" : "promoted"}; floor: the same statements for this level, one transaction`,
        ours: summarise(times.ours),
        floor: summarise(times.floor),
      };
    }),
    {
      name: "Promotion undo, every level",
      what: "each level's run undone in its own transaction: next year's enrolments deleted, enrolments and statuses restored from the recorded prior state; floor: the same delete and restore from a saved copy, one transaction",
      ours: undo,
      floor: summarise(floorUndos),
    },
  ];
  for (const row of rows) console.log(`${row.name}: p50 ${row.ours.median.toFixed(0)} ms, p95 ${row.ours.p95.toFixed(0)} ms (floor ${row.floor.median.toFixed(0)} ms, ${(row.ours.median / row.floor.median).toFixed(1)}×)`);
  console.log(`Promotion floor, per level in ${levels.length} transactions: p50 ${summarise(floorPerLevelTotals).median.toFixed(0)} ms`);
  return { rows, total, floor, undo };
}

/** The least a browser could do on a threshold change: floating-point averages against the minimum, and the same-arm class. */
function planByHand(preview: PromotionPreview, minimum: number): Record<string, number> {
  const classByLevelArm = new Map(preview.nextYearClasses.map((c) => [`${c.classLevelId}:${c.arm}`, c.id]));
  const counts: Record<string, number> = { promote: 0, graduate: 0, review: 0, withoutClass: 0, failedSubjects: 0 };
  for (const student of preview.students) {
    let sum = 0;
    let terms = 0;
    for (const term of student.record.termAverages) {
      if (term.average === null) continue;
      sum += Number(term.average);
      terms++;
    }
    let failed = 0;
    for (const subject of student.record.subjects) if (subject.yearAverage !== null && Number(subject.yearAverage) < Number(subject.passMark)) failed++;
    const outcome = terms === 0 || sum / terms < minimum ? "review" : preview.level.isFinal ? "graduate" : "promote";
    counts[outcome]!++;
    counts.failedSubjects! += failed;
    if (outcome === "promote" && !classByLevelArm.has(`${preview.level.nextLevelId}:${student.arm}`)) counts.withoutClass!++;
  }
  return counts;
}

/** The floor's restore, also the clean-up's: next year's enrolments gone, this year's and the students' statuses as saved. */
function restoreStatements(thisYearId: string, toYearId: string): Statement[] {
  return [
    { text: "delete from enrolments where academic_year_id = $1", values: [toYearId] },
    {
      text: `update enrolments e set status = p.status, left_on = p.left_on from promotion_floor_enrolments p
             where e.id = p.id and e.academic_year_id = $1 and (e.status, e.left_on) is distinct from (p.status, p.left_on)`,
      values: [thisYearId],
    },
    {
      text: `update students s set status = p.status, status_changed_on = p.status_changed_on, status_reason = p.status_reason
             from promotion_floor_students p where s.id = p.id and s.status is distinct from p.status`,
      values: [],
    },
  ];
}

async function inTransaction(raw: pg.Pool, statements: Statement[]): Promise<void> {
  const client = await raw.connect();
  try {
    await client.query("begin");
    for (const statement of statements) await client.query(statement.text, statement.values);
    await client.query("commit");
  } catch (error) {
    await client.query("rollback");
    throw error;
  } finally {
    client.release();
  }
}

function summarise(durations: number[]): Timing {
  const sorted = [...durations].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { samples: sorted.length, median: at(0.5), p95: at(0.95), min: sorted[0]! };
}
