import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { getDb } from "@/lib/db";
import { can, homePathFor } from "@/lib/auth/policy";
import { requirePageActor } from "@/lib/auth/session";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { getGuardian } from "@/lib/server/people/get-guardian";
import { relationshipLabels } from "@/lib/validation/people";
import { GuardianForm } from "../guardian-form";
import { LinkChildForm, MakePrimaryContactButton, RelationshipForm, UnlinkChildButton } from "./children-forms";

export const metadata = { title: "Guardian" };

export default async function GuardianPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePageActor("admin", "staff");
  if (!can(actor, "guardians.manage")) redirect(homePathFor(actor));
  const guardian = await getGuardian(await getDb(), actor, { guardianId: (await params).id }).catch((error: unknown) => {
    if (error instanceof NotFoundError || error instanceof ValidationError) notFound();
    throw error;
  });

  return (
    <>
      <p className="text-sm">
        <Link href="/guardians" className="text-blue-700 underline">
          All guardians
        </Link>
      </p>
      <h1 className="mt-2 text-2xl font-semibold">{guardian.name}</h1>
      <dl className="mt-4 grid max-w-2xl grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="font-medium">Phone</dt>
        <dd>{guardian.phone ?? "—"}</dd>
        <dt className="font-medium">Email</dt>
        <dd className="break-all">{guardian.email ?? "—"}</dd>
        <dt className="font-medium">Address</dt>
        <dd>{guardian.address ?? "—"}</dd>
        <dt className="font-medium">Occupation</dt>
        <dd>{guardian.occupation ?? "—"}</dd>
        <dt className="font-medium">Parent account</dt>
        <dd className="break-all">
          {guardian.account ? `${guardian.account.email} (${guardian.account.status})` : "None. Issue a link code from a child's page to let them sign up."}
        </dd>
      </dl>

      <section aria-labelledby="children-heading" className="mt-8">
        <h2 id="children-heading" className="text-lg font-semibold">Children</h2>
        {guardian.children.length === 0 ? (
          <p className="mt-2 text-sm text-slate-700">No children are linked yet.</p>
        ) : (
          <ul className="mt-3 space-y-4">
            {guardian.children.map((child) => (
              <li key={child.studentId} className="rounded-lg border border-slate-200 bg-white p-4">
                <h3 className="font-semibold">
                  <Link href={`/students/${child.studentId}`} className="text-blue-700 underline">
                    {child.name}
                  </Link>
                </h3>
                <p className="text-sm text-slate-700">
                  <span className="font-mono">{child.admissionNumber}</span> · {child.className ?? "No class this year"} · {relationshipLabels[child.relationship]}
                  {child.status !== "active" ? ` · ${child.status}` : ""}
                </p>
                <p className="mt-1 text-sm">
                  {child.isPrimaryContact ? (
                    <strong>Primary contact for {child.name}</strong>
                  ) : (
                    `Primary contact: ${child.primaryContactName ?? "nobody yet"}`
                  )}
                </p>
                <div className="mt-3 grid gap-3 md:grid-cols-2">
                  <RelationshipForm guardianId={guardian.id} studentId={child.studentId} childName={child.name} relationship={child.relationship} />
                  <div className="space-y-2">
                    {child.isPrimaryContact ? null : <MakePrimaryContactButton guardianId={guardian.id} studentId={child.studentId} childName={child.name} />}
                    <UnlinkChildButton guardianId={guardian.id} studentId={child.studentId} childName={child.name} />
                  </div>
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>

      <div className="mt-8 grid gap-8 lg:grid-cols-2">
        <section aria-labelledby="link-heading">
          <h2 id="link-heading" className="text-lg font-semibold">Link a child</h2>
          <p className="text-sm text-slate-700">A child can have several guardians, and a guardian several children.</p>
          <LinkChildForm guardianId={guardian.id} />
        </section>
        <section aria-labelledby="details-heading">
          <h2 id="details-heading" className="text-lg font-semibold">Details</h2>
          <GuardianForm
            guardianId={guardian.id}
            initial={{
              title: guardian.title ?? "",
              firstName: guardian.firstName,
              lastName: guardian.lastName,
              email: guardian.email ?? "",
              phone: guardian.phone ?? "",
              address: guardian.address ?? "",
              occupation: guardian.occupation ?? "",
            }}
          />
        </section>
      </div>
    </>
  );
}
