import Link from "next/link";
import { InlineAction } from "@/components/structure/inline-action";
import { requirePageActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { listDepartments } from "@/lib/server/school/departments";
import { listSubjects } from "@/lib/server/school/subjects";
import { deleteSubjectAction } from "./actions";
import { SubjectForm } from "./subject-form";

export const metadata = { title: "Subjects" };

export default async function SubjectsPage({ searchParams }: { searchParams: Promise<{ edit?: string }> }) {
  const actor = await requirePageActor("admin");
  const db = await getDb();
  const { edit } = await searchParams;
  const [subjects, departments] = await Promise.all([listSubjects(db, actor), listDepartments(db, actor)]);
  const editing = subjects.find((s) => s.id === edit);
  return (
    <>
      <p className="text-sm">
        <Link href="/admin/structure" className="text-blue-800 underline">School structure</Link>
      </p>
      <h1 className="mt-2 text-2xl font-semibold">Subjects</h1>
      <div className="mt-6 grid gap-8 lg:grid-cols-[2fr_1fr]">
        <div className="overflow-x-auto">
          <table className="min-w-full divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm">
            <caption className="sr-only">Subjects, by name</caption>
            <thead className="bg-slate-100 text-left">
              <tr>
                <th scope="col" className="px-3 py-2">Code</th>
                <th scope="col" className="px-3 py-2">Subject</th>
                <th scope="col" className="px-3 py-2">Department</th>
                <th scope="col" className="px-3 py-2">Taken by</th>
                <th scope="col" className="px-3 py-2 text-right">Credit units</th>
                <th scope="col" className="px-3 py-2 text-right">Class offerings</th>
                <th scope="col" className="px-3 py-2"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {subjects.map((s) => (
                <tr key={s.id} className={s.id === editing?.id ? "bg-blue-50" : undefined}>
                  <td className="px-3 py-2 font-mono">{s.code}</td>
                  <th scope="row" className="px-3 py-2 text-left font-medium">{s.name}</th>
                  <td className="px-3 py-2">{s.departmentName ?? "—"}</td>
                  <td className="px-3 py-2">{s.kind === "core" ? "Every student" : "Chosen (elective)"}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{s.creditUnits}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{s.offerings}</td>
                  <td className="px-3 py-2">
                    <span className="flex flex-wrap items-center gap-2">
                      <Link href={`/admin/structure/subjects?edit=${s.id}`} className="text-blue-800 underline">
                        Edit<span className="sr-only"> {s.name}</span>
                      </Link>
                      <InlineAction
                        action={deleteSubjectAction.bind(null, { id: s.id })}
                        label="Delete"
                        pendingLabel="Deleting…"
                        confirm={`Delete ${s.name}?`}
                        tone="danger"
                      />
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <section aria-labelledby="subject-form-heading">
          <h2 id="subject-form-heading" className="text-lg font-semibold">{editing ? `Edit ${editing.name}` : "Add a subject"}</h2>
          <SubjectForm
            key={editing?.id ?? "new"}
            subject={
              editing
                ? { id: editing.id, code: editing.code, name: editing.name, departmentId: editing.departmentId, kind: editing.kind, creditUnits: editing.creditUnits }
                : undefined
            }
            departments={departments.map((d) => ({ value: d.id, label: d.name }))}
          />
        </section>
      </div>
    </>
  );
}
