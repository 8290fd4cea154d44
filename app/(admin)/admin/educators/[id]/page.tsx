import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db";
import { roleDefinitions } from "@/lib/auth/permissions";
import { requirePageActor } from "@/lib/auth/session";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { getEducator } from "@/lib/server/people/get-educator";
import { listDepartments } from "@/lib/server/school/departments";
import { educatorStatusLabels } from "@/lib/validation/people";
import { EducatorForm } from "../educator-form";
import { LinkAccountForm, StatusForm, UnlinkAccountButton } from "./account-forms";

export const metadata = { title: "Educator" };

export default async function EducatorPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePageActor("admin");
  const db = await getDb();
  const [educator, departments] = await Promise.all([
    getEducator(db, actor, { educatorId: (await params).id }).catch((error: unknown) => {
      if (error instanceof NotFoundError || error instanceof ValidationError) notFound();
      throw error;
    }),
    listDepartments(db, actor),
  ]);
  const term = educator.current?.termName ? `${educator.current.termName}, ${educator.current.academicYearName}` : null;

  return (
    <>
      <p className="text-sm">
        <Link href="/admin/educators" className="text-blue-700 underline">
          All educators
        </Link>
      </p>
      <h1 className="mt-2 text-2xl font-semibold">{educator.name}</h1>
      <dl className="mt-4 grid max-w-2xl grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="font-medium">Staff number</dt>
        <dd className="font-mono">{educator.staffNumber}</dd>
        <dt className="font-medium">Status</dt>
        <dd>{educatorStatusLabels[educator.status]}</dd>
        <dt className="font-medium">Department</dt>
        <dd>{educator.departmentName ?? "None"}</dd>
        {educator.heads.length > 0 ? (
          <>
            <dt className="font-medium">Heads</dt>
            <dd>{educator.heads.join(", ")}</dd>
          </>
        ) : null}
        <dt className="font-medium">Email</dt>
        <dd className="break-all">{educator.email ?? "—"}</dd>
        <dt className="font-medium">Phone</dt>
        <dd>{educator.phone ?? "—"}</dd>
        <dt className="font-medium">Sign-in account</dt>
        <dd>
          {educator.account ? (
            <>
              <Link href={`/admin/users/${educator.account.id}`} className="text-blue-700 underline">
                {educator.account.email}
              </Link>{" "}
              ({educator.account.roles.map((r) => roleDefinitions[r].name).join(", ") || "no roles"}, {educator.account.status})
            </>
          ) : (
            "Not linked"
          )}
        </dd>
      </dl>

      <div className="mt-8 grid gap-8 lg:grid-cols-2">
        <section aria-labelledby="teaching-heading">
          <h2 id="teaching-heading" className="text-lg font-semibold">
            Teaching {term ? `in the ${term}` : "this term"}
          </h2>
          {educator.teaching.length === 0 ? (
            <p className="mt-2 text-sm text-slate-700">{term ? "No subjects assigned this term." : "No current term is set."}</p>
          ) : (
            <div className="mt-2 overflow-x-auto">
              <table className="min-w-full divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm">
                <caption className="sr-only">Subjects {educator.name} teaches this term</caption>
                <thead className="bg-slate-100 text-left">
                  <tr>
                    <th scope="col" className="px-3 py-2">Class</th>
                    <th scope="col" className="px-3 py-2">Subject</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {educator.teaching.map((s) => (
                    <tr key={s.offeringId}>
                      <th scope="row" className="px-3 py-2 text-left font-medium">{s.className}</th>
                      <td className="px-3 py-2">
                        {s.subjectName} <span className="font-mono text-slate-600">({s.subjectCode})</span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <h3 className="mt-6 font-semibold">Class teacher this year</h3>
          <p className="mt-1 text-sm text-slate-700">
            {educator.formClasses.length === 0 ? "Not a class teacher this year." : educator.formClasses.map((c) => c.className).join(", ")}
          </p>
          <p className="mt-3 text-sm">
            Subjects, classes and class teachers are assigned in{" "}
            <Link href="/admin/structure" className="text-blue-700 underline">
              School structure
            </Link>
            .
          </p>
        </section>

        <section aria-labelledby="account-heading">
          <h2 id="account-heading" className="text-lg font-semibold">Sign-in account</h2>
          <p className="text-sm text-slate-700">
            The linked account sees this educator&apos;s classes and subjects under My teaching. One account can act for one educator.
          </p>
          <LinkAccountForm educatorId={educator.id} currentEmail={educator.account?.email ?? null} />
          {educator.account ? <UnlinkAccountButton educatorId={educator.id} email={educator.account.email} /> : null}
        </section>

        <section aria-labelledby="details-heading">
          <h2 id="details-heading" className="text-lg font-semibold">Details</h2>
          <EducatorForm
            educatorId={educator.id}
            departments={departments.map((d) => ({ id: d.id, name: d.name }))}
            initial={{
              staffNumber: educator.staffNumber,
              title: educator.title ?? "",
              firstName: educator.firstName,
              lastName: educator.lastName,
              email: educator.email ?? "",
              phone: educator.phone ?? "",
              departmentId: educator.departmentId ?? "",
            }}
          />
        </section>

        <section aria-labelledby="status-heading">
          <h2 id="status-heading" className="text-lg font-semibold">Status</h2>
          <p className="text-sm text-slate-700">
            Educators are never deleted, so past scores and classes keep their names. An inactive educator&apos;s account stops seeing their classes.
          </p>
          <StatusForm educatorId={educator.id} status={educator.status} />
        </section>
      </div>
    </>
  );
}
