import { Pager } from "@/components/ui/pager";
// The audit trail. Filters live in the URL (a plain GET form), so a filtered view can be shared
// and the back button steps through earlier searches.
import Link from "next/link";
import { requirePageActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { type FieldErrors, ValidationError } from "@/lib/errors";
import { type AuditLogEntry, type AuditLogPage, type JsonValue, listAuditActions, listAuditLog } from "@/lib/server/audit/list-audit-log";

export const metadata = { title: "Audit trail" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

const timeFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });

type Filters = { user: string; action: string; type: string; from: string; to: string };
const filterNames = ["user", "action", "type", "from", "to"] as const satisfies readonly (keyof Filters)[];

export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requirePageActor("admin");
  const params = await searchParams;
  const filters = Object.fromEntries(filterNames.map((name) => [name, (first(params[name]) ?? "").slice(0, 400)])) as Filters;
  const query = { user: filters.user, action: filters.action, entityType: filters.type, from: filters.from, to: filters.to };
  const db = await getDb();
  const actions = await listAuditActions(db, actor);

  let list: AuditLogPage | null = null;
  let fieldErrors: FieldErrors = {};
  try {
    list = await listAuditLog(db, actor, { ...query, page: first(params.page) });
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const { page: _page, ...filterErrors } = error.fieldErrors;
    // A hand-edited page number alone shows the first page; a bad filter is shown at its field.
    if (Object.keys(filterErrors).length === 0) list = await listAuditLog(db, actor, query);
    else fieldErrors = { ...filterErrors, type: filterErrors.entityType ?? [] };
  }

  const pages = list ? Math.max(1, Math.ceil(list.total / list.pageSize)) : 1;
  const pageHref = (page: number) => {
    const kept = Object.entries(filters).filter(([, value]) => value !== "");
    return `/admin/audit?${new URLSearchParams([...kept, ["page", String(page)]])}`;
  };
  const errorFor = (name: keyof Filters) => fieldErrors[name]?.[0];

  return (
    <>
      <h1 className="text-2xl font-semibold">Audit trail</h1>
      <p className="mt-2 max-w-3xl text-slate-700">
        Every change to grades, promotions, roles, documents and accounts, newest first. Dates and times are in UTC.
      </p>

      <form action="/admin/audit" method="get" className="mt-4 rounded-lg border border-slate-200 bg-white p-4" aria-labelledby="audit-filters">
        <h2 id="audit-filters" className="text-lg font-semibold">
          Filter entries
        </h2>
        {list === null ? (
          <p role="alert" className="mt-2 text-sm text-red-800">
            Some filters need attention; they are marked below.
          </p>
        ) : null}
        <div className="mt-3 grid gap-3 sm:grid-cols-2 lg:grid-cols-5">
          <FilterInput name="user" label="User" hint="Name, email or user id" defaultValue={filters.user} error={errorFor("user")} type="search" />
          <div>
            <label htmlFor="filter-action" className="block text-sm font-medium text-slate-800">
              Action
            </label>
            <p id="filter-action-hint" className="text-sm text-slate-600">
              One action, or a whole kind
            </p>
            <select
              id="filter-action"
              name="action"
              defaultValue={filters.action}
              aria-invalid={errorFor("action") ? true : undefined}
              aria-describedby={errorFor("action") ? "filter-action-hint filter-action-error" : "filter-action-hint"}
              className="mt-1 block w-full rounded border border-slate-400 bg-white px-3 py-2 aria-[invalid]:border-red-700"
            >
              <option value="">Any action</option>
              <ActionOptions actions={actions} selected={filters.action} />
            </select>
            {errorFor("action") ? (
              <p id="filter-action-error" className="mt-1 text-sm text-red-800">
                {errorFor("action")}
              </p>
            ) : null}
          </div>
          <FilterInput name="type" label="Record type" hint="For example user or department" defaultValue={filters.type} error={errorFor("type")} />
          <FilterInput name="from" label="From" hint="First day included" defaultValue={filters.from} error={errorFor("from")} type="date" />
          <FilterInput name="to" label="To" hint="Last day included" defaultValue={filters.to} error={errorFor("to")} type="date" />
        </div>
        <div className="mt-4 flex flex-wrap items-center gap-3">
          <button type="submit" className="rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700">
            Show entries
          </button>
          <Link href="/admin/audit" className="text-blue-700 underline">
            Clear filters
          </Link>
        </div>
      </form>

      {list ? (
        <>
          <p className="mt-4 text-sm text-slate-700" aria-live="polite">
            {list.total === 0
              ? "No entries match."
              : `${list.total} entr${list.total === 1 ? "y" : "ies"}, ${list.page <= pages ? `page ${list.page} of ${pages}` : `past the last page (${pages})`}`}
          </p>
          {list.entries.length > 0 ? <AuditTable entries={list.entries} /> : null}
          <Pager page={list.page} pages={pages} href={pageHref} />
        </>
      ) : null}
    </>
  );
}

