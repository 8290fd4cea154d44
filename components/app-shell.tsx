import Link from "next/link";
import type { Actor } from "@/lib/auth/policy";
import { can, hasRole } from "@/lib/auth/policy";
import { env } from "@/lib/env";
import { isMailTransportConfigured } from "@/lib/server/email/transport";
import { SignOutButton } from "./sign-out-button";

type NavItem = { href: string; label: string };

function navFor(actor: Actor): NavItem[] {
  const items: NavItem[] = [];
  if (hasRole(actor, "admin")) {
    items.push(
      { href: "/admin", label: "Overview" },
      { href: "/admin/structure", label: "School structure" },
      { href: "/admin/departments", label: "Departments" },
      { href: "/admin/educators", label: "Educators" },
      { href: "/admin/imports", label: "Import" },
      { href: "/admin/gradebook", label: "Gradebook settings" },
      { href: "/admin/results", label: "Publish results" },
      { href: "/admin/promotions", label: "Promotions" },
      { href: "/admin/report-card-settings", label: "Report cards" },
      { href: "/admin/comment-bank", label: "Comment bank" },
      { href: "/admin/documents", label: "Document types" },
      { href: "/admin/users", label: "Users" },
      { href: "/admin/link-requests", label: "Link requests" },
      { href: "/admin/audit", label: "Audit log" },
    );
    // Without a mail transport, emails wait in the outbox; admins read them there (development).
    if (!isMailTransportConfigured(env())) items.push({ href: "/admin/outbox", label: "Outbox" });
  }
  if (hasRole(actor, "staff")) items.push({ href: "/office", label: "Office" });
  if (hasRole(actor, "teacher", "head_of_department")) items.push({ href: "/teacher", label: "My teaching" });
  if (can(actor, "scores.manage_all") || can(actor, "scores.manage_department")) items.push({ href: "/teacher/review", label: "Review scores" });
  if (hasRole(actor, "admin", "teacher", "head_of_department")) items.push({ href: "/analytics", label: "Analytics" });
  if (can(actor, "students.read_all") || hasRole(actor, "teacher")) items.push({ href: "/students", label: "Students" });
  if (can(actor, "guardians.manage")) items.push({ href: "/guardians", label: "Guardians" });
  if (can(actor, "documents.verify")) items.push({ href: "/documents", label: "Verify documents" });
  if (hasRole(actor, "parent", "student")) items.push({ href: "/family", label: hasRole(actor, "parent") ? "My children" : "My page" });
  return items;
}

/** The frame of every signed-in page: who is signed in, where they can go, and sign-out. */
export function AppShell({ actor, children }: { actor: Actor; children: React.ReactNode }) {
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-3">
          <Link href="/" className="text-lg font-semibold text-blue-800">
            AMS
          </Link>
          <nav aria-label="Main">
            <ul className="flex flex-wrap gap-1">
              {navFor(actor).map((item) => (
                <li key={item.href}>
                  <Link href={item.href} className="rounded px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100">
                    {item.label}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          <div className="flex items-center gap-3">
            <Link href="/account" className="text-sm text-slate-700 underline">
              {actor.name}
            </Link>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-6xl px-4 py-6">
        {children}
      </main>
    </div>
  );
}
