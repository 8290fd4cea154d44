import Link from "next/link";
import { getDb } from "@/lib/db";
import { can } from "@/lib/auth/policy";
import { requirePageActor } from "@/lib/auth/session";
import { getTeachingAssignments } from "@/lib/server/teaching/get-teaching-assignments";

export const metadata = { title: "My teaching" };

const scoresStatusLabels = { open: "Enter scores", returned: "Returned: fix scores", submitted: "Submitted", approved: "Approved" } as const;

export default async function TeacherHome() {
  const actor = await requirePageActor("teacher", "head_of_department");
  const { current, subjects, formClasses, profileMissing } = await getTeachingAssignments(await getDb(), actor);
  return (
    <>
      <h1 className="text-2xl font-semibold">My teaching</h1>
      <p className="mt-1 text-slate-700">
        {current?.termName ? `${current.academicYearName}, ${current.termName}` : "No current term is set; ask the school office."}
      </p>

      {profileMissing ? (
        <p role="status" className="mt-4 rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          Your account is not linked to a staff record yet, so no classes show here. Ask the school office to link it.
        </p>
      ) : null}
      <p className="mt-3 flex flex-wrap gap-4 text-sm">
        <Link className="text-blue-700 underline" href="/teacher/missing">
          Missing scores
        </Link>
        {can(actor, "scores.manage_department") || can(actor, "scores.manage_all") ? (
          <Link className="text-blue-700 underline" href="/teacher/review">
            Scores to review
          </Link>
        ) : null}
      </p>
      <h2 className="mt-6 text-lg font-semibold">Subjects I teach this term</h2>
      {subjects.length === 0 ? (
        <p className="mt-2 text-slate-700">You have no subjects assigned this term.</p>
      ) : (
        <div className="mt-2 overflow-x-auto">
          <table className="min-w-full divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm">
            <thead className="bg-slate-100 text-left">
              <tr>
                <th scope="col" className="px-3 py-2">Class</th>
                <th scope="col" className="px-3 py-2">Subject</th>
                <th scope="col" className="px-3 py-2 text-right">Students</th>
                <th scope="col" className="px-3 py-2">Scores</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {subjects.map((s) => (
                <tr key={s.offeringId}>
                  <th scope="row" className="px-3 py-2 text-left font-medium">{s.className}</th>
                  <td className="px-3 py-2">
                    {s.subjectName} <span className="font-mono text-slate-600">({s.subjectCode})</span>
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums">{s.students}</td>
                  <td className="px-3 py-2">
                    <Link className="text-blue-700 underline" href={`/teacher/offerings/${s.offeringId}`}>
                      {scoresStatusLabels[s.scoresStatus]} <span className="sr-only">for {`${s.subjectName}, ${s.className}`}</span>
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2 className="mt-8 text-lg font-semibold">My form classes</h2>
      {formClasses.length === 0 ? (
        <p className="mt-2 text-slate-700">You are not a class teacher this year.</p>
      ) : (
        <ul className="mt-2 space-y-1">
          {formClasses.map((c) => (
            <li key={c.classId}>
              <span className="font-medium">{c.className}</span>: {c.students} of {c.capacity} places filled ·{" "}
              <Link className="text-blue-700 underline" href="/students">
                see my students
              </Link>{" "}
              ·{" "}
              <Link className="text-blue-700 underline" href={`/teacher/comments/${c.classId}`}>
                Report comments<span className="sr-only"> for {c.className}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
