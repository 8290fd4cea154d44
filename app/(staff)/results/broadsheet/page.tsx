import { notFound } from "next/navigation";
import { requirePageActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { ordinal } from "@/lib/domain/report-card";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { getClassResults } from "@/lib/server/results/get-class-results";

export const metadata = { title: "Broadsheet" };

export default async function BroadsheetPage({ searchParams }: { searchParams: Promise<{ term?: string; class?: string }> }) {
  const actor = await requirePageActor();
  const { term = "", class: classId = "" } = await searchParams;
  // Not computed yet is a message for the page; out of reach is "not found".
  const outcome = await getClassResults(await getDb(), actor, { classId, termId: term }).then(
    (results) => ({ results, message: null }),
    (error: unknown) => {
      if (error instanceof NotFoundError || error instanceof ValidationError) notFound();
      if (error instanceof ConflictError) return { results: null, message: error.message };
      throw error;
    },
  );
  const { results, message } = outcome;
  return (
    <>
      <h1 className="text-2xl font-semibold">Broadsheet</h1>
      {!results ? (
        <p role="status" className="mt-4">
          {message}
        </p>
      ) : (
        <>
          <p className="mt-1 text-sm">
            <a className="text-blue-700 underline" href={`/api/results/broadsheet?term=${term}&class=${classId}`}>
              Download as CSV
            </a>
          </p>
          <div className="mt-4 overflow-x-auto" tabIndex={0} role="region" aria-label="Broadsheet table">
            <table className="min-w-full divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm">
              <caption className="sr-only">Each student&apos;s total, grade and position in every subject, and overall</caption>
              <thead className="bg-slate-100 text-left">
                <tr>
                  <th scope="col" className="sticky left-0 bg-slate-100 px-3 py-2">Student</th>
                  {results.subjects.map((s) => (
                    <th key={s.offeringId} scope="col" className="px-3 py-2 text-right">
                      <abbr title={s.name}>{s.code}</abbr>
                    </th>
                  ))}
                  <th scope="col" className="px-3 py-2 text-right">Average</th>
                  <th scope="col" className="px-3 py-2 text-right">Position</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {results.students.map((student) => (
                  <tr key={student.id}>
                    <th scope="row" className="sticky left-0 bg-white px-3 py-2 text-left font-medium">
                      {student.name}
                    </th>
                    {results.subjects.map((s) => {
                      const cell = student.cells[s.offeringId];
                      return (
                        <td key={s.offeringId} className="px-3 py-2 text-right tabular-nums">
                          {!cell ? "—" : cell.total === null ? "Exempt" : `${cell.total} ${cell.grade ?? ""}`}
                          {cell?.position ? <span className="block text-xs text-slate-600">{ordinal(cell.position, cell.shared)}</span> : null}
                        </td>
                      );
                    })}
                    <td className="px-3 py-2 text-right tabular-nums">{student.overall?.average ?? "—"}</td>
                    <td className="px-3 py-2 text-right tabular-nums">
                      {student.overall?.position ? `${ordinal(student.overall.position, student.overall.shared)} of ${student.overall.outOf}` : "—"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}
