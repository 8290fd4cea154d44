import Link from "next/link";
import { notFound } from "next/navigation";
import { SchemeForm } from "@/components/gradebook-settings/scheme-form";
import { requirePageActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { getAssessmentScheme } from "@/lib/server/gradebook-settings/get-assessment-scheme";
import { listSettingChoices } from "@/lib/server/gradebook-settings/list-setting-choices";

export const metadata = { title: "Assessment scheme" };

export default async function SchemePage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePageActor("admin");
  const { id } = await params;
  const db = await getDb();
  const scheme = await getAssessmentScheme(db, actor, { id }).catch((error: unknown) => {
    // A mistyped or stale address: the page simply isn't there.
    if (error instanceof NotFoundError || error instanceof ValidationError) return null;
    throw error;
  });
  if (!scheme) notFound();
  const choices = await listSettingChoices(db, actor);
  return (
    <>
      <p className="text-sm">
        <Link href="/admin/gradebook" className="text-blue-800 underline">Gradebook settings</Link>
      </p>
      <h1 className="mt-2 text-2xl font-semibold">{scheme.name}</h1>
      <p className="mt-1 text-sm text-slate-700">Applies to {scheme.scope}.</p>
      <SchemeForm key={scheme.id} scheme={scheme} choices={choices} />
    </>
  );
}
