import { SchoolOverviewPanel } from "@/components/school-overview";
import { getDb } from "@/lib/db";
import { requirePageActor } from "@/lib/auth/session";
import { getSchoolOverview } from "@/lib/server/school/get-school-overview";

export const metadata = { title: "Office" };

export default async function OfficeHome() {
  const actor = await requirePageActor("staff");
  const overview = await getSchoolOverview(await getDb(), actor);
  return (
    <>
      <h1 className="text-2xl font-semibold">Office</h1>
      <SchoolOverviewPanel overview={overview} />
    </>
  );
}
