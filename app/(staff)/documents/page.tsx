import Link from "next/link";
import { DocumentReviewQueue } from "@/components/documents/document-review-queue";
import { Pager } from "@/components/ui/pager";
import { requirePageActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { ValidationError } from "@/lib/errors";
import { listDocumentQueue } from "@/lib/server/documents/list-document-queue";
import type { DocumentQueueInput } from "@/lib/validation/documents";

export const metadata = { title: "Documents to verify" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const first = (value: string | string[] | undefined) => {
  const text = Array.isArray(value) ? value[0] : value;
  return text === "" ? undefined : text;
};

const statusLabels = { pending: "Waiting for review", verified: "Verified", rejected: "Rejected", all: "Any status" } as const;
const selectClass = "mt-1 block w-full rounded border border-slate-400 bg-white px-3 py-2";

export default async function DocumentQueuePage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requirePageActor("admin", "staff");
  const params = await searchParams;
  const input: DocumentQueueInput = {
    documentTypeId: first(params.type),
    status: first(params.status) as DocumentQueueInput["status"],
    classId: first(params.class),
    olderThanDays: first(params.older),
    page: first(params.page),
  };
  const db = await getDb();
  // A hand-edited URL with a bad value shows the default queue rather than an error page.
  const queue = await listDocumentQueue(db, actor, input).catch((error: unknown) => {
    if (error instanceof ValidationError) return listDocumentQueue(db, actor, {});
    throw error;
  });
  const { filters } = queue;
  const href = (page: number) => {
    const query = new URLSearchParams();
    if (filters.documentTypeId) query.set("type", filters.documentTypeId);
    if (filters.status !== "pending") query.set("status", filters.status);
    if (filters.classId) query.set("class", filters.classId);
    if (filters.olderThanDays !== null) query.set("older", String(filters.olderThanDays));
    if (page > 1) query.set("page", String(page));
    const text = query.toString();
    return text ? `/documents?${text}` : "/documents";
  };

  return (
    <>
      <h1 className="text-2xl font-semibold">Documents to verify</h1>
      <p className="mt-1 max-w-3xl text-slate-700">
        Oldest uploads first. A rejected document stays on record and the family is emailed the reason with a link to upload a new copy.
      </p>
      <form method="get" action="/documents" className="mt-4 grid gap-3 rounded-lg border border-slate-200 bg-white p-3 sm:grid-cols-2 lg:grid-cols-5">
        <div>
          <label htmlFor="filter-type" className="block text-sm font-medium text-slate-800">Kind of document</label>
          <select id="filter-type" name="type" defaultValue={filters.documentTypeId ?? ""} className={selectClass}>
            <option value="">Any kind</option>
            {queue.types.map((type) => (
              <option key={type.id} value={type.id}>{type.name}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="filter-status" className="block text-sm font-medium text-slate-800">Status</label>
          <select id="filter-status" name="status" defaultValue={filters.status} className={selectClass}>
            {Object.entries(statusLabels).map(([value, label]) => (
              <option key={value} value={value}>{label}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="filter-class" className="block text-sm font-medium text-slate-800">Class this year</label>
          <select id="filter-class" name="class" defaultValue={filters.classId ?? ""} className={selectClass}>
            <option value="">Any class</option>
            {queue.classes.map((c) => (
              <option key={c.id} value={c.id}>{c.name}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="filter-older" className="block text-sm font-medium text-slate-800">Uploaded more than … days ago</label>
          <input id="filter-older" name="older" type="number" min={0} max={3650} inputMode="numeric" defaultValue={filters.olderThanDays ?? ""} className={selectClass} />
        </div>
        <div className="flex items-end gap-3">
          <button type="submit" className="rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700">
            Show
          </button>
          <Link href="/documents" className="py-2 text-sm text-blue-800 underline">Clear</Link>
        </div>
      </form>

      <p className="mt-4 text-sm text-slate-700" aria-live="polite">
        {queue.total === 0
          ? "No documents match."
          : `${queue.total} document${queue.total === 1 ? "" : "s"}${queue.pages > 1 ? `, page ${queue.page} of ${queue.pages}` : ""}.`}
      </p>
      {/* Rendered even when empty: the last decision's confirmation stays on screen after the queue empties. */}
      <DocumentReviewQueue key={href(queue.page)} rows={queue.rows} />
      {queue.pages > 1 ? <Pager page={queue.page} pages={queue.pages} href={href} /> : null}
    </>
  );
}
