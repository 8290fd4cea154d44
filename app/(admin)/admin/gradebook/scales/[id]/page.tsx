import Link from "next/link";
import { notFound } from "next/navigation";
import { ScaleForm } from "@/components/gradebook-settings/scale-form";
import { requirePageActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { getGradeScale } from "@/lib/server/gradebook-settings/get-grade-scale";
import { listSettingChoices } from "@/lib/server/gradebook-settings/list-setting-choices";

export const metadata = { title: "Grade scale" };

export default async function ScalePage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePageActor("admin");
  const { id } = await params;
  const db = await getDb();
  const scale = await getGradeScale(db, actor, { id }).catch((error: unknown) => {
    // A mistyped or stale address: the page simply isn't there.
    if (error instanceof NotFoundError || error instanceof ValidationError) return null;
    throw error;
  });
  if (!scale) notFound();
  const { levels } = await listSettingChoices(db, actor);
  return (
    <>
      <p className="text-sm">
        <Link href="/admin/gradebook" className="text-blue-800 underline">Gradebook settings</Link>
      </p>
      <h1 className="mt-2 text-2xl font-semibold">{scale.name}</h1>
      <ScaleForm key={scale.id} scale={scale} levels={levels} />
    </>
  );
}