function FilterInput({
  name,
  label,
  hint,
  error,
  defaultValue,
  type = "text",
}: {
  name: keyof Filters;
  label: string;
  hint: string;
  error: string | undefined;
  defaultValue: string;
  type?: "text" | "search" | "date";
}) {
  const id = `filter-${name}`;
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <p id={`${id}-hint`} className="text-sm text-slate-600">
        {hint}
      </p>
      <input
        id={id}
        name={name}
        type={type}
        defaultValue={defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`}
        className="mt-1 block w-full rounded border border-slate-400 bg-white px-3 py-2 aria-[invalid]:border-red-700"
      />
      {error ? (
        <p id={`${id}-error`} className="mt-1 text-sm text-red-800">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** Actions grouped by kind ("auth.signed_in" under "auth"), each kind selectable as a whole. */
function ActionOptions({ actions, selected }: { actions: string[]; selected: string }) {
  const kinds = new Map<string, string[]>();
  for (const action of actions) {
    const kind = action.includes(".") ? action.slice(0, action.indexOf(".")) : action;
    kinds.set(kind, [...(kinds.get(kind) ?? []), action]);
  }
  // A shared link may name an action with no entries (yet); keep it selectable so the form shows it.
  const unknown = selected && !actions.includes(selected) && !kinds.has(selected.replace(/\.$/, "")) ? selected : null;
  return (
    <>
      {unknown ? <option value={unknown}>{unknown}</option> : null}
      {[...kinds].map(([kind, members]) => (
        <optgroup key={kind} label={kind}>
          {members.some((m) => m.startsWith(`${kind}.`)) ? <option value={`${kind}.`}>All {kind} actions</option> : null}
          {members.map((action) => (
            <option key={action} value={action}>
              {action}
            </option>
          ))}
        </optgroup>
      ))}
    </>
  );
}

function AuditTable({ entries }: { entries: AuditLogEntry[] }) {
  return (
    <div className="mt-2 overflow-x-auto">
      <table className="min-w-full divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm">
        <caption className="sr-only">Audit trail entries, newest first</caption>
        <thead className="bg-slate-100 text-left">
          <tr>
            <th scope="col" className="px-3 py-2">When (UTC)</th>
            <th scope="col" className="px-3 py-2">Who</th>
            <th scope="col" className="px-3 py-2">Action</th>
            <th scope="col" className="px-3 py-2">Record</th>
            <th scope="col" className="px-3 py-2">Details</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 align-top">
          {entries.map((entry) => (
            <tr key={entry.id}>
              <th scope="row" className="px-3 py-2 text-left font-normal whitespace-nowrap">
                <time dateTime={entry.occurredAt}>{timeFormat.format(new Date(entry.occurredAt))}</time>
              </th>
              <td className="px-3 py-2">
                <span className="font-medium">{entry.actorName}</span>
                {entry.actorEmail ? <span className="block break-all text-slate-600">{entry.actorEmail}</span> : null}
              </td>
              <td className="px-3 py-2 font-mono break-all">{entry.action}</td>
              <td className="px-3 py-2">
                <span>{entry.entityType}</span>
                <span className="block font-mono text-xs break-all text-slate-600">{entry.entityId}</span>
              </td>
              <td className="min-w-64 px-3 py-2">
                {entry.reason ? <p>{entry.reason}</p> : null}
                {entry.before !== null || entry.after !== null ? (
                  <details className="mt-1">
                    <summary className="cursor-pointer text-blue-700 underline focus-visible:outline-2 focus-visible:outline-blue-700">
                      Before and after
                    </summary>
                    <JsonBlock label="Before" value={entry.before} />
                    <JsonBlock label="After" value={entry.after} />
                  </details>
                ) : null}
                {entry.requestId ? <p className="mt-1 font-mono text-xs break-all text-slate-600">Request {entry.requestId}</p> : null}
                {!entry.reason && entry.before === null && entry.after === null && !entry.requestId ? <span className="text-slate-600">—</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function JsonBlock({ label, value }: { label: string; value: JsonValue | null }) {
  return (
    <div className="mt-2">
      <p className="text-xs font-medium text-slate-600">{label}</p>
      {value === null ? (
        <p className="text-slate-600">Nothing recorded</p>
      ) : (
        <pre className="mt-1 max-h-80 overflow-auto rounded bg-slate-50 p-2 font-mono text-xs whitespace-pre-wrap break-words">
          {JSON.stringify(value, null, 2)}
        </pre>
      )}
    </div>
  );
}
