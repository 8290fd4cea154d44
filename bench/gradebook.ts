// The gradebook benchmarks on the large school: opening a 60-student grade sheet, and saving a
// 50-student × 4-component sheet, each against hand-written SQL doing the same work in the same run.
import { sql } from "drizzle-orm";
import type pg from "pg";
import { type DatabaseHandle, selectRows } from "../lib/db/client";
import { getGradeSheet } from "../lib/server/gradebook/get-grade-sheet";
import { saveScores } from "../lib/server/gradebook/save-scores";
import { loadActor } from "../lib/server/auth/load-actor";
import { measure, type Timing } from "./support";

type Row = { name: string; what: string; ours: Timing; floor: Timing; goal?: string };

export async function benchmarkGradebook(handle: DatabaseHandle, raw: pg.Pool, iterations: number): Promise<Row[]> {
  // The largest core offering of the current term, and a teacher of it.
  const [target] = await selectRows<{ offeringId: string; userId: string; students: number }>(
    handle.db,
    sql`select so.id as "offeringId", ed.user_id as "userId",
               (select count(*)::int from enrolments e where e.class_id = so.class_id and e.status = 'active') as students
        from subject_offerings so
        join subjects s on s.id = so.subject_id and s.kind = 'core'
        join terms t on t.id = so.term_id and t.is_current
        join offering_teachers ot on ot.offering_id = so.id
        join educators ed on ed.id = ot.educator_id and ed.user_id is not null
        order by students desc, so.id limit 1`,
  );
  if (!target) throw new Error("The large school has no offering with a teacher in the current term");
  const teacher = (await loadActor(handle.db, target.userId))!;
  const rows: Row[] = [];

  // 1. Opening the grid: access check, scheme and scale, roster, every stored cell.
  const open = await measure(() => getGradeSheet(handle.db, teacher, { offeringId: target.offeringId }), iterations);
  const openFloor = await measure(
    () =>
      raw.query(
        `select st.id, st.admission_number, st.last_name, st.first_name, sc.component_id, sc.mark, sc.value, sc.version
         from subject_offerings so
         join enrolments e on e.class_id = so.class_id and e.status = 'active'
         join students st on st.id = e.student_id
         left join scores sc on sc.offering_id = so.id and sc.student_id = st.id
         where so.id = $1
         order by st.last_name, st.first_name`,
        [target.offeringId],
      ),
    iterations,
  );
  rows.push({
    name: "Grade sheet, open",
    what: `${target.students} students × 4 components: access, scheme, scale, roster and cells; floor: roster and cells in one query`,
    ours: open,
    floor: openFloor,
    goal: "p50 ≤ 50 ms",
  });
  console.log(`Grade sheet open: p50 ${open.median.toFixed(2)} ms (floor ${openFloor.median.toFixed(2)} ms)`);

  // 2. Saving 50 students × 4 components, every cell changed each time (values alternate), against
  //    one raw multi-row upsert of the same 200 rows with the same version bump.
  const sheet = await getGradeSheet(handle.db, teacher, { offeringId: target.offeringId });
  const students = sheet.students.slice(0, 50);
  const versions = new Map<string, number>(Object.entries(sheet.cells).map(([key, cell]) => [key, cell.version]));
  let round = 0;
  const valueFor = (componentIndex: number, max: string) => String(Math.min(Number(max), (round % 2) + componentIndex + 1));
  const save = await measure(async () => {
    round++;
    const cells = students.flatMap((student) =>
      sheet.components.map((component, i) => ({
        studentId: student.id,
        componentId: component.id,
        raw: valueFor(i, component.maxScore),
        expectedVersion: versions.get(`${student.id}:${component.id}`) ?? 0,
      })),
    );
    const result = await saveScores(handle.db, teacher, { offeringId: target.offeringId, cells });
    if (result.conflicts.length > 0) throw new Error(`Unexpected conflicts in the save benchmark: ${result.conflicts.length}`);
    for (const cell of result.saved) versions.set(`${cell.studentId}:${cell.componentId}`, cell.version);
  }, Math.min(iterations, 100));
  const floor = await measure(async () => {
    round++;
    const params: unknown[] = [target.offeringId, target.userId];
    const values = students.flatMap((student) =>
      sheet.components.map((component, i) => {
        params.push(student.id, component.id, valueFor(i, component.maxScore));
        const n = params.length;
        return `($1, $${n - 2}::uuid, $${n - 1}::uuid, 'score', $${n}::numeric, 1, $2::uuid)`;
      }),
    );
    await raw.query(
      `insert into scores (offering_id, student_id, component_id, mark, value, version, updated_by) values ${values.join(", ")}
       on conflict (offering_id, student_id, component_id) do update
         set mark = excluded.mark, value = excluded.value, version = scores.version + 1, updated_by = excluded.updated_by, updated_at = now()`,
      params,
    );
  }, Math.min(iterations, 100));
  rows.push({
    name: "Grade sheet, save 50 × 4",
    what: "200 changed cells: validation, access and lock check, version compare, upsert and the audit record that is their history, one transaction; floor: one raw multi-row upsert",
    ours: save,
    floor,
    goal: "p50 ≤ 30 ms, ≤ 1.5× floor",
  });
  console.log(`Grade sheet save: p50 ${save.median.toFixed(2)} ms (floor ${floor.median.toFixed(2)} ms)`);
  return rows;
}
