import Link from "next/link";
import { requirePageActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { getCurrentTerm } from "@/lib/server/school/get-current-term";

export const metadata = { title: "School structure" };

const parts = [
  { href: "/admin/structure/years", title: "Academic years and terms", body: "The school year, its terms, and which year and term are current." },
  { href: "/admin/structure/levels", title: "Class levels", body: "JSS 1 to SSS 3: their order, where each is promoted to, and the final level." },
  { href: "/admin/structure/classes", title: "Classes", body: "The arms of each level in a year, with places and class teachers." },
  { href: "/admin/structure/subjects", title: "Subjects", body: "Codes, departments, core or elective, and credit units." },
  { href: "/admin/structure/offerings", title: "Subject offerings", body: "Which subjects each class takes each term, and who teaches them." },
  { href: "/admin/departments", title: "Departments", body: "Departments and their heads." },
  { href: "/admin/structure/new-year", title: "Start a new year", body: "Copy this year's terms, classes and subjects into the next year." },
];

export default async function StructurePage() {
  await requirePageActor("admin");
  const current = await getCurrentTerm(await getDb());
  return (
    <>
      <h1 className="text-2xl font-semibold">School structure</h1>
      <p className="mt-1 text-sm text-slate-700">
        {current
          ? `Current year: ${current.academicYearName}. Current term: ${current.termName ?? "none yet"}.`
          : "No academic year is current yet: add one under Academic years and make it current."}
      </p>
      <ul className="mt-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {parts.map((part) => (
          <li key={part.href}>
            <Link
              href={part.href}
              className="block h-full rounded-lg border border-slate-200 bg-white p-4 hover:border-blue-400 hover:bg-blue-50 focus-visible:outline focus-visible:outline-2 focus-visible:outline-blue-700"
            >
              <span className="block font-semibold text-blue-800 underline">{part.title}</span>
              <span className="mt-1 block text-sm text-slate-700">{part.body}</span>
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
