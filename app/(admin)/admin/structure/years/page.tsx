import Link from "next/link";
import { InlineAction } from "@/components/structure/inline-action";
import { requirePageActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { formatRange } from "@/lib/domain/structure";
import { listAcademicYears } from "@/lib/server/school/academic-years";
import { deleteAcademicYearAction, setCurrentAcademicYearAction } from "./actions";
import { YearForm } from "./year-form";

export const metadata = { title: "Academic years" };

export default async function AcademicYearsPage() {
  const actor = await requirePageActor("admin");
  const years = await listAcademicYears(await getDb(), actor);
  return (
    <>
      <p className="text-sm">
        <Link href="/admin/structure" className="text-blue-800 underline">School structure</Link>
      </p>
      <h1 className="mt-2 text-2xl font-semibold">Academic years</h1>
      <p className="mt-1 max-w-2xl text-sm text-slate-700">
        One year is the current year; making another current also makes its first term the current term. To start a
        new year with this year&apos;s classes and subjects, use the <Link href="/admin/structure/new-year" className="text-blue-800 underline">new-year wizard</Link>.
      </p>
      <div className="mt-6 grid gap-8 lg:grid-cols-[2fr_1fr]">
        <div className="overflow-x-auto">
          <table className="min-w-full divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm">
            <caption className="sr-only">Academic years, newest first</caption>
            <thead className="bg-slate-100 text-left">
              <tr>
                <th scope="col" className="px-3 py-2">Year</th>
                <th scope="col" className="px-3 py-2">Dates</th>
                <th scope="col" className="px-3 py-2 text-right">Terms</th>
                <th scope="col" className="px-3 py-2 text-right">Classes</th>
                <th scope="col" className="px-3 py-2 text-right">Students</th>
                <th scope="col" className="px-3 py-2">Current</th>
                <th scope="col" className="px-3 py-2"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {years.map((year) => (
                <tr key={year.id}>
                  <th scope="row" className="px-3 py-2 text-left font-medium">
                    <Link href={`/admin/structure/years/${year.id}`} className="text-blue-800 underline">{year.name}</Link>
                  </th>
                  <td className="px-3 py-2">{formatRange(year)}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{year.terms}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{year.classes}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{year.enrolments}</td>
                  <td className="px-3 py-2">
                    {year.isCurrent ? (
                      <span className="rounded bg-green-100 px-2 py-0.5 font-medium text-green-900">Current year</span>
                    ) : (
                      <InlineAction
                        action={setCurrentAcademicYearAction.bind(null, { id: year.id })}
                        label="Make current"
                        pendingLabel="Switching…"
                        success={`${year.name} is now the current year.`}
                      />
                    )}
                  </td>
                  <td className="px-3 py-2">
                    {year.isCurrent ? null : (
                      <InlineAction
                        action={deleteAcademicYearAction.bind(null, { id: year.id })}
                        label="Delete"
                        pendingLabel="Deleting…"
                        confirm={`Delete ${year.name}?`}
                        tone="danger"
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <section aria-labelledby="new-year-heading">
          <h2 id="new-year-heading" className="text-lg font-semibold">Add an empty year</h2>
          <YearForm />
        </section>
      </div>
    </>
  );
}
