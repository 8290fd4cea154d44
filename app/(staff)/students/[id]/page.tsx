import { StudentProfilePage } from "@/components/students/student-profile-page";
import { can } from "@/lib/auth/policy";
import { requirePageActor } from "@/lib/auth/session";
import { IssueLinkCode } from "./issue-link-code";

export const metadata = { title: "Student" };

export default async function StudentPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePageActor();
  const { id } = await params;
  return (
    <>
      <StudentProfilePage actor={actor} studentId={id} />
      {can(actor, "guardians.manage") ? <IssueLinkCode studentId={id} /> : null}
    </>
  );
}
