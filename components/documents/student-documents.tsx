// A student's documents section, for their parents and for the office: what the school still needs,
// what is on record and how its checking went, and the uploader for those who may add documents.
import type { Actor } from "@/lib/auth/policy";
import { getDb } from "@/lib/db";
import { type ChecklistItem, getStudentDocuments, type StudentDocument } from "@/lib/server/documents/get-student-documents";
import { formatBytes } from "@/lib/domain/file-size";
import { DocumentUploader } from "./document-uploader";

const when = (iso: string) => new Date(iso).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

const statusStyles: Record<string, string> = {
  missing: "border-slate-300 bg-slate-50 text-slate-800",
  received: "border-amber-300 bg-amber-50 text-amber-900",
  verified: "border-green-300 bg-green-50 text-green-900",
  rejected: "border-red-300 bg-red-50 text-red-900",
};

function Badge({ state, children }: { state: string; children: React.ReactNode }) {
  return <span className={`inline-block rounded border px-2 py-0.5 text-sm ${statusStyles[state] ?? statusStyles.missing}`}>{children}</span>;
}

function ChecklistState({ item }: { item: ChecklistItem }) {
  switch (item.state) {
    case "verified":
      return <Badge state="verified">Verified</Badge>;
    case "received":
      return <Badge state="received">Uploaded, waiting to be checked</Badge>;
    case "rejected":
      return <Badge state="rejected">Rejected{item.rejectionReason ? `: ${item.rejectionReason}` : ""} — upload a new copy</Badge>;
    default:
      return <Badge state="missing">{item.requiredAtAdmission ? "Still needed" : "Not uploaded"}</Badge>;
  }
}

function DocumentStatus({ document }: { document: StudentDocument }) {
  if (document.status === "verified") return <Badge state="verified">Verified</Badge>;
  if (document.status === "rejected") return <Badge state="rejected">Rejected{document.rejectionReason ? `: ${document.rejectionReason}` : ""}</Badge>;
  return <Badge state="received">Waiting to be checked</Badge>;
}

/**
 * Rendered inside a page that has already found the student for this actor; the documents are
 * scoped again in their own query. Parents and the office see the uploader; a student sees the list.
 */
export async function StudentDocumentsSection({ actor, studentId }: { actor: Actor; studentId: string }) {
  // The checklist names every document type with its formats and size limit: the uploader's choices.
  const { checklist, documents, usage, canUpload } = await getStudentDocuments(await getDb(), actor, { studentId });

  return (
    <section aria-labelledby="documents-heading" className="mt-8 max-w-3xl">
      <h2 id="documents-heading" className="text-lg font-semibold">
        Documents
      </h2>

      {checklist.length > 0 ? (
        <>
          <h3 id="checklist-heading" className="mt-3 font-semibold">
            What the school asks for
          </h3>
          <ul aria-labelledby="checklist-heading" className="mt-2 divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
            {checklist.map((item) => (
              <li key={item.documentTypeId} className="flex flex-wrap items-center justify-between gap-2 p-3">
                <span>
                  <span className="font-medium">{item.name}</span>
                  {item.requiredAtAdmission ? <span className="text-sm text-slate-700"> (required at admission)</span> : null}
                </span>
                <ChecklistState item={item} />
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <h3 id="on-record-heading" className="mt-6 font-semibold">
        On record
      </h3>
      <p className="mt-1 text-sm text-slate-700">
        Using {formatBytes(usage.usedBytes)} of {formatBytes(usage.quotaBytes)}.
      </p>
      {documents.length === 0 ? (
        <p className="mt-2 text-slate-700">No documents uploaded yet.</p>
      ) : (
        <div className="mt-2 overflow-x-auto" tabIndex={0} role="region" aria-labelledby="on-record-heading">
          <table className="min-w-full divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm">
            <caption className="sr-only">Documents on record, with how their checking went</caption>
            <thead className="bg-slate-100 text-left">
              <tr>
                <th scope="col" className="px-3 py-2">Document</th>
                <th scope="col" className="px-3 py-2">File</th>
                <th scope="col" className="px-3 py-2">Uploaded</th>
                <th scope="col" className="px-3 py-2">Status</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {documents.map((document) => (
                <tr key={document.id}>
                  <th scope="row" className="px-3 py-2 text-left font-medium">
                    {document.typeName}
                  </th>
                  <td className="px-3 py-2">
                    <a href={`/api/documents/${document.id}/file`} className="break-all text-blue-700 underline">
                      <span className="sr-only">Download </span>
                      {document.originalName}
                    </a>
                    <span className="block text-slate-700">{formatBytes(document.sizeBytes)}</span>
                  </td>
                  <td className="px-3 py-2">
                    {when(document.uploadedAt)} UTC
                    {document.uploadedBy ? <span className="block text-slate-700">by {document.uploadedBy}</span> : null}
                  </td>
                  <td className="px-3 py-2">
                    <DocumentStatus document={document} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {canUpload ? (
        <>
          <h3 className="mt-6 font-semibold">Upload documents</h3>
          <div className="mt-2">
            <DocumentUploader studentId={studentId} types={checklist.map(({ documentTypeId, name, allowedMimeTypes, maxBytes }) => ({ id: documentTypeId, name, allowedMimeTypes, maxBytes }))} />
          </div>
        </>
      ) : (
        <p className="mt-4 text-sm text-slate-700">A parent or the school office uploads documents.</p>
      )}
    </section>
  );
}
