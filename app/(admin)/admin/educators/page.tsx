import Link from "next/link";
import { Pager } from "@/components/ui/pager";
import { getDb } from "@/lib/db";
import { requirePageActor } from "@/lib/auth/session";
import { listEducators } from "@/lib/server/people/list-educators";
import { listDepartments } from "@/lib/server/school/departments";
import { educatorStatuses, educatorStatusLabels } from "@/lib/validation/people";

export const metadata = { title: "Educators" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function EducatorsPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requirePageActor("admin");
  const params = await searchParams;
  const filters = { search: first(params.search)?.slice(0, 100) ?? "", department: first(params.department) ?? "", status: first(params.status) ?? "" };
  const db = await getDb();
  // Unknown filters and page numbers in a hand-edited URL fall back to "any" and the first page.
  const [list, departments] = await Promise.all([
    listEducators(db, actor, {
      search: filters.search,
      departmentId: filters.department || undefined,
      status: educatorStatuses.find((status) => status === filters.status),
      page: first(params.page) ?? 1,
    }),
    listDepartments(db, actor),
  ]);
  const pages = Math.max(1, Math.ceil(list.total / list.pageSize));
  const pageHref = (page: number) => {
    const query = new URLSearchParams(Object.entries({ ...filters, page: String(page) }).filter(([, value]) => value));
    return `/admin/educators?${query}`;
  };

  return (
    <>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">Educators</h1>
        <Link href="/admin/educators/new" className="rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800">
          Add an educator
        </Link>
      </div>
      <form method="get" action="/admin/educators" role="search" aria-label="Find educators" className="mt-4 flex flex-wrap items-end gap-3">
        <div className="w-full sm:w-auto">
          <label htmlFor="educator-search" className="block text-sm font-medium">
            Name, staff number or email
          </label>
          <input
            id="educator-search"
            name="search"
            type="search"
            defaultValue={filters.search}
            className="mt-1 w-full rounded border border-slate-400 bg-white px-3 py-1.5 sm:w-64"
          />
        </div>
        <div>
          <label htmlFor="educator-department-filter" className="block text-sm font-medium">
            Department
          </label>
          <select
            id="educator-department-filter"
            name="department"
            defaultValue={filters.department}
            className="mt-1 rounded border border-slate-400 bg-white px-3 py-1.5"
          >
            <option value="">Any</option>
            {departments.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="educator-status-filter" className="block text-sm font-medium">
            Status
          </label>
          <select id="educator-status-filter" name="status" defaultValue={filters.status} className="mt-1 rounded border border-slate-400 bg-white px-3 py-1.5">
            <option value="">Any</option>
            {educatorStatuses.map((status) => (
              <option key={status} value={status}>
                {educatorStatusLabels[status]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="rounded bg-slate-800 px-4 py-1.5 font-medium text-white hover:bg-slate-900">
          Find
        </button>
      </form>
      <p className="mt-3 text-sm text-slate-700" aria-live="polite">
        {list.total === 0 ? "No educators match." : `${list.total} educator${list.total === 1 ? "" : "s"}, page ${Math.min(list.page, pages)} of ${pages}`}
      </p>
      <div className="mt-2 overflow-x-auto">
        <table className="min-w-full divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm">
          <caption className="sr-only">Educators, sorted by last name</caption>
          <thead className="bg-slate-100 text-left">
            <tr>
              <th scope="col" className="px-3 py-2">Name</th>
              <th scope="col" className="px-3 py-2">Staff number</th>
              <th scope="col" className="px-3 py-2">Department</th>
              <th scope="col" className="px-3 py-2">Email</th>
              <th scope="col" className="px-3 py-2">Status</th>
              <th scope="col" className="px-3 py-2">Sign-in account</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {list.rows.map((e) => (
              <tr key={e.id}>
                <th scope="row" className="px-3 py-2 text-left font-medium">
                  <Link className="text-blue-700 underline" href={`/admin/educators/${e.id}`}>
                    {e.name}
                  </Link>
                </th>
                <td className="px-3 py-2 font-mono">{e.staffNumber}</td>
                <td className="px-3 py-2">{e.department ?? "—"}</td>
                <td className="px-3 py-2 break-all">{e.email ?? "—"}</td>
                <td className="px-3 py-2">{educatorStatusLabels[e.status]}</td>
                <td className="px-3 py-2">{e.hasAccount ? "Linked" : "Not linked"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager page={list.page} pages={pages} href={pageHref} />
    </>
  );
}
