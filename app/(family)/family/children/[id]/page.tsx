import { StudentProfilePage } from "@/components/students/student-profile-page";
import { requirePageActor } from "@/lib/auth/session";

export const metadata = { title: "Child" };

export default async function ChildPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePageActor("parent", "student");
  return <StudentProfilePage actor={actor} studentId={(await params).id} />;
}
