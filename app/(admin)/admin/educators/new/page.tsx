import Link from "next/link";
import { getDb } from "@/lib/db";
import { requirePageActor } from "@/lib/auth/session";
import { listDepartments } from "@/lib/server/school/departments";
import { EducatorForm } from "../educator-form";

export const metadata = { title: "Add an educator" };

export default async function NewEducatorPage() {
  const actor = await requirePageActor("admin");
  const departments = await listDepartments(await getDb(), actor);
  return (
    <>
      <p className="text-sm">
        <Link href="/admin/educators" className="text-blue-700 underline">
          All educators
        </Link>
      </p>
      <h1 className="mt-2 text-2xl font-semibold">Add an educator</h1>
      <p className="mt-1 max-w-2xl text-sm text-slate-700">
        After saving, link the educator to their sign-in account so they see their classes. Invite them from Users first if they have no account yet.
      </p>
      <div className="max-w-2xl">
        <EducatorForm departments={departments.map((d) => ({ id: d.id, name: d.name }))} />
      </div>
    </>
  );
}
