import type { ReactNode } from "react";
import type { StudentProfile } from "@/lib/server/students/get-student";
import { enrolmentStatusLabels, genderLabels, relationshipLabels, statusLabels } from "./labels";

type Guardian = StudentProfile["guardians"][number];

/** A student's record as whoever may read it sees it; the data layer already left out what they may not. */
export function StudentProfileView({
  student,
  guardianActions,
}: {
  student: StudentProfile;
  /** Controls shown beside each guardian (the office's "make primary" and "remove"). */
  guardianActions?: (guardian: Guardian) => ReactNode;
}) {
  const fullName = [student.firstName, student.middleName, student.lastName].filter(Boolean).join(" ");
  const left = student.status !== "active";
  const currentElectives = student.electives.filter((e) => e.currentYear);
  const pastElectives = student.electives.filter((e) => !e.currentYear);
  return (
    <>
      <h1 className="text-2xl font-semibold">{fullName}</h1>
      {left ? (
        <p className="mt-2 max-w-2xl rounded border border-amber-300 bg-amber-50 p-3 text-amber-900">
          {statusLabels[student.status] ?? student.status}
          {student.statusChangedOn ? ` on ${student.statusChangedOn}` : ""}
          {student.statusReason ? `: ${student.statusReason}` : ""}. This record is archived: it stays readable but is left out of the usual lists.
        </p>
      ) : null}
      <dl className="mt-4 grid max-w-2xl grid-cols-1 gap-x-6 gap-y-2 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2">
        <Item label="Admission number">
          <span className="font-mono">{student.admissionNumber}</span>
        </Item>
        <Item label="Class this year">{student.className ?? "Not in a class this year"}</Item>
        <Item label="Status">{statusLabels[student.status] ?? student.status}</Item>
        <Item label="Date of birth">{student.dateOfBirth ?? "Not recorded"}</Item>
        <Item label="Gender">{student.gender ? (genderLabels[student.gender] ?? student.gender) : "Not recorded"}</Item>
        <Item label="Admitted on">{student.admittedOn ?? "Not recorded"}</Item>
        {student.departmentName ? <Item label="Department or stream">{student.departmentName}</Item> : null}
        {student.email ? <Item label="Email">{student.email}</Item> : null}
        {student.phone ? <Item label="Phone">{student.phone}</Item> : null}
        {student.address ? <Item label="Home address">{student.address}</Item> : null}
      </dl>

      <section aria-labelledby="history-heading" className="mt-6 max-w-3xl">
        <h2 id="history-heading" className="text-lg font-semibold">
          Classes, this year and before
        </h2>
        {student.enrolments.length === 0 ? (
          <p className="mt-2 text-slate-700">Not enrolled in any class yet.</p>
        ) : (
          <div className="mt-2 overflow-x-auto" tabIndex={0} role="region" aria-labelledby="history-heading">
            <table className="min-w-full divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm">
              <caption className="sr-only">Every class {student.firstName} has been in, newest first</caption>
              <thead className="bg-slate-100 text-left">
                <tr>
                  <th scope="col" className="px-3 py-2">Year</th>
                  <th scope="col" className="px-3 py-2">Class</th>
                  <th scope="col" className="px-3 py-2">From</th>
                  <th scope="col" className="px-3 py-2">Until</th>
                  <th scope="col" className="px-3 py-2">How it ended</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {student.enrolments.map((e) => (
                  <tr key={e.id}>
                    <td className="px-3 py-2 whitespace-nowrap">{e.yearName}</td>
                    <th scope="row" className="px-3 py-2 text-left font-medium whitespace-nowrap">
                      {e.className}
                    </th>
                    <td className="px-3 py-2 whitespace-nowrap">{e.enrolledOn}</td>
                    <td className="px-3 py-2 whitespace-nowrap">{e.leftOn ?? "—"}</td>
                    <td className="px-3 py-2">{enrolmentStatusLabels[e.status] ?? e.status}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="electives-heading" className="mt-6 max-w-3xl">
        <h2 id="electives-heading" className="text-lg font-semibold">
          Elective subjects
        </h2>
        <p className="mt-2">{currentElectives.length ? currentElectives.map((e) => e.name).join(", ") : "None chosen this year."}</p>
        {pastElectives.length ? (
          <p className="mt-1 text-sm text-slate-700">
            Earlier: {pastElectives.map((e) => `${e.name} (${e.yearName})`).join(", ")}
          </p>
        ) : null}
      </section>

      <section aria-labelledby="guardians-heading" className="mt-6 max-w-3xl">
        <h2 id="guardians-heading" className="text-lg font-semibold">
          Parents and guardians
        </h2>
        {student.guardians.length === 0 ? <p className="mt-2 text-slate-700">No parent or guardian is linked yet.</p> : null}
        <ul className="mt-2 space-y-2">
          {student.guardians.map((g) => (
            <li key={g.guardianId} className="rounded border border-slate-200 bg-white p-3">
              <span className="font-medium">{g.name}</span> ({relationshipLabels[g.relationship] ?? g.relationship})
              {g.isPrimaryContact ? <span className="ml-2 rounded bg-blue-100 px-2 py-0.5 text-xs font-medium text-blue-900">Primary contact</span> : null}
              <div className="text-sm text-slate-700">
                {g.contactHidden ? "Contact details are shared with the school only." : [g.phone, g.email].filter(Boolean).join(" · ") || "No contact details recorded."}
              </div>
              {guardianActions ? guardianActions(g) : null}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}
