import { BarChart } from "@/components/analytics/bar-chart";
import { TrendChart } from "@/components/analytics/trend-chart";
import { requirePageActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { HISTOGRAM_BUCKET_LABELS, readAtRiskThresholds } from "@/lib/domain/analytics";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { type ClassTrend, getStudentTrend } from "@/lib/server/analytics/get-student-trend";
import { type ClassSubjectAnalytics, getSubjectAnalytics, listAnalyticsChoices } from "@/lib/server/analytics/get-subject-analytics";

export const metadata = { title: "Performance analytics" };

type Search = { term?: string; class?: string; threshold?: string; drop?: string };

/** A message for what the page can say in words (not computed, nothing to see); anything else is a real error. */
function explain(error: unknown): string {
  if (error instanceof ConflictError) return error.message;
  if (error instanceof NotFoundError || error instanceof ValidationError) return "There is nothing for you to see for this class and term.";
  throw error;
}

export default async function AnalyticsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const actor = await requirePageActor("admin", "head_of_department", "teacher");
  const db = await getDb();
  const params = await searchParams;
  const thresholds = readAtRiskThresholds(params);
  const { terms, classes: allClasses } = await listAnalyticsChoices(db, actor);
  const term = terms.find((t) => t.id === params.term) ?? terms.find((t) => t.isCurrent) ?? terms[0];
  const classes = allClasses.filter((c) => c.academicYearId === term?.academicYearId);
  const klass = classes.find((c) => c.id === params.class) ?? classes[0];

  let analytics: ClassSubjectAnalytics | null = null;
  let trend: ClassTrend | null = null;
  let message: string | null = null;
  if (term && klass) {
    const scope = { termId: term.id, classId: klass.id };
    [analytics, trend] = await Promise.all([
      getSubjectAnalytics(db, actor, scope).catch((error: unknown) => {
        message = explain(error);
        return null;
      }),
      // Overall averages are for those who see the whole class; a subject teacher simply has no at-risk section.
      getStudentTrend(db, actor, { ...scope, ...thresholds }).catch((error: unknown) => {
        explain(error);
        return null;
      }),
    ]);
  }

  return (
    <>
      <h1 className="text-2xl font-semibold">Performance analytics</h1>
      <p className="mt-1 max-w-2xl text-sm text-slate-700">
        How each subject went in a class, from the computed results, and which students may need help.
      </p>
      {!term || !klass ? (
        <p className="mt-4">There is no class for you to look at yet.</p>
      ) : (
        <>
          <form method="get" className="mt-4 flex flex-wrap items-end gap-3" aria-label="Choose the term, class and thresholds">
            <div>
              <label htmlFor="term" className="block text-sm font-medium">Term</label>
              <select id="term" name="term" defaultValue={term.id} className="mt-1 rounded border border-slate-400 bg-white px-3 py-2">
                {terms.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}, {t.yearName}
                    {t.isCurrent ? " (current)" : ""}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor="class" className="block text-sm font-medium">Class</label>
              <select id="class" name="class" defaultValue={klass.id} className="mt-1 rounded border border-slate-400 bg-white px-3 py-2">
                {classes.map((c) => (
                  <option key={c.id} value={c.id}>{c.name}</option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor="threshold" className="block text-sm font-medium">At risk below average</label>
              <input id="threshold" name="threshold" type="number" min={0} max={100} step="0.01" defaultValue={thresholds.threshold}
                className="mt-1 w-28 rounded border border-slate-400 bg-white px-3 py-2" />
            </div>
            <div>
              <label htmlFor="drop" className="block text-sm font-medium">At risk after a drop of more than (points)</label>
              <input id="drop" name="drop" type="number" min={0} max={100} step="0.01" defaultValue={thresholds.drop}
                className="mt-1 w-28 rounded border border-slate-400 bg-white px-3 py-2" />
            </div>
            <button type="submit" className="rounded border border-slate-300 bg-white px-4 py-2 font-medium hover:bg-slate-100 focus-visible:outline-2">
              Show
            </button>
          </form>

          {!analytics ? (
            <p role="status" className="mt-6">{message}</p>
          ) : (
            <>
              <h2 className="mt-6 text-lg font-semibold">
                {analytics.className}, {analytics.termName}
              </h2>
              <p className="mt-1 text-sm text-slate-700">Pass mark {analytics.passMark}. Exempt students are left out of every figure.</p>

              {trend ? <AtRisk trend={trend} /> : null}

              <div className="mt-6 grid gap-6 lg:grid-cols-2">
                {analytics.subjects.map((subject) => (
                  <section key={subject.offeringId} aria-labelledby={`subject-${subject.offeringId}`} className="rounded-lg border border-slate-200 bg-white p-4">
                    <h3 id={`subject-${subject.offeringId}`} className="font-semibold">
                      {subject.subject.name}
                    </h3>
                    <p className="text-sm text-slate-700">{subject.teachers.length > 0 ? `Taught by ${subject.teachers.join(", ")}` : "No teacher assigned"}</p>
                    {subject.count === 0 ? (
                      <p className="mt-2 text-sm">No student of this class has a result in this subject.</p>
                    ) : (
                      <>
                        <dl className="mt-2 grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-4">
                          <Figure label="Students" value={String(subject.count)} />
                          <Figure label="Average" value={subject.average ?? "—"} />
                          <Figure label="Highest" value={subject.highest ?? "—"} />
                          <Figure label="Lowest" value={subject.lowest ?? "—"} />
                          <Figure
                            label="Passed"
                            value={subject.passRate ? `${subject.passRate.percent}% (${subject.passRate.passed} of ${subject.passRate.count})` : "—"}
                          />
                        </dl>
                        <BarChart
                          caption={`${subject.subject.name}: how many students scored in each range`}
                          categoryHeading="Score range"
                          valueHeading="Students"
                          bars={HISTOGRAM_BUCKET_LABELS.map((label, i) => ({ label, value: subject.histogram[i] ?? 0 }))}
                        />
                      </>
                    )}
                    {subject.levelAverageByClass.length > 1 ? (
                      <table className="mt-3 w-full text-sm">
                        <caption className="text-left font-medium">{subject.subject.name} across the level, by class and teacher</caption>
                        <thead className="text-left">
                          <tr>
                            <th scope="col" className="py-1 pr-2">Class</th>
                            <th scope="col" className="py-1 pr-2">Teacher</th>
                            <th scope="col" className="py-1 text-right">Average</th>
                          </tr>
                        </thead>
                        <tbody className="divide-y divide-slate-100">
                          {subject.levelAverageByClass.map((row) => (
                            <tr key={row.classId}>
                              <th scope="row" className="py-1 pr-2 text-left font-normal">{row.className}</th>
                              <td className="py-1 pr-2">{row.teachers.join(", ") || "—"}</td>
                              <td className="py-1 text-right tabular-nums">{row.average ?? "—"}</td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    ) : null}
                  </section>
                ))}
              </div>
            </>
          )}
        </>
      )}
    </>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <dt className="text-slate-600">{label}</dt>
      <dd className="font-semibold tabular-nums">{value}</dd>
    </div>
  );
}

function AtRisk({ trend }: { trend: ClassTrend }) {
  return (
    <section aria-labelledby="at-risk" className="mt-6">
      <h2 id="at-risk" className="text-lg font-semibold">At risk</h2>
      <TrendChart
        caption={`${trend.className}: class average by term`}
        valueHeading="Class average"
        points={trend.terms.map((term, i) => ({ label: term.name, value: trend.classAverages[i] ?? null }))}
      />
      {trend.atRisk.length === 0 ? (
        <p className="mt-2 text-sm">
          No student has an average below {trend.thresholds.threshold} or dropped more than {trend.thresholds.drop} points since the previous term.
        </p>
      ) : (
        <div className="mt-2 overflow-x-auto" tabIndex={0} role="region" aria-label="Students at risk">
          <table className="min-w-full divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm">
            <caption className="sr-only">
              Students with an average below {trend.thresholds.threshold}, or who dropped more than {trend.thresholds.drop} points since the previous term
            </caption>
            <thead className="bg-slate-100 text-left">
              <tr>
                <th scope="col" className="px-3 py-2">Student</th>
                {trend.terms.map((term) => (
                  <th key={term.id} scope="col" className="px-3 py-2 text-right">{term.name}</th>
                ))}
                <th scope="col" className="px-3 py-2">Why</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {trend.atRisk.map((student) => (
                <tr key={student.id}>
                  <th scope="row" className="px-3 py-2 text-left font-medium">
                    {student.name}
                    <span className="block text-xs font-normal text-slate-600">{student.admissionNumber}</span>
                  </th>
                  {student.averages.map((average, i) => (
                    <td key={trend.terms[i]!.id} className="px-3 py-2 text-right tabular-nums">{average ?? "—"}</td>
                  ))}
                  <td className="px-3 py-2">{student.reasons.join("; ")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
