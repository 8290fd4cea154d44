"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/auth/handlers";
import { logoSizeProblem } from "@/lib/domain/report-card";
import { ValidationError } from "@/lib/errors";
import { removeReportCardLogo, saveReportCardLogo } from "@/lib/server/report-cards/save-report-card-logo";
import { saveReportCardSettings } from "@/lib/server/report-cards/save-report-card-settings";
import { getFileStore } from "@/lib/storage";
import type { ReportCardSettingsInput } from "@/lib/validation/report-card-settings";

export async function saveReportCardSettingsAction(input: ReportCardSettingsInput) {
  return runAction("saveReportCardSettings", async ({ db, actor }) => {
    const view = await saveReportCardSettings(db, actor, input);
    revalidatePath("/admin/report-card-settings");
    return view;
  });
}

/** The logo form posts the file as "logo". */
export async function saveReportCardLogoAction(formData: FormData) {
  return runAction("saveReportCardLogo", async ({ db, actor }) => {
    const file = formData instanceof FormData ? formData.get("logo") : null;
    if (!(file instanceof File)) throw new ValidationError("Choose the logo image to upload.", { logo: ["Choose the logo image to upload"] });
    // Refused by its declared size before a byte of it is read into memory.
    const sizeProblem = logoSizeProblem(file.size);
    if (sizeProblem) throw new ValidationError(sizeProblem, { logo: [sizeProblem] });
    const view = await saveReportCardLogo(db, actor, getFileStore(), { bytes: new Uint8Array(await file.arrayBuffer()) });
    revalidatePath("/admin/report-card-settings");
    return view;
  });
}

export async function removeReportCardLogoAction() {
  return runAction("removeReportCardLogo", async ({ db, actor }) => {
    const view = await removeReportCardLogo(db, actor, getFileStore());
    revalidatePath("/admin/report-card-settings");
    return view;
  });
}
