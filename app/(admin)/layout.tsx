import { AppShell } from "@/components/app-shell";
import { requirePageActor } from "@/lib/auth/session";

export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const actor = await requirePageActor("admin");
  return <AppShell actor={actor}>{children}</AppShell>;
}
