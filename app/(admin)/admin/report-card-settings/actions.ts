"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/auth/handlers";
import { saveReportCardSettings } from "@/lib/server/report-cards/save-report-card-settings";
import type { ReportCardSettingsInput } from "@/lib/validation/report-card-settings";

export async function saveReportCardSettingsAction(input: ReportCardSettingsInput) {
  return runAction("saveReportCardSettings", async ({ db, actor }) => {
    const view = await saveReportCardSettings(db, actor, input);
    revalidatePath("/admin/report-card-settings");
    return view;
  });
}
