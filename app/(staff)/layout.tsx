import { AppShell } from "@/components/app-shell";
import { requirePageActor } from "@/lib/auth/session";

export default async function StaffLayout({ children }: { children: React.ReactNode }) {
  const actor = await requirePageActor("admin", "staff", "teacher", "head_of_department");
  return <AppShell actor={actor}>{children}</AppShell>;
}
