import Link from "next/link";
import { InlineAction } from "@/components/structure/inline-action";
import { getDb } from "@/lib/db";
import { requirePageActor } from "@/lib/auth/session";
import { listDepartments } from "@/lib/server/school/departments";
import { listActiveEducators } from "@/lib/server/school/structure-shared";
import { deleteDepartmentAction } from "./actions";
import { DepartmentEditForm } from "./department-edit-form";
import { DepartmentForm } from "./department-form";

export const metadata = { title: "Departments" };

export default async function DepartmentsPage({ searchParams }: { searchParams: Promise<{ edit?: string }> }) {
  const actor = await requirePageActor("admin");
  const db = await getDb();
  const { edit } = await searchParams;
  const [departments, teachers] = await Promise.all([listDepartments(db, actor), listActiveEducators(db, actor)]);
  const editing = departments.find((d) => d.id === edit);
  return (
    <>
      <p className="text-sm">
        <Link href="/admin/structure" className="text-blue-800 underline">School structure</Link>
      </p>
      <h1 className="mt-2 text-2xl font-semibold">Departments</h1>
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
                <th scope="col" className="px-3 py-2 text-right">Teachers</th>
                <th scope="col" className="px-3 py-2"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {departments.map((d) => (
                <tr key={d.id} className={d.id === editing?.id ? "bg-blue-50" : undefined}>
                  <td className="px-3 py-2 font-mono">{d.code}</td>
                  <th scope="row" className="px-3 py-2 text-left font-medium">{d.name}</th>
                  <td className="px-3 py-2">{d.head ?? "—"}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{d.subjects}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{d.educators}</td>
                  <td className="px-3 py-2">
                    <span className="flex flex-wrap items-center gap-2">
                      <Link href={`/admin/departments?edit=${d.id}`} className="text-blue-800 underline">
                        Edit<span className="sr-only"> {d.name}</span>
                      </Link>
                      <InlineAction
                        action={deleteDepartmentAction.bind(null, { id: d.id })}
                        label="Delete"
                        pendingLabel="Deleting…"
                        confirm={`Delete ${d.name}?`}
                        tone="danger"
                      />
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {editing ? (
          <section aria-labelledby="edit-department">
            <h2 id="edit-department" className="text-lg font-semibold">Edit {editing.name}</h2>
            <DepartmentEditForm
              key={editing.id}
              department={{ id: editing.id, code: editing.code, name: editing.name, headEducatorId: editing.headEducatorId }}
              teachers={teachers.map((e) => ({ value: e.id, label: e.department ? `${e.name} (${e.department})` : e.name }))}
            />
          </section>
        ) : (
          <section aria-labelledby="new-department">
            <h2 id="new-department" className="text-lg font-semibold">Add a department</h2>
            <DepartmentForm />
          </section>
        )}
      </div>
    </>
  );
}
