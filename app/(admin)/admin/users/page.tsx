import { Pager } from "@/components/ui/pager";
import Link from "next/link";
import { getDb } from "@/lib/db";
import { roleDefinitions } from "@/lib/auth/permissions";
import { requirePageActor } from "@/lib/auth/session";
import { roleKeys, userStatuses } from "@/lib/db/schema";
import { listUsers } from "@/lib/server/accounts/list-users";
import { BulkInviteButton, InviteUserForm } from "./invite-forms";

export const metadata = { title: "Users" };

type Search = { search?: string; role?: string; status?: string; page?: string };

export default async function UsersPage({ searchParams }: { searchParams: Promise<Search> }) {
  const actor = await requirePageActor("admin");
  const params = await searchParams;
  const list = await listUsers(await getDb(), actor, params);
  const pages = Math.max(1, Math.ceil(list.total / list.pageSize));
  const pageLink = (page: number) => {
    const query = new URLSearchParams(Object.entries({ ...params, page: String(page) }).filter(([, v]) => v) as Array<[string, string]>);
    return `/admin/users?${query}`;
  };
  return (
    <>
      <h1 className="text-2xl font-semibold">Users</h1>
      <div className="mt-6 grid gap-8 lg:grid-cols-[2fr_1fr]">
        <div>
          <form method="get" className="flex flex-wrap items-end gap-3" role="search" aria-label="Find users">
            <div>
              <label htmlFor="search" className="block text-sm font-medium">Name or email</label>
              <input id="search" name="search" defaultValue={params.search} className="mt-1 rounded border border-slate-400 px-3 py-1.5" />
            </div>
            <div>
              <label htmlFor="role" className="block text-sm font-medium">Role</label>
              <select id="role" name="role" defaultValue={params.role ?? ""} className="mt-1 rounded border border-slate-400 bg-white px-3 py-1.5">
                <option value="">Any</option>
                {roleKeys.map((role) => (
                  <option key={role} value={role}>{roleDefinitions[role].name}</option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor="status" className="block text-sm font-medium">Status</label>
              <select id="status" name="status" defaultValue={params.status ?? ""} className="mt-1 rounded border border-slate-400 bg-white px-3 py-1.5">
                <option value="">Any</option>
                {userStatuses.map((status) => (
                  <option key={status} value={status}>{status}</option>
                ))}
              </select>
            </div>
            <button type="submit" className="rounded bg-slate-800 px-4 py-1.5 font-medium text-white">Find</button>
          </form>
          <div className="mt-4 overflow-x-auto">
            <table className="min-w-full divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm">
              <caption className="p-2 text-left text-slate-700">{list.total} accounts</caption>
              <thead className="bg-slate-100 text-left">
                <tr>
                  <th scope="col" className="px-3 py-2">Name</th>
                  <th scope="col" className="px-3 py-2">Email</th>
                  <th scope="col" className="px-3 py-2">Roles</th>
                  <th scope="col" className="px-3 py-2">Status</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {list.rows.map((user) => (
                  <tr key={user.id}>
                    <th scope="row" className="px-3 py-2 text-left font-medium">
                      <Link href={`/admin/users/${user.id}`} className="text-blue-800 underline">{user.name}</Link>
                    </th>
                    <td className="px-3 py-2">{user.email}</td>
                    <td className="px-3 py-2">{user.roles.map((r) => roleDefinitions[r].name).join(", ")}</td>
                    <td className="px-3 py-2">{user.status}{user.emailVerified ? "" : " · email not confirmed"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="mt-3 text-sm">Page {list.page} of {pages}</p>
          <Pager page={list.page} pages={pages} href={pageLink} />
        </div>
        <div className="space-y-8">
          <section aria-labelledby="invite-heading">
            <h2 id="invite-heading" className="text-lg font-semibold">Invite someone</h2>
            <InviteUserForm />
          </section>
          <section aria-labelledby="bulk-heading">
            <h2 id="bulk-heading" className="text-lg font-semibold">Invite all guardians</h2>
            <p className="text-sm text-slate-700">Emails an invitation to every guardian with an email address and no account yet.</p>
            <BulkInviteButton />
          </section>
        </div>
      </div>
    </>
  );
}
