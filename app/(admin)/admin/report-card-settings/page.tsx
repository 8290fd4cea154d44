import { ReportCard } from "@/components/report-card/report-card";
import { requirePageActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { getPreviewCard } from "@/lib/server/report-cards/get-preview-card";
import { getReportCardView } from "@/lib/server/report-cards/get-report-card-view";
import { viewFromParams } from "./draft";
import { LogoForm } from "./logo-form";
import { ReportCardSettingsForm } from "./settings-form";

export const metadata = { title: "Report card settings" };

export default async function ReportCardSettingsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageActor("admin");
  const db = await getDb();
  const [saved, preview] = await Promise.all([getReportCardView(db), getPreviewCard(db, actor)]);
  const draft = viewFromParams(await searchParams, saved.logoKey) ?? saved;
  return (
    <>
      <h1 className="text-2xl font-semibold">Report card settings</h1>
      <p className="mt-1 max-w-2xl text-sm text-slate-700">
        How every report card looks, on the web and in PDF. These settings change how cards are shown, never what they say: a
        published card&apos;s marks and its verification code stay the same.
      </p>
      <div className="mt-4 grid gap-6 lg:grid-cols-[20rem_1fr]">
        <div className="space-y-6">
          <ReportCardSettingsForm initial={saved} />
          <LogoForm logoKey={saved.logoKey} />
        </div>
        <section aria-labelledby="preview-heading">
          <h2 id="preview-heading" className="text-lg font-semibold">
            Preview{preview.sample ? " (a made-up student: nothing is published yet)" : ""}
          </h2>
          <div className="mt-2 rounded-lg border border-dashed border-slate-300 p-2">
            <ReportCard content={preview.content} view={draft} verification={preview.verification} />
          </div>
        </section>
      </div>
    </>
  );
}
