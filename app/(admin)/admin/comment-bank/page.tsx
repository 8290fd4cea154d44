import Link from "next/link";
import { CommentBankForm } from "@/components/comments/comment-bank-form";
import { InlineAction } from "@/components/structure/inline-action";
import { requirePageActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { listCommentBank } from "@/lib/server/comments/list-comment-bank";
import { listClasses } from "@/lib/server/school/classes";
import { getCurrentTerm } from "@/lib/server/school/get-current-term";
import { reportCommentKindLabels } from "@/lib/validation/comments";
import { deleteCommentBankEntryAction, saveCommentBankEntryAction } from "./actions";

export const metadata = { title: "Comment bank" };

/** "50.00" → "50", "69.99" stays. */
const shown = (value: string) => String(Number(value));

function band(min: string | null, max: string | null): string {
  if (min === null && max === null) return "Any average";
  if (min === null) return `Up to ${shown(max!)}`;
  if (max === null) return `${shown(min)} and above`;
  return `${shown(min)} to ${shown(max)}`;
}

export default async function CommentBankPage({ searchParams }: { searchParams: Promise<{ edit?: string | string[] }> }) {
  const actor = await requirePageActor("admin");
  const db = await getDb();
  const { edit } = await searchParams;
  const [entries, current] = await Promise.all([listCommentBank(db, actor), getCurrentTerm(db)]);
  const classes = current ? await listClasses(db, actor, current.academicYearId) : [];
  const editing = entries.find((e) => e.id === edit);
  return (
    <>
      <h1 className="text-2xl font-semibold">Comment bank</h1>
      <p className="mt-1 max-w-3xl text-slate-700">
        Ready-made report-card comments. Teachers writing a class teacher&apos;s comment, and you writing the principal&apos;s, are offered up
        to three active comments whose band holds the student&apos;s term average.
      </p>
      <div className="mt-6 grid gap-8 lg:grid-cols-[2fr_1fr]">
        <div className="overflow-x-auto">
          {entries.length === 0 ? (
            <p className="text-slate-700">The bank is empty. Add the first comment with the form.</p>
          ) : (
            <table className="min-w-full divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm">
              <caption className="sr-only">Comments in the bank, with the averages they are suggested for</caption>
              <thead className="bg-slate-100 text-left">
                <tr>
                  <th scope="col" className="px-3 py-2">Comment</th>
                  <th scope="col" className="px-3 py-2">For</th>
                  <th scope="col" className="px-3 py-2">Averages</th>
                  <th scope="col" className="px-3 py-2">Status</th>
                  <th scope="col" className="px-3 py-2"><span className="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {entries.map((entry) => (
                  <tr key={entry.id} className={entry.id === editing?.id ? "bg-blue-50" : entry.isActive ? undefined : "text-slate-600"}>
                    <th scope="row" className="max-w-md px-3 py-2 text-left font-normal whitespace-pre-line">{entry.body}</th>
                    <td className="px-3 py-2">{reportCommentKindLabels[entry.kind]}</td>
                    <td className="px-3 py-2 tabular-nums">{band(entry.minAverage, entry.maxAverage)}</td>
                    <td className="px-3 py-2">{entry.isActive ? "Active" : "Inactive"}</td>
                    <td className="px-3 py-2">
                      <span className="flex flex-wrap items-center gap-2">
                        <Link href={`/admin/comment-bank?edit=${entry.id}`} className="text-blue-800 underline">
                          Edit<span className="sr-only"> “{entry.body}”</span>
                        </Link>
                        <InlineAction
                          action={saveCommentBankEntryAction.bind(null, { ...entry, isActive: !entry.isActive })}
                          label={entry.isActive ? "Deactivate" : "Reactivate"}
                          pendingLabel="Saving…"
                          success={entry.isActive ? "Deactivated" : "Reactivated"}
                        />
                        <InlineAction
                          action={deleteCommentBankEntryAction.bind(null, { id: entry.id })}
                          label="Delete"
                          pendingLabel="Deleting…"
                          confirm="Delete this comment from the bank? Comments already written keep their text."
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
        {editing ? (
          <section aria-labelledby="edit-entry">
            <h2 id="edit-entry" className="text-lg font-semibold">Edit a comment</h2>
            <CommentBankForm key={editing.id} entry={editing} />
          </section>
        ) : (
          <section aria-labelledby="new-entry">
            <h2 id="new-entry" className="text-lg font-semibold">Add a comment</h2>
            <CommentBankForm />
          </section>
        )}
      </div>

      <section aria-labelledby="write-comments" className="mt-10">
        <h2 id="write-comments" className="text-lg font-semibold">Write principal&apos;s comments</h2>
        {classes.length === 0 ? (
          <p className="mt-2 text-slate-700">The current year has no classes yet.</p>
        ) : (
          <>
            <p className="mt-1 text-sm text-slate-700">
              {current?.termName ? `For ${current.termName}, ${current.academicYearName}; ` : ""}each class&apos;s page shows the class teacher&apos;s
              comments beside yours.
            </p>
            <ul className="mt-2 flex flex-wrap gap-2">
              {classes.map((c) => (
                <li key={c.id}>
                  <Link href={`/teacher/comments/${c.id}`} className="inline-block rounded border border-slate-300 bg-white px-3 py-1 text-sm text-blue-800 underline">
                    {c.name}
                  </Link>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </>
  );
}
