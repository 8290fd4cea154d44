import Link from "next/link";
import { requirePageActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { listMissingWork } from "@/lib/server/gradebook/list-missing-work";

export const metadata = { title: "Missing scores" };

export default async function MissingWorkPage() {
  const actor = await requirePageActor("admin", "teacher", "head_of_department");
  const rows = await listMissingWork(await getDb(), actor);
  const total = rows.reduce((sum, r) => sum + r.missing, 0);
  return (
    <>
      <h1 className="text-2xl font-semibold">Missing scores</h1>
      <p className="mt-1 text-slate-700">
        {total === 0
          ? "Every score this term is entered in the classes you can open."
          : `${total} empty ${total === 1 ? "cell" : "cells"} this term, by class and assessment. Enter a score, ABS or EX in each.`}
      </p>
      {rows.length > 0 ? (
        <div className="mt-4 overflow-x-auto">
          <table className="min-w-full divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm">
            <caption className="sr-only">Empty score cells by class, subject and assessment</caption>
            <thead className="bg-slate-100 text-left">
              <tr>
                <th scope="col" className="px-3 py-2">Class</th>
                <th scope="col" className="px-3 py-2">Subject</th>
                <th scope="col" className="px-3 py-2">Assessment</th>
                <th scope="col" className="px-3 py-2 text-right">Missing</th>
                <th scope="col" className="px-3 py-2">
                  <span className="sr-only">Open</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((r) => (
                <tr key={`${r.offeringId}:${r.componentCode}`}>
                  <th scope="row" className="px-3 py-2 text-left font-medium">{r.className}</th>
                  <td className="px-3 py-2">{r.subjectName}</td>
                  <td className="px-3 py-2">
                    {r.componentCode} <span className="text-slate-600">({r.componentName})</span>
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums">
                    {r.missing} of {r.students}
                  </td>
                  <td className="px-3 py-2">
                    <Link className="text-blue-700 underline" href={`/teacher/offerings/${r.offeringId}`} aria-label={`Open ${r.subjectName}, ${r.className}`}>
                      Open
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}
