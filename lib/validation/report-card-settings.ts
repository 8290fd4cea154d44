// The report-card settings form: the same rules in the browser and in the data layer.
import { z } from "zod";
import { contrastAgainstWhite, MAX_SIGNATURES } from "@/lib/domain/report-card";
import { noMarkup } from "./common";

const hex = z
  .string()
  .trim()
  .regex(/^#([0-9a-fA-F]{6})$/, "Choose a colour like #1e3a8a")
  .refine((value) => contrastAgainstWhite(value.toLowerCase()) >= 4.5, "This colour is too light for white headings; choose a darker one");

export const reportCardSettingsInput = z.object({
  showComponents: z.boolean(),
  showPositions: z.boolean(),
  showClassStatistics: z.boolean(),
  accentColour: hex,
  signatures: z
    .array(
      z.object({
        label: z.string().trim().min(1, "Write what is signed here, or remove the line").max(40, "At most 40 characters").refine(noMarkup, "No < or >"),
      }),
    )
    .max(MAX_SIGNATURES, `At most ${MAX_SIGNATURES} signature lines fit on a page`),
});
export type ReportCardSettingsInput = z.input<typeof reportCardSettingsInput>;
