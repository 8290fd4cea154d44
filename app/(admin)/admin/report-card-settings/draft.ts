// The settings form's draft travels in the URL, so the server renders the preview exactly as a
// card will be rendered; these turn it into search parameters and back.
import { type ReportCardView, resolveReportCardView } from "@/lib/domain/report-card";

export function viewToParams(view: ReportCardView): URLSearchParams {
  const params = new URLSearchParams({
    components: view.showComponents ? "1" : "0",
    positions: view.showPositions ? "1" : "0",
    statistics: view.showClassStatistics ? "1" : "0",
    colour: view.accentColour,
  });
  for (const s of view.signatures) params.append("sign", s.label);
  return params;
}

/**
 * The draft in the URL, or null when the page was opened without one (show what is saved). The logo
 * is not part of the draft (it is saved the moment it is uploaded), so the saved one comes along.
 */
export function viewFromParams(params: Record<string, string | string[] | undefined>, savedLogoKey: string | null): ReportCardView | null {
  if (params.colour === undefined) return null;
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const signs = params.sign === undefined ? [] : Array.isArray(params.sign) ? params.sign : [params.sign];
  return resolveReportCardView({
    showComponents: one(params.components) !== "0",
    showPositions: one(params.positions) !== "0",
    showClassStatistics: one(params.statistics) !== "0",
    accentColour: one(params.colour),
    signatures: signs.map((label) => ({ label: label.slice(0, 40) })),
    logoKey: savedLogoKey,
  });
}
