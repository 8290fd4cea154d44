import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { getGradeSheet } from "@/lib/server/gradebook/get-grade-sheet";
import { GRADE_IMPORT_MAX_BYTES, GRADE_IMPORT_MAX_ROWS } from "@/lib/server/gradebook/import-grade-sheet";
import { GradeImportForm } from "./grade-import-form";

export const metadata = { title: "Import scores" };

export default async function ImportScoresPage({ params }: { params: Promise<{ offeringId: string }> }) {
  const actor = await requirePageActor("admin", "teacher", "head_of_department");
  const { offeringId } = await params;
  const sheet = await getGradeSheet(await getDb(), actor, { offeringId }).catch((error: unknown) => {
    // A malformed id in the address is as missing as an offering the actor may not open.
    if (error instanceof NotFoundError || error instanceof ValidationError) notFound();
    throw error;
  });
  const { offering } = sheet;
  const gridHref = `/teacher/offerings/${offering.id}`;
  const maxMegabytes = GRADE_IMPORT_MAX_BYTES / 1024 / 1024;
  return (
    <>
      <p className="text-sm">
        <Link href={gridHref} className="text-blue-700 underline">
          Back to the scores
        </Link>
      </p>
      <h1 className="mt-1 text-2xl font-semibold">Import scores from a CSV file</h1>
      <p className="mt-1 text-slate-700">
        {offering.subjectName} · {offering.className} · {offering.termName}
      </p>
      {!sheet.editable ? (
        <p role="status" className="mt-4 rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          {sheet.readOnlyReason} Scores can&rsquo;t be imported while they are locked.
        </p>
      ) : (
        <>
          <section aria-labelledby="file-help" className="mt-4 max-w-3xl space-y-2 text-sm text-slate-700">
            <h2 id="file-help" className="text-base font-semibold text-slate-900">
              What the file should look like
            </h2>
            <p>
              Start from{" "}
              <a className="text-blue-700 underline" href={`/api/offerings/${offering.id}/scores.csv`}>
                the scores downloaded as CSV
              </a>
              : one row per student, matched by the <strong>Admission number</strong> column, and one column per assessment, headed by
              its code (in any case):
            </p>
            <ul className="ml-5 list-disc">
              {sheet.components.map((c) => (
                <li key={c.id}>
                  <strong>{c.code}</strong>: {c.name}, out of {c.maxScore}
                </li>
              ))}
            </ul>
            <p>
              In each cell type a number (at most 2 decimal places, up to the assessment&rsquo;s maximum), <strong>ABS</strong> for
              absent or <strong>EX</strong> for exempt.
            </p>
            <p>
              <strong>An empty cell leaves the stored score as it is</strong>: an import never clears a score. To clear one, empty the
              cell in the grid. A missing assessment column leaves all of its scores as they are.
            </p>
            <p>
              The Name, Total, Grade and Remark columns are not imported (totals and grades are worked out from the scores; a name that
              doesn&rsquo;t match the admission number is pointed out). Any other column is ignored, with a warning.
            </p>
            <p>
              Nothing is saved until you have checked the file and chosen <strong>Import</strong>. Imported scores are recorded in each
              score&rsquo;s history like scores typed in the grid, and importing the same file again changes nothing. Save the file as
              CSV UTF-8, at most {maxMegabytes} MB and {GRADE_IMPORT_MAX_ROWS.toLocaleString("en")} rows; row numbers in messages are as
              in a spreadsheet, where the header is row 1.
            </p>
          </section>
          <GradeImportForm offeringId={offering.id} gridHref={gridHref} maxBytes={GRADE_IMPORT_MAX_BYTES} maxRows={GRADE_IMPORT_MAX_ROWS} />
        </>
      )}
    </>
  );
}
