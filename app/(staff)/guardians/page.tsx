import Link from "next/link";
import { redirect } from "next/navigation";
import { Pager } from "@/components/ui/pager";
import { getDb } from "@/lib/db";
import { can, homePathFor } from "@/lib/auth/policy";
import { requirePageActor } from "@/lib/auth/session";
import { listGuardians } from "@/lib/server/people/list-guardians";

export const metadata = { title: "Guardians" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function GuardiansPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requirePageActor("admin", "staff");
  if (!can(actor, "guardians.manage")) redirect(homePathFor(actor));
  const params = await searchParams;
  const search = first(params.q)?.slice(0, 100) ?? "";
  const list = await listGuardians(await getDb(), actor, { search, page: first(params.page) ?? 1 });
  const pages = Math.max(1, Math.ceil(list.total / list.pageSize));
  const pageHref = (page: number) => `/guardians?${new URLSearchParams({ ...(search ? { q: search } : {}), page: String(page) })}`;

  return (
    <>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">Guardians</h1>
        <Link href="/guardians/new" className="rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800">
          Add a guardian
        </Link>
      </div>
      <form role="search" action="/guardians" className="mt-4 flex max-w-lg gap-2">
        <label htmlFor="guardian-search" className="sr-only">
          Search by name, email or phone
        </label>
        <input
          id="guardian-search"
          name="q"
          type="search"
          defaultValue={search}
          placeholder="Name, email or phone"
          className="min-w-0 flex-1 rounded border border-slate-400 bg-white px-3 py-2"
        />
        <button type="submit" className="rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800">
          Search
        </button>
      </form>
      <p className="mt-3 text-sm text-slate-700" aria-live="polite">
        {list.total === 0 ? "No guardians match." : `${list.total} guardian${list.total === 1 ? "" : "s"}, page ${Math.min(list.page, pages)} of ${pages}`}
      </p>
      <div className="mt-2 overflow-x-auto">
        <table className="min-w-full divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm">
          <caption className="sr-only">Guardians, sorted by last name</caption>
          <thead className="bg-slate-100 text-left">
            <tr>
              <th scope="col" className="px-3 py-2">Name</th>
              <th scope="col" className="px-3 py-2">Phone</th>
              <th scope="col" className="px-3 py-2">Email</th>
              <th scope="col" className="px-3 py-2 text-right">Children</th>
              <th scope="col" className="px-3 py-2">Parent account</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {list.rows.map((g) => (
              <tr key={g.id}>
                <th scope="row" className="px-3 py-2 text-left font-medium">
                  <Link className="text-blue-700 underline" href={`/guardians/${g.id}`}>
                    {g.name}
                  </Link>
                </th>
                <td className="px-3 py-2 whitespace-nowrap">{g.phone ?? "—"}</td>
                <td className="px-3 py-2 break-all">{g.email ?? "—"}</td>
                <td className="px-3 py-2 text-right tabular-nums">{g.children}</td>
                <td className="px-3 py-2">{g.hasAccount ? "Yes" : "No"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager page={list.page} pages={pages} href={pageHref} />
    </>
  );
}
