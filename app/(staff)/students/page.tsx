import { Pager } from "@/components/ui/pager";
import Link from "next/link";
import { getDb } from "@/lib/db";
import { requirePageActor } from "@/lib/auth/session";
import { ValidationError } from "@/lib/errors";
import { listStudents } from "@/lib/server/students/list-students";

export const metadata = { title: "Students" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function StudentsPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requirePageActor();
  const params = await searchParams;
  const search = first(params.q)?.slice(0, 100) ?? "";
  const db = await getDb();
  // A hand-edited URL with a bad page number shows the first page instead of an error.
  const list = await listStudents(db, actor, { search, page: first(params.page) ?? 1 }).catch((error: unknown) => {
    if (error instanceof ValidationError) return listStudents(db, actor, { search });
    throw error;
  });
  const pages = Math.max(1, Math.ceil(list.total / list.pageSize));
  const pageHref = (page: number) => `/students?${new URLSearchParams({ ...(search ? { q: search } : {}), page: String(page) })}`;

  return (
    <>
      <h1 className="text-2xl font-semibold">Students</h1>
      <form role="search" action="/students" className="mt-4 flex max-w-lg gap-2">
        <label htmlFor="student-search" className="sr-only">
          Search by name or admission number
        </label>
        <input
          id="student-search"
          name="q"
          type="search"
          defaultValue={search}
          placeholder="Name or admission number"
          className="flex-1 rounded border border-slate-400 bg-white px-3 py-2"
        />
        <button type="submit" className="rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800">
          Search
        </button>
      </form>
      <p className="mt-3 text-sm text-slate-700" aria-live="polite">
        {list.total === 0 ? "No students match." : `${list.total} student${list.total === 1 ? "" : "s"}, page ${list.page} of ${pages}`}
      </p>
      <div className="mt-2 overflow-x-auto">
        <table className="min-w-full divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm">
          <thead className="bg-slate-100 text-left">
            <tr>
              <th scope="col" className="px-3 py-2">Name</th>
              <th scope="col" className="px-3 py-2">Admission number</th>
              <th scope="col" className="px-3 py-2">Class</th>
              <th scope="col" className="px-3 py-2">Status</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {list.rows.map((s) => (
              <tr key={s.id}>
                <th scope="row" className="px-3 py-2 text-left font-medium">
                  <Link className="text-blue-700 underline" href={`/students/${s.id}`}>
                    {s.name}
                  </Link>
                </th>
                <td className="px-3 py-2 font-mono">{s.admissionNumber}</td>
                <td className="px-3 py-2">{s.className ?? "—"}</td>
                <td className="px-3 py-2 capitalize">{s.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager page={list.page} pages={pages} href={pageHref} />
    </>
  );
}
