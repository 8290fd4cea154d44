import { getDb } from "@/lib/db";
import { requirePageActor } from "@/lib/auth/session";
import { listDepartments } from "@/lib/server/school/departments";
import { DepartmentForm } from "./department-form";

export const metadata = { title: "Departments" };

export default async function DepartmentsPage() {
  const actor = await requirePageActor("admin");
  const departments = await listDepartments(await getDb(), actor);
  return (
    <>
      <h1 className="text-2xl font-semibold">Departments</h1>
      <div className="mt-6 grid gap-8 lg:grid-cols-[2fr_1fr]">
        <div className="overflow-x-auto">
          <table className="min-w-full divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm">
            <caption className="sr-only">Departments of the school</caption>
            <thead className="bg-slate-100 text-left">
              <tr>
                <th scope="col" className="px-3 py-2">Code</th>
                <th scope="col" className="px-3 py-2">Name</th>
                <th scope="col" className="px-3 py-2">Head</th>
                <th scope="col" className="px-3 py-2 text-right">Subjects</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {departments.map((d) => (
                <tr key={d.id}>
                  <td className="px-3 py-2 font-mono">{d.code}</td>
                  <th scope="row" className="px-3 py-2 text-left font-medium">{d.name}</th>
                  <td className="px-3 py-2">{d.head ?? "—"}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{d.subjects}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <section aria-labelledby="new-department">
          <h2 id="new-department" className="text-lg font-semibold">Add a department</h2>
          <DepartmentForm />
        </section>
      </div>
    </>
  );
}
