import { requirePageActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { listImportRuns } from "@/lib/server/imports/list-import-runs";
import { importableKinds } from "@/lib/server/imports/shared";
import { type ImportKind, importFields, importKindLabels } from "@/lib/validation/imports";
import { ImportRunList } from "./import-runs";
import { ImportWizard } from "./import-wizard";

export const metadata = { title: "Import from a spreadsheet" };

export default async function ImportsPage() {
  const actor = await requirePageActor("admin");
  const kinds = importableKinds(actor);
  const runs = kinds.length > 0 ? await listImportRuns(await getDb(), actor) : [];
  return (
    <>
      <h1 className="text-2xl font-semibold">Import from a spreadsheet</h1>
      <p className="mt-2 max-w-3xl text-slate-700">
        Add or update many students (with their parents and guardians) or educators at once from a CSV file. Nothing is saved until you
        have checked the file and chosen <strong>Apply</strong>. Importing the same file again changes nothing; a changed cell updates
        only that detail. An empty cell never erases what is already stored. Once applied, the import runs on the server: you may
        leave the page, and Recent imports shows how it went.
      </p>
      <ImportWizard kinds={kinds} />
      <ImportRunList runs={runs} />
      <section aria-labelledby="columns-help" className="mt-10">
        <h2 id="columns-help" className="text-lg font-semibold">What each column may hold</h2>
        <p className="mt-1 max-w-3xl text-sm text-slate-700">
          Download the template for the kind of import: its first row names the columns and its second row is an example you can
          import as it is (delete it before importing your own rows). Save the file as <strong>CSV UTF-8</strong> (in Excel: Save as →
          &ldquo;CSV UTF-8 (Comma delimited)&rdquo;), at most 5 MB and 10,000 rows. Dates may be written <strong>YYYY-MM-DD</strong>{" "}
          (2014-03-21) or <strong>DD/MM/YYYY</strong> (21/03/2014, day first). Row numbers in messages are as in a spreadsheet: the
          header is row 1.
        </p>
        {kinds.map((kind) => (
          <AllowedValues key={kind} kind={kind} />
        ))}
      </section>
    </>
  );
}

function AllowedValues({ kind }: { kind: ImportKind }) {
  return (
    <div className="mt-4 overflow-x-auto">
      <table className="min-w-full divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm">
        <caption className="p-2 text-left font-medium text-slate-800">{importKindLabels[kind]}</caption>
        <thead className="bg-slate-100 text-left">
          <tr>
            <th scope="col" className="px-3 py-2">Column</th>
            <th scope="col" className="px-3 py-2">Required</th>
            <th scope="col" className="px-3 py-2">Allowed values</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {importFields[kind].map((field) => (
            <tr key={field.key}>
              <th scope="row" className="px-3 py-2 text-left font-medium">{field.label}</th>
              <td className="px-3 py-2">{field.required ? "Yes" : "No"}</td>
              <td className="px-3 py-2 text-slate-700">{field.allowed ?? "Text, up to 100 characters, without < or >"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {kind === "students" ? (
        <p className="mt-2 max-w-3xl text-sm text-slate-700">
          A guardian is recognised by email address, or by name and phone number when there is no email: a guardian already on
          record is linked to the student, not created again (their details are not changed). Each guardian needs an email address
          or a phone number. An import adds guardian links or changes their relationship and primary contact; it never removes
          a link. Students are enrolled in the named class of the current academic year; a different class moves them,
          keeping the old class in their history.
        </p>
      ) : (
        <p className="mt-2 max-w-3xl text-sm text-slate-700">
          Importing educators does not create sign-in accounts; invite them from the Users page.
        </p>
      )}
    </div>
  );
}
