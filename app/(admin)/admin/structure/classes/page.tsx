import Link from "next/link";
import { InlineAction } from "@/components/structure/inline-action";
import { requirePageActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { listAcademicYears } from "@/lib/server/school/academic-years";
import { listClassLevels } from "@/lib/server/school/class-levels";
import { listClasses } from "@/lib/server/school/classes";
import { listActiveEducators } from "@/lib/server/school/structure-shared";
import { deleteClassAction } from "./actions";
import { ClassForm } from "./class-form";

export const metadata = { title: "Classes" };

export default async function ClassesPage({ searchParams }: { searchParams: Promise<{ year?: string; edit?: string }> }) {
  const actor = await requirePageActor("admin");
  const db = await getDb();
  const params = await searchParams;
  const years = await listAcademicYears(db, actor);
  const year = years.find((y) => y.id === params.year) ?? years.find((y) => y.isCurrent) ?? years[0];
  const [classes, levels, teachers] = year
    ? await Promise.all([listClasses(db, actor, year.id), listClassLevels(db, actor), listActiveEducators(db, actor)])
    : [[], [], []];
  const editing = classes.find((c) => c.id === params.edit);
  return (
    <>
      <p className="text-sm">
        <Link href="/admin/structure" className="text-blue-800 underline">School structure</Link>
      </p>
      <h1 className="mt-2 text-2xl font-semibold">Classes{year ? ` in ${year.name}` : ""}</h1>
      {!year ? (
        <p className="mt-4">
          There are no academic years yet. <Link href="/admin/structure/years" className="text-blue-800 underline">Add a year</Link> first.
        </p>
      ) : (
        <>
          <form method="get" className="mt-4 flex flex-wrap items-end gap-3" aria-label="Choose the year">
            <div>
              <label htmlFor="year" className="block text-sm font-medium">Academic year</label>
              <select id="year" name="year" defaultValue={year.id} className="mt-1 rounded border border-slate-400 bg-white px-3 py-2">
                {years.map((y) => (
                  <option key={y.id} value={y.id}>{y.name}{y.isCurrent ? " (current)" : ""}</option>
                ))}
              </select>
            </div>
            <button type="submit" className="rounded border border-slate-300 bg-white px-4 py-2 font-medium hover:bg-slate-100">Show</button>
          </form>
          <div className="mt-6 grid gap-8 lg:grid-cols-[2fr_1fr]">
            <div className="overflow-x-auto">
              {classes.length === 0 ? (
                <p className="text-sm">
                  {year.name} has no classes yet. Add them here, or copy last year&apos;s with the{" "}
                  <Link href="/admin/structure/new-year" className="text-blue-800 underline">new-year wizard</Link>.
                </p>
              ) : (
                <table className="min-w-full divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm">
                  <caption className="sr-only">Classes in {year.name}, by level</caption>
                  <thead className="bg-slate-100 text-left">
                    <tr>
                      <th scope="col" className="px-3 py-2">Class</th>
                      <th scope="col" className="px-3 py-2">Level</th>
                      <th scope="col" className="px-3 py-2">Class teacher</th>
                      <th scope="col" className="px-3 py-2 text-right">Students / places</th>
                      <th scope="col" className="px-3 py-2 text-right">Subject offerings</th>
                      <th scope="col" className="px-3 py-2"><span className="sr-only">Actions</span></th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100">
                    {classes.map((c) => (
                      <tr key={c.id} className={c.id === editing?.id ? "bg-blue-50" : undefined}>
                        <th scope="row" className="px-3 py-2 text-left font-medium">{c.name}</th>
                        <td className="px-3 py-2">{c.levelName}</td>
                        <td className="px-3 py-2">{c.classTeacher ?? <span className="text-amber-800">None yet</span>}</td>
                        <td className="px-3 py-2 text-right tabular-nums">{c.enrolled} / {c.capacity}</td>
                        <td className="px-3 py-2 text-right tabular-nums">{c.offerings}</td>
                        <td className="px-3 py-2">
                          <span className="flex flex-wrap items-center gap-2">
                            <Link href={`/admin/structure/classes?year=${year.id}&edit=${c.id}`} className="text-blue-800 underline">
                              Edit<span className="sr-only"> {c.name}</span>
                            </Link>
                            <Link href={`/admin/structure/offerings?class=${c.id}`} className="text-blue-800 underline">
                              Subjects<span className="sr-only"> of {c.name}</span>
                            </Link>
                            <InlineAction
                              action={deleteClassAction.bind(null, { id: c.id })}
                              label="Delete"
                              pendingLabel="Deleting…"
                              confirm={`Delete ${c.name}?`}
                              tone="danger"
                            />
                          </span>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </div>
            <section aria-labelledby="class-form-heading">
              <h2 id="class-form-heading" className="text-lg font-semibold">{editing ? `Edit ${editing.name}` : `Add a class to ${year.name}`}</h2>
              <ClassForm
                key={editing?.id ?? `new-${year.id}`}
                academicYearId={year.id}
                schoolClass={
                  editing
                    ? { id: editing.id, classLevelId: editing.classLevelId, arm: editing.arm, name: editing.name, capacity: editing.capacity, classTeacherId: editing.classTeacherId }
                    : undefined
                }
                levels={levels.map((l) => ({ value: l.id, label: l.name }))}
                teachers={teachers.map((e) => ({ value: e.id, label: e.department ? `${e.name} (${e.department})` : e.name }))}
              />
            </section>
          </div>
        </>
      )}
    </>
  );
}
