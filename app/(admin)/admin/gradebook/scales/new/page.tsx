import Link from "next/link";
import { ScaleForm } from "@/components/gradebook-settings/scale-form";
import { requirePageActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { listSettingChoices } from "@/lib/server/gradebook-settings/list-setting-choices";

export const metadata = { title: "New grade scale" };

export default async function NewScalePage() {
  const actor = await requirePageActor("admin");
  const { levels } = await listSettingChoices(await getDb(), actor);
  return (
    <>
      <p className="text-sm">
        <Link href="/admin/gradebook" className="text-blue-800 underline">Gradebook settings</Link>
      </p>
      <h1 className="mt-2 text-2xl font-semibold">New grade scale</h1>
      <ScaleForm levels={levels} />
    </>
  );
}
