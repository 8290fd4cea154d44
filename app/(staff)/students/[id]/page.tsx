import { StudentProfilePage } from "@/components/students/student-profile-page";
import { requirePageActor } from "@/lib/auth/session";

export const metadata = { title: "Student" };

export default async function StudentPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePageActor();
  return <StudentProfilePage actor={actor} studentId={(await params).id} />;
}
