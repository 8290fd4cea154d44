import Link from "next/link";
import { DocumentTypeForm } from "@/components/documents/document-type-form";
import { InlineAction } from "@/components/structure/inline-action";
import { requirePageActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { getDocumentUsage } from "@/lib/server/documents/get-document-usage";
import { listDocumentTypes } from "@/lib/server/documents/list-document-types";
import { listExpiredDocuments } from "@/lib/server/documents/list-expired-documents";
import { formatBytes } from "@/lib/domain/file-size";
import { documentFormatLabels } from "@/lib/validation/documents";
import { deleteDocumentTypeAction, deleteExpiredDocumentsAction } from "./actions";

export const metadata = { title: "Documents" };

const statusWords = { graduated: "Graduated", withdrawn: "Withdrew", transferred: "Transferred" } as const;
const day = (date: string) => new Date(`${date}T00:00:00Z`).toLocaleDateString("en-GB", { dateStyle: "medium", timeZone: "UTC" });
const thClass = "px-3 py-2";

export default async function AdminDocumentsPage({ searchParams }: { searchParams: Promise<{ edit?: string | string[] }> }) {
  const actor = await requirePageActor("admin");
  const db = await getDb();
  const { edit } = await searchParams;
  const [types, usage, expired] = await Promise.all([listDocumentTypes(db, actor), getDocumentUsage(db, actor), listExpiredDocuments(db, actor)]);
  const editing = types.find((type) => type.id === edit);
  const expiredIds = expired.students.map((s) => s.studentId);
  const expiredDocuments = expired.students.reduce((sum, s) => sum + s.documentCount, 0);

  return (
    <>
      <h1 className="text-2xl font-semibold">Documents</h1>
      <p className="mt-1 max-w-3xl text-slate-700">
        The kinds of document families and the office upload for each student, how much space they take, and the documents of students who
        left long enough ago to be deleted. Office staff verify uploads on <Link href="/documents" className="text-blue-800 underline">Documents to verify</Link>.
      </p>

      <section aria-labelledby="types" className="mt-6">
        <h2 id="types" className="text-lg font-semibold">Document types</h2>
        <div className="mt-2 grid gap-8 lg:grid-cols-[2fr_1fr]">
          <div className="overflow-x-auto">
            <table className="min-w-full divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm">
              <caption className="sr-only">Document types, with the formats and size they accept</caption>
              <thead className="bg-slate-100 text-left">
                <tr>
                  <th scope="col" className={thClass}>Name</th>
                  <th scope="col" className={thClass}>Formats</th>
                  <th scope="col" className={thClass}>Largest file</th>
                  <th scope="col" className={thClass}>At admission</th>
                  <th scope="col" className={thClass}>Documents</th>
                  <th scope="col" className={thClass}><span className="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {types.map((type) => (
                  <tr key={type.id} className={type.id === editing?.id ? "bg-blue-50" : undefined}>
                    <th scope="row" className="px-3 py-2 text-left font-medium">
                      {type.name}
                      {type.description ? <span className="block font-normal text-slate-600">{type.description}</span> : null}
                    </th>
                    <td className="px-3 py-2">{type.allowedMimeTypes.map((format) => documentFormatLabels[format] ?? format).join(", ")}</td>
                    <td className="px-3 py-2 tabular-nums">{formatBytes(type.maxBytes)}</td>
                    <td className="px-3 py-2">{type.requiredAtAdmission ? "Required" : "Optional"}</td>
                    <td className="px-3 py-2 tabular-nums">{type.documentCount}</td>
                    <td className="px-3 py-2">
                      <span className="flex flex-wrap items-center gap-2">
                        <Link href={`/admin/documents?edit=${type.id}`} className="text-blue-800 underline">
                          Edit<span className="sr-only"> {type.name}</span>
                        </Link>
                        {type.documentCount === 0 ? (
                          <InlineAction
                            action={deleteDocumentTypeAction.bind(null, { id: type.id })}
                            label="Delete"
                            pendingLabel="Deleting…"
                            confirm={`Delete “${type.name}”?`}
                            tone="danger"
                          />
                        ) : null}
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="mt-2 text-sm text-slate-700">A type with documents on record can&apos;t be deleted; rename it or make it optional instead.</p>
          </div>
          {editing ? (
            <section aria-labelledby="edit-type">
              <h3 id="edit-type" className="font-semibold">Edit {editing.name}</h3>
              <DocumentTypeForm key={editing.id} type={editing} />
            </section>
          ) : (
            <section aria-labelledby="new-type">
              <h3 id="new-type" className="font-semibold">Add a document type</h3>
              <DocumentTypeForm />
            </section>
          )}
        </div>
      </section>

      <section aria-labelledby="usage" className="mt-10">
        <h2 id="usage" className="text-lg font-semibold">Storage</h2>
        <p className="mt-1 text-slate-700">
          {usage.documentCount} document{usage.documentCount === 1 ? "" : "s"} of {usage.studentCount} student{usage.studentCount === 1 ? "" : "s"} take up{" "}
          <strong>{usage.totalBytes === 0 ? "nothing yet" : formatBytes(usage.totalBytes)}</strong>. Each student may use up to {formatBytes(usage.quotaBytes)} (DOCUMENT_QUOTA_MB).
        </p>
        {usage.topStudents.length > 0 ? (
          <div className="mt-2 overflow-x-auto">
            <table className="min-w-full divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm">
              <caption className="px-3 py-2 text-left font-medium">The {usage.topStudents.length} students using the most space</caption>
              <thead className="bg-slate-100 text-left">
                <tr>
                  <th scope="col" className={thClass}>Student</th>
                  <th scope="col" className={thClass}>Documents</th>
                  <th scope="col" className={thClass}>Used</th>
                  <th scope="col" className={thClass}>Of the quota</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {usage.topStudents.map((s) => (
                  <tr key={s.studentId}>
                    <th scope="row" className="px-3 py-2 text-left font-normal">
                      <Link href={`/students/${s.studentId}`} className="text-blue-800 underline">{s.name}</Link> <span className="text-slate-600">({s.admissionNumber})</span>
                    </th>
                    <td className="px-3 py-2 tabular-nums">{s.documentCount}</td>
                    <td className="px-3 py-2 tabular-nums">{formatBytes(s.usedBytes)}</td>
                    <td className="px-3 py-2 tabular-nums">{Math.round((s.usedBytes / usage.quotaBytes) * 100)}%</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>

      <section aria-labelledby="retention" className="mt-10">
        <h2 id="retention" className="text-lg font-semibold">Past retention</h2>
        <p className="mt-1 max-w-3xl text-slate-700">
          Documents are kept for {expired.retentionYears} years after a student graduates, withdraws or transfers (DOCUMENT_RETENTION_YEARS). These
          students left before that and still have documents on record.
        </p>
        {expired.students.length === 0 ? (
          <p className="mt-2 text-slate-700">No documents are past retention.</p>
        ) : (
          <>
            <div className="mt-2 overflow-x-auto">
              <table className="min-w-full divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm">
                <caption className="sr-only">Students past retention, with their documents</caption>
                <thead className="bg-slate-100 text-left">
                  <tr>
                    <th scope="col" className={thClass}>Student</th>
                    <th scope="col" className={thClass}>Left</th>
                    <th scope="col" className={thClass}>Documents</th>
                    <th scope="col" className={thClass}>Size</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {expired.students.map((s) => (
                    <tr key={s.studentId}>
                      <th scope="row" className="px-3 py-2 text-left font-normal">
                        {s.name} <span className="text-slate-600">({s.admissionNumber})</span>
                      </th>
                      <td className="px-3 py-2">{statusWords[s.status]} on {day(s.leftOn)}</td>
                      <td className="px-3 py-2 tabular-nums">{s.documentCount}</td>
                      <td className="px-3 py-2 tabular-nums">{formatBytes(s.totalBytes)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div className="mt-3">
              <InlineAction
                action={deleteExpiredDocumentsAction.bind(null, { studentIds: expiredIds })}
                label={`Delete these ${expiredDocuments} documents`}
                pendingLabel="Deleting…"
                confirm={`Delete the ${expiredDocuments} documents of these ${expired.students.length} students for good? This can't be undone.`}
                success="Deleted."
                tone="danger"
              />
            </div>
          </>
        )}
      </section>
    </>
  );
}
