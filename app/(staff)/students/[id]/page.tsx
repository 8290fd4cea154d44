import Link from "next/link";
import { notFound } from "next/navigation";
import { StudentDocumentsSection } from "@/components/documents/student-documents";
import { StudentProfileView } from "@/components/students/student-profile";
import { can } from "@/lib/auth/policy";
import { requirePageActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { staffMayHandleDocuments } from "@/lib/server/documents/document-access";
import { findGuardians, type GuardianMatch } from "@/lib/server/students/find-guardians";
import { getStudent } from "@/lib/server/students/get-student";
import { getStudentFormOptions } from "@/lib/server/students/get-student-form-options";
import { ReportCardList } from "@/components/report-card-list/report-card-list";
import { listReportCards } from "@/lib/server/report-cards/list-report-cards";
import { IssueLinkCode } from "./issue-link-code";
import { AddGuardianForm, ElectivesForm, GuardianLinkActions, MoveClassForm, StatusForm } from "./manage-forms";

export const metadata = { title: "Student" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function StudentPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: SearchParams }) {
  const actor = await requirePageActor();
  const { id } = await params;
  const db = await getDb();
  const student = await getStudent(db, actor, { studentId: id }).catch((error: unknown) => {
    if (error instanceof NotFoundError || error instanceof ValidationError) notFound();
    throw error;
  });
  const manageStudent = can(actor, "students.manage");
  const manageGuardians = can(actor, "guardians.manage");
  const options = manageStudent ? await getStudentFormOptions(db, actor) : null;

  // Finding a guardian to link is a plain GET form: the matches come back in the page.
  const raw = (await searchParams).guardian;
  const guardianSearch = (Array.isArray(raw) ? raw[0] : raw)?.trim().slice(0, 100) ?? "";
  let matches: GuardianMatch[] = [];
  if (manageGuardians && guardianSearch.length >= 2) matches = await findGuardians(db, actor, { search: guardianSearch });

  const active = student.status === "active";
  return (
    <>
      <StudentProfileView
        student={student}
        guardianActions={
          manageGuardians
            ? (g) => <GuardianLinkActions studentId={student.id} guardianId={g.guardianId} name={g.name} isPrimaryContact={g.isPrimaryContact} />
            : undefined
        }
      />

      {manageGuardians ? (
        <section aria-labelledby="add-guardian-heading" className="mt-6 max-w-3xl">
          <h2 id="add-guardian-heading" className="text-lg font-semibold">
            Link a parent or guardian
          </h2>
          <form role="search" method="get" className="mt-2 flex max-w-lg flex-wrap items-end gap-2">
            <div className="min-w-0 flex-1">
              <label htmlFor="guardian-search" className="block text-sm font-medium text-slate-800">
                Find them by name, email or phone
              </label>
              <input
                id="guardian-search"
                name="guardian"
                type="search"
                minLength={2}
                defaultValue={guardianSearch}
                className="mt-1 w-full rounded border border-slate-400 bg-white px-3 py-2"
              />
            </div>
            <button type="submit" className="rounded border border-slate-300 bg-white px-4 py-2 font-medium hover:bg-slate-100">
              Find
            </button>
          </form>
          <AddGuardianForm key={guardianSearch} studentId={student.id} matches={matches} searched={guardianSearch.length >= 2} />
        </section>
      ) : null}

      {manageStudent && options ? (
        <section aria-labelledby="manage-heading" className="mt-8 max-w-3xl">
          <h2 id="manage-heading" className="text-xl font-semibold">
            Manage this record
          </h2>
          <p className="mt-2">
            <Link href={`/students/${student.id}/edit`} className="text-blue-700 underline">
              Edit {student.firstName}&apos;s details
            </Link>
          </p>
          <div className="mt-4 grid gap-6 lg:grid-cols-2">
            {active ? (
              <div>
                <h3 className="font-semibold">Move to another class</h3>
                <MoveClassForm studentId={student.id} currentClassId={student.classId} classes={options.classes} />
              </div>
            ) : null}
            <div>
              <h3 className="font-semibold">{active ? "Graduated, withdrawn or transferred" : "Back at school"}</h3>
              <StatusForm key={student.status} studentId={student.id} status={student.status} classes={options.classes} />
            </div>
            {active ? (
              <div>
                <h3 className="font-semibold">Electives</h3>
                <ElectivesForm
                  studentId={student.id}
                  subjects={options.electives}
                  chosen={student.electives.filter((e) => e.currentYear).map((e) => e.subjectId)}
                />
              </div>
            ) : null}
          </div>
        </section>
      ) : null}

      {manageGuardians ? <IssueLinkCode studentId={id} /> : null}
      {can(actor, "results.read_all") ? (
        <section aria-labelledby="report-cards" className="mt-8 max-w-3xl">
          <h2 id="report-cards" className="text-lg font-semibold">
            Report cards
          </h2>
          <ReportCardList studentId={student.id} cards={(await listReportCards(db, actor, { studentId: student.id })).cards} basePath={`/students/${student.id}`} />
        </section>
      ) : null}
      {staffMayHandleDocuments(actor) ? <StudentDocumentsSection actor={actor} studentId={student.id} /> : null}
    </>
  );
}
