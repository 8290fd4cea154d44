import Link from "next/link";
import { describeRounding } from "@/components/gradebook-settings/labels";
import { TermLockControls } from "@/components/gradebook-settings/term-lock-controls";
import { InlineAction } from "@/components/structure/inline-action";
import { requirePageActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { listGradebookSettings } from "@/lib/server/gradebook-settings/list-gradebook-settings";
import { deleteAssessmentSchemeAction, deleteGradeScaleAction } from "./actions";

export const metadata = { title: "Gradebook settings" };

const tableClass = "min-w-full divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm";
const addLinkClass = "inline-block rounded bg-blue-700 px-4 py-2 text-sm font-medium text-white hover:bg-blue-800";

const lockedSince = (at: string) => new Date(at).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric" });

export default async function GradebookSettingsPage() {
  const actor = await requirePageActor("admin");
  const { schemes, scales, terms } = await listGradebookSettings(await getDb(), actor);
  return (
    <>
      <h1 className="text-2xl font-semibold">Gradebook settings</h1>
      <p className="mt-1 max-w-2xl text-sm text-slate-700">
        How subjects are assessed, how totals become grades, and when score entry closes for a term.
      </p>

      <section aria-labelledby="schemes-heading" className="mt-8">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 id="schemes-heading" className="text-lg font-semibold">Assessment schemes</h2>
          <Link href="/admin/gradebook/schemes/new" className={addLinkClass}>Add a scheme</Link>
        </div>
        <p className="mt-1 max-w-2xl text-sm text-slate-700">
          A subject uses the most specific scheme that fits it. Once a class&apos;s first score is saved, it keeps that scheme.
        </p>
        {schemes.length === 0 ? (
          <p className="mt-3 text-sm">No schemes yet: teachers can&apos;t enter scores until there is one.</p>
        ) : (
          <div className="mt-3 overflow-x-auto">
            <table className={tableClass}>
              <caption className="sr-only">Assessment schemes, the school default first</caption>
              <thead className="bg-slate-100 text-left">
                <tr>
                  <th scope="col" className="px-3 py-2">Scheme</th>
                  <th scope="col" className="px-3 py-2">Applies to</th>
                  <th scope="col" className="px-3 py-2">Components (out of, weight)</th>
                  <th scope="col" className="px-3 py-2">In use</th>
                  <th scope="col" className="px-3 py-2"><span className="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {schemes.map((scheme) => (
                  <tr key={scheme.id}>
                    <th scope="row" className="px-3 py-2 text-left font-medium">{scheme.name}</th>
                    <td className="px-3 py-2">{scheme.isSchoolDefault ? "School default" : scheme.scope}</td>
                    <td className="px-3 py-2">
                      {scheme.components.map((c) => `${c.code} (${c.maxScore}, ${c.weight}%)`).join(" · ")}
                    </td>
                    <td className="px-3 py-2">
                      {scheme.offerings > 0 ? `${scheme.offerings} ${scheme.offerings === 1 ? "class" : "classes"}, ${scheme.scores} scores` : "Not yet"}
                    </td>
                    <td className="px-3 py-2">
                      <span className="flex flex-wrap items-center gap-2">
                        <Link href={`/admin/gradebook/schemes/${scheme.id}`} className="text-blue-800 underline">
                          Edit<span className="sr-only"> {scheme.name}</span>
                        </Link>
                        {scheme.offerings === 0 && !scheme.isSchoolDefault ? (
                          <InlineAction
                            action={deleteAssessmentSchemeAction.bind(null, { id: scheme.id })}
                            label="Delete"
                            pendingLabel="Deleting…"
                            confirm={`Delete ${scheme.name}?`}
                            tone="danger"
                          />
                        ) : null}
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="scales-heading" className="mt-10">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 id="scales-heading" className="text-lg font-semibold">Grade scales</h2>
          <Link href="/admin/gradebook/scales/new" className={addLinkClass}>Add a scale</Link>
        </div>
        <p className="mt-1 max-w-2xl text-sm text-slate-700">
          A level with a scale of its own uses it; every other level uses the school-wide scale.
        </p>
        {scales.length === 0 ? (
          <p className="mt-3 text-sm">No grade scales yet: totals can&apos;t be graded until there is one.</p>
        ) : (
          <div className="mt-3 overflow-x-auto">
            <table className={tableClass}>
              <caption className="sr-only">Grade scales, the school-wide scale first</caption>
              <thead className="bg-slate-100 text-left">
                <tr>
                  <th scope="col" className="px-3 py-2">Scale</th>
                  <th scope="col" className="px-3 py-2">Used for</th>
                  <th scope="col" className="px-3 py-2">Pass mark</th>
                  <th scope="col" className="px-3 py-2">Rounding</th>
                  <th scope="col" className="px-3 py-2">Bands</th>
                  <th scope="col" className="px-3 py-2"><span className="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {scales.map((scale) => (
                  <tr key={scale.id}>
                    <th scope="row" className="px-3 py-2 text-left font-medium">{scale.name}</th>
                    <td className="px-3 py-2">{scale.level ?? "School-wide"}</td>
                    <td className="px-3 py-2 tabular-nums">{scale.passMark}</td>
                    <td className="px-3 py-2">{describeRounding(scale.roundingMode, scale.roundingPlaces)}</td>
                    <td className="px-3 py-2">{scale.bands.map((band) => `${band.letter} ${band.minScore}–${band.maxScore}`).join(" · ")}</td>
                    <td className="px-3 py-2">
                      <span className="flex flex-wrap items-center gap-2">
                        <Link href={`/admin/gradebook/scales/${scale.id}`} className="text-blue-800 underline">
                          Edit<span className="sr-only"> {scale.name}</span>
                        </Link>
                        <InlineAction
                          action={deleteGradeScaleAction.bind(null, { id: scale.id })}
                          label="Delete"
                          pendingLabel="Deleting…"
                          confirm={`Delete ${scale.name}?`}
                          tone="danger"
                        />
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="locks-heading" className="mt-10">
        <h2 id="locks-heading" className="text-lg font-semibold">Score entry by term</h2>
        <p className="mt-1 max-w-2xl text-sm text-slate-700">
          Locking a term closes score entry for every class in it; after that, a change needs an approved change request.
          Unlocking needs a reason, which is kept in the audit log.
        </p>
        {terms.length === 0 ? (
          <p className="mt-3 text-sm">No terms in the current or previous year.</p>
        ) : (
          <div className="mt-3 overflow-x-auto">
            <table className={tableClass}>
              <caption className="sr-only">Terms of the current and previous year, and whether their scores are locked</caption>
              <thead className="bg-slate-100 text-left">
                <tr>
                  <th scope="col" className="px-3 py-2">Term</th>
                  <th scope="col" className="px-3 py-2">Approved classes</th>
                  <th scope="col" className="px-3 py-2">Score entry</th>
                  <th scope="col" className="px-3 py-2"><span className="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {terms.map((term) => (
                  <tr key={term.id}>
                    <th scope="row" className="px-3 py-2 text-left font-medium">
                      {term.name} {term.yearName}
                      {term.isCurrent ? <span className="ml-2 rounded bg-green-100 px-2 py-0.5 text-xs font-medium text-green-900">Current</span> : null}
                    </th>
                    <td className="px-3 py-2 tabular-nums">
                      {term.approved} of {term.offerings}
                    </td>
                    <td className="px-3 py-2">{term.lockedAt ? `Locked since ${lockedSince(term.lockedAt)}` : "Open"}</td>
                    <td className="px-3 py-2">
                      <TermLockControls termId={term.id} termName={`${term.name} ${term.yearName}`} locked={term.lockedAt !== null} />
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
