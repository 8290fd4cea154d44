import { Stat } from "@/components/ui/stat";
import type { SchoolOverview } from "@/lib/server/school/get-school-overview";

/** The school's headline figures, shared by the administrator's and the office's home pages. */
export function SchoolOverviewPanel({ overview }: { overview: SchoolOverview }) {
  const { counts, current } = overview;
  return (
    <>
      <p className="mt-1 text-slate-700">
        {overview.schoolName ?? "No school profile yet"}
        {current ? ` · ${current.academicYearName}${current.termName ? `, ${current.termName}` : ""}` : " · no current academic year"}
      </p>
      <dl className="mt-6 grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-5">
        <Stat label="Active students" value={counts.activeStudents} />
        <Stat label="Teachers" value={counts.teachers} />
        <Stat label="Classes this year" value={counts.classes} />
        <Stat label="Subjects" value={counts.subjects} />
        <Stat label="Parents and guardians" value={counts.guardians} />
      </dl>
      <h2 className="mt-8 text-lg font-semibold">Students by class level</h2>
      <div className="mt-2 overflow-x-auto">
        <table className="min-w-full divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm">
          <thead className="bg-slate-100 text-left">
            <tr>
              <th scope="col" className="px-3 py-2">Level</th>
              <th scope="col" className="px-3 py-2 text-right">Classes</th>
              <th scope="col" className="px-3 py-2 text-right">Students</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {overview.levels.map((level) => (
              <tr key={level.name}>
                <th scope="row" className="px-3 py-2 text-left font-medium">{level.name}</th>
                <td className="px-3 py-2 text-right tabular-nums">{level.classes}</td>
                <td className="px-3 py-2 text-right tabular-nums">{level.students}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
