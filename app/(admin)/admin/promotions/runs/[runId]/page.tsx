// One promotion run as it was recorded: who ran it and when, its rules in words, the counts, and
// every student's decision beside what the rules decided, with any change by hand and its reason.
import Link from "next/link";
import { notFound } from "next/navigation";
import { describeCounts, describeRules, formatWhen, outcomeLabels, outcomeOrder, runStatusLabels } from "@/components/promotion-preview/labels";
import { Pager } from "@/components/ui/pager";
import { Stat } from "@/components/ui/stat";
import { requirePageActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { promotionRulesSchema } from "@/lib/domain/promotion";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { getPromotionRun, type PromotionRunDetail } from "@/lib/server/promotions/list-promotion-runs";
import { listSubjects } from "@/lib/server/school/subjects";

export const metadata = { title: "Promotion run" };

const PAGE_SIZE = 100;

export default async function PromotionRunPage({
  params,
  searchParams,
}: {
  params: Promise<{ runId: string }>;
  searchParams: Promise<{ page?: string }>;
}) {
  const actor = await requirePageActor("admin");
  const db = await getDb();
  const { runId } = await params;
  const query = await searchParams;
  let run: PromotionRunDetail;
  try {
    run = await getPromotionRun(db, actor, { runId });
  } catch (error) {
    // A mistyped id is as good as a missing one.
    if (error instanceof NotFoundError || error instanceof ValidationError) notFound();
    throw error;
  }
  const subjects = new Map((await listSubjects(db, actor)).map((s) => [s.id, s.name]));
  // The rules were validated before they were stored; read them through the schema all the same, in case of an older shape.
  const rules = promotionRulesSchema.safeParse(run.rules);

  const pages = Math.max(1, Math.ceil(run.decisions.length / PAGE_SIZE));
  const page = Math.min(Math.max(1, Number.parseInt(query.page ?? "1", 10) || 1), pages);
  const shown = run.decisions.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  const overridden = run.decisions.filter((d) => d.overrideReason !== null).length;

  return (
    <>
      <p className="text-sm">
        <Link href="/admin/promotions" className="text-blue-800 underline">
          Promotions
        </Link>
      </p>
      <h1 className="mt-2 text-2xl font-semibold">
        {run.levelName}: {run.fromYear} → {run.toYear}
      </h1>
      <dl className="mt-3 grid max-w-3xl gap-x-6 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
        <dt className="font-medium">Status</dt>
        <dd>{runStatusLabels[run.status]}</dd>
        <dt className="font-medium">Run</dt>
        <dd>
          {run.executedAt ? formatWhen(run.executedAt) : "Not run"}
          {run.executedBy ? ` by ${run.executedBy}` : ""}
        </dd>
        {run.status === "undone" ? (
          <>
            <dt className="font-medium">Undone</dt>
            <dd>
              {run.undoneAt ? formatWhen(run.undoneAt) : "at an unknown time"}
              {run.undoneBy ? ` by ${run.undoneBy}` : ""}
              {run.undoReason ? `: ${run.undoReason}` : ""}
            </dd>
          </>
        ) : null}
        <dt className="font-medium">Outcome</dt>
        <dd>{describeCounts(run.counts)}</dd>
      </dl>

      <section aria-labelledby="rules-heading" className="mt-6 max-w-3xl">
        <h2 id="rules-heading" className="text-lg font-semibold">
          The rules it ran with
        </h2>
        {rules.success ? (
          <ul className="mt-2 list-disc space-y-1 pl-6 text-sm">
            {describeRules(rules.data, (id) => subjects.get(id) ?? "a subject since deleted").map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        ) : (
          <p className="mt-2 text-sm">The rules recorded with this run can no longer be read.</p>
        )}
      </section>

      {run.counts ? (
        <section aria-labelledby="counts-heading" className="mt-6">
          <h2 id="counts-heading" className="text-lg font-semibold">
            Decisions
          </h2>
          <dl className="mt-3 grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
            {outcomeOrder.map((outcome) => (
              <Stat key={outcome} label={outcomeLabels[outcome]} value={run.counts?.[outcome] ?? 0} />
            ))}
          </dl>
          <p className="mt-2 text-sm text-slate-700">
            {overridden === 0 ? "No decision was changed by hand." : `${overridden === 1 ? "1 decision was" : `${overridden} decisions were`} changed by hand.`}
          </p>
        </section>
      ) : null}

      <section aria-labelledby="decisions-heading" className="mt-6">
        <h2 id="decisions-heading" className="text-lg font-semibold">
          Every student
        </h2>
        {run.decisions.length === 0 ? (
          <p className="mt-2 text-sm">No decision was recorded.</p>
        ) : (
          <>
            <p className="mt-1 text-sm text-slate-700">
              {(page - 1) * PAGE_SIZE + 1}–{Math.min(page * PAGE_SIZE, run.decisions.length)} of {run.decisions.length} students, by class and name.
            </p>
            <div className="mt-3 overflow-x-auto rounded-lg border border-slate-200">
              <table className="min-w-full divide-y divide-slate-200 bg-white text-sm">
                <caption className="sr-only">
                  Each student&apos;s decision, page {page} of {pages}
                </caption>
                <thead className="bg-slate-100 text-left">
                  <tr>
                    <th scope="col" className="px-3 py-2">Student</th>
                    <th scope="col" className="px-3 py-2">From</th>
                    <th scope="col" className="px-3 py-2">The rules decided</th>
                    <th scope="col" className="px-3 py-2">Decision</th>
                    <th scope="col" className="px-3 py-2">Next year</th>
                    <th scope="col" className="px-3 py-2">Changed by hand</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {shown.map((d) => (
                    <tr key={d.studentId}>
                      <th scope="row" className="px-3 py-2 text-left font-medium">
                        <Link href={`/students/${d.studentId}`} className="text-blue-800 underline">
                          {d.name}
                        </Link>
                      </th>
                      <td className="px-3 py-2 whitespace-nowrap">{d.fromClass}</td>
                      <td className="px-3 py-2">
                        {outcomeLabels[d.computedOutcome]}
                        {d.computedReason ? <span className="block text-xs text-slate-700">{d.computedReason}</span> : null}
                      </td>
                      <td className="px-3 py-2 font-medium">{outcomeLabels[d.outcome]}</td>
                      <td className="px-3 py-2 whitespace-nowrap">
                        {d.targetClass ?? (d.outcome === "transfer" && d.transferDestination ? `Transfers to ${d.transferDestination}` : "—")}
                      </td>
                      <td className="px-3 py-2">
                        {d.overrideReason !== null ? (
                          <>
                            {d.overrideReason}
                            {d.overriddenBy ? <span className="block text-xs text-slate-700">by {d.overriddenBy}</span> : null}
                          </>
                        ) : (
                          "—"
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {pages > 1 ? <Pager page={page} pages={pages} href={(target) => `/admin/promotions/runs/${run.id}${target > 1 ? `?page=${target}` : ""}`} /> : null}
          </>
        )}
      </section>
    </>
  );
}
