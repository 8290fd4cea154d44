import Link from "next/link";
import { ComputeResultsButton } from "@/components/promotion-preview/compute-results-button";
import { describeCounts, formatWhen, runStatusLabels } from "@/components/promotion-preview/labels";
import { PromotionPreview } from "@/components/promotion-preview/promotion-preview";
import { UndoPromotionForm } from "@/components/promotion-preview/undo-form";
import { requirePageActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { getPromotionPreview, type PromotionPreview as PreviewData } from "@/lib/server/promotions/get-promotion-preview";
import { listPromotionRuns } from "@/lib/server/promotions/list-promotion-runs";
import { listClassLevels } from "@/lib/server/school/class-levels";

export const metadata = { title: "Promotions" };

export default async function PromotionsPage({ searchParams }: { searchParams: Promise<{ level?: string }> }) {
  const actor = await requirePageActor("admin");
  const db = await getDb();
  const params = await searchParams;
  const [levels, runs] = await Promise.all([listClassLevels(db, actor), listPromotionRuns(db, actor)]);
  const level = levels.find((l) => l.id === params.level) ?? levels[0];
  let preview: PreviewData | null = null;
  let unavailable: string | null = null;
  if (level) {
    // No current year (or a level deleted meanwhile) is something to say on the page, not an error page.
    try {
      preview = await getPromotionPreview(db, actor, { classLevelId: level.id });
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      unavailable = error.message;
    }
  }
  const run = preview?.run ?? null;
  const executed = run?.status === "executed" ? run : null;
  const executedSummary = executed ? runs.find((r) => r.id === executed.id) : undefined;
  // The level's latest run of this year, when it was undone: said at the top, since the preview starts afresh.
  const lastUndone =
    preview && !executed ? runs.find((r) => r.levelName === preview.level.name && r.fromYear === preview.fromYear.name && r.status === "undone") : undefined;

  return (
    <>
      <h1 className="text-2xl font-semibold">End-of-year promotions</h1>
      <p className="mt-1 max-w-3xl text-sm text-slate-700">
        Choose a level, set the rules for moving up and see at once what they decide for every student. Change any student&apos;s decision
        with a reason, then run the promotion: next year&apos;s classes are filled, leavers are marked and parents are told. A run can be
        undone until next year&apos;s scores are entered.
      </p>

      {!level ? (
        <p className="mt-4">
          There are no class levels yet. <Link href="/admin/structure/levels" className="text-blue-800 underline">Add the levels</Link> first.
        </p>
      ) : (
        <>
          <form method="get" className="mt-4 flex flex-wrap items-end gap-3" aria-label="Choose the level">
            <div>
              <label htmlFor="level" className="block text-sm font-medium">
                Class level
              </label>
              <select id="level" name="level" defaultValue={level.id} className="mt-1 rounded border border-slate-400 bg-white px-3 py-2">
                {levels.map((l) => (
                  <option key={l.id} value={l.id}>
                    {l.name}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="rounded border border-slate-300 bg-white px-4 py-2 font-medium hover:bg-slate-100">
              Show
            </button>
          </form>

          {!preview ? (
            <p className="mt-6">{unavailable ?? "That level can't be previewed."}</p>
          ) : (
            <section aria-labelledby="level-heading" className="mt-6">
              <h2 id="level-heading" className="text-xl font-semibold">
                {preview.level.name}, {preview.fromYear.name}
                {preview.toYear ? ` → ${preview.toYear.name}` : ""}
              </h2>
              <p className="mt-1 text-sm text-slate-700">
                {preview.level.isFinal
                  ? `${preview.level.name} is the final level: students who meet the rules graduate.`
                  : `Students who meet the rules move up to ${preview.level.nextLevelName ?? "the next level"}.`}{" "}
                {preview.students.length === 1 ? "1 student" : `${preview.students.length} students`} enrolled.
              </p>

              {executed ? (
                <div className="mt-4 rounded-lg border border-green-300 bg-green-50 p-4">
                  <p className="font-medium text-green-950">
                    Promoted on {executed.executedAt ? formatWhen(executed.executedAt) : "an unknown date"}
                    {executed.executedBy ? ` by ${executed.executedBy}` : ""}.
                  </p>
                  {executedSummary ? <p className="mt-1 text-sm">{describeCounts(executedSummary.counts)}.</p> : null}
                  <p className="mt-2 text-sm">
                    <Link href={`/admin/promotions/runs/${executed.id}`} className="text-blue-800 underline">
                      Every decision of this run
                    </Link>
                  </p>
                </div>
              ) : (
                <>
                  {lastUndone ? (
                    <p className="mt-4 rounded border border-slate-300 bg-slate-50 p-3 text-sm">
                      The last promotion of {preview.level.name} was undone
                      {lastUndone.undoneAt ? ` on ${formatWhen(lastUndone.undoneAt)}` : ""}
                      {lastUndone.undoneBy ? ` by ${lastUndone.undoneBy}` : ""}
                      {lastUndone.undoReason ? `: ${lastUndone.undoReason}` : ""}.{" "}
                      <Link href={`/admin/promotions/runs/${lastUndone.id}`} className="text-blue-800 underline">
                        The undone run
                      </Link>
                    </p>
                  ) : null}
                  {preview.blockers.length > 0 ? (
                    <div className="mt-4">
                      <p className="font-medium text-red-900">
                        Before the promotion can run: {preview.blockers.length === 1 ? "one thing needs" : `${preview.blockers.length} things need`} attention.
                      </p>
                      <ul className="mt-2 list-disc space-y-1 pl-6 text-sm" aria-label="Before the promotion can run">
                        {preview.blockers.map((blocker) => (
                          <li key={blocker}>{blocker}</li>
                        ))}
                      </ul>
                    </div>
                  ) : null}
                  <div className="mt-4">
                    {preview.termsWithoutResults.length > 0 ? (
                      <p className="max-w-3xl text-sm text-amber-900">
                        Scores were entered in {preview.termsWithoutResults.join(", ")} but not every student&apos;s results are computed: the
                        preview decides from computed results, so compute them first.
                      </p>
                    ) : (
                      <p className="max-w-3xl text-sm text-slate-700">
                        The preview decides from the computed results. Scores corrected since? Compute them again.
                      </p>
                    )}
                    {preview.termsNotAssessed.length > 0 ? (
                      <p className="mt-1 max-w-3xl text-sm text-slate-700">
                        No scores yet in {preview.termsNotAssessed.join(", ")}: {preview.termsNotAssessed.length === 1 ? "it doesn't" : "they don't"} count
                        towards the averages.
                      </p>
                    ) : null}
                    <ComputeResultsButton
                      classLevelId={preview.level.id}
                      label={preview.termsWithoutResults.length > 0 ? "Compute this year's results" : "Compute this year's results again"}
                    />
                  </div>
                </>
              )}

              <PromotionPreview key={preview.level.id} preview={preview} />

              {executed ? <UndoPromotionForm runId={executed.id} levelName={preview.level.name} /> : null}
            </section>
          )}
        </>
      )}

      <section aria-labelledby="history-heading" className="mt-10">
        <h2 id="history-heading" className="text-xl font-semibold">
          Promotion history
        </h2>
        {runs.length === 0 ? (
          <p className="mt-2 text-sm">No promotion has been run yet.</p>
        ) : (
          <div className="mt-3 overflow-x-auto">
            <table className="min-w-full divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm">
              <caption className="sr-only">Every promotion run, newest first</caption>
              <thead className="bg-slate-100 text-left">
                <tr>
                  <th scope="col" className="px-3 py-2">Level</th>
                  <th scope="col" className="px-3 py-2">Years</th>
                  <th scope="col" className="px-3 py-2">Status</th>
                  <th scope="col" className="px-3 py-2">Outcome</th>
                  <th scope="col" className="px-3 py-2 text-right">Changed by hand</th>
                  <th scope="col" className="px-3 py-2">Run</th>
                  <th scope="col" className="px-3 py-2">
                    <span className="sr-only">Details</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {runs.map((r) => (
                  <tr key={r.id}>
                    <th scope="row" className="px-3 py-2 text-left font-medium">
                      {r.levelName}
                    </th>
                    <td className="px-3 py-2 whitespace-nowrap">
                      {r.fromYear} → {r.toYear}
                    </td>
                    <td className="px-3 py-2">
                      {runStatusLabels[r.status]}
                      {r.status === "undone" && r.undoneAt ? (
                        <span className="block text-xs text-slate-700">
                          {formatWhen(r.undoneAt)}
                          {r.undoneBy ? ` by ${r.undoneBy}` : ""}
                        </span>
                      ) : null}
                    </td>
                    <td className="px-3 py-2">{describeCounts(r.counts)}</td>
                    <td className="px-3 py-2 text-right tabular-nums">{r.overrides}</td>
                    <td className="px-3 py-2">
                      {r.executedAt ? formatWhen(r.executedAt) : "—"}
                      {r.executedBy ? <span className="block text-xs text-slate-700">by {r.executedBy}</span> : null}
                    </td>
                    <td className="px-3 py-2">
                      <Link href={`/admin/promotions/runs/${r.id}`} className="text-blue-800 underline">
                        Details<span className="sr-only"> of {r.levelName}, {r.fromYear}</span>
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
