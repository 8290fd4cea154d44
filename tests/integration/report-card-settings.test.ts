// How report cards look: only administrators change it, bad colours and too many signature lines
// are refused on their field, every change is audited, and what is saved is what cards render with.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/policy";
import { auditLog } from "@/lib/db/schema";
import { DEFAULT_REPORT_CARD_VIEW } from "@/lib/domain/report-card";
import { ForbiddenError, ValidationError } from "@/lib/errors";
import { getPreviewCard } from "@/lib/server/report-cards/get-preview-card";
import { getReportCardView } from "@/lib/server/report-cards/get-report-card-view";
import { saveReportCardSettings } from "@/lib/server/report-cards/save-report-card-settings";
import { type TestDatabase, useTestDatabase } from "../support/database";

let t: TestDatabase;
let admin: Actor;

beforeAll(async () => {
  t = await useTestDatabase();
  admin = await t.actorFor(t.demo.adminUserId);
});

const settings = { showComponents: false, showPositions: false, showClassStatistics: true, accentColour: "#14532D", signatures: [{ label: "Head teacher" }] };

describe("report card settings", () => {
  it("shows the defaults until an administrator saves, then the saved settings, audited", async () => {
    expect(await getReportCardView(t.db)).toEqual(DEFAULT_REPORT_CARD_VIEW);
    const saved = await saveReportCardSettings(t.db, { ...admin, requestId: "req-card-settings" }, settings);
    expect(saved).toEqual({ ...settings, accentColour: "#14532d" });
    expect(await getReportCardView(t.db)).toEqual(saved);
    const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.requestId, "req-card-settings"));
    expect(audit).toMatchObject({ action: "report_cards.settings_changed", before: DEFAULT_REPORT_CARD_VIEW, after: saved });
  });

  it("refuses a colour too light for white headings, and a fifth signature line, each on its field", async () => {
    const light = await saveReportCardSettings(t.db, admin, { ...settings, accentColour: "#fde68a" }).catch((e: unknown) => e);
    expect(light).toBeInstanceOf(ValidationError);
    expect((light as ValidationError).fieldErrors.accentColour).toEqual(["This colour is too light for white headings; choose a darker one"]);
    const many = await saveReportCardSettings(t.db, admin, { ...settings, signatures: ["A", "B", "C", "D", "E"].map((label) => ({ label })) }).catch((e: unknown) => e);
    expect((many as ValidationError).fieldErrors.signatures).toEqual(["At most 4 signature lines fit on a page"]);
    const blank = await saveReportCardSettings(t.db, admin, { ...settings, signatures: [{ label: "  " }] }).catch((e: unknown) => e);
    expect((blank as ValidationError).fieldErrors["signatures.0.label"]).toEqual(["Write what is signed here, or remove the line"]);
  });

  it("is refused to teachers, office staff and parents, and previews a made-up card before anything is published", async () => {
    for (const userId of [t.demo.teacher.userId, t.demo.staffUserId, t.demo.parent.userId]) {
      const actor = await t.actorFor(userId);
      await expect(saveReportCardSettings(t.db, actor, settings)).rejects.toBeInstanceOf(ForbiddenError);
      await expect(getPreviewCard(t.db, actor)).rejects.toBeInstanceOf(ForbiddenError);
    }
    expect((await getPreviewCard(t.db, admin)).sample).toBe(true);
  });
});
