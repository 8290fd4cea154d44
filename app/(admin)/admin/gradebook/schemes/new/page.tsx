import Link from "next/link";
import { SchemeForm } from "@/components/gradebook-settings/scheme-form";
import { requirePageActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { listSettingChoices } from "@/lib/server/gradebook-settings/list-setting-choices";

export const metadata = { title: "New assessment scheme" };

export default async function NewSchemePage() {
  const actor = await requirePageActor("admin");
  const choices = await listSettingChoices(await getDb(), actor);
  return (
    <>
      <p className="text-sm">
        <Link href="/admin/gradebook" className="text-blue-800 underline">Gradebook settings</Link>
      </p>
      <h1 className="mt-2 text-2xl font-semibold">New assessment scheme</h1>
      <SchemeForm choices={choices} />
    </>
  );
}
