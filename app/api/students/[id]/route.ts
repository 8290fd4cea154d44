import { handleRoute } from "@/lib/auth/handlers";
import { getStudent } from "@/lib/server/students/get-student";

/** A student's profile as JSON, for whoever may read it; everyone else gets a 404 problem. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return handleRoute(request, ({ db, actor }) => getStudent(db, actor, { studentId: id }));
}
