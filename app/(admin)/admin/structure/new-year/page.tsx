import Link from "next/link";
import { requirePageActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { shiftRangeByYears, suggestNextYearName } from "@/lib/domain/structure";
import { listAcademicYears } from "@/lib/server/school/academic-years";
import { NewYearWizard } from "./new-year-wizard";

export const metadata = { title: "Start a new year" };

export default async function NewYearPage() {
  const actor = await requirePageActor("admin");
  const years = await listAcademicYears(await getDb(), actor);
  const latest = years[0];
  const suggested = latest ? shiftRangeByYears(latest, 1) : null;
  return (
    <>
      <p className="text-sm">
        <Link href="/admin/structure" className="text-blue-800 underline">School structure</Link>
      </p>
      <h1 className="mt-2 text-2xl font-semibold">Start a new year</h1>
      <p className="mt-1 max-w-2xl text-sm text-slate-700">
        Copies a year&apos;s terms (moved to the new dates), classes with their places and class teachers, and the subjects each
        class takes each term with their teachers. Students are not moved: promotions do that. Running it again for the same
        name creates nothing.
      </p>
      {!latest ? (
        <p className="mt-4">
          There is no year to copy yet. <Link href="/admin/structure/years" className="text-blue-800 underline">Add the first year</Link>.
        </p>
      ) : (
        <NewYearWizard
          years={years.map((y) => ({ value: y.id, label: y.isCurrent ? `${y.name} (current)` : y.name }))}
          initial={{
            sourceYearId: latest.id,
            name: suggestNextYearName(latest.name) ?? "",
            startsOn: suggested?.startsOn ?? "",
            endsOn: suggested?.endsOn ?? "",
          }}
        />
      )}
    </>
  );
}
