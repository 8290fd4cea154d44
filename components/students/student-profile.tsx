import type { StudentProfile } from "@/lib/server/students/get-student";

const statusLabel: Record<string, string> = {
  active: "Active",
  graduated: "Graduated",
  withdrawn: "Withdrawn",
  transferred: "Transferred",
};

export function StudentProfileView({ student }: { student: StudentProfile }) {
  const fullName = [student.firstName, student.middleName, student.lastName].filter(Boolean).join(" ");
  return (
    <>
      <h1 className="text-2xl font-semibold">{fullName}</h1>
      <dl className="mt-4 grid max-w-2xl grid-cols-1 gap-x-6 gap-y-2 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2">
        <div>
          <dt className="text-sm text-slate-600">Admission number</dt>
          <dd className="font-mono">{student.admissionNumber}</dd>
        </div>
        <div>
          <dt className="text-sm text-slate-600">Class this year</dt>
          <dd>{student.className ?? "Not enrolled this year"}</dd>
        </div>
        <div>
          <dt className="text-sm text-slate-600">Status</dt>
          <dd>{statusLabel[student.status] ?? student.status}</dd>
        </div>
        <div>
          <dt className="text-sm text-slate-600">Date of birth</dt>
          <dd>{student.dateOfBirth ?? "Not recorded"}</dd>
        </div>
      </dl>
      <h2 className="mt-6 text-lg font-semibold">Parents and guardians</h2>
      <ul className="mt-2 space-y-2">
        {student.guardians.map((g) => (
          <li key={`${g.name}-${g.relationship}`} className="rounded border border-slate-200 bg-white p-3">
            <span className="font-medium">{g.name}</span> ({g.relationship}){g.isPrimaryContact ? " · primary contact" : ""}
            <div className="text-sm text-slate-700">{[g.phone, g.email].filter(Boolean).join(" · ")}</div>
          </li>
        ))}
      </ul>
    </>
  );
}
