import { AppShell } from "@/components/app-shell";
import { requirePageActor } from "@/lib/auth/session";

export default async function FamilyLayout({ children }: { children: React.ReactNode }) {
  const actor = await requirePageActor("parent", "student");
  return <AppShell actor={actor}>{children}</AppShell>;
}
