// One grade scale as its edit form needs it.
import "server-only";
import { sql } from "drizzle-orm";
import { assertCan, type Actor } from "@/lib/auth/policy";
import { type Queryable, selectRows } from "@/lib/db/client";
import type { RoundingMode } from "@/lib/domain/grading";
import { NotFoundError } from "@/lib/errors";
import { parseInput } from "@/lib/validation/common";
import { type SettingIdInput, settingIdSchema } from "@/lib/validation/gradebook-settings";
import { plain, SETTINGS_PERMISSION, SETTINGS_REFUSAL } from "./settings-shared";

export type GradeBandDetail = { letter: string; minScore: string; maxScore: string; points: string; remark: string };

export type GradeScaleDetail = {
  id: string;
  name: string;
  /** Null: the school-wide scale. */
  classLevelId: string | null;
  passMark: string;
  roundingMode: RoundingMode;
  roundingPlaces: 0 | 1 | 2;
  /** Highest band first. */
  bands: GradeBandDetail[];
};

type Row = Omit<GradeScaleDetail, "bands">;

export async function getGradeScale(db: Queryable, actor: Actor, input: SettingIdInput): Promise<GradeScaleDetail> {
  assertCan(actor, SETTINGS_PERMISSION, SETTINGS_REFUSAL);
  const { id } = parseInput(settingIdSchema, input);
  const [[scale], bands] = await Promise.all([
    selectRows<Row>(
      db,
      sql`select id, name, class_level_id as "classLevelId", pass_mark::text as "passMark", rounding_mode as "roundingMode",
                 rounding_places::int as "roundingPlaces"
          from grade_scales where id = ${id}`,
    ),
    selectRows<GradeBandDetail>(
      db,
      sql`select letter, min_score::text as "minScore", max_score::text as "maxScore", points::text as points, remark
          from grade_bands where scale_id = ${id} order by min_score desc`,
    ),
  ]);
  if (!scale) throw new NotFoundError("That grade scale no longer exists.");
  return {
    ...scale,
    passMark: plain(scale.passMark),
    bands: bands.map((band) => ({ ...band, minScore: plain(band.minScore), points: plain(band.points) })),
  };
}
