import Link from "next/link";
import { notFound } from "next/navigation";
import { InlineAction } from "@/components/structure/inline-action";
import { requirePageActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { formatRange } from "@/lib/domain/structure";
import { ValidationError } from "@/lib/errors";
import { getAcademicYear } from "@/lib/server/school/academic-years";
import { deleteTermAction, setCurrentTermAction } from "../actions";
import { YearForm } from "../year-form";
import { TermForm } from "./term-form";

export const metadata = { title: "Academic year" };

export default async function AcademicYearPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ edit?: string }> }) {
  const actor = await requirePageActor("admin");
  const [{ id }, { edit }] = await Promise.all([params, searchParams]);
  const year = await getAcademicYear(await getDb(), actor, id).catch((error: unknown) => {
    if (error instanceof ValidationError) return null;
    throw error;
  });
  if (!year) notFound();
  const editing = year.terms.find((term) => term.id === edit);
  const nextSequence = Math.min(6, Math.max(0, ...year.terms.map((term) => term.sequence)) + 1);
  return (
    <>
      <p className="text-sm">
        <Link href="/admin/structure/years" className="text-blue-800 underline">All academic years</Link>
      </p>
      <h1 className="mt-2 text-2xl font-semibold">
        {year.name} {year.isCurrent ? <span className="ml-2 rounded bg-green-100 px-2 py-0.5 align-middle text-sm font-medium text-green-900">Current year</span> : null}
      </h1>
      <p className="mt-1 text-sm text-slate-700">{formatRange(year)}</p>

      <div className="mt-6 grid gap-8 lg:grid-cols-[2fr_1fr]">
        <section aria-labelledby="terms-heading" className="overflow-x-auto">
          <h2 id="terms-heading" className="text-lg font-semibold">Terms</h2>
          <p className="text-sm text-slate-700">
            Terms are numbered in date order, fall inside the year and never overlap. One term in the school is current:
            teachers enter scores for it.
          </p>
          {year.terms.length === 0 ? (
            <p className="mt-3 text-sm">This year has no terms yet.</p>
          ) : (
            <table className="mt-3 min-w-full divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm">
              <caption className="sr-only">Terms of {year.name}</caption>
              <thead className="bg-slate-100 text-left">
                <tr>
                  <th scope="col" className="px-3 py-2">No.</th>
                  <th scope="col" className="px-3 py-2">Term</th>
                  <th scope="col" className="px-3 py-2">Dates</th>
                  <th scope="col" className="px-3 py-2 text-right">Subjects offered</th>
                  <th scope="col" className="px-3 py-2">Score entry</th>
                  <th scope="col" className="px-3 py-2">Current</th>
                  <th scope="col" className="px-3 py-2"><span className="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {year.terms.map((term) => (
                  <tr key={term.id} className={term.id === edit ? "bg-blue-50" : undefined}>
                    <td className="px-3 py-2 tabular-nums">{term.sequence}</td>
                    <th scope="row" className="px-3 py-2 text-left font-medium">{term.name}</th>
                    <td className="px-3 py-2">{formatRange(term)}</td>
                    <td className="px-3 py-2 text-right tabular-nums">
                      <Link href={`/admin/structure/offerings?term=${term.id}`} className="text-blue-800 underline">{term.offerings}</Link>
                    </td>
                    <td className="px-3 py-2">{term.scoresLocked ? "Closed" : "Open"}</td>
                    <td className="px-3 py-2">
                      {term.isCurrent ? (
                        <span className="rounded bg-green-100 px-2 py-0.5 font-medium text-green-900">Current term</span>
                      ) : year.isCurrent ? (
                        <InlineAction
                          action={setCurrentTermAction.bind(null, { id: term.id })}
                          label="Make current"
                          pendingLabel="Switching…"
                          success={`${term.name} is now the current term.`}
                        />
                      ) : (
                        <span className="text-slate-600">Not the current year</span>
                      )}
                    </td>
                    <td className="px-3 py-2">
                      <span className="flex flex-wrap items-center gap-2">
                        <Link href={`/admin/structure/years/${year.id}?edit=${term.id}`} className="text-blue-800 underline">
                          Edit<span className="sr-only"> {term.name}</span>
                        </Link>
                        {term.isCurrent ? null : (
                          <InlineAction
                            action={deleteTermAction.bind(null, { id: term.id })}
                            label="Delete"
                            pendingLabel="Deleting…"
                            confirm={`Delete ${term.name}?`}
                            tone="danger"
                          />
                        )}
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <div className="space-y-8">
          <section aria-labelledby="term-form-heading">
            <h2 id="term-form-heading" className="text-lg font-semibold">{editing ? `Edit ${editing.name}` : "Add a term"}</h2>
            <TermForm key={editing?.id ?? "new"} academicYearId={year.id} term={editing} nextSequence={nextSequence} />
          </section>
          <section aria-labelledby="year-form-heading">
            <h2 id="year-form-heading" className="text-lg font-semibold">Edit the year</h2>
            <YearForm year={{ id: year.id, name: year.name, startsOn: year.startsOn, endsOn: year.endsOn }} />
          </section>
        </div>
      </div>
    </>
  );
}
