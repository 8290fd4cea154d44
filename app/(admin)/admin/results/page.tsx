import Link from "next/link";
import { requirePageActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { describePublishProblem } from "@/lib/server/results/check-publish-readiness";
import { getPublishStatus } from "@/lib/server/results/get-publish-status";
import { getTermSummary, listTermOptions } from "@/lib/server/school/subject-offerings";
import { PrintBatchButton, PrintBatchList } from "@/components/report-card-list/print-batches";
import { listReportCardBatches } from "@/lib/server/report-cards/batches/list-report-card-batches";
import { requestReportCardBatchAction } from "./actions";
import { PublishForm } from "./publish-form";

export const metadata = { title: "Publish results" };

export default async function ResultsPage({ searchParams }: { searchParams: Promise<{ term?: string; class?: string }> }) {
  const actor = await requirePageActor("admin");
  const db = await getDb();
  const params = await searchParams;
  const terms = await listTermOptions(db, actor);
  const term = terms.find((t) => t.id === params.term) ?? terms.find((t) => t.isCurrent) ?? terms[0];
  const summary = term ? await getTermSummary(db, actor, term.id) : null;
  const klass = summary?.classes.find((c) => c.id === params.class) ?? summary?.classes[0];
  const status = term && klass ? await getPublishStatus(db, actor, { termId: term.id, classId: klass.id }) : null;
  const problems = status?.problems ?? [];
  const batches = await listReportCardBatches(db, actor);
  return (
    <>
      <h1 className="text-2xl font-semibold">Publish results</h1>
      <p className="mt-1 max-w-2xl text-sm text-slate-700">
        Publishing computes the class&apos;s results and positions and stores each student&apos;s report card as it is now. Parents see only
        published cards; publishing again changes only cards whose content changed, as a new version with your reason.
      </p>
      {!term || !summary || !klass ? (
        <p className="mt-4">There are no terms or classes yet.</p>
      ) : (
        <>
          <form method="get" className="mt-4 flex flex-wrap items-end gap-3" aria-label="Choose the term and class">
            <div>
              <label htmlFor="term" className="block text-sm font-medium">Term</label>
              <select id="term" name="term" defaultValue={term.id} className="mt-1 rounded border border-slate-400 bg-white px-3 py-2">
                {terms.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}, {t.yearName}
                    {t.isCurrent ? " (current)" : ""}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor="class" className="block text-sm font-medium">Class</label>
              <select id="class" name="class" defaultValue={klass.id} className="mt-1 rounded border border-slate-400 bg-white px-3 py-2">
                {summary.classes.map((c) => (
                  <option key={c.id} value={c.id}>{c.name}</option>
                ))}
              </select>
            </div>
            <button type="submit" className="rounded border border-slate-300 bg-white px-4 py-2 font-medium hover:bg-slate-100">Show</button>
          </form>

          <section aria-labelledby="readiness" className="mt-6">
            <h2 id="readiness" className="text-lg font-semibold">
              {klass.name}, {term.name}
            </h2>
            <p className="mt-1 text-sm text-slate-700">
              {status?.cards
                ? `${status.cards} report cards published (${status.versions} versions in all).`
                : "Nothing published yet for this class and term."}
            </p>
            {problems.length > 0 ? (
              <>
                <p className="mt-3 font-medium text-red-900">Not ready to publish: {problems.length === 1 ? "one thing needs" : `${problems.length} things need`} attention.</p>
                <ul className="mt-2 list-disc space-y-1 pl-6 text-sm" aria-label="What needs attention">
                  {problems.map((problem) => (
                    <li key={describePublishProblem(problem)}>{describePublishProblem(problem)}</li>
                  ))}
                </ul>
              </>
            ) : (
              <p className="mt-3 text-sm text-green-900">Every subject is approved or the term is locked, and no score is missing.</p>
            )}
            <PublishForm termId={term.id} scope={{ classId: klass.id }} label={`${klass.name}'s report cards`} />
            <details className="mt-6 max-w-2xl">
              <summary className="cursor-pointer font-medium">Publish every class of {klass.levelName} at once</summary>
              <p className="mt-2 text-sm text-slate-700">
                The same checks run for each class of the level; if any class isn&apos;t ready, nothing is published and every problem is
                listed.
              </p>
              <PublishForm termId={term.id} scope={{ classLevelId: klass.classLevelId }} label={`all of ${klass.levelName}'s report cards`} />
            </details>
            <p className="mt-4 text-sm">
              <Link className="text-blue-700 underline" href={`/results/broadsheet?term=${term.id}&class=${klass.id}`}>
                Broadsheet for {klass.name}
              </Link>
            </p>
          </section>

          <section aria-labelledby="printing" className="mt-8">
            <h2 id="printing" className="text-lg font-semibold">
              Print report cards
            </h2>
            <p className="mt-1 max-w-2xl text-sm text-slate-700">
              Every published card of the class or level in one PDF, one card per page, made in the background: you can leave this page and
              come back.
            </p>
            <div className="flex flex-wrap gap-3">
              <PrintBatchButton label={`${klass.name}`} request={requestReportCardBatchAction.bind(null, { termId: term.id, classId: klass.id })} />
              <PrintBatchButton
                label={`all of ${klass.levelName}`}
                request={requestReportCardBatchAction.bind(null, { termId: term.id, classLevelId: klass.classLevelId })}
              />
            </div>
            <PrintBatchList batches={batches} />
          </section>
        </>
      )}
    </>
  );
}
