import Link from "next/link";
import { InlineAction } from "@/components/structure/inline-action";
import { requirePageActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { listClassLevels } from "@/lib/server/school/class-levels";
import { getClass } from "@/lib/server/school/classes";
import { listActiveEducators } from "@/lib/server/school/structure-shared";
import { getClassTermOfferings, getTermSummary, listTermOptions } from "@/lib/server/school/subject-offerings";
import { listSubjects } from "@/lib/server/school/subjects";
import { removeOfferingAction, unassignOfferingTeacherAction } from "./actions";
import { AddOfferingForm, AssignTeacherForm, OfferToLevelForm } from "./offering-forms";

export const metadata = { title: "Subject offerings" };

export default async function OfferingsPage({ searchParams }: { searchParams: Promise<{ term?: string; class?: string }> }) {
  const actor = await requirePageActor("admin");
  const db = await getDb();
  const params = await searchParams;
  const terms = await listTermOptions(db, actor);
  // A class link without a term opens the class's year on its current term, or its first term.
  const linkedClass = params.class ? await getClass(db, actor, params.class) : null;
  const term =
    terms.find((t) => t.id === params.term) ??
    (linkedClass ? (terms.find((t) => t.yearId === linkedClass.academicYearId && t.isCurrent) ?? terms.find((t) => t.yearId === linkedClass.academicYearId)) : undefined) ??
    terms.find((t) => t.isCurrent) ??
    terms[0];

  const summary = term ? await getTermSummary(db, actor, term.id) : null;
  const classId = summary?.classes.find((c) => c.id === params.class)?.id;
  const [detail, levels, subjects, teachers] = await Promise.all([
    term && classId ? getClassTermOfferings(db, actor, { classId, termId: term.id }) : null,
    listClassLevels(db, actor),
    listSubjects(db, actor),
    listActiveEducators(db, actor),
  ]);
  const teacherOptions = teachers.map((e) => ({ value: e.id, label: e.department ? `${e.name} (${e.department})` : e.name }));
  const years = [...new Map(terms.map((t) => [t.yearId, t.yearName])).entries()];

  return (
    <>
      <p className="text-sm">
        <Link href="/admin/structure" className="text-blue-800 underline">School structure</Link>
      </p>
      <h1 className="mt-2 text-2xl font-semibold">Subject offerings</h1>
      <p className="mt-1 max-w-2xl text-sm text-slate-700">
        Which subjects each class takes in a term, and who teaches them. Teachers enter scores for the subjects they are assigned.
      </p>
      {!term || !summary ? (
        <p className="mt-4">
          There are no terms yet. <Link href="/admin/structure/years" className="text-blue-800 underline">Add a year and its terms</Link> first.
        </p>
      ) : (
        <>
          <form method="get" className="mt-4 flex flex-wrap items-end gap-3" aria-label="Choose the term and class">
            <div>
              <label htmlFor="term" className="block text-sm font-medium">Term</label>
              <select id="term" name="term" defaultValue={term.id} className="mt-1 rounded border border-slate-400 bg-white px-3 py-2">
                {years.map(([yearId, yearName]) => (
                  <optgroup key={yearId} label={yearName}>
                    {terms
                      .filter((t) => t.yearId === yearId)
                      .map((t) => (
                        <option key={t.id} value={t.id}>{t.name}, {t.yearName}{t.isCurrent ? " (current)" : ""}</option>
                      ))}
                  </optgroup>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor="class" className="block text-sm font-medium">Class</label>
              <select id="class" name="class" defaultValue={classId ?? ""} className="mt-1 rounded border border-slate-400 bg-white px-3 py-2">
                <option value="">All classes (overview)</option>
                {summary.classes.map((c) => (
                  <option key={c.id} value={c.id}>{c.name}</option>
                ))}
              </select>
            </div>
            <button type="submit" className="rounded border border-slate-300 bg-white px-4 py-2 font-medium hover:bg-slate-100">Show</button>
          </form>

          {detail ? (
            <div className="mt-6 grid gap-8 lg:grid-cols-[2fr_1fr]">
              <section aria-labelledby="class-subjects-heading" className="overflow-x-auto">
                <h2 id="class-subjects-heading" className="text-lg font-semibold">
                  {detail.class.name}, {detail.term.name} {detail.term.yearName}
                </h2>
                <p className="text-sm">
                  <Link href={`/admin/structure/offerings?term=${term.id}`} className="text-blue-800 underline">Back to all classes</Link>
                </p>
                {detail.offerings.length === 0 ? (
                  <p className="mt-3 text-sm">No subjects yet.</p>
                ) : (
                  <table className="mt-3 min-w-full divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm">
                    <caption className="sr-only">Subjects {detail.class.name} takes in {detail.term.name}, with their teachers</caption>
                    <thead className="bg-slate-100 text-left">
                      <tr>
                        <th scope="col" className="px-3 py-2">Subject</th>
                        <th scope="col" className="px-3 py-2">Teachers</th>
                        <th scope="col" className="px-3 py-2 text-right">Scores entered</th>
                        <th scope="col" className="px-3 py-2"><span className="sr-only">Actions</span></th>
                      </tr>
                    </thead>
                    <tbody className="divide-y divide-slate-100">
                      {detail.offerings.map((o) => (
                        <tr key={o.id}>
                          <th scope="row" className="px-3 py-2 text-left align-top font-medium">
                            {o.name} <span className="font-mono text-slate-600">{o.code}</span>
                            {o.kind === "elective" ? <span className="ml-1 text-slate-600">(elective)</span> : null}
                          </th>
                          <td className="px-3 py-2 align-top">
                            {o.teachers.length === 0 ? <p className="text-amber-800">No teacher yet</p> : null}
                            <ul className="space-y-1">
                              {o.teachers.map((teacher) => (
                                <li key={teacher.id} className="flex flex-wrap items-center gap-2">
                                  <span>{teacher.name}</span>
                                  <InlineAction
                                    action={unassignOfferingTeacherAction.bind(null, { offeringId: o.id, educatorId: teacher.id })}
                                    label="Unassign"
                                    pendingLabel="Unassigning…"
                                    confirm={`Take ${teacher.name} off ${o.name}?`}
                                  />
                                </li>
                              ))}
                            </ul>
                            <div className="mt-2">
                              <AssignTeacherForm
                                offeringId={o.id}
                                subjectName={o.name}
                                teachers={teacherOptions.filter((option) => !o.teachers.some((teacher) => teacher.id === option.value))}
                              />
                            </div>
                          </td>
                          <td className="px-3 py-2 text-right align-top tabular-nums">{o.scores}</td>
                          <td className="px-3 py-2 align-top">
                            <InlineAction
                              action={removeOfferingAction.bind(null, { offeringId: o.id })}
                              label="Remove"
                              pendingLabel="Removing…"
                              confirm={`Stop offering ${o.name} to ${detail.class.name}?`}
                              tone="danger"
                            />
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </section>
              <section aria-labelledby="add-subject-heading">
                <h2 id="add-subject-heading" className="text-lg font-semibold">Add a subject to {detail.class.name}</h2>
                {detail.available.length === 0 ? (
                  <p className="mt-3 text-sm">{detail.class.name} already takes every subject this term.</p>
                ) : (
                  <AddOfferingForm
                    key={`${detail.class.id}-${detail.term.id}`}
                    classId={detail.class.id}
                    termId={detail.term.id}
                    subjects={detail.available.map((s) => ({ value: s.id, label: `${s.name} (${s.code})` }))}
                    teachers={teacherOptions}
                  />
                )}
              </section>
            </div>
          ) : (
            <div className="mt-6 grid gap-8 lg:grid-cols-[2fr_1fr]">
              <section aria-labelledby="term-overview-heading" className="overflow-x-auto">
                <h2 id="term-overview-heading" className="text-lg font-semibold">
                  {term.name}, {term.yearName}
                </h2>
                {summary.classes.length === 0 ? (
                  <p className="mt-3 text-sm">
                    {term.yearName} has no classes yet. <Link href={`/admin/structure/classes?year=${term.yearId}`} className="text-blue-800 underline">Add classes</Link>.
                  </p>
                ) : (
                  <table className="mt-3 min-w-full divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm">
                    <caption className="sr-only">Subjects offered to each class in {term.name}</caption>
                    <thead className="bg-slate-100 text-left">
                      <tr>
                        <th scope="col" className="px-3 py-2">Class</th>
                        <th scope="col" className="px-3 py-2 text-right">Subjects</th>
                        <th scope="col" className="px-3 py-2 text-right">Without a teacher</th>
                      </tr>
                    </thead>
                    <tbody className="divide-y divide-slate-100">
                      {summary.classes.map((c) => (
                        <tr key={c.id}>
                          <th scope="row" className="px-3 py-2 text-left font-medium">
                            <Link href={`/admin/structure/offerings?term=${term.id}&class=${c.id}`} className="text-blue-800 underline">{c.name}</Link>
                          </th>
                          <td className="px-3 py-2 text-right tabular-nums">{c.offered}</td>
                          <td className={`px-3 py-2 text-right tabular-nums ${c.withoutTeacher > 0 ? "font-semibold text-amber-800" : ""}`}>{c.withoutTeacher}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </section>
              <section aria-labelledby="offer-level-heading">
                <h2 id="offer-level-heading" className="text-lg font-semibold">Offer subjects to a whole level</h2>
                <OfferToLevelForm
                  key={term.id}
                  termId={term.id}
                  termName={term.name}
                  levels={levels.map((l) => ({ value: l.id, label: l.name }))}
                  subjects={subjects.map((s) => ({ value: s.id, label: `${s.name} (${s.code})` }))}
                />
              </section>
            </div>
          )}
        </>
      )}
    </>
  );
}
