import { SchoolOverviewPanel } from "@/components/school-overview";
import { getDb } from "@/lib/db";
import { requirePageActor } from "@/lib/auth/session";
import { getSchoolOverview } from "@/lib/server/school/get-school-overview";

export const metadata = { title: "School overview" };

export default async function AdminHome() {
  const actor = await requirePageActor("admin");
  const overview = await getSchoolOverview(await getDb(), actor);
  return (
    <>
      <h1 className="text-2xl font-semibold">School overview</h1>
      <SchoolOverviewPanel overview={overview} />
    </>
  );
}
