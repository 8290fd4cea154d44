import { StudentDocumentsSection } from "@/components/documents/student-documents";
import { ProgressTable } from "@/components/report-card-list/progress-table";
import { ReportCardList } from "@/components/report-card-list/report-card-list";
import { StudentProfilePage } from "@/components/students/student-profile-page";
import { requirePageActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { listReportCards } from "@/lib/server/report-cards/list-report-cards";

export const metadata = { title: "Child" };

export default async function ChildPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePageActor("parent", "student");
  const { id } = await params;
  // The profile decides whether this child is the actor's (a stranger's child is "not found"); the
  // report cards are scoped again in their own query.
  const profile = await StudentProfilePage({ actor, studentId: id });
  const { cards, progress } = await listReportCards(await getDb(), actor, { studentId: id });
  return (
    <>
      {profile}
      <section aria-labelledby="report-cards" className="mt-8">
        <h2 id="report-cards" className="text-lg font-semibold">
          Report cards
        </h2>
        <ReportCardList studentId={id} cards={cards} basePath={`/family/children/${id}`} />
      </section>
      {cards.length > 0 ? (
        <section aria-labelledby="progress" className="mt-8">
          <h2 id="progress" className="text-lg font-semibold">
            Progress by subject
          </h2>
          <ProgressTable progress={progress} />
        </section>
      ) : null}
      <StudentDocumentsSection actor={actor} studentId={id} />
    </>
  );
}
